/**
 * `spline`: SplineCNN on Cora as PyG examples/cora.py — dropout 0.5 → SplineConv(F→16) → ELU →
 * dropout 0.5 → SplineConv(16→C). SplineConv with TargetIndegree pseudo-coordinates (dim 1), open
 * B-splines of degree 1 and kernel size 2, mean aggregation, root weight and bias (METHODS.md):
 *   x'_i = mean_{j→i} [(1−u_ij)·x_j W₀ + u_ij·x_j W₁] + x_i W_root + b,   u_ij = indeg(i) / max indeg.
 * Parameters as PyG names them: `conv1.weight` [K, Cin, Cout], `conv1.lin.weight` (root), `conv1.bias`.
 * With F = 1433, C = 7: 68,800 + 343 = 69,143 parameters, the paper's count.
 */
import * as tf from '@tensorflow/tfjs-core';
import { prepareEdges, propagate, type PreparedEdges, type PreparedSparse } from '../engine';
import type { ForwardCtx } from '../types';
import { derived } from './graph-cache';
import { assembleModel, featureDropout, inputLinear } from './inputs';
import { ParamBuilder } from './layers';
import type { DataInfo, ModelConfig, ModelDef, ModelInput } from './model-def';
import { modelRegistry } from './registry';

const DEFAULTS = { hidden: 16, dropout: 0.5, kernelSize: 2 };

interface SplineParams {
  name: string;
  weight: tf.Variable;
  root: tf.Variable<tf.Rank.R2>;
  bias: tf.Variable<tf.Rank.R1>;
  inDim: number;
  outDim: number;
}

function splineParams(pb: ParamBuilder, name: string, inDim: number, outDim: number, k: number): SplineParams {
  const weight = pb.uniform(`${name}.weight`, [k, inDim, outDim], 1 / Math.sqrt(k * inDim));
  pb.markPrunable(`${name}.weight`);
  pb.quantizable.push(name);
  const root = pb.linear(`${name}.lin`, inDim, outDim, { init: 'torch', bias: false }).w;
  const bias = pb.zeros(`${name}.bias`, [outDim]) as tf.Variable<tf.Rank.R1>;
  return { name, weight, root, bias, inDim, outDim };
}

/**
 * One prepared edge set per spline basis: edge j→i weighted by B_k(u_ij) / indeg(i), so a plain
 * weighted propagate computes the mean of the k-th basis' messages. Open spline, degree 1: with
 * v = u·(K−1), i = ⌊v⌋, f = v − i, weight (1−f) goes to W[i] and f to W[(i+1) mod K].
 */
function basisEdges(edges: PreparedEdges, k: number): PreparedEdges[] {
  return derived(
    edges,
    `spline-basis-${k}`,
    () => {
      const { src, dst, numNodes } = edges.edges;
      const deg = new Float64Array(numNodes);
      for (let e = 0; e < dst.length; e++) deg[dst[e]]++;
      const maxDeg = Math.max(1, ...deg);
      const w = Array.from({ length: k }, () => new Float32Array(dst.length));
      for (let e = 0; e < dst.length; e++) {
        const v = (deg[dst[e]] / maxDeg) * (k - 1);
        const i = Math.min(Math.floor(v), k - 1);
        const f = v - i;
        w[i][e] += (1 - f) / deg[dst[e]];
        w[(i + 1) % k][e] += f / deg[dst[e]];
      }
      return w.map((weight) => prepareEdges({ src, dst, numNodes, weight }));
    },
    (list) => list.forEach((e) => e.dispose()),
  );
}

function splineConv(
  ctx: ForwardCtx,
  p: SplineParams,
  x: tf.Tensor2D | PreparedSparse,
  edges: PreparedEdges,
): tf.Tensor2D {
  const k = p.weight.shape[0];
  const wCat = tf.reshape(tf.transpose(p.weight, [1, 0, 2]), [p.inDim, k * p.outDim]) as tf.Tensor2D;
  const h = inputLinear(ctx, p.name, x, wCat, null);
  const basis = basisEdges(edges, k);
  let out = inputLinear(ctx, `${p.name}.lin`, x, p.root, p.bias);
  for (let b = 0; b < k; b++) {
    const hb = tf.slice(h, [0, b * p.outDim], [-1, p.outDim]);
    out = tf.add(out, propagate(hb, basis[b]));
  }
  return out;
}

function build(info: DataInfo, cfg: ModelConfig, seed: number) {
  const hidden = Number(cfg.hidden ?? DEFAULTS.hidden);
  const rate = Number(cfg.dropout ?? DEFAULTS.dropout);
  const k = Number(cfg.kernelSize ?? DEFAULTS.kernelSize);
  const pb = new ParamBuilder(seed);
  const conv1 = splineParams(pb, 'conv1', info.numFeatures, hidden, k);
  const conv2 = splineParams(pb, 'conv2', hidden, info.numClasses, k);
  const drop = pb.dropout();
  const forward = (input: ModelInput, ctx: ForwardCtx): tf.Tensor2D =>
    tf.tidy(() => {
      const x = featureDropout(ctx, drop, input.x, rate);
      let h = tf.elu(splineConv(ctx, conv1, x, input.edges));
      h = drop.apply(ctx, h, rate);
      return tf.logSoftmax(splineConv(ctx, conv2, h, input.edges));
    });
  return assembleModel('spline', pb, { hidden, dropout: rate, kernelSize: k }, forward);
}

export const splineModel: ModelDef = modelRegistry.register('spline', {
  name: 'spline',
  tasks: ['node'],
  paperParams: 69143,
  description: 'SplineConv ×2 (TargetIndegree, degree 1, kernel 2), hidden 16 — the paper’s Cora node model',
  build,
});
