/**
 * Segment-wise sparsemax (Martins & Astudillo 2016): the Euclidean projection of each segment's
 * scores onto the probability simplex. Unlike softmax it gives exact zeros, which is what lets
 * HGP-SL's structure learning drop edges. Segments are arbitrary groups of entries (one per row of
 * a sparse attention matrix), given as a segment id per entry.
 *
 * The forward and backward passes run in plain JS over the entries: segments are small and
 * irregular (one per kept node), sorting per segment has no fast tensor kernel on wasm/cpu, and a
 * sequential pass is O(E log d) with d the largest segment.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Entries grouped by segment: `order` lists entry indices segment by segment, `start` bounds them (CSR). */
export interface SegmentIndex {
  numSegments: number;
  start: Int32Array;
  order: Int32Array;
}

/** Thrown when a segment id is outside [0, numSegments). */
export class SegmentIdError extends Error {
  override readonly name = 'SegmentIdError';
  constructor(
    readonly index: number,
    readonly segment: number,
    readonly numSegments: number,
  ) {
    super(`entry ${index}: segment id ${segment} outside [0, ${numSegments})`);
  }
}

/** Groups entry indices by segment id (counting sort; stable, so entries keep their order). */
export function indexSegments(segmentIds: Int32Array, numSegments: number): SegmentIndex {
  const start = new Int32Array(numSegments + 1);
  for (let i = 0; i < segmentIds.length; i++) {
    const s = segmentIds[i];
    if (s < 0 || s >= numSegments) throw new SegmentIdError(i, s, numSegments);
    start[s + 1]++;
  }
  for (let s = 0; s < numSegments; s++) start[s + 1] += start[s];
  const fill = start.slice(0, numSegments);
  const order = new Int32Array(segmentIds.length);
  for (let i = 0; i < segmentIds.length; i++) order[fill[segmentIds[i]]++] = i;
  return { numSegments, start, order };
}

/**
 * Sparsemax of every segment: sort descending, k* = max{k : 1 + k·z_(k) > Σ_{j≤k} z_(j)},
 * τ = (Σ_{j≤k*} z_(j) − 1)/k*, p = max(z − τ, 0). Each non-empty segment of the result sums to 1.
 */
export function sparsemaxForward(z: Float32Array, seg: SegmentIndex): Float32Array {
  const out = new Float32Array(z.length);
  let buf = new Float64Array(16);
  for (let s = 0; s < seg.numSegments; s++) {
    const a = seg.start[s];
    const n = seg.start[s + 1] - a;
    if (n === 0) continue;
    if (buf.length < n) buf = new Float64Array(n * 2);
    const vals = buf.subarray(0, n);
    for (let i = 0; i < n; i++) vals[i] = z[seg.order[a + i]];
    vals.sort();
    let cum = 0;
    let cumAtK = 0;
    let k = 0;
    for (let i = n - 1, rank = 1; i >= 0; i--, rank++) {
      cum += vals[i];
      if (1 + rank * vals[i] > cum) {
        k = rank;
        cumAtK = cum;
      }
    }
    const tau = (cumAtK - 1) / k;
    for (let i = 0; i < n; i++) {
      const e = seg.order[a + i];
      const v = z[e] - tau;
      out[e] = v > 0 ? v : 0;
    }
  }
  return out;
}

/**
 * Vector-Jacobian product of sparsemax: on each segment's support S (p > 0),
 * ∂L/∂z_j = g_j − mean_{k∈S} g_k; zero off the support.
 */
export function sparsemaxBackward(p: Float32Array, g: Float32Array, seg: SegmentIndex): Float32Array {
  const out = new Float32Array(p.length);
  for (let s = 0; s < seg.numSegments; s++) {
    const a = seg.start[s];
    const b = seg.start[s + 1];
    let sum = 0;
    let count = 0;
    for (let i = a; i < b; i++) {
      const e = seg.order[i];
      if (p[e] > 0) {
        sum += g[e];
        count++;
      }
    }
    if (count === 0) continue;
    const mean = sum / count;
    for (let i = a; i < b; i++) {
      const e = seg.order[i];
      if (p[e] > 0) out[e] = g[e] - mean;
    }
  }
  return out;
}

/**
 * Differentiable segment sparsemax on a tensor of scores [E]. The gradient is the exact
 * sparsemax Jacobian-vector product (see `sparsemaxBackward`), wired in with tf.customGrad.
 */
export function segmentSparsemax(z: tf.Tensor1D, seg: SegmentIndex): tf.Tensor1D {
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const x = args[0] as tf.Tensor1D;
    const save = args[1] as tf.GradSaveFunc;
    const p = sparsemaxForward(x.dataSync() as Float32Array, seg);
    const value = tf.tensor1d(p);
    save([value]);
    return {
      value,
      gradFunc: (dy: tf.Tensor1D, saved: tf.Tensor[]) =>
        tf.tensor1d(sparsemaxBackward(saved[0].dataSync() as Float32Array, dy.dataSync() as Float32Array, seg)),
    };
  });
  return op(z) as tf.Tensor1D;
}
