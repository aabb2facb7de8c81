/**
 * Registers the engine's kernels and gradients on the wasm and cpu backends, plus the stock kernel
 * fixes of kernel-fixes.ts. Idempotent; every public engine op calls it.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { DIRECT_BACKENDS, type KernelArgs } from './heap';
import {
  edgeDotKernel,
  propagateKernel,
  propagateWKernel,
  spmmKernel,
  type PropagateAttrs,
  type SpmmAttrs,
} from './kernels-graph';
import { fakeQuantGradKernel, fakeQuantKernel } from './kernels-quant';
import { gatherRowsKernel, scatterRowsKernel, segmentMaxGradKernel, segmentMaxKernel } from './kernels-rows';
import { registerKernelFixes } from './kernel-fixes';
import type { QuantGrid } from './simd-dense';

/** Kernel names the engine adds (the 'Gnnc' prefix keeps them apart from tfjs's own). */
export const K = {
  gatherRows: 'GnncGatherRows',
  scatterRows: 'GnncScatterRows',
  segmentMax: 'GnncSegmentMax',
  segmentMaxGrad: 'GnncSegmentMaxGrad',
  propagate: 'GnncPropagate',
  propagateW: 'GnncPropagateW',
  edgeDot: 'GnncEdgeDot',
  spmm: 'GnncSpmm',
  fakeQuant: 'GnncFakeQuant',
  fakeQuantKeep: 'GnncFakeQuantKeep',
  fakeQuantGrad: 'GnncFakeQuantGrad',
} as const;

type AnyKernel = (args: KernelArgs) => tf.TensorInfo | tf.TensorInfo[];

const KERNELS: [string, AnyKernel][] = [
  [K.gatherRows, gatherRowsKernel],
  [K.scatterRows, scatterRowsKernel],
  [K.segmentMax, segmentMaxKernel],
  [K.segmentMaxGrad, segmentMaxGradKernel],
  [K.propagate, propagateKernel],
  [K.propagateW, propagateWKernel],
  [K.edgeDot, edgeDotKernel],
  [K.spmm, spmmKernel],
  [K.fakeQuant, fakeQuantKernel],
  [K.fakeQuantKeep, fakeQuantKernel],
  [K.fakeQuantGrad, fakeQuantGradKernel],
];

let registered = false;
let stockOnly = false;

/** Forces the stock-op path (what tfjs-node runs) on every backend; for tests and the bench. @default false */
export function useStockOps(on: boolean): void {
  stockOnly = on;
}

/** Runs an engine kernel; attributes may carry index arrays and prepared structures. */
export function run<T extends tf.Tensor>(name: string, inputs: Record<string, tf.Tensor>, attrs: object): T {
  return tf.engine().runKernel(name, inputs as tf.NamedTensorMap, attrs as unknown as tf.NamedAttrMap) as T;
}

function flip<A extends object>(attrs: A, key: keyof A): A {
  return { ...attrs, [key]: !attrs[key] };
}

function registerGradients(): void {
  tf.registerGradient({
    kernelName: K.gatherRows,
    gradFunc: (dy, _s, attrs) => ({ x: () => run(K.scatterRows, { x: dy as tf.Tensor }, attrs) }),
  });
  tf.registerGradient({
    kernelName: K.scatterRows,
    gradFunc: (dy, _s, attrs) => ({ x: () => run(K.gatherRows, { x: dy as tf.Tensor }, attrs) }),
  });
  tf.registerGradient({
    kernelName: K.segmentMax,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => ({ x: () => run(K.segmentMaxGrad, { x: saved[0], dy: dy as tf.Tensor }, attrs) }),
  });
  tf.registerGradient({
    kernelName: K.propagate,
    gradFunc: (dy, _s, attrs) => ({
      x: () => run(K.propagate, { x: dy as tf.Tensor }, flip(attrs as unknown as PropagateAttrs, 'reverse')),
    }),
  });
  tf.registerGradient({
    kernelName: K.propagateW,
    inputsToSave: ['x', 'w'],
    gradFunc: (dy, saved, attrs) => ({
      x: () =>
        run(K.propagateW, { x: dy as tf.Tensor, w: saved[1] }, flip(attrs as unknown as PropagateAttrs, 'reverse')),
      w: () => run(K.edgeDot, { a: saved[0], b: dy as tf.Tensor }, attrs),
    }),
  });
  const clipped = (attrs: unknown) => (attrs as { clipped: boolean }).clipped;
  tf.registerGradient({
    kernelName: K.fakeQuant,
    inputsToSave: ['x'],
    gradFunc: (dy, [x], attrs) => ({
      x: () => (clipped(attrs) ? run(K.fakeQuantGrad, { dy: dy as tf.Tensor, x }, attrs) : (dy as tf.Tensor)),
    }),
  });
  tf.registerGradient({
    kernelName: K.fakeQuantKeep,
    inputsToSave: ['x', 'keep'],
    gradFunc: (dy, [x, keep], attrs) => ({
      x: () => (clipped(attrs) ? run(K.fakeQuantGrad, { dy: dy as tf.Tensor, x, keep }, attrs) : (dy as tf.Tensor)),
      keep: () => tf.zerosLike(keep),
    }),
  });
  tf.registerGradient({
    kernelName: K.spmm,
    gradFunc: (dy, _s, attrs) => ({
      w: () => run(K.spmm, { w: dy as tf.Tensor }, flip(attrs as unknown as SpmmAttrs, 'transpose')),
    }),
  });
}

/** Registers everything once per process. */
export function registerEngineKernels(): void {
  if (registered) return;
  registered = true;
  for (const backendName of DIRECT_BACKENDS) {
    for (const [kernelName, kernelFunc] of KERNELS)
      tf.registerKernel({ kernelName, backendName, kernelFunc: kernelFunc as tf.KernelFunc });
  }
  registerGradients();
  registerKernelFixes();
}

/** True when the engine's own kernels run on the current backend (else ops use stock tfjs ops). */
export function hasDirectKernels(): boolean {
  registerEngineKernels();
  return !stockOnly && (DIRECT_BACKENDS as readonly string[]).includes(tf.getBackend());
}

/**
 * Fake quantisation of x onto `grid` in one kernel (rows of x with keep = 1 pass through; keep [rows, 1]
 * of 0/1, x [rows, f]), with the clipped estimator's gradient (`clipped`) or the straight-through one;
 * null where the engine's kernels do not run (the caller then composes tfjs ops, same values).
 */
export function fusedFakeQuant<T extends tf.Tensor>(
  x: T,
  keep: tf.Tensor | null,
  grid: QuantGrid,
  clipped: boolean,
): T | null {
  if (!hasDirectKernels() || x.dtype !== 'float32' || (keep && (x.rank !== 2 || keep.size !== x.shape[0]))) return null;
  const attrs = { scale: grid.scale, zeroPoint: grid.zeroPoint, qmin: grid.qmin, qmax: grid.qmax, clipped };
  return keep ? run<T>(K.fakeQuantKeep, { x, keep }, attrs) : run<T>(K.fakeQuant, { x }, attrs);
}
