/**
 * The SIMD module's dense kernels (simd-source.ts): the weight-gradient product Aᵀ·B and fake
 * quantisation, called from kernel-fixes.ts and kernels-quant.ts. The module itself, its loading and the
 * graph kernels are in simd.ts.
 */
import { active } from './simd';

export type AtbFn = (
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

export type FakeQuantFn = (
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
export type FakeQuantGradFn = (dy: number, ...rest: Parameters<FakeQuantFn>) => void;

/** The integer grid of a fake quantiser: x̂ = (clamp(round(x/scale + zeroPoint), qmin, qmax) − zeroPoint)·scale. */
export interface QuantGrid {
  scale: number;
  zeroPoint: number;
  qmin: number;
  qmax: number;
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
