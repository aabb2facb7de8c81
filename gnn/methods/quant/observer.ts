/**
 * Range observers: they track the [min, max] a quantiser maps onto its integer grid. Ranges move only
 * while training (`observe`); evaluation reads the frozen values.
 */
import type { ObserverKind } from './mode';

/** EMA momentum of the `mom` observer (Degree-Quant default). */
export const MOMENTUM = 0.01;
/** Percentiles of larger tensors are taken on a strided sample of at most this many values (as DQ samples). */
export const PERCENTILE_SAMPLE = 8192;

export interface Range {
  min: number;
  max: number;
}

/** Lower and upper `p`-percentile of one batch: k = ⌊n·p⌋ and ⌊n·(1−p)⌋, each clamped to [1, n]. */
export function percentileRange(values: Float32Array, p: number): Range {
  const sample = strided(values, PERCENTILE_SAMPLE);
  const n = sample.length;
  if (n === 0) return { min: 0, max: 0 };
  const sorted = Float32Array.from(sample).sort();
  const at = (k: number): number => sorted[Math.min(n, Math.max(1, k)) - 1]!;
  return { min: at(Math.floor(n * p)), max: at(Math.floor(n * (1 - p))) };
}

function strided(values: Float32Array, limit: number): Float32Array {
  if (values.length <= limit) return values;
  const stride = Math.ceil(values.length / limit);
  const out = new Float32Array(Math.ceil(values.length / stride));
  for (let i = 0, j = 0; i < values.length; i += stride, j++) out[j] = values[i]!;
  return out;
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
