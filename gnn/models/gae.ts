/**
 * `gae`: the plain graph autoencoder of PyG examples/autoencoder.py (Kipf & Welling 2016) —
 * encoder GCNConv(F→32) → ReLU → GCNConv(32→16); the inner-product decoder σ(z_i·z_j) and the loss
 * live in the link task (gnn/train/tasks/link.ts), so the model's output is the node embeddings.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ForwardCtx } from '../types';
import { assembleModel, gcnConv, gcnConvParams } from './inputs';
import { ParamBuilder } from './layers';
import { ModelInputError, type DataInfo, type ModelConfig, type ModelDef, type ModelInput } from './model-def';
import { modelRegistry } from './registry';

/** Defaults of PyG examples/autoencoder.py. */
const DEFAULTS = { hidden: 32, out: 16 };

function build(info: DataInfo, cfg: ModelConfig, seed: number) {
  const hidden = Number(cfg.hidden ?? DEFAULTS.hidden);
  const out = Number(cfg.out ?? DEFAULTS.out);
  const pb = new ParamBuilder(seed);
  const conv1 = gcnConvParams(pb, 'conv1', info.numFeatures, hidden);
  const conv2 = gcnConvParams(pb, 'conv2', hidden, out);
  const forward = (input: ModelInput, ctx: ForwardCtx): tf.Tensor2D => {
    if (input.kind !== 'nodes') throw new ModelInputError('gae', 'nodes');
    return tf.tidy(() => gcnConv(ctx, conv2, tf.relu(gcnConv(ctx, conv1, input.x, input.edges)), input.edges));
  };
  return assembleModel('gae', pb, { hidden, out }, forward);
}

export const gaeModel: ModelDef = modelRegistry.register('gae', {
  name: 'gae',
  tasks: ['link'],
  description: 'graph autoencoder: GCN(F→32) → ReLU → GCN(32→16), inner-product decoder',
  build,
});
