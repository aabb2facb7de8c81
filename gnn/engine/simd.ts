/**
 * The engine's SIMD kernels on the wasm backend: a small WebAssembly module (simd-source.ts, assembled
 * with wabt when the backend starts) that imports the backend's memory and runs the CSR propagate and
 * the column sums 4 floats at a time. The JS kernels stay the fallback: on cpu, before `loadSimdKernels`,
 * and for widths that are not a multiple of 4. On GIN/PROTEINS batches ([≈5,000, 64], one thread):
 * propagate 1.56 → 0.46 ms, column sum 0.15 (JS) → 0.09 ms (tf.profile kernel times).
 */
import { existsSync, readFileSync } from 'node:fs';
import type * as tf from '@tensorflow/tfjs-core';
import type { AtbFn, FakeQuantFn, FakeQuantGradFn } from './simd-dense';
import { simdModuleText } from './simd-source';
import { tempCachePath, writeFileAtomic } from './temp-cache';

type CsrFn = (
  ptr: number,
  other: number,
  w: number,
  x: number,
  out: number,
  rows: number,
  stride: number,
  col: number,
) => void;
type ColsumFn = (x: number, out: number, rows: number, stride: number, col: number, scale: number) => void;
interface Exports {
  csr8: CsrFn;
  csr1: CsrFn;
  colsum8: ColsumFn;
  colsum1: ColsumFn;
  atb2x4: AtbFn;
  atb1x4: AtbFn;
  atb2x1: AtbFn;
  atb1x1: AtbFn;
  fakeQuant: FakeQuantFn;
  fakeQuantGrad: FakeQuantGradFn;
}

/** A WebAssembly.Memory (this project's TypeScript lib has no WebAssembly types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}

/** The slice of the WebAssembly global used here. */
interface WasmApi {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: unknown } }>;
}

/** The slice of the wasm backend's Emscripten module used here. */
interface EmscriptenLike {
  wasmMemory?: WasmMemory;
  asm?: { memory?: WasmMemory };
  _malloc(bytes: number): number;
  _free(ptr: number): void;
}

export interface Loaded {
  backend: tf.KernelBackend;
  fns: Exports;
  memory: WasmMemory;
  module: EmscriptenLike;
}

let loaded: Loaded | null = null;
let disabled = false;

/**
 * Assembles and instantiates the module against `backend`'s memory; a no-op when it is not wasm or
 * when it is loaded for that memory already.
 */
export async function loadSimdKernels(backend: tf.KernelBackend): Promise<void> {
  const module = (backend as unknown as { wasm?: EmscriptenLike }).wasm;
  const memory = module?.wasmMemory ?? module?.asm?.memory;
  if (!module || !memory || loaded?.memory === memory) return;
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const bytes = await assembled(simdModuleText(shared), shared);
  const { instance } = await (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly.instantiate(bytes, {
    env: { memory },
  });
  loaded = { backend, fns: instance.exports as unknown as Exports, memory, module };
}

/**
 * The module's bytes: assembled with wabt (~125 ms, most of it loading wabt) and kept in the OS temp
 * folder under the text's hash, so later processes skip wabt.
 */
async function assembled(text: string, shared: boolean): Promise<Uint8Array> {
  const file = tempCachePath('gnnc-simd', text, '.wasm');
  if (existsSync(file)) return readFileSync(file);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const wabt = await (require('wabt') as typeof import('wabt'))();
  const parsed = wabt.parseWat('gnnc-simd.wat', text, { simd: true, threads: shared });
  try {
    const { buffer } = parsed.toBinary({});
    writeFileAtomic(file, buffer);
    return buffer;
  } finally {
    parsed.destroy();
  }
}

/** Turns the SIMD kernels off (or back on) in this process: tests compare both paths. */
export function useSimdKernels(on: boolean): void {
  disabled = !on;
}

/** Whether the SIMD kernels run now (loaded for the current wasm backend, not turned off). */
export function simdKernelsActive(): boolean {
  return loaded !== null && !disabled;
}

/** Whether the SIMD kernels take a [·, f] tensor of `backend` (loaded for it, f a multiple of 4). */
export function simdApplies(backend: unknown, f: number): boolean {
  return active(backend, f) !== null;
}

/**
 * The SIMD module when it applies: the tensors live in its memory and rows are whole vectors (for the
 * dense kernels of simd-dense.ts as for the ones here).
 */
export function active(backend: unknown, f: number): Loaded | null {
  return loaded && !disabled && backend === loaded.backend && f % 4 === 0 && f > 0 ? loaded : null;
}

/** Column blocks: 32 columns per call of the 8-vector function, then 4 per call of the 1-vector one. */
function eachBlock(f: number, wide: (col: number) => void, narrow: (col: number) => void): void {
  let col = 0;
  for (; col + 32 <= f; col += 32) wide(col);
  for (; col < f; col += 4) narrow(col);
}

/** The CSR index lists and weights, copied into the backend's heap for one call. */
interface Csr {
  ptr: Int32Array;
  other: Int32Array;
  numRows: number;
}

/**
 * `out[r, :] = Σ_k w[k] · x[other[k], :]` with SIMD when it applies (returns false otherwise). `x` and
 * `out` must be backend tensors; their heap offsets are read after the scratch allocation, which may
 * move the heap.
 */
export function simdCsrMultiply(
  backend: unknown,
  csr: Csr,
  w: Float32Array,
  f: number,
  heapOf: () => { x: Float32Array; out: Float32Array },
): boolean {
  const s = active(backend, f);
  if (!s) return false;
  const nnz = csr.other.length;
  const bytes = 4 * (csr.ptr.length + 2 * nnz);
  const scratch = s.module._malloc(bytes);
  try {
    const buf = s.memory.buffer;
    new Int32Array(buf, scratch, csr.ptr.length).set(csr.ptr);
    const otherAt = scratch + 4 * csr.ptr.length;
    new Int32Array(buf, otherAt, nnz).set(csr.other);
    const wAt = otherAt + 4 * nnz;
    new Float32Array(buf, wAt, nnz).set(w.subarray(0, nnz));
    const { x, out } = heapOf();
    const call = (fn: CsrFn) => (col: number) =>
      fn(scratch, otherAt, wAt, x.byteOffset, out.byteOffset, csr.numRows, 4 * f, col);
    eachBlock(f, call(s.fns.csr8), call(s.fns.csr1));
  } finally {
    s.module._free(scratch);
  }
  return true;
}

/** `out = scale · column sums of x [rows, f]` with SIMD when it applies (returns false otherwise). */
export function simdColumnSums(
  backend: unknown,
  x: Float32Array,
  rows: number,
  f: number,
  scale: number,
  out: Float32Array,
): boolean {
  const s = active(backend, f);
  if (!s || x.buffer !== s.memory.buffer || out.buffer !== s.memory.buffer) return false;
  const call = (fn: ColsumFn) => (col: number) => fn(x.byteOffset, out.byteOffset, rows, 4 * f, col, scale);
  eachBlock(f, call(s.fns.colsum8), call(s.fns.colsum1));
  return true;
}
