/**
 * Scoring and sampling for link prediction: ROC-AUC and average precision as scikit-learn computes
 * them (the reference implementations report those), accuracy at a 0.5 probability threshold, and
 * seeded negative sampling. Plain JS over Float32Arrays: a Cora split has a few thousand pairs.
 */
import { mulberry32, randInt } from '../../data/rng';

/** Indices of `scores` sorted by descending score. */
function descending(scores: Float32Array): Int32Array {
  const idx = Int32Array.from(scores.keys());
  return idx.sort((a, b) => scores[b] - scores[a]);
}

/**
 * ROC-AUC: the probability that a random positive outscores a random negative, ties counting ½
 * (Mann–Whitney U with average ranks). NaN when a class is missing.
 * @param labels 1 for positive pairs, 0 for negatives
 */
export function rocAuc(scores: Float32Array, labels: Uint8Array): number {
  const idx = descending(scores);
  let pos = 0;
  let neg = 0;
  let u = 0;
  for (let a = 0; a < idx.length; ) {
    let b = a;
    let gp = 0;
    let gn = 0;
    while (b < idx.length && scores[idx[b]] === scores[idx[a]]) {
      if (labels[idx[b]]) gp++;
      else gn++;
      b++;
    }
    // each negative in this tie group is beaten by every earlier positive and half-ties with the group's positives
    u += gn * (pos + gp / 2);
    pos += gp;
    neg += gn;
    a = b;
  }
  return pos === 0 || neg === 0 ? NaN : u / (pos * neg);
}

/**
 * Average precision, Σ_n (R_n − R_{n−1})·P_n over distinct score thresholds (scikit-learn's
 * `average_precision_score`, no interpolation). NaN without positives.
 */
export function averagePrecision(scores: Float32Array, labels: Uint8Array): number {
  const idx = descending(scores);
  let totalPos = 0;
  for (let i = 0; i < labels.length; i++) totalPos += labels[i];
  if (totalPos === 0) return NaN;
  let tp = 0;
  let seen = 0;
  let ap = 0;
  let prevRecall = 0;
  for (let a = 0; a < idx.length; ) {
    let b = a;
    while (b < idx.length && scores[idx[b]] === scores[idx[a]]) {
      tp += labels[idx[b]];
      b++;
    }
    seen = b;
    const recall = tp / totalPos;
    ap += (recall - prevRecall) * (tp / seen);
    prevRecall = recall;
    a = b;
  }
  return ap;
}

/** Fraction of pairs whose σ(logit) ≥ 0.5 agrees with the label (logit ≥ 0 ⇔ σ ≥ 0.5). */
export function thresholdAccuracy(logits: Float32Array, labels: Uint8Array): number {
  let ok = 0;
  for (let i = 0; i < logits.length; i++) if ((logits[i] >= 0 ? 1 : 0) === labels[i]) ok++;
  return logits.length === 0 ? NaN : ok / logits.length;
}

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
export function sampleNegatives(numNodes: number, existing: Set<number>, count: number, seed: number): [Int32Array, Int32Array] {
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
