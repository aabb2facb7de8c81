/**
 * Replacements for stock tfjs 4.22 kernels that are missing or slow on the backends used here:
 *   UnsortedSegmentSum  wasm: absent (so tf.gather's gradient throws); cpu: O(segments × rows), 85 s
 *                       for one Cora-sized call. Both get a one-pass kernel.
 *   BatchMatMul (wasm)  with a transposed operand it is 2–15× slower than without (every matMul gradient
 *                       has one). Rank-2 products are rewritten to transpose the cheaper side explicitly.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelArgs } from './heap';
import { unsortedSegmentSumKernel } from './kernels-rows';

type AnyKernel = (args: KernelArgs) => tf.TensorInfo | tf.TensorInfo[];

/** The wasm backend's way to free an intermediate no tensor owns. */
interface Disposer {
  disposeData(dataId: tf.DataId, force?: boolean): boolean;
}

/**
 * Swaps in `make(stock)` for a kernel, keeping the stock one reachable for the cases it handles. The
 * stock setupFunc is kept: wasm binds its C entry points there when the backend initialises.
 */
function replace(name: string, backend: string, make: (stock?: AnyKernel) => AnyKernel): void {
  const stock = tf.getKernel(name, backend);
  if (stock) tf.unregisterKernel(name, backend);
  const kernelFunc = make(stock?.kernelFunc as AnyKernel | undefined) as tf.KernelFunc;
  tf.registerKernel({ kernelName: name, backendName: backend, kernelFunc, setupFunc: stock?.setupFunc, disposeFunc: stock?.disposeFunc });
}

function size(t: tf.TensorInfo): number {
  return t.shape.reduce((a, b) => a * b, 1);
}

/**
 * op(A) @ op(B) for rank-2 operands with no transposed operand reaching the stock kernel: either
 * transpose the flagged operands, or compute (op(B)ᵀ @ op(A)ᵀ)ᵀ, whichever moves fewer floats.
 */
function matMulFix(stock?: AnyKernel): AnyKernel {
  const transpose = tf.getKernel('Transpose', 'wasm')?.kernelFunc as AnyKernel | undefined;
  if (!stock || !transpose) throw new Error('wasm BatchMatMul/Transpose kernels are not registered');
  return (args) => {
    const { a, b } = args.inputs;
    const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
    if ((!transposeA && !transposeB) || a.shape.length !== 2 || b.shape.length !== 2) return stock(args);
    const backend = args.backend as Disposer;
    const t = (x: tf.TensorInfo) => transpose({ inputs: { x }, backend, attrs: { perm: [1, 0] } }) as tf.TensorInfo;
    const mm = (x: tf.TensorInfo, y: tf.TensorInfo) => stock({ inputs: { a: x, b: y }, backend, attrs: { transposeA: false, transposeB: false } }) as tf.TensorInfo;
    const outSize = (transposeA ? a.shape[1] : a.shape[0]) * (transposeB ? b.shape[0] : b.shape[1]);
    const direct = (transposeA ? size(a) : 0) + (transposeB ? size(b) : 0);
    const swapped = (transposeA ? 0 : size(a)) + (transposeB ? 0 : size(b)) + outSize;
    const temps: tf.TensorInfo[] = [];
    const keep = (x: tf.TensorInfo) => (temps.push(x), x);
    let out: tf.TensorInfo;
    if (direct <= swapped) {
      out = mm(transposeA ? keep(t(a)) : a, transposeB ? keep(t(b)) : b);
    } else {
      const outT = keep(mm(transposeB ? b : keep(t(b)), transposeA ? a : keep(t(a))));
      out = t(outT);
    }
    for (const x of temps) backend.disposeData(x.dataId);
    return out;
  };
}

/** Installs every fix once; call after the backend packages are imported. */
export function registerKernelFixes(): void {
  replace('UnsortedSegmentSum', 'cpu', (stock) => unsortedSegmentSumKernel(stock));
  if (!tf.getKernel('UnsortedSegmentSum', 'wasm')) tf.registerKernel({ kernelName: 'UnsortedSegmentSum', backendName: 'wasm', kernelFunc: unsortedSegmentSumKernel() as tf.KernelFunc });
  replace('BatchMatMul', 'wasm', matMulFix);
}
