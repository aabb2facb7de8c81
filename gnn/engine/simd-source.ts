/**
 * WebAssembly text of the engine's SIMD kernels, generated so the unrolled blocks are written once.
 * The module imports the wasm backend's own memory, so it reads and writes tensors where they lie.
 *
 *   csr(ptr, other, w, x, out, rows, stride, col, vecs)
 *       for every row r: out[r, col : col + 4·vecs] = Σ_{k ∈ ptr[r] … ptr[r+1]} w[k] · x[other[k], col : …]
 *   colsum(x, out, rows, stride, col, vecs, scale)
 *       out[col : col + 4·vecs] = scale · Σ_r x[r, col : …]
 *
 * Pointers are byte offsets into the memory, `stride` is a row's length in bytes, `col` a column
 * index, `vecs` the number of 4-float vectors per block (1 or 8, a function each). Sums accumulate in
 * float32 lanes, edge by edge (row by row for colsum), in the order the JS kernels use.
 */

/** Names of the exported functions for each block width. */
export const SIMD_BLOCKS = [8, 1] as const;
export type SimdBlock = (typeof SIMD_BLOCKS)[number];

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

function csrFunction(vecs: number): string {
  const accs = range(vecs);
  return `
  (func (export "csr${vecs}") (param $ptr i32) (param $other i32) (param $w i32) (param $x i32) (param $out i32)
      (param $rows i32) (param $stride i32) (param $col i32)
    (local $r i32) (local $k i32) (local $end i32) (local $base i32) (local $o i32) (local $colb i32) (local $wv v128)
    ${accs.map((i) => `(local $a${i} v128)`).join(' ')}
    (local.set $colb (i32.shl (local.get $col) (i32.const 2)))
    (block $done (loop $row
      (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $k (i32.load (i32.add (local.get $ptr) (i32.shl (local.get $r) (i32.const 2)))))
      (local.set $end (i32.load offset=4 (i32.add (local.get $ptr) (i32.shl (local.get $r) (i32.const 2)))))
      ${accs.map((i) => `(local.set $a${i} (v128.const i32x4 0 0 0 0))`).join(' ')}
      (block $edges_done (loop $edge
        (br_if $edges_done (i32.ge_u (local.get $k) (local.get $end)))
        (local.set $base (i32.add (local.get $x) (i32.add (local.get $colb)
          (i32.mul (i32.load (i32.add (local.get $other) (i32.shl (local.get $k) (i32.const 2)))) (local.get $stride)))))
        (local.set $wv (f32x4.splat (f32.load (i32.add (local.get $w) (i32.shl (local.get $k) (i32.const 2))))))
        ${accs
          .map(
            (i) =>
              `(local.set $a${i} (f32x4.add (local.get $a${i}) (f32x4.mul (v128.load offset=${16 * i} align=4 (local.get $base)) (local.get $wv))))`,
          )
          .join('\n        ')}
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $edge)))
      (local.set $o (i32.add (local.get $out) (i32.add (local.get $colb) (i32.mul (local.get $r) (local.get $stride)))))
      ${accs.map((i) => `(v128.store offset=${16 * i} align=4 (local.get $o) (local.get $a${i}))`).join(' ')}
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $row))))`;
}

function colsumFunction(vecs: number): string {
  const accs = range(vecs);
  return `
  (func (export "colsum${vecs}") (param $x i32) (param $out i32) (param $rows i32) (param $stride i32) (param $col i32)
      (param $scale f32)
    (local $r i32) (local $p i32) (local $s v128)
    ${accs.map((i) => `(local $a${i} v128)`).join(' ')}
    (local.set $p (i32.add (local.get $x) (i32.shl (local.get $col) (i32.const 2))))
    (block $done (loop $row
      (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
      ${accs
        .map(
          (i) =>
            `(local.set $a${i} (f32x4.add (local.get $a${i}) (v128.load offset=${16 * i} align=4 (local.get $p))))`,
        )
        .join('\n      ')}
      (local.set $p (i32.add (local.get $p) (local.get $stride)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $row)))
    (local.set $s (f32x4.splat (local.get $scale)))
    (local.set $p (i32.add (local.get $out) (i32.shl (local.get $col) (i32.const 2))))
    ${accs.map((i) => `(v128.store offset=${16 * i} align=4 (local.get $p) (f32x4.mul (local.get $a${i}) (local.get $s)))`).join(' ')})`;
}

/** The module text; `shared` must match the imported memory (the threaded build's is shared). */
export function simdModuleText(shared: boolean): string {
  const memory = shared ? '(memory 1 65536 shared)' : '(memory 1)';
  return `(module
  (import "env" "memory" ${memory})
  ${SIMD_BLOCKS.map((v) => csrFunction(v) + colsumFunction(v)).join('\n')}
)`;
}
