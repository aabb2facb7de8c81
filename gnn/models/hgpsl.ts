/**
 * `hgpsl`: Hierarchical Graph Pooling with Structure Learning (Zhang et al. 2019) as the paper runs it on
 * PROTEINS — ReLU(GCNConv1) → HGPSLPool1 → r1; ReLU(GCN2 on the learned graph) → HGPSLPool2 → r2;
 * ReLU(GCN3) → HGPSLPool3 → r3, where pool 3 only selects nodes (its learned graph would feed nothing);
 * readout r = [max‖mean] per graph; h = ReLU(r1) + ReLU(r2) + ReLU(r3);
 * MLP 2·128 → 128 → 64 → C with ReLU and dropout. Defaults from the reference main.py
 * (nhid 128, pooling ratio 0.5, dropout 0.5, λ 1, sparse attention, sampled neighbourhoods).
 * Candidate pairs lie within `hops` hops: 3 by default (METHODS.md's number); the reference's two
 * TwoHopNeighborhood passes (A ∪ A², twice) reach 4, which the `default` preset uses. The attention
 * vectors `pool<k>.att` are not linear layers: they are neither prunable nor quantized.
 */
import * as tf from '@tensorflow/tfjs-core';
import { globalPool, propagate, type PreparedEdges } from '../engine';
import type { ForwardCtx } from '../types';
import { hgpslPool, hgpslSelect, weightedGcn, type PoolOptions, type Stage } from './hgpsl/pool';
import { assembleModel, gcnConvParams, gcnEdges, type GcnConvParams } from './inputs';
import { applyLinear, linear, ParamBuilder } from './layers';
import { ModelInputError, type DataInfo, type ModelConfig, type ModelDef, type ModelInput } from './model-def';
import { modelRegistry } from './registry';

const DEFAULTS = { hidden: 128, ratio: 0.5, dropout: 0.5, lambda: 1, hops: 3 };

/** The reference's custom GCN layer naming: `<name>.weight` [in, out] (linear '<name>'), `<name>.bias`. */
function learnedGcnParams(pb: ParamBuilder, name: string, dim: number): GcnConvParams {
  const p = pb.linear(name, dim, dim, { bias: false });
  return { lin: p.name, w: p.w, b: pb.zeros(`${name}.bias`, [dim]) as tf.Variable<tf.Rank.R1> };
}

/**
 * GCNConv1 as Â·X·W + b with the propagation first: (ÂX)W = Â(XW), and X has 4 columns where XW has
 * 128, so this moves 32× fewer numbers along the edges. The hooked linear therefore sees ÂX as its input.
 */
function firstConv(ctx: ForwardCtx, p: GcnConvParams, x: tf.Tensor2D, edges: PreparedEdges): tf.Tensor2D {
  return tf.add(linear(ctx, p.lin, propagate(x, gcnEdges(edges)), p.w, null), p.b);
}

/** [max ‖ mean] of each graph's node rows. */
function readout(x: tf.Tensor2D, stage: Pick<Stage, 'graphIndex' | 'numGraphs'>): tf.Tensor2D {
  return tf.concat(
    [globalPool(x, stage.graphIndex, stage.numGraphs, 'max'), globalPool(x, stage.graphIndex, stage.numGraphs, 'mean')],
    1,
  );
}

function build(info: DataInfo, cfg: ModelConfig, seed: number) {
  const hidden = Number(cfg.hidden ?? DEFAULTS.hidden);
  const rate = Number(cfg.dropout ?? DEFAULTS.dropout);
  const pool: PoolOptions = {
    ratio: Number(cfg.ratio ?? DEFAULTS.ratio),
    hops: Number(cfg.hops ?? DEFAULTS.hops),
    lambda: Number(cfg.lambda ?? DEFAULTS.lambda),
    slope: 0.2,
  };
  const pb = new ParamBuilder(seed);
  const conv1 = gcnConvParams(pb, 'conv1', info.numFeatures, hidden);
  const conv2 = learnedGcnParams(pb, 'conv2', hidden);
  const conv3 = learnedGcnParams(pb, 'conv3', hidden);
  const att1 = pb.glorot('pool1.att', [2 * hidden, 1]) as tf.Variable<tf.Rank.R2>;
  const att2 = pb.glorot('pool2.att', [2 * hidden, 1]) as tf.Variable<tf.Rank.R2>;
  const lin1 = pb.linear('lin1', 2 * hidden, hidden, { init: 'torch' });
  const lin2 = pb.linear('lin2', hidden, hidden / 2, { init: 'torch' });
  const lin3 = pb.linear('lin3', hidden / 2, info.numClasses, { init: 'torch' });
  const drop = pb.dropout();

  const forward = (input: ModelInput, ctx: ForwardCtx): tf.Tensor2D => {
    if (input.kind !== 'graphs') throw new ModelInputError('hgpsl', 'graphs');
    return tf.tidy(() => {
      const { batch } = input;
      const s0: Stage = { edges: batch.edges, weight: null, graphIndex: batch.graphIndex, numGraphs: batch.numGraphs };
      let x = tf.relu(firstConv(ctx, conv1, input.x, input.edges)) as tf.Tensor2D;
      const p1 = hgpslPool(x, s0, att1, pool);
      const r1 = readout(p1.x, p1.stage);
      x = tf.relu(weightedGcn(ctx, conv2, p1.x, p1.stage)) as tf.Tensor2D;
      const p2 = hgpslPool(x, p1.stage, att2, pool);
      const r2 = readout(p2.x, p2.stage);
      x = tf.relu(weightedGcn(ctx, conv3, p2.x, p2.stage)) as tf.Tensor2D;
      const p3 = hgpslSelect(x, p2.stage, pool.ratio);
      const r3 = readout(p3.x, p3);
      let h = tf.addN([tf.relu(r1), tf.relu(r2), tf.relu(r3)]) as tf.Tensor2D;
      h = drop.apply(ctx, tf.relu(applyLinear(ctx, lin1, h)) as tf.Tensor2D, rate);
      h = drop.apply(ctx, tf.relu(applyLinear(ctx, lin2, h)) as tf.Tensor2D, rate);
      return applyLinear(ctx, lin3, h);
    });
  };
  return assembleModel(
    'hgpsl',
    pb,
    { hidden, dropout: rate, ratio: pool.ratio, hops: pool.hops, lambda: pool.lambda },
    forward,
  );
}

export const hgpslModel: ModelDef = modelRegistry.register('hgpsl', {
  name: 'hgpsl',
  tasks: ['graph'],
  paperParams: 75442,
  description:
    'HGP-SL: 3 GCN, 2 HGPSLPool (sparsemax structure learning) + a third node selection, [max‖mean] readouts, MLP 256→128→64→C',
  build,
});
