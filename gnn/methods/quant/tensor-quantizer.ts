/**
 * One quantised tensor site (a layer's input, weight or output, or a message-passing stage): an
 * observer plus the fake-quant op. Observes only in training; DQ's protected rows are left out of
 * the observed range, as Degree-Quant's low-precision quantisers only see unprotected nodes.
 */
import * as tf from '@tensorflow/tfjs-core';
import { fakeQuant, maskedFakeQuant } from './fake-quant';
import { percentileFor, type QuantMode } from './mode';
import { RangeObserver, type Range } from './observer';
import { computeQParams, type QParams } from './qparams';

/** Which rows of a [rows, cols] tensor stay FP32 in this pass (Degree-Quant protection): 1 = protected. */
export type RowMask = Uint8Array;

/** What a site has learnt from the batches it observed. */
export interface QuantizerState {
  range: Range | null;
  signed: boolean | null;
}

export class TensorQuantizer {
  readonly observer: RangeObserver;
  private signedness: boolean | null;

  /** @param signed 'auto': unsigned when the first observed batch has no negative value (post-ReLU inputs) */
  constructor(
    readonly bits: number,
    readonly mode: QuantMode,
    signed: boolean | 'auto',
  ) {
    this.observer = new RangeObserver(mode.observer, percentileFor(bits));
    this.signedness = signed === 'auto' ? null : signed;
  }

  get signed(): boolean {
    return this.signedness ?? true;
  }

  /** the frozen parameters, or null before any training batch */
  params(): QParams | null {
    const r = this.observer.range;
    return r === null ? null : computeQParams(r.min, r.max, this.bits, this.signed);
  }

  /** the observed range and signedness, for the best-epoch snapshot */
  state(): QuantizerState {
    return { range: this.observer.range, signed: this.signedness };
  }

  setState(s: QuantizerState): void {
    this.observer.set(s.range);
    this.signedness = s.signed;
  }

  apply<T extends tf.Tensor>(x: T, training: boolean, mask?: RowMask): T {
    const needValues = training || this.observer.range === null;
    const values = needValues ? observedValues(x, this.observer.kind, mask) : null;
    if (training && values !== null && values.length > 0) {
      const r = this.observer.observe(values);
      if (this.signedness === null) this.signedness = r.min < 0;
    }
    // nothing observed yet (or every row protected so far): this tensor's own range, not stored
    const r =
      this.observer.range ?? this.observer.batchRange(values!.length > 0 ? values! : (x.dataSync() as Float32Array));
    const p = computeQParams(r.min, r.max, this.bits, this.signed);
    if (mask === undefined || !training) return fakeQuant(x, p, this.mode.backward);
    const keep = tf.tensor2d(Float32Array.from(mask), [mask.length, 1]);
    return maskedFakeQuant(x as unknown as tf.Tensor2D, keep, p, this.mode.backward) as unknown as T;
  }
}

/**
 * What the observer needs of x: for min/max observers without protected rows only [min, max], reduced
 * on the backend; otherwise the values (on the host) without the protected rows.
 */
function observedValues(x: tf.Tensor, kind: string, mask?: RowMask): Float32Array {
  if (kind !== 'per' && mask === undefined) {
    return tf.tidy(() => tf.stack([tf.min(x), tf.max(x)]).dataSync() as Float32Array);
  }
  const all = x.dataSync() as Float32Array;
  if (mask === undefined) return all;
  const cols = all.length / Math.max(1, mask.length);
  const kept = new Float32Array(all.length);
  let n = 0;
  // one copy per run of unprotected rows (protected rows are a minority), not one per row
  for (let r = 0; r < mask.length;) {
    if (mask[r] === 1) {
      r++;
      continue;
    }
    const start = r;
    while (r < mask.length && mask[r] !== 1) r++;
    kept.set(all.subarray(start * cols, r * cols), n);
    n += (r - start) * cols;
  }
  return kept.subarray(0, n);
}
