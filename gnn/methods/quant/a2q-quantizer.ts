/**
 * A²Q's symmetric quantiser with a learnable step size s and bit-width b (Zhu et al. 2023):
 * x_q = s·sign(x)·⌊|clamp(x/s, −Q, Q)| + 0.5⌋, Q = 2^{round|b|−1} − 1, with LSQ-style gradients for
 * s and b. Rows (nodes) either own their (s, b) or index a shared pool (graph tasks).
 */
import * as tf from '@tensorflow/tfjs-core';

/** Learned bit-widths are rounded and kept in [2, 8]: b = 1 gives Q = 0 (all zeros, no gradient). */
export const MIN_BITS = 2;
export const MAX_BITS = 8;

export function effectiveBits(b: number): number {
  return Math.min(MAX_BITS, Math.max(MIN_BITS, Math.round(Math.abs(b))));
}

/** The integer code of one value: sign(x)·⌊|clamp(x/s, −Q, Q)| + 0.5⌋ ∈ [−Q, Q]. */
export function symmetricCode(x: number, s: number, bits: number): number {
  const q = 2 ** (bits - 1) - 1;
  const d = Math.min(q, Math.max(-q, x / Math.abs(s)));
  return Math.sign(d) * Math.floor(Math.abs(d) + 0.5) + 0;
}

/**
 * forward of the quantiser; returns the value and what the backward pass needs. Q and s are expanded
 * to x's shape first: tfjs-wasm's broadcasting min/max/compare kernels are ~15× slower than these.
 */
function a2qForward(x: tf.Tensor2D, s: tf.Tensor2D, b: tf.Tensor2D): { value: tf.Tensor2D; saved: tf.Tensor[] } {
  const bits = tf.clipByValue(tf.round(tf.abs(b)), MIN_BITS, MAX_BITS);
  const ones = tf.onesLike(x);
  const q = tf.mul(ones, tf.sub(tf.pow(2, tf.sub(bits, 1)), 1));
  const sa = tf.mul(ones, tf.abs(s));
  const div = tf.minimum(tf.maximum(tf.div(x, sa), tf.neg(q)), q);
  const xq = tf.mul(tf.sign(x), tf.floor(tf.add(tf.abs(div), 0.5)));
  return { value: tf.mul(xq, sa) as tf.Tensor2D, saved: [x, s, b, div, xq, q, sa] };
}

/**
 * LSQ-style gradients: x passes where |x| ≤ Q·s (everywhere with clipInput false, as A²Q does for
 * weights); s gets (x_q − x/s) inside and Q·sign(x) outside; b gets sign(x)·(Q+1)·ln2·s outside,
 * each summed over `reduceAxis` (the axis the (s, b) pair is shared along).
 */
function a2qBackward(dy: tf.Tensor, saved: tf.Tensor[], clipInput: boolean, reduceAxis: number): tf.Tensor[] {
  const [x0, s0, b0, d, xq, q, sa] = saved as tf.Tensor2D[];
  const inside = tf.cast(tf.lessEqual(tf.abs(x0!), tf.mul(q!, sa!)), 'float32');
  const outside = tf.sub(1, inside);
  const sx = tf.sign(x0!);
  const gx = clipInput ? tf.mul(dy, inside) : dy;
  const gsElem = tf.mul(dy, tf.add(tf.mul(tf.sub(xq!, d!), inside), tf.mul(outside, tf.mul(q!, sx))));
  const gbElem = tf.mul(dy, tf.mul(tf.mul(outside, sx), tf.mul(tf.add(q!, 1), tf.mul(sa!, Math.LN2))));
  const gs = tf.mul(tf.sum(gsElem, reduceAxis, true), tf.sign(s0!));
  const gb = tf.mul(tf.sum(gbElem, reduceAxis, true), tf.sign(b0!));
  return [gx, gs, gb];
}

/**
 * Quantises x with per-row ([rows, 1]) or per-column ([1, cols]) step sizes s and bit-widths b.
 */
export function a2qQuantize(
  x: tf.Tensor2D,
  s: tf.Tensor2D,
  b: tf.Tensor2D,
  clipInput: boolean,
  per: 'row' | 'column' = 'row',
): tf.Tensor2D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xi, si, bi] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
    const { value, saved } = a2qForward(xi, si, bi);
    (args[3] as tf.GradSaveFunc)(saved);
    return {
      value,
      gradFunc: (dy: tf.Tensor2D, kept: tf.Tensor[]) => a2qBackward(dy, kept, clipInput, per === 'row' ? 1 : 0),
    };
  });
  return op(x, s, b) as tf.Tensor2D;
}

/**
 * Pool version for graph tasks: row r uses pool entry idx[r]. The pool's gradients are scatter-added
 * on the host, since tfjs' gather gradient (UnsortedSegmentSum) is missing on wasm and slow on cpu.
 */
export function a2qQuantizePooled(
  x: tf.Tensor2D,
  sPool: tf.Tensor2D,
  bPool: tf.Tensor2D,
  idx: Int32Array,
  clipInput: boolean,
): tf.Tensor2D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xi, sp, bp] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
    const index = tf.tensor1d(idx, 'int32');
    const { value, saved } = a2qForward(xi, tf.gather(sp, index) as tf.Tensor2D, tf.gather(bp, index) as tf.Tensor2D);
    (args[3] as tf.GradSaveFunc)(saved); // tensors not saved are disposed once the forward pass returns
    return {
      value,
      gradFunc: (dy: tf.Tensor2D, kept: tf.Tensor[]) => {
        const [gx, gsRows, gbRows] = a2qBackward(dy, kept, clipInput, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
        return [gx, scatterRows(gsRows, idx, sp.shape[0]), scatterRows(gbRows, idx, bp.shape[0])];
      },
    };
  });
  return op(x, sPool, bPool) as tf.Tensor2D;
}

function scatterRows(g: tf.Tensor2D, idx: Int32Array, size: number): tf.Tensor2D {
  const vals = g.dataSync();
  const out = new Float32Array(size);
  for (let r = 0; r < idx.length; r++) out[idx[r]!]! += vals[r]!;
  return tf.tensor2d(out, [size, 1]);
}

/**
 * Nearest pool entry per row by max-magnitude: argmin_k (max_j |x_rj| − 2^{b_k−1}·s_k)² (A²Q's
 * nearest-neighbour strategy), by binary search over the sorted reaches: O(rows·log pool).
 */
export function nearestPoolIndex(rowMax: Float32Array, scales: Float32Array, bits: Float32Array): Int32Array {
  const reach = Float64Array.from(scales, (s, k) => 2 ** (effectiveBits(bits[k]!) - 1) * Math.abs(s));
  const order = Int32Array.from(reach.keys()).sort((a, b) => reach[a]! - reach[b]! || a - b);
  const out = new Int32Array(rowMax.length);
  for (let r = 0; r < rowMax.length; r++) {
    const m = rowMax[r]!;
    let lo = 0;
    let hi = order.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (reach[order[mid]!]! < m) lo = mid + 1;
      else hi = mid;
    }
    const below = lo > 0 ? order[lo - 1]! : order[lo]!;
    const above = order[lo]!;
    out[r] = Math.abs(m - reach[below]!) <= Math.abs(reach[above]! - m) ? below : above;
  }
  return out;
}
