/**
 * The engine's SIMD kernels on the wasm backend: a small WebAssembly module (simd-source.ts, assembled
 * with wabt when the backend starts) that imports the backend's memory and runs the CSR propagate and
 * the column sums 4 floats at a time. The JS kernels stay the fallback: on cpu, before `loadSimdKernels`,
 * and for widths that are not a multiple of 4. On GIN/PROTEINS batches ([≈5,000, 64], one thread):
 * propagate 1.56 → 0.46 ms, column sum 0.15 (JS) → 0.09 ms (tf.profile kernel times).
 */
import { existsSync, readFileSync } from 'node:fs';
import type * as tf from '@tensorflow/tfjs-core';
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
type AtbFn = (
  a: number,
  b: number,
  out: number,
  rows: number,
  sa: number,
  sb: number,
  so: number,
  i0: number,
  tilesI: number,
  col0: number,
  tilesJ: number,
  block: number,
) => void;

type FakeQuantFn = (
  x: number,
  keep: number,
  out: number,
  rows: number,
  rowBytes: number,
  s: number,
  z: number,
  lo: number,
  hi: number,
) => void;
type FakeQuantGradFn = (dy: number, ...rest: Parameters<FakeQuantFn>) => void;

/** The integer grid of a fake quantiser: x̂ = (clamp(round(x/scale + zeroPoint), qmin, qmax) − zeroPoint)·scale. */
export interface QuantGrid {
  scale: number;
  zeroPoint: number;
  qmin: number;
  qmax: number;
}

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

interface Loaded {
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

/** The SIMD module when it applies: the tensors live in its memory and rows are whole vectors. */
function active(backend: unknown, f: number): Loaded | null {
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

/**
 * Rows of A and B per block in the Aᵀ·B kernel: 64 rows of 64 floats each are 2 × 16 KB, which stay in
 * a core's L1 cache while every tile reads them. [4,400, 64]ᵀ·[4,400, 64], one thread: 1.07–1.20 ms
 * with blocks of 32 or 64 rows, 1.15–1.50 with 128 or 256, 2.3–2.8 unblocked (each tile streaming all
 * rows), 2.4–2.7 for the stock kernel's transpose, packing and product.
 */
const ATB_BLOCK_ROWS = 64;

/**
 * `out [p, q] = aᵀ · b` for a [rows, p] and b [rows, q] with SIMD when it applies (q a multiple of 4,
 * all three in the backend's memory; returns false otherwise): tiles of 2 output rows × 16 columns,
 * then the edges (4 columns, 1 row), each summing over the rows in float32, row by row — the order of
 * XNNPACK's own product, whose results these equal bit for bit.
 */
export function simdMatMulAtB(
  backend: unknown,
  a: Float32Array,
  b: Float32Array,
  rows: number,
  p: number,
  q: number,
  out: Float32Array,
): boolean {
  const s = active(backend, q);
  const buf = s?.memory.buffer;
  if (!s || a.buffer !== buf || b.buffer !== buf || out.buffer !== buf) return false;
  const { atb2x4, atb2x1, atb1x4, atb1x1 } = s.fns;
  out.fill(0);
  const run = (fn: AtbFn, i0: number, tilesI: number, col0: number, tilesJ: number) => {
    if (tilesI > 0 && tilesJ > 0)
      fn(
        a.byteOffset,
        b.byteOffset,
        out.byteOffset,
        rows,
        4 * p,
        4 * q,
        4 * q,
        i0,
        tilesI,
        col0,
        tilesJ,
        ATB_BLOCK_ROWS,
      );
  };
  const [pairs, wide] = [p >> 1, q >> 4];
  const [narrow, lastRow] = [(q - 16 * wide) >> 2, p - (p & 1)];
  run(atb2x4, 0, pairs, 0, wide);
  run(atb2x1, 0, pairs, 16 * wide, narrow);
  run(atb1x4, lastRow, p & 1, 0, wide);
  run(atb1x1, lastRow, p & 1, 16 * wide, narrow);
  return true;
}

/**
 * Fake quantisation of x [rows, rowLength] into out, rows with keep[r] = 1 copied (keep null: none), or,
 * with `dy`, its clipped-estimator gradient; with SIMD when it applies (returns false otherwise).
 */
export function simdFakeQuant(
  backend: unknown,
  arrays: { x: Float32Array; out: Float32Array; keep: Float32Array | null; dy?: Float32Array },
  rowLength: number,
  g: QuantGrid,
): boolean {
  const s = active(backend, rowLength);
  const buf = s?.memory.buffer;
  const { x, out, keep, dy } = arrays;
  if (!s || [x, out, keep ?? x, dy ?? x].some((a) => a.buffer !== buf)) return false;
  const args = [
    keep ? keep.byteOffset : 0,
    out.byteOffset,
    x.length / rowLength,
    4 * rowLength,
    g.scale,
    g.zeroPoint,
    g.qmin,
    g.qmax,
  ] as const;
  if (dy) s.fns.fakeQuantGrad(dy.byteOffset, x.byteOffset, ...args);
  else s.fns.fakeQuant(x.byteOffset, ...args);
  return true;
}
