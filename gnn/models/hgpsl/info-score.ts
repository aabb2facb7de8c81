/**
 * HGP-SL's node information score: how much a node differs from what its neighbours predict,
 * s_i = ‖x_i − Σ_j Â_ji x_j‖₁ with Â = D^{-½} A D^{-½} over the stage's (weighted, directed) edges.
 * Pooling keeps the highest-scoring nodes. Selection is discrete and features are not rescaled by
 * the score, so no gradient flows through it: plain JS over the read-back features is enough.
 */

/** A stage's edge list: edge e goes src[e] → dst[e] with weight w[e] (null: all ones). */
export interface WeightedEdges {
  numNodes: number;
  src: Int32Array;
  dst: Int32Array;
  w: Float32Array | null;
}

/**
 * Scores per node. Degrees are summed over each node's out-edges (the source side, as the reference
 * normalises), an existing self-loop counts like any edge, and messages flow source → target.
 * @param x node features, row-major [numNodes × dim]
 */
export function nodeInformationScore(x: Float32Array, dim: number, edges: WeightedEdges): Float32Array {
  const n = edges.numNodes;
  const { src, dst, w } = edges;
  const deg = new Float64Array(n);
  for (let e = 0; e < src.length; e++) deg[src[e]] += w ? w[e] : 1;
  const dinv = new Float64Array(n);
  for (let i = 0; i < n; i++) dinv[i] = deg[i] > 0 ? 1 / Math.sqrt(deg[i]) : 0;
  // in-edges grouped by target (counting sort), so each node's aggregate is built in one small buffer
  const start = new Int32Array(n + 1);
  for (let e = 0; e < dst.length; e++) start[dst[e] + 1]++;
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const fill = start.slice(0, n);
  const byDst = new Int32Array(dst.length);
  for (let e = 0; e < dst.length; e++) byDst[fill[dst[e]]++] = e;
  const agg = new Float64Array(dim);
  const score = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * dim;
    for (let k = 0; k < dim; k++) agg[k] = x[o + k];
    for (let p = start[i]; p < start[i + 1]; p++) {
      const e = byDst[p];
      const r = src[e];
      const coef = dinv[r] * (w ? w[e] : 1) * dinv[i];
      if (coef === 0) continue;
      const ro = r * dim;
      for (let k = 0; k < dim; k++) agg[k] -= coef * x[ro + k];
    }
    let sum = 0;
    for (let k = 0; k < dim; k++) sum += Math.abs(agg[k]);
    score[i] = sum;
  }
  return score;
}
