/**
 * Seeded negative sampling for link prediction (fresh negatives every step, as PyG's GAE.recon_loss
 * draws them) and the edge sampling NESS needs: static disjoint subgraphs of the training edges and
 * per-epoch edge dropout. Plain JS over typed arrays: Cora has ~10k directed training edges.
 */
import { mulberry32, randInt } from '../../data/rng';

/** Thrown when negatives cannot be drawn (graph too dense for the requested count). */
export class NegativeSamplingError extends Error {
  override readonly name = 'NegativeSamplingError';
  constructor(
    readonly wanted: number,
    readonly drawn: number,
  ) {
    super(`could draw only ${drawn} of ${wanted} negative pairs`);
  }
}

/** The key of pair (i, j) in an existing-edge set. */
export function pairKey(i: number, j: number, numNodes: number): number {
  return i * numNodes + j;
}

/** The set of directed pairs present in an edge list, for rejection sampling. */
export function edgeKeySet(src: Int32Array, dst: Int32Array, numNodes: number): Set<number> {
  const set = new Set<number>();
  for (let e = 0; e < src.length; e++) set.add(pairKey(src[e], dst[e], numNodes));
  return set;
}

/**
 * `count` uniform random pairs (i, j), i ≠ j, that are not in `existing` (PyG's negative_sampling
 * in its sparse mode). Drawn from `seed`, so a given epoch's negatives are reproducible.
 */
export function sampleNegatives(
  numNodes: number,
  existing: Set<number>,
  count: number,
  seed: number,
): [Int32Array, Int32Array] {
  const rand = mulberry32(seed);
  const src = new Int32Array(count);
  const dst = new Int32Array(count);
  let k = 0;
  for (let tries = 0; k < count && tries < count * 50; tries++) {
    const i = randInt(rand, numNodes);
    const j = randInt(rand, numNodes);
    if (i === j || existing.has(pairKey(i, j, numNodes))) continue;
    src[k] = i;
    dst[k++] = j;
  }
  if (k < count) throw new NegativeSamplingError(count, k);
  return [src, dst];
}

/** Undirected pairs (each listed once) and the same edges in both directions. */
export interface PairSet {
  src: Int32Array;
  dst: Int32Array;
}

/** Both directions of undirected pairs: what message passing over them needs. */
export function bothDirections(p: PairSet): PairSet {
  const m = p.src.length;
  const src = new Int32Array(2 * m);
  const dst = new Int32Array(2 * m);
  src.set(p.src);
  src.set(p.dst, m);
  dst.set(p.dst);
  dst.set(p.src, m);
  return { src, dst };
}

/**
 * NESS's static subgraphs: the training pairs shuffled once and cut into `k` disjoint parts of
 * near-equal size (every node stays in every subgraph; only edges are split).
 */
export function partitionPairs(p: PairSet, k: number, seed: number): PairSet[] {
  const m = p.src.length;
  const order = Int32Array.from({ length: m }, (_, i) => i);
  const rand = mulberry32(seed);
  for (let i = m - 1; i > 0; i--) {
    const j = randInt(rand, i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  const parts: PairSet[] = [];
  for (let s = 0; s < k; s++) {
    const a = Math.floor((s * m) / k);
    const b = Math.floor(((s + 1) * m) / k);
    const idx = order.subarray(a, b);
    parts.push({ src: Int32Array.from(idx, (e) => p.src[e]), dst: Int32Array.from(idx, (e) => p.dst[e]) });
  }
  return parts;
}

/** Keeps each directed edge with probability 1 − p (PyG's dropout_adj, not forced undirected). */
export function dropEdges(edges: PairSet, p: number, seed: number): PairSet {
  if (p <= 0) return edges;
  const rand = mulberry32(seed);
  const keep: number[] = [];
  for (let e = 0; e < edges.src.length; e++) if (rand() >= p) keep.push(e);
  return { src: Int32Array.from(keep, (e) => edges.src[e]), dst: Int32Array.from(keep, (e) => edges.dst[e]) };
}
