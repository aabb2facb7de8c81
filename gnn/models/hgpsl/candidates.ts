/**
 * Candidate pairs for HGP-SL structure learning: which kept nodes may be linked after pooling.
 * Learning a weight for every pair of a graph's kept nodes is quadratic; the reference's sampling
 * mode restricts candidates to nodes reachable within a few hops in the stage's graph (before
 * pooling), plus every kept node's self-pair.
 */
import type { WeightedEdges } from './info-score';

export interface CandidatePairs {
  /** new (pooled) index of the pair's row node i; rows come grouped in ascending order */
  row: Int32Array;
  /** new index of the column node j */
  col: Int32Array;
  /** index of the stage edge i → j when one exists (its weight enters as λ·A_ij), else −1 */
  prior: Int32Array;
}

/** Out-edges per node in CSR form: edge ids of node v are ids[start[v] .. start[v+1]). */
function outEdges(edges: WeightedEdges): { start: Int32Array; ids: Int32Array } {
  const n = edges.numNodes;
  const start = new Int32Array(n + 1);
  for (let e = 0; e < edges.src.length; e++) start[edges.src[e] + 1]++;
  for (let v = 0; v < n; v++) start[v + 1] += start[v];
  const fill = start.slice(0, n);
  const ids = new Int32Array(edges.src.length);
  for (let e = 0; e < edges.src.length; e++) ids[fill[edges.src[e]]++] = e;
  return { start, ids };
}

/**
 * Pairs (i, j) of kept nodes with j reachable from i along edge directions in at most `hops`
 * steps of the stage graph (paths may pass through dropped nodes), plus (i, i) for every kept node.
 * @param kept old indices of the kept nodes, in their new order
 * @param hops path length bound @default 3
 */
export function candidatePairs(edges: WeightedEdges, kept: Int32Array, hops = 3): CandidatePairs {
  const n = edges.numNodes;
  const newIndex = new Int32Array(n).fill(-1);
  kept.forEach((old, k) => (newIndex[old] = k));
  const { start, ids } = outEdges(edges);
  const seen = new Int32Array(n).fill(-1);
  const direct = new Int32Array(n).fill(-1);
  const row: number[] = [];
  const col: number[] = [];
  const prior: number[] = [];
  let frontier: number[] = [];
  let next: number[] = [];
  for (let a = 0; a < kept.length; a++) {
    const i = kept[a];
    for (let p = start[i]; p < start[i + 1]; p++) direct[edges.dst[ids[p]]] = ids[p];
    seen[i] = a;
    row.push(a);
    col.push(a);
    prior.push(selfEdge(edges, start, ids, i));
    frontier = [i];
    for (let h = 0; h < hops && frontier.length > 0; h++) {
      next = [];
      for (const v of frontier) {
        for (let p = start[v]; p < start[v + 1]; p++) {
          const u = edges.dst[ids[p]];
          if (seen[u] === a) continue;
          seen[u] = a;
          next.push(u);
          if (newIndex[u] < 0) continue;
          row.push(a);
          col.push(newIndex[u]);
          prior.push(h === 0 ? direct[u] : -1);
        }
      }
      frontier = next;
    }
    for (let p = start[i]; p < start[i + 1]; p++) direct[edges.dst[ids[p]]] = -1;
  }
  return { row: Int32Array.from(row), col: Int32Array.from(col), prior: Int32Array.from(prior) };
}

/** The edge id of i's self-loop, or −1. */
function selfEdge(edges: WeightedEdges, start: Int32Array, ids: Int32Array, i: number): number {
  for (let p = start[i]; p < start[i + 1]; p++) if (edges.dst[ids[p]] === i) return ids[p];
  return -1;
}
