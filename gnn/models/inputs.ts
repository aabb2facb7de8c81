/**
 * Helpers shared by the models for what every first layer and every conv needs: the input features'
 * linear map (sparse spmm for Cora's bag of words, dense otherwise), dropout on sparse features,
 * GCN-normalised edges, and the assembly of a TaskModel from a ParamBuilder.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  gcnNorm,
  prepareEdges,
  propagate,
  PreparedSparse,
  prepareSparse,
  spmm,
  toDense,
  type PreparedEdges,
} from '../engine';
import type { ForwardCtx } from '../types';
import { derived } from './graph-cache';
import { type Dropout, type ParamBuilder, linear } from './layers';
import type { ModelConfig, ModelInput, TaskModel } from './model-def';

/**
 * x·W + b for dense or sparse x. With quantization hooks installed the sparse input is densified once
 * (cached) so the hook sees the same tensor shapes as on any other layer.
 */
export function inputLinear(
  ctx: ForwardCtx,
  name: string,
  x: tf.Tensor2D | PreparedSparse,
  w: tf.Tensor2D,
  b: tf.Tensor1D | null,
): tf.Tensor2D {
  if (!(x instanceof PreparedSparse)) return linear(ctx, name, x, w, b);
  if (ctx.hooks) {
    const dense = derived(
      x,
      'dense',
      () => tf.keep(tf.tensor2d(toDense(x.features), [x.numRows, x.numCols])),
      (t) => t.dispose(),
    );
    return linear(ctx, name, dense, w, b);
  }
  const y = spmm(x, w);
  return b ? (tf.add(y, b) as tf.Tensor2D) : y;
}

/**
 * Dropout on features: dense → the usual mask; sparse → a mask over the non-zeros (zeros stay zero,
 * so this equals dense dropout of the same matrix, at nnz cost).
 */
export function featureDropout(
  ctx: ForwardCtx,
  drop: Dropout,
  x: tf.Tensor2D | PreparedSparse,
  rate: number,
): tf.Tensor2D | PreparedSparse {
  if (!ctx.training || rate <= 0) return x;
  if (!(x instanceof PreparedSparse)) return drop.apply(ctx, x, rate);
  const f = x.features;
  const mask = drop.mask(f.rows.length, rate, [f.rows.length]);
  const m = mask.dataSync() as Float32Array;
  mask.dispose();
  const values = new Float32Array(f.rows.length);
  for (let i = 0; i < values.length; i++) values[i] = (f.values ? f.values[i] : 1) * m[i];
  return prepareSparse({ ...f, values });
}

/** D^-½(A+I)D^-½ of the input's edges, prepared once per input. */
export function gcnEdges(edges: PreparedEdges, selfLoops = true): PreparedEdges {
  return derived(
    edges,
    selfLoops ? 'gcn-norm' : 'gcn-norm-noloops',
    () => prepareEdges(gcnNorm(edges.edges, { selfLoops })),
    (e) => e.dispose(),
  );
}

/** One graph-convolution's weight and bias, PyG naming: `<name>.lin.weight` (linear 'name.lin'), `<name>.bias`. */
export interface GcnConvParams {
  lin: string;
  w: tf.Variable<tf.Rank.R2>;
  b: tf.Variable<tf.Rank.R1>;
}

export function gcnConvParams(pb: ParamBuilder, name: string, inDim: number, outDim: number): GcnConvParams {
  const p = pb.linear(`${name}.lin`, inDim, outDim, { bias: false });
  const b = pb.zeros(`${name}.bias`, [outDim]) as tf.Variable<tf.Rank.R1>;
  return { lin: p.name, w: p.w, b };
}

/** GCNConv (Kipf & Welling): Â·(X W) + b; the linear map goes through the hooks. */
export function gcnConv(
  ctx: ForwardCtx,
  p: GcnConvParams,
  x: tf.Tensor2D | PreparedSparse,
  edges: PreparedEdges,
): tf.Tensor2D {
  const h = inputLinear(ctx, p.lin, x, p.w, null);
  return tf.add(propagate(h, gcnEdges(edges)), p.b) as tf.Tensor2D;
}

/** Assembles a TaskModel from a builder's variables and a forward function. */
export function assembleModel(
  name: string,
  pb: ParamBuilder,
  config: ModelConfig,
  forward: (input: ModelInput, ctx: ForwardCtx) => tf.Tensor2D,
): TaskModel {
  return {
    modelName: name,
    params: pb.params,
    buffers: pb.buffers,
    prunable: pb.prunable,
    quantizable: pb.quantizable,
    config,
    randomStreams: pb.dropouts,
    forward,
  };
}
