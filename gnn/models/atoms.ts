/**
 * Input encodings of categorical atom features (BBBP: 9 OGB indices per atom). `raw` feeds the
 * indices as floats (what F = 9 in the paper's GNNNet suggests); `onehot` concatenates one one-hot
 * block per feature (Σ dims = 174 columns); `embed` is OGB's AtomEncoder — the sum of one learned
 * embedding per feature — computed as onehot · W through the hookable `linear`, so pruning and
 * quantization see it like any other layer.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InvalidInputError } from '../../core/errors';
import type { ForwardCtx } from '../types';
import { derived } from './graph-cache';
import { applyLinear, type LinearParams, type ParamBuilder } from './layers';
import type { DataInfo, ModelInput } from './model-def';

export type AtomEncoding = 'raw' | 'onehot' | 'embed';

export function atomEncodingOf(v: unknown, fallback: AtomEncoding): AtomEncoding {
  const s = v === undefined ? fallback : String(v);
  if (s !== 'raw' && s !== 'onehot' && s !== 'embed')
    throw new InvalidInputError(`atomEncoding '${s}': choose raw, onehot or embed`, 'model.atomEncoding');
  return s;
}

/** One-hot blocks of a batch's categorical features, built once per batch (indices clamped into range). */
function oneHot(input: ModelInput, dims: number[]): tf.Tensor2D {
  return derived(
    input.edges,
    'atom-onehot',
    () => {
      if (input.kind !== 'graphs')
        throw new InvalidInputError('categorical atom features need graph input', 'model.atomEncoding');
      const { x, numNodes, numFeatures } = input.batch;
      const width = dims.reduce((a, b) => a + b, 0);
      const out = new Float32Array(numNodes * width);
      for (let n = 0; n < numNodes; n++) {
        let off = 0;
        for (let k = 0; k < dims.length; k++) {
          const v = Math.min(Math.max(Math.round(x[n * numFeatures + k]), 0), dims[k] - 1);
          out[n * width + off + v] = 1;
          off += dims[k];
        }
      }
      return tf.keep(tf.tensor2d(out, [numNodes, width]));
    },
    (t) => t.dispose(),
  );
}

/** Width of the encoded features. @param embedDim width of `embed` */
export function encodedWidth(info: DataInfo, enc: AtomEncoding, embedDim: number): number {
  if (!info.atomFeatureDims || enc === 'raw') return info.numFeatures;
  return enc === 'onehot' ? info.atomFeatureDims.reduce((a, b) => a + b, 0) : embedDim;
}

/** Builds the encoder's parameters (`atom_encoder`, only for `embed`). */
export function atomEncoderParams(
  pb: ParamBuilder,
  info: DataInfo,
  enc: AtomEncoding,
  embedDim: number,
): LinearParams | null {
  if (!info.atomFeatureDims || enc !== 'embed') return null;
  return pb.linear(
    'atom_encoder',
    info.atomFeatureDims.reduce((a, b) => a + b, 0),
    embedDim,
    { init: 'glorot', bias: false },
  );
}

/** The encoded node features of a graph batch. */
export function encodeAtoms(
  ctx: ForwardCtx,
  input: ModelInput,
  info: DataInfo,
  enc: AtomEncoding,
  p: LinearParams | null,
): tf.Tensor2D {
  if (input.x instanceof tf.Tensor === false) throw new InvalidInputError('graph models need dense node features', 'x');
  const x = input.x as tf.Tensor2D;
  if (!info.atomFeatureDims || enc === 'raw') return x;
  const oh = oneHot(input, info.atomFeatureDims);
  return enc === 'onehot' ? oh : applyLinear(ctx, p as LinearParams, oh);
}
