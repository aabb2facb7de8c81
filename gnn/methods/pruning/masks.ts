/**
 * Magnitude masks with torch.nn.utils.prune semantics, computed on plain arrays (so they are exact
 * and testable without a backend), plus the step that re-applies them to a model's variables.
 *
 * A mask is 1 where a weight survives and 0 where it is pruned. Selection is by |w|; ties are broken
 * by position (earlier first) so a mask is a pure function of the weights. NaN counts as the largest
 * magnitude: a diverged weight is never silently "pruned away".
 */
import * as tf from '@tensorflow/tfjs-core';
import { roundHalfEven } from '../../../core/numbers';
import type { GnnModel } from '../../types';
import { TensorMismatchError } from './errors';

/** Mask per prunable tensor name: 1 keep, 0 pruned. */
export type MaskSet = Map<string, Uint8Array>;

/** How many of `n` elements a fraction `p` prunes: k = round(p·n). */
export function pruneCount(p: number, n: number): number {
  return Math.min(n, Math.max(0, roundHalfEven(p * n)));
}

function magnitude(v: number): number {
  return Number.isNaN(v) ? Infinity : Math.abs(v);
}

/**
 * Positions of the `k` smallest-magnitude elements over several arrays taken together.
 * `alreadyPruned` elements rank below everything (they stay pruned and count towards k).
 */
function smallestK(arrays: Float32Array[], k: number, alreadyPruned?: Uint8Array[]): Array<[number, number]> {
  const offsets = [0];
  for (const a of arrays) offsets.push(offsets[offsets.length - 1] + a.length);
  const keys = new Float64Array(offsets[arrays.length]);
  arrays.forEach((a, t) => {
    const prior = alreadyPruned?.[t];
    for (let i = 0; i < a.length; i++) keys[offsets[t] + i] = prior && prior[i] === 0 ? -1 : magnitude(a[i]);
  });
  const order = new Uint32Array(keys.length).map((_, i) => i);
  order.sort((x, y) => keys[x] - keys[y] || x - y);
  const out: Array<[number, number]> = [];
  let t = 0;
  for (const flat of order.subarray(0, k)) {
    t = 0;
    while (flat >= offsets[t + 1]) t++;
    out.push([t, flat - offsets[t]]);
  }
  return out;
}

/** Keep-all masks shaped like `arrays`. */
function fullMasks(arrays: Float32Array[]): Uint8Array[] {
  return arrays.map((a) => new Uint8Array(a.length).fill(1));
}

/**
 * Global unstructured pruning: the k = round(p·N) smallest |w| over all `names` together
 * (torch.nn.utils.prune.global_unstructured with L1Unstructured). Per-tensor sparsity varies.
 */
export function globalMagnitudeMasks(values: Map<string, Float32Array>, names: string[], p: number): MaskSet {
  const arrays = names.map((n) => requireValues(values, n));
  const total = arrays.reduce((s, a) => s + a.length, 0);
  const masks = fullMasks(arrays);
  for (const [t, i] of smallestK(arrays, pruneCount(p, total))) masks[t][i] = 0;
  return new Map(names.map((n, t) => [n, masks[t]]));
}

/**
 * Fine-grained (layer-wise) pruning: in each tensor, the k = round(p·n) smallest |w|
 * (torch.nn.utils.prune.l1_unstructured per tensor). With `previous`, already-pruned weights stay
 * pruned and count towards k (iterative pruning of survivors, as the lottery ticket rounds need).
 */
export function layerwiseMagnitudeMasks(
  values: Map<string, Float32Array>,
  names: string[],
  p: number,
  previous?: MaskSet,
): MaskSet {
  const out: MaskSet = new Map();
  for (const name of names) {
    const a = requireValues(values, name);
    const prior = previous?.get(name);
    const [mask] = fullMasks([a]);
    const k = Math.max(pruneCount(p, a.length), prior ? countZeros(prior) : 0);
    for (const [, i] of smallestK([a], k, prior ? [prior] : undefined)) mask[i] = 0;
    out.set(name, mask);
  }
  return out;
}

function requireValues(values: Map<string, Float32Array>, name: string): Float32Array {
  const a = values.get(name);
  if (a === undefined) throw new TensorMismatchError(name, 'no values for this prunable tensor');
  return a;
}

export function countZeros(mask: Uint8Array): number {
  let z = 0;
  for (const m of mask) if (m === 0) z++;
  return z;
}

/**
 * Mask tensors kept on the backend for the whole fine-tuning run, so re-applying after every
 * optimiser step costs one `where` per tensor and no host round-trip.
 */
export class MaskApplier {
  private readonly tensors = new Map<string, tf.Tensor>();

  constructor(
    readonly masks: MaskSet,
    model: GnnModel,
  ) {
    for (const [name, mask] of masks) {
      const v = model.params.get(name);
      if (v === undefined) throw new TensorMismatchError(name, 'mask names a parameter the model lacks');
      if (v.size !== mask.length)
        throw new TensorMismatchError(name, `mask has ${mask.length} entries, tensor ${v.size}`);
      this.tensors.set(name, tf.keep(tf.tensor(mask, v.shape, 'bool')));
    }
  }

  /**
   * Zero the pruned weights of `model`. `where` (not a multiply) so that pruned entries are +0,
   * never -0: the sparse file then round-trips bit-exactly.
   */
  apply(model: GnnModel): void {
    tf.tidy(() => {
      for (const [name, m] of this.tensors) {
        const v = model.params.get(name)!;
        v.assign(tf.where(m, v, tf.zerosLike(v)));
      }
    });
  }

  dispose(): void {
    for (const t of this.tensors.values()) t.dispose();
    this.tensors.clear();
  }
}
