/**
 * Fake quantisation in one pass (`GnncFakeQuant`) and its clipped-estimator gradient in one more
 * (`GnncFakeQuantGrad`), instead of the 6 + 4 tfjs ops (and 3 + 4 for Degree-Quant's protected rows)
 * that quantisation-aware training runs at every quantised tensor. Rows whose `keep` is 1 pass through
 * (Degree-Quant's protected nodes). Every operation is the float32 operation tfjs's ops apply, in their
 * order, so the values are the same bits: SIMD on wasm (simd.ts), a JS loop rounding each step with
 * Math.fround elsewhere.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { roundHalfEven } from '../../core/numbers';
import { alloc, outF32, viewF32, type KernelArgs } from './heap';
import { simdFakeQuant, type QuantGrid } from './simd-dense';

const f32 = Math.fround;

/** The quantised value of one element, each step rounded to float32 as the tfjs ops do. */
function gridValue(x: number, g: QuantGrid): number {
  return roundHalfEven(f32(f32(x / g.scale) + g.zeroPoint));
}

function rowLengthOf(x: tf.TensorInfo, keep: tf.TensorInfo | undefined): number {
  return keep ? x.shape[x.shape.length - 1] : x.shape.reduce((a, b) => a * b, 1);
}

/** The JS path: `fn(i, kept)` for every element i of rows of `n`, kept when the row's keep is 1. */
function forElements(length: number, n: number, keep: Float32Array | null, fn: (i: number, kept: boolean) => void) {
  for (let r = 0; r * n < length; r++) {
    const kept = keep !== null && keep[r] === 1;
    for (let i = r * n; i < (r + 1) * n; i++) fn(i, kept);
  }
}

/** The grid with every number as the float32 scalar tfjs would make of it. */
function float32Grid(attrs: unknown): QuantGrid {
  const a = attrs as QuantGrid;
  return { scale: f32(a.scale), zeroPoint: f32(a.zeroPoint), qmin: f32(a.qmin), qmax: f32(a.qmax) };
}

export function fakeQuantKernel(args: KernelArgs): tf.TensorInfo {
  const { x, keep } = args.inputs;
  const g = float32Grid(args.attrs);
  const o = alloc(args.backend, x.shape);
  const out = outF32(args.backend, o);
  const xs = viewF32(args.backend, x);
  const ks = keep ? viewF32(args.backend, keep) : null;
  const n = rowLengthOf(x, keep);
  if (!simdFakeQuant(args.backend, { x: xs, out, keep: ks }, n, g))
    forElements(xs.length, n, ks, (i, kept) => {
      const v = Math.min(Math.max(gridValue(xs[i], g), g.qmin), g.qmax);
      out[i] = kept ? xs[i] : f32(f32(v - g.zeroPoint) * g.scale);
    });
  return o.info;
}

export function fakeQuantGradKernel(args: KernelArgs): tf.TensorInfo {
  const { dy, x, keep } = args.inputs;
  const g = float32Grid(args.attrs);
  const o = alloc(args.backend, x.shape);
  const out = outF32(args.backend, o);
  const [xs, ds] = [viewF32(args.backend, x), viewF32(args.backend, dy)];
  const ks = keep ? viewF32(args.backend, keep) : null;
  const n = rowLengthOf(x, keep);
  if (!simdFakeQuant(args.backend, { x: xs, out, keep: ks, dy: ds }, n, g))
    forElements(xs.length, n, ks, (i, kept) => {
      const v = gridValue(xs[i], g);
      out[i] = kept ? ds[i] : ds[i] * (v >= g.qmin && v <= g.qmax ? 1 : 0);
    });
  return o.info;
}
