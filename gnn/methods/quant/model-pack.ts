/**
 * Turns a trained model plus its quantisers into the packed file's entries: each quantised layer's
 * weight by its frozen codec, every other parameter and buffer as FP32.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { GnnModel } from '../../types';
import { effectiveBits } from './a2q-quantizer';
import type { A2qHooks } from './a2q-hooks';
import type { IntHooks } from './int-hooks';
import { packModel, type Packed, type PackTensor, type WeightCodec } from './pack';

/** the model parameter a hook saw as layer `layer`'s weight: `<layer>.weight`, else the same variable */
function weightParamName(model: GnnModel, layer: string, weight: tf.Tensor): string | undefined {
  if (model.params.has(`${layer}.weight`)) return `${layer}.weight`;
  for (const [name, v] of model.params) if (v.dataId === weight.dataId) return name;
  return undefined;
}

function tensorsOf(model: GnnModel, codecs: Map<string, WeightCodec>): PackTensor[] {
  const out: PackTensor[] = [];
  for (const [name, v] of [...model.params, ...model.buffers]) {
    const codec = codecs.get(name);
    out.push({ name, shape: v.shape, values: v.dataSync() as Float32Array, ...(codec !== undefined ? { codec } : {}) });
  }
  return out;
}

/** QAT / Degree-Quant: per-tensor affine weights plus every activation site's scale and zero-point. */
export function packIntModel(model: GnnModel, hooks: IntHooks): Packed {
  const codecs = new Map<string, WeightCodec>();
  for (const [layer, rec] of hooks.linears) {
    const name = weightParamName(model, layer, rec.weight);
    if (name !== undefined && rec.params !== null) codecs.set(name, { kind: 'affine', params: rec.params });
  }
  const activations = [...hooks.quantizers]
    .filter(([key]) => !key.endsWith('.weight'))
    .flatMap(([key, q]) => {
      const params = q.params();
      return params === null ? [] : [{ name: `act:${key}`, params }];
    });
  return packModel({ tensors: tensorsOf(model, codecs), activations });
}

/** A²Q: per-column weights at their learned widths, and each feature pool's (s, b) pairs. */
export function packA2qModel(model: GnnModel, hooks: A2qHooks): Packed {
  const codecs = new Map<string, WeightCodec>();
  for (const [key, site] of hooks.weights) {
    const name = weightParamName(model, key.replace(/\.weight$/, ''), site.weight);
    if (name === undefined || site.weight.shape.length !== 2) continue;
    const bits = Array.from(site.b.dataSync(), effectiveBits);
    const scales = Array.from(site.s.dataSync(), Math.abs);
    codecs.set(name, { kind: 'columns', bits, scales });
  }
  const pools = [...hooks.features].map(([key, f]) => ({
    name: `pool:${key}`,
    bits: Array.from(f.b.dataSync(), effectiveBits),
    scales: Array.from(f.s.dataSync(), Math.abs),
  }));
  return packModel({ tensors: tensorsOf(model, codecs), pools });
}
