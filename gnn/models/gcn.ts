/**
 * `gcn`: the plain two-layer GCN of Kipf & Welling (PyG examples/gcn.py) as a reference point —
 * dropout → GCNConv(F→hidden) → ReLU → dropout → GCNConv(hidden→C). On graph tasks the node logits
 * are mean-pooled per graph (same parameters, no extra head), which makes it a cheap baseline there too.
 */
import * as tf from '@tensorflow/tfjs-core';
import { globalPool } from '../engine';
import type { ForwardCtx } from '../types';
import { assembleModel, featureDropout, gcnConv, gcnConvParams } from './inputs';
import { ParamBuilder } from './layers';
import type { DataInfo, ModelConfig, ModelDef, ModelInput } from './model-def';
import { modelRegistry } from './registry';

/** Defaults of PyG examples/gcn.py. */
const DEFAULTS = { hidden: 16, dropout: 0.5 };

function build(info: DataInfo, cfg: ModelConfig, seed: number) {
  const hidden = Number(cfg.hidden ?? DEFAULTS.hidden);
  const rate = Number(cfg.dropout ?? DEFAULTS.dropout);
  const pb = new ParamBuilder(seed);
  const conv1 = gcnConvParams(pb, 'conv1', info.numFeatures, hidden);
  const conv2 = gcnConvParams(pb, 'conv2', hidden, info.numClasses);
  const drop = pb.dropout();
  const forward = (input: ModelInput, ctx: ForwardCtx): tf.Tensor2D =>
    tf.tidy(() => {
      const x = featureDropout(ctx, drop, input.x, rate);
      let h = tf.relu(gcnConv(ctx, conv1, x, input.edges));
      h = drop.apply(ctx, h, rate);
      const out = gcnConv(ctx, conv2, h, input.edges);
      if (input.kind === 'nodes') return out;
      return globalPool(out, input.batch.graphIndex, input.batch.numGraphs, 'mean');
    });
  return assembleModel('gcn', pb, { hidden, dropout: rate }, forward);
}

export const gcnModel: ModelDef = modelRegistry.register('gcn', {
  name: 'gcn',
  tasks: ['node', 'graph'],
  description: 'two-layer GCN (hidden 16, dropout 0.5), reference point',
  build,
});
