/**
 * Replacements for stock tfjs 4.22 kernels that are missing or slow on the backends used here:
 *   UnsortedSegmentSum  wasm: absent (so tf.gather's gradient throws); cpu: O(segments × rows), 85 s
 *                       for one Cora-sized call. Both get a one-pass kernel.
 *   BatchMatMul (wasm)  with a transposed operand it is 2–15× slower than without (every matMul gradient
 *                       has one). Rank-2 products get explicit transposes instead, except Aᵀ·B (every
 *                       weight gradient Xᵀ·dY), which the SIMD module computes from A and B as they lie:
 *                       the stock product transposes A and packs B anew each call, because B is a new
 *                       tensor each time (GIN/PROTEINS [N≈5,000, 64]: 3.3–3.4 ms per call with 1 or 2
 *                       threads, ~240 ms of a training epoch).
 *   Identity, Cast to the same dtype (wasm)
 *                       copy the data, where the cpu and webgl backends share it (Reshape on wasm shares
 *                       too): tfjs clones every tensor a gradient needs, so a GIN/PROTEINS epoch made
 *                       ~600 copies of [5,000, 64] tensors. Now they share the buffer and count a
 *                       reference; no kernel here or in tfjs writes into an existing tensor's memory
 *                       (variables change by swapping buffers), so sharing is safe.
 *   Sum, Mean over axis 0 of a matrix (wasm)
 *                       transpose everything first; one pass instead (kernels-reduce.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { alloc, outF32, viewF32, type KernelArgs } from './heap';
import { columnReduceKernel } from './kernels-reduce';
import { unsortedSegmentSumKernel } from './kernels-rows';
import { simdApplies } from './simd';
import { simdMatMulAtB } from './simd-dense';

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
  tf.registerKernel({
    kernelName: name,
    backendName: backend,
    kernelFunc,
    setupFunc: stock?.setupFunc,
    disposeFunc: stock?.disposeFunc,
  });
}

/**
 * op(A) @ op(B) for rank-2 operands with the flagged operands transposed explicitly first, so the
 * stock kernel never sees a transpose flag. Computing (op(B)ᵀ op(A)ᵀ)ᵀ instead moves fewer floats
 * when A is large, but measured slower (40 vs 12 ms CPU for Xᵀ·dy on Cora): XNNPACK re-packs its
 * right operand whenever that tensor is new, and in a gradient the saved input always is.
 */
function matMulFix(stock?: AnyKernel): AnyKernel {
  const transpose = tf.getKernel('Transpose', 'wasm')?.kernelFunc as AnyKernel | undefined;
  if (!stock || !transpose) throw new Error('wasm BatchMatMul/Transpose kernels are not registered');
  return (args) => {
    const { a, b } = args.inputs;
    const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
    if ((!transposeA && !transposeB) || a.shape.length !== 2 || b.shape.length !== 2) return stock(args);
    if (transposeA && !transposeB) {
      const product = atb(args.backend, a, b);
      if (product) return product;
    }
    const backend = args.backend as Disposer;
    const t = (x: tf.TensorInfo) => transpose({ inputs: { x }, backend, attrs: { perm: [1, 0] } }) as tf.TensorInfo;
    const ta = transposeA ? t(a) : a;
    const tb = transposeB ? t(b) : b;
    const out = stock({
      inputs: { a: ta, b: tb },
      backend,
      attrs: { transposeA: false, transposeB: false },
    }) as tf.TensorInfo;
    if (transposeA) backend.disposeData(ta.dataId);
    if (transposeB) backend.disposeData(tb.dataId);
    return out;
  };
}

/** aᵀ·b for float32 a [rows, p], b [rows, q] through the SIMD module, or null when it does not apply. */
function atb(backend: unknown, a: tf.TensorInfo, b: tf.TensorInfo): tf.TensorInfo | null {
  const [rows, p] = a.shape;
  const q = b.shape[1];
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || b.shape[0] !== rows || !simdApplies(backend, q)) return null;
  const o = alloc(backend, [p, q]);
  if (!simdMatMulAtB(backend, viewF32(backend, a), viewF32(backend, b), rows, p, q, outF32(backend, o)))
    throw new Error('SIMD Aᵀ·B refused operands it had accepted');
  return o.info;
}

interface RefCounter {
  incRef(dataId: tf.DataId): void;
}

/** Identity (or Cast to the dtype it already has) as a new reference to the same buffer. */
function shareKernel(stock?: AnyKernel): AnyKernel {
  return (args) => {
    const x = args.inputs.x;
    const dtype = (args.attrs as { dtype?: tf.DataType } | undefined)?.dtype ?? x.dtype;
    if (dtype === x.dtype && x.dtype !== 'string') {
      (args.backend as RefCounter).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    }
    if (!stock) throw new Error('wasm Identity/Cast kernel is not registered');
    return stock(args);
  };
}

/** Installs every fix once; call after the backend packages are imported. */
export function registerKernelFixes(): void {
  replace('UnsortedSegmentSum', 'cpu', (stock) => unsortedSegmentSumKernel(stock));
  if (!tf.getKernel('UnsortedSegmentSum', 'wasm'))
    tf.registerKernel({
      kernelName: 'UnsortedSegmentSum',
      backendName: 'wasm',
      kernelFunc: unsortedSegmentSumKernel() as tf.KernelFunc,
    });
  replace('BatchMatMul', 'wasm', matMulFix);
  replace('Identity', 'wasm', shareKernel);
  replace('Sum', 'wasm', (stock) => columnReduceKernel(false, stock));
  replace('Mean', 'wasm', (stock) => columnReduceKernel(true, stock));
  replace('Cast', 'wasm', shareKernel);
}
