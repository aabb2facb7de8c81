/**
 * Range observers: they track the [min, max] a quantiser maps onto its integer grid. Ranges move only
 * while training (`observe`); evaluation reads the frozen values.
 */
import type { ObserverKind } from './mode';

/** EMA momentum of the `mom` observer (Degree-Quant default). */
export const MOMENTUM = 0.01;
export interface Range {
  min: number;
  max: number;
}

/**
 * Lower and upper `p`-percentile of one batch over every value, as Degree-Quant's kthvalue: the k-th
 * smallest with k = ⌊n·p⌋ and ⌊n·(1−p)⌋, each clamped to [1, n]. NaNs are skipped.
 *
 * Exact, in one pass per side with a heap of the k extreme values (k ≤ 1 % of n here). An earlier
 * version sorted a strided sample of 8,192 values; on a [rows, 64] tensor with a stride that shares
 * a factor with 64 the sample saw only some feature columns (stride 40: every 8th), so the other
 * columns were clipped by a range they never entered.
 */
export function percentileRange(values: Float32Array, p: number): Range {
  const n = values.length;
  if (n === 0) return { min: 0, max: 0 };
  const clampK = (k: number) => Math.min(n, Math.max(1, k));
  const kLow = clampK(Math.floor(n * p));
  const kHigh = clampK(Math.floor(n * (1 - p)));
  // the kHigh-th smallest is the (n − kHigh + 1)-th largest
  return { min: kthSmallest(values, kLow, 1), max: kthSmallest(values, n - kHigh + 1, -1) };
}

/**
 * The k-th smallest (1-based) of sign·values, times sign: sign −1 gives the k-th largest. A max-heap
 * holds the k smallest seen so far; once full, a value enters only when it beats the root, which is
 * kept in a local, so random-order data costs one comparison per value (NaN never beats it).
 */
function kthSmallest(values: Float32Array, k: number, sign: 1 | -1): number {
  const heap = new Float64Array(k);
  const n = values.length;
  let size = 0;
  let i = 0;
  for (; i < n && size < k; i++) {
    const v = sign * values[i]!;
    if (v !== v) continue;
    let j = size++;
    while (j > 0) {
      const parent = (j - 1) >> 1;
      if (heap[parent]! >= v) break;
      heap[j] = heap[parent]!;
      j = parent;
    }
    heap[j] = v;
  }
  if (size === 0) return 0;
  let root = heap[0]!;
  // the same loop for each sign, so the hot comparison has no multiplication in it
  if (sign === 1) {
    for (; i < n; i++) if (values[i]! < root) root = replaceRoot(heap, k, values[i]!);
  } else {
    for (; i < n; i++) if (-values[i]! < root) root = replaceRoot(heap, k, -values[i]!);
  }
  return sign * root;
}

/** Puts `v` (smaller than the root) in the max-heap's root place, sifts it down, returns the new root. */
function replaceRoot(heap: Float64Array, k: number, v: number): number {
  let j = 0;
  for (;;) {
    const l = 2 * j + 1;
    if (l >= k) break;
    const c = l + 1 < k && heap[l + 1]! > heap[l]! ? l + 1 : l;
    if (heap[c]! <= v) break;
    heap[j] = heap[c]!;
    j = c;
  }
  heap[j] = v;
  return heap[0]!;
}

/** One tensor's running range under one of the three policies. */
export class RangeObserver {
  private current: Range | null = null;

  /** @param percentile lower/upper tail cut of the `per` observer (0.001 INT8, 0.01 INT4) */
  constructor(
    readonly kind: ObserverKind,
    readonly percentile = 0.001,
  ) {}

  get range(): Range | null {
    return this.current;
  }

  /** Folds one batch into the range: abs = running min/max, mom = EMA, per = percentiles into running min/max. */
  observe(values: Float32Array): Range {
    const batch = this.batchRange(values);
    const prev = this.current;
    if (prev === null) this.current = batch;
    else if (this.kind === 'mom') {
      this.current = {
        min: prev.min + MOMENTUM * (batch.min - prev.min),
        max: prev.max + MOMENTUM * (batch.max - prev.max),
      };
    } else this.current = { min: Math.min(prev.min, batch.min), max: Math.max(prev.max, batch.max) };
    return this.current;
  }

  /** The range to quantise with now: the frozen one, or the tensor's own when nothing was observed yet. */
  rangeFor(values: Float32Array): Range {
    return this.current ?? this.batchRange(values);
  }

  /** this batch's range alone (the values are read on the host: observers run once per forward) */
  batchRange(values: Float32Array): Range {
    if (this.kind === 'per') return percentileRange(values, this.percentile);
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return values.length === 0 ? { min: 0, max: 0 } : { min, max };
  }

  /** for checkpoints and the packed file */
  set(range: Range | null): void {
    this.current = range;
  }
}
