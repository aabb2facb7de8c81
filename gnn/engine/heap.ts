/**
 * Direct access to tensor memory for the engine's JS kernels. On wasm a tensor lives in the module's
 * heap and on cpu in a TypedArray; both can be read and written in place, so a kernel costs one loop
 * over the data and no copies. Order matters on wasm: allocate every output first, then take views,
 * because an allocation may grow the heap and detach earlier views.
 */
import type * as tf from '@tensorflow/tfjs-core';

type TensorInfo = tf.TensorInfo;
type NumericArray = Float32Array | Int32Array;

/** What tfjs hands a kernel function (inputs are always present for the kernels defined here). */
export interface KernelArgs {
  inputs: Record<string, TensorInfo>;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}

/** The slice of the wasm backend's class these kernels use. */
interface WasmLike {
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): NumericArray;
}

/** The slice of the cpu backend's class these kernels use. */
interface CpuLike {
  data: { get(id: tf.DataId): { values: NumericArray } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: NumericArray): TensorInfo;
}

/** Backends whose tensor memory the engine's kernels address directly. */
export const DIRECT_BACKENDS = ['wasm', 'cpu'] as const;

function isWasm(backend: unknown): backend is WasmLike {
  return typeof (backend as WasmLike).typedArrayFromHeap === 'function';
}

/** One output tensor: allocate all outputs with `alloc`, then call `view` on each. */
export interface Out {
  info: TensorInfo;
  values?: NumericArray;
}

/** Allocates an output (contents undefined on wasm: kernels write every element or zero it). */
export function alloc(backend: unknown, shape: number[], dtype: 'float32' | 'int32' = 'float32'): Out {
  if (isWasm(backend)) return { info: backend.makeOutput(shape, dtype) };
  const size = shape.reduce((a, b) => a * b, 1);
  const values = dtype === 'int32' ? new Int32Array(size) : new Float32Array(size);
  return { info: (backend as CpuLike).makeTensorInfo(shape, dtype, values), values };
}

/** A live view of a tensor's memory; valid until the next allocation on this backend. */
export function view(backend: unknown, t: TensorInfo): NumericArray {
  if (isWasm(backend)) return backend.typedArrayFromHeap(t);
  return (backend as CpuLike).data.get(t.dataId).values;
}

/** Float32 view; throws on other dtypes so a kernel never reinterprets int bits as floats. */
export function viewF32(backend: unknown, t: TensorInfo): Float32Array {
  const v = view(backend, t);
  if (!(v instanceof Float32Array)) throw new Error(`engine kernel expected float32, got ${t.dtype}`);
  return v;
}

/** View of an output allocated with `alloc`. */
export function outF32(backend: unknown, o: Out): Float32Array {
  return (o.values as Float32Array | undefined) ?? viewF32(backend, o.info);
}

/** Int32 view of an output allocated with `alloc(…, 'int32')`. */
export function outI32(backend: unknown, o: Out): Int32Array {
  const v = o.values ?? view(backend, o.info);
  if (!(v instanceof Int32Array)) throw new Error('engine kernel expected an int32 output');
  return v;
}
