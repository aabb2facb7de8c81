/**
 * `gin`: GIN ×5 in the Degree-Quant layout (METHODS.md "GIN and GNNNet"): each layer
 * h' = MLP((1+ε)·h + Σ_{u→v} h_u), MLP = Linear→ReLU→Linear→ReLU→BatchNorm, ε trainable; mean (or
 * sum) readout; head Linear(64→64)→ReLU→dropout 0.5→Linear→log-softmax. Names follow nn.Sequential
 * positions: `gnn_layers.0.mlp.0.weight`, `gnn_layers.0.mlp.4.running_mean`, `gnn_layers.0.eps`, `lin1`, `lin2`.
 * Message passing calls ctx.hooks.nodes('gnn_layers.i', 'message' | 'aggregate', …) so Degree-Quant
 * and A²Q act per node. Parameter count: 64·F + 42,439 with F the input width; the paper's 43,271
 * corresponds to F = 13 with this layout. PROTEINS: F = 4 (1 continuous attribute + 3 node labels,
 * 42,695 parameters), or F = 3 with `nodeAttributes: false` (the labels only, 42,631; the preset).
 */
import * as tf from '@tensorflow/tfjs-core';
import { globalPool, propagate } from '../engine';
import type { ForwardCtx, GraphBatchInfo } from '../types';
import { atomEncoderParams, atomEncodingOf, encodeAtoms, encodedWidth } from './atoms';
import { assembleModel } from './inputs';
import { applyLinear, batchNorm, ParamBuilder, type BatchNormParams, type LinearParams } from './layers';
import type { DataInfo, ModelConfig, ModelDef, ModelInput } from './model-def';
import { modelRegistry } from './registry';

const DEFAULTS = {
  layers: 5,
  hidden: 64,
  dropout: 0.5,
  readout: 'mean',
  atomEncoding: 'onehot',
  embedDim: 64,
  nodeAttributes: true,
};

interface GinLayer {
  name: string;
  eps: tf.Variable;
  lin0: LinearParams;
  lin2: LinearParams;
  bn: BatchNormParams;
}

function ginLayer(pb: ParamBuilder, name: string, inDim: number, hidden: number): GinLayer {
  return {
    name,
    eps: pb.zeros(`${name}.eps`, [1]),
    lin0: pb.linear(`${name}.mlp.0`, inDim, hidden, { init: 'torch' }),
    lin2: pb.linear(`${name}.mlp.2`, hidden, hidden, { init: 'torch' }),
    bn: pb.batchNorm(`${name}.mlp.4`, hidden),
  };
}

function nodesHook(
  ctx: ForwardCtx,
  name: string,
  stage: 'message' | 'aggregate',
  h: tf.Tensor2D,
  info: GraphBatchInfo,
): tf.Tensor2D {
  return ctx.hooks?.nodes ? ctx.hooks.nodes(name, stage, h, info) : h;
}

function ginConv(ctx: ForwardCtx, l: GinLayer, h: tf.Tensor2D, input: ModelInput): tf.Tensor2D {
  const msg = nodesHook(ctx, l.name, 'message', h, input.info);
  const agg = nodesHook(ctx, l.name, 'aggregate', propagate(msg, input.edges), input.info);
  const z = tf.add(tf.mul(h, tf.add(l.eps, 1)), agg) as tf.Tensor2D;
  const a = tf.relu(applyLinear(ctx, l.lin0, z));
  const b = tf.relu(applyLinear(ctx, l.lin2, a));
  return batchNorm(ctx, l.bn, b);
}

function build(info: DataInfo, cfg: ModelConfig, seed: number) {
  const c = { ...DEFAULTS, ...cfg };
  const hidden = Number(c.hidden);
  const enc = atomEncodingOf(c.atomEncoding, 'onehot');
  const pb = new ParamBuilder(seed);
  const encoder = atomEncoderParams(pb, info, enc, Number(c.embedDim));
  const layers: GinLayer[] = [];
  // nodeAttributes false: only the one-hot node labels (PyG's TUDataset default, the GIN benchmark's input)
  const nodeAttributes = String(c.nodeAttributes) !== 'false';
  const dropped = nodeAttributes ? 0 : (info.numAttributes ?? 0);
  let width = encodedWidth(info, enc, Number(c.embedDim)) - dropped;
  for (let i = 0; i < Number(c.layers); i++, width = hidden)
    layers.push(ginLayer(pb, `gnn_layers.${i}`, width, hidden));
  const lin1 = pb.linear('lin1', hidden, hidden, { init: 'torch' });
  const lin2 = pb.linear('lin2', hidden, info.numClasses, { init: 'torch' });
  const drop = pb.dropout();
  const readout = String(c.readout) === 'sum' ? 'sum' : 'mean';
  const forward = (input: ModelInput, ctx: ForwardCtx): tf.Tensor2D =>
    tf.tidy(() => {
      let h = encodeAtoms(ctx, input, info, enc, encoder);
      if (dropped > 0) h = tf.slice(h, [0, dropped], [-1, h.shape[1] - dropped]);
      for (const l of layers) h = ginConv(ctx, l, h, input);
      const g = input.kind === 'graphs' ? globalPool(h, input.batch.graphIndex, input.batch.numGraphs, readout) : h;
      const z = drop.apply(ctx, tf.relu(applyLinear(ctx, lin1, g)), Number(c.dropout));
      return tf.logSoftmax(applyLinear(ctx, lin2, z));
    });
  const config = {
    layers: layers.length,
    hidden,
    dropout: Number(c.dropout),
    readout,
    atomEncoding: enc,
    embedDim: Number(c.embedDim),
    nodeAttributes,
  };
  return assembleModel('gin', pb, config, forward);
}

export const ginModel: ModelDef = modelRegistry.register('gin', {
  name: 'gin',
  tasks: ['graph'],
  paperParams: 43271,
  description: 'GIN ×5, hidden 64, BatchNorm, trainable ε, mean readout, 2-layer head — the paper’s quantization model',
  build,
});
