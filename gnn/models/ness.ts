/**
 * `ness`: the encoder NESS (Ucar 2023, AstraZeneca/NESS, config cora.yaml) trains — GNAE:
 * Linear(F→32) → row-wise L2 normalisation × 1.8 → one propagation with D̂^{-½}(A+I)D̂^{-½}
 * (APPNP with K=1, α=0). The normalisation keeps embedding norms equal, so the inner-product decoder
 * scores angles. NESS's static subgraphs, edge dropout and the averaging of subgraph embeddings at test
 * time belong to the training procedure and live in the link task (config `subgraphs`, `edgeDropout`).
 * Parameters: 1433·32 + 32 = 45,888 on Cora, the paper's count.
 */
import * as tf from '@tensorflow/tfjs-core';
import { propagate } from '../engine';
import type { ForwardCtx } from '../types';
import { assembleModel, gcnEdges, inputLinear } from './inputs';
import { ParamBuilder } from './layers';
import { ModelInputError, type DataInfo, type ModelConfig, type ModelDef, type ModelInput } from './model-def';
import { modelRegistry } from './registry';

/** Defaults of NESS's config/cora.yaml (z_dim 32) and the GNAE scaling factor. */
const DEFAULTS = { hidden: 32, scale: 1.8 };

/** x / max(‖x‖₂, 1e-12) per row, as torch.nn.functional.normalize. */
export function rowL2Normalize(x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.div(x, tf.maximum(tf.sqrt(tf.sum(tf.square(x), 1, true)), 1e-12)) as tf.Tensor2D);
}

function build(info: DataInfo, cfg: ModelConfig, seed: number) {
  const hidden = Number(cfg.hidden ?? DEFAULTS.hidden);
  const scale = Number(cfg.scale ?? DEFAULTS.scale);
  const pb = new ParamBuilder(seed);
  // nn.Linear's initialisation, as the reference's GNAEEncoder.linear1
  const lin = pb.linear('linear1', info.numFeatures, hidden, { init: 'torch' });
  const forward = (input: ModelInput, ctx: ForwardCtx): tf.Tensor2D => {
    if (input.kind !== 'nodes') throw new ModelInputError('ness', 'nodes');
    return tf.tidy(() => {
      const h = tf.mul(rowL2Normalize(inputLinear(ctx, lin.name, input.x, lin.w, lin.b)), scale) as tf.Tensor2D;
      return propagate(h, gcnEdges(input.edges));
    });
  };
  return assembleModel('ness', pb, { hidden, scale }, forward);
}

export const nessModel: ModelDef = modelRegistry.register('ness', {
  name: 'ness',
  tasks: ['link'],
  paperParams: 45888,
  description: 'NESS (GNAE encoder: Linear(F→32), L2-normalise ×1.8, one GCN propagation) over static subgraphs',
  build,
});
