/**
 * HGPSLPool (Zhang et al. 2019, cszhangzhen/HGP-SL, sample + sparse-attention mode) and the GCN
 * variant that runs on its learned, weighted graphs.
 *
 * Pooling keeps the ⌈ratio·n_g⌉ most informative nodes of each graph (features not rescaled). Structure
 * learning then scores every candidate pair (i, j) — kept nodes within `hops` hops in the stage graph,
 * plus self-pairs — as e_ij = LeakyReLU₀.₂(a·[x_i‖x_j]) + λ·A_ij, normalises each row with sparsemax
 * and keeps the non-zero entries as the next stage's directed, weighted edges. Gradients reach `a` and
 * the features through the attention term, and the previous stage's learned weights through λ·A_ij.
 */
import * as tf from '@tensorflow/tfjs-core';
import { gatherRows, prepareEdges, propagate, segmentSum, topkPerGraph, type EdgeList } from '../../engine';
import type { ForwardCtx } from '../../types';
import type { GcnConvParams } from '../inputs';
import { linear } from '../layers';
import { indexSegments, segmentSparsemax } from '../sparsemax';
import { candidatePairs } from './candidates';
import { nodeInformationScore, type WeightedEdges } from './info-score';

/** A graph of one stage: edge arrays (with current weight values) plus, when learned, the differentiable weights. */
export interface Stage {
  edges: EdgeList;
  /** learned edge weights, edge order of `edges`; null: the input graph (weights all one) */
  weight: tf.Tensor1D | null;
  graphIndex: Int32Array;
  numGraphs: number;
}

export interface PoolOptions {
  /** fraction of each graph's nodes kept @default 0.5 */
  ratio: number;
  /** candidate-pair hop bound of structure learning @default 3 */
  hops: number;
  /** weight λ of the stage's adjacency in the attention score @default 1 */
  lambda: number;
  /** LeakyReLU negative slope @default 0.2 */
  slope: number;
}

/** [n] → [n, 1] */
function column(t: tf.Tensor): tf.Tensor2D {
  return tf.reshape(t, [-1, 1]);
}

/** [n, …] → [n·…] */
function flat(t: tf.Tensor): tf.Tensor1D {
  return tf.reshape(t, [-1]);
}

/** The stage's prior adjacency A_ij for each candidate pair: a learned weight, a static weight or 0. */
function priorWeights(stage: Stage, prior: Int32Array): tf.Tensor1D {
  if (stage.weight) {
    const padded = column(tf.concat([stage.weight, tf.zeros([1])]));
    const pad = stage.weight.shape[0];
    return flat(
      gatherRows(
        padded,
        prior.map((e) => (e < 0 ? pad : e)),
      ),
    );
  }
  const w = stage.edges.weight;
  const out = new Float32Array(prior.length);
  for (let k = 0; k < prior.length; k++) out[k] = prior[k] < 0 ? 0 : w ? w[prior[k]] : 1;
  return tf.tensor1d(out);
}

/** The candidate pairs sparsemax kept (p > 0) as an edge list, with their positions among the pairs. */
function supportEdges(
  p: Float32Array,
  row: Int32Array,
  col: Int32Array,
  numNodes: number,
): { list: EdgeList; index: Int32Array } {
  let count = 0;
  for (let e = 0; e < p.length; e++) if (p[e] > 0) count++;
  const index = new Int32Array(count);
  const list = { src: new Int32Array(count), dst: new Int32Array(count), numNodes, weight: new Float32Array(count) };
  for (let e = 0, k = 0; e < p.length; e++) {
    if (!(p[e] > 0)) continue;
    index[k] = e;
    list.src[k] = row[e];
    list.dst[k] = col[e];
    list.weight[k++] = p[e];
  }
  return { list, index };
}

/** The stage's edges in the form the information score and candidate search read. */
function weightedEdgesOf(stage: Stage): WeightedEdges {
  const { numNodes, src, dst, weight } = stage.edges;
  return { numNodes, src, dst, w: weight ?? null };
}

/** Old indices of the ⌈ratio·n_g⌉ most informative nodes of each graph. */
function keptNodes(x: tf.Tensor2D, stage: Stage, ratio: number): Int32Array {
  const score = nodeInformationScore(x.dataSync() as Float32Array, x.shape[1], weightedEdgesOf(stage));
  return topkPerGraph(score, stage.graphIndex, stage.numGraphs, ratio);
}

/**
 * Node selection only: the kept rows and their graph index. The reference's third pool feeds nothing but
 * the last readout, so its structure learning (and attention vector) never reaches the output.
 */
export function hgpslSelect(
  x: tf.Tensor2D,
  stage: Stage,
  ratio: number,
): { x: tf.Tensor2D; graphIndex: Int32Array; numGraphs: number } {
  const kept = keptNodes(x, stage, ratio);
  return { x: gatherRows(x, kept), graphIndex: kept.map((i) => stage.graphIndex[i]), numGraphs: stage.numGraphs };
}

/** Pools `x` on `stage` and learns the pooled graph's structure; returns the kept rows and the new stage. */
export function hgpslPool(
  x: tf.Tensor2D,
  stage: Stage,
  att: tf.Tensor2D,
  o: PoolOptions,
): { x: tf.Tensor2D; stage: Stage } {
  const dim = x.shape[1];
  const wEdges = weightedEdgesOf(stage);
  const kept = keptNodes(x, stage, o.ratio);
  const xk = gatherRows(x, kept);
  const pairs = candidatePairs(wEdges, kept, o.hops);
  const left = tf.matMul(xk, tf.slice(att, [0, 0], [dim, 1])) as tf.Tensor2D;
  const right = tf.matMul(xk, tf.slice(att, [dim, 0], [dim, 1])) as tf.Tensor2D;
  const attn = flat(tf.leakyRelu(tf.add(gatherRows(left, pairs.row), gatherRows(right, pairs.col)), o.slope));
  const scores =
    o.lambda !== 0 ? (tf.add(attn, tf.mul(priorWeights(stage, pairs.prior), o.lambda)) as tf.Tensor1D) : attn;
  const probs = segmentSparsemax(scores, indexSegments(pairs.row, kept.length));
  const values = probs.dataSync() as Float32Array;
  const edges = supportEdges(values, pairs.row, pairs.col, kept.length);
  const weight = flat(gatherRows(column(probs), edges.index));
  const graphIndex = kept.map((i) => stage.graphIndex[i]);
  return { x: xk, stage: { edges: edges.list, weight, graphIndex, numGraphs: stage.numGraphs } };
}

/**
 * GCN over a learned graph (the reference's custom `GCN`): X·W, then out_j = Σ_{i→j} d_i^{-½} w_ij d_j^{-½} (XW)_i + b,
 * degrees summed over each node's out-edges, no added self-loops. Differentiable in the edge weights.
 */
export function weightedGcn(ctx: ForwardCtx, p: GcnConvParams, x: tf.Tensor2D, stage: Stage): tf.Tensor2D {
  const { src, dst, numNodes } = stage.edges;
  const w = stage.weight ?? tf.ones([src.length]);
  const deg = segmentSum(column(w), src, numNodes);
  // a node without out-edges has degree 0 and gets 0, not Inf (as the reference); the mask is constant
  const hasOut = new Float32Array(numNodes);
  for (let e = 0; e < src.length; e++) hasOut[src[e]] = 1;
  const dinv = tf.mul(tf.rsqrt(tf.maximum(deg, 1e-12)), tf.tensor2d(hasOut, [numNodes, 1])) as tf.Tensor2D;
  const norm = tf.mul(tf.mul(w, flat(gatherRows(dinv, src))), flat(gatherRows(dinv, dst))) as tf.Tensor1D;
  const edges = prepareEdges({ src, dst, numNodes });
  try {
    const h = linear(ctx, p.lin, x, p.w, null);
    return tf.add(propagate(h, edges, norm), p.b) as tf.Tensor2D;
  } finally {
    edges.dispose();
  }
}
