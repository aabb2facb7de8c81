/**
 * WebAssembly text of the engine's SIMD kernels, generated so the unrolled blocks are written once.
 * The module imports the wasm backend's own memory, so it reads and writes tensors where they lie.
 *
 *   csr(ptr, other, w, x, out, rows, stride, col, vecs)
 *       for every row r: out[r, col : col + 4·vecs] = Σ_{k ∈ ptr[r] … ptr[r+1]} w[k] · x[other[k], col : …]
 *   colsum(x, out, rows, stride, col, vecs, scale)
 *       out[col : col + 4·vecs] = scale · Σ_r x[r, col : …]
 *   atb<I>x<vecs>(a, b, out, rows, strideA, strideB, strideOut, i0, tilesI, col0, tilesJ, block)
 *       out[i, col] += Σ_r a[r, i] · b[r, col] over the tiles of I output rows × 4·vecs columns from
 *       (i0, col0): part of Aᵀ·B with A and B read row by row where they lie. Rows go in blocks of
 *       `block`, all tiles taking each block in turn, so a block of A and B is read from memory once
 *       and then from the cache, not once per tile.
 *
 * Pointers are byte offsets into the memory, `stride` is a row's length in bytes, `col` a column
 * index, `vecs` the number of 4-float vectors per block (1 or 8, a function each). Sums accumulate in
 * float32 lanes, edge by edge (row by row for colsum), in the order the JS kernels use; atb's row by
 * row, in the order of XNNPACK's product, whose bits it reproduces.
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

function atbFunction(tileRows: number, vecs: number): string {
  const is = range(tileRows);
  const vs = range(vecs);
  const acc = (ii: number, v: number) => `$a${ii}_${v}`;
  const rowOf = (ii: number) =>
    ii === 0 ? '(local.get $o)' : `(i32.add (local.get $o) (i32.mul (i32.const ${ii}) (local.get $so)))`;
  return `
  (func (export "atb${tileRows}x${vecs}") (param $a i32) (param $b i32) (param $out i32) (param $rows i32)
      (param $sa i32) (param $sb i32) (param $so i32) (param $i0 i32) (param $tilesI i32) (param $col0 i32)
      (param $tilesJ i32) (param $block i32)
    (local $r0 i32) (local $n i32) (local $ti i32) (local $tj i32) (local $i i32) (local $col i32)
    (local $pa i32) (local $pb i32) (local $end i32) (local $o i32) (local $t v128)
    ${is.map((ii) => `(local $x${ii} v128)`).join(' ')}
    ${is.flatMap((ii) => vs.map((v) => `(local ${acc(ii, v)} v128)`)).join(' ')}
    (block $blocks_done (loop $blocks
      (br_if $blocks_done (i32.ge_u (local.get $r0) (local.get $rows)))
      (local.set $n (i32.sub (local.get $rows) (local.get $r0)))
      (local.set $n (select (local.get $block) (local.get $n) (i32.lt_u (local.get $block) (local.get $n))))
      (local.set $ti (i32.const 0))
      (block $ti_done (loop $ti_loop
        (br_if $ti_done (i32.ge_u (local.get $ti) (local.get $tilesI)))
        (local.set $i (i32.add (local.get $i0) (i32.mul (local.get $ti) (i32.const ${tileRows}))))
        (local.set $tj (i32.const 0))
        (block $tj_done (loop $tj_loop
          (br_if $tj_done (i32.ge_u (local.get $tj) (local.get $tilesJ)))
          (local.set $col (i32.add (local.get $col0) (i32.mul (local.get $tj) (i32.const ${4 * vecs}))))
          (local.set $o (i32.add (local.get $out)
            (i32.add (i32.shl (local.get $col) (i32.const 2)) (i32.mul (local.get $i) (local.get $so)))))
          ${is.flatMap((ii) => vs.map((v) => `(local.set ${acc(ii, v)} (v128.load offset=${16 * v} align=4 ${rowOf(ii)}))`)).join('\n          ')}
          (local.set $pa (i32.add (local.get $a)
            (i32.add (i32.mul (local.get $r0) (local.get $sa)) (i32.shl (local.get $i) (i32.const 2)))))
          (local.set $pb (i32.add (local.get $b)
            (i32.add (i32.mul (local.get $r0) (local.get $sb)) (i32.shl (local.get $col) (i32.const 2)))))
          (local.set $end (i32.add (local.get $pb) (i32.mul (local.get $n) (local.get $sb))))
          (block $done (loop $row
            (br_if $done (i32.ge_u (local.get $pb) (local.get $end)))
            ${is.map((ii) => `(local.set $x${ii} (v128.load32_splat offset=${4 * ii} align=4 (local.get $pa)))`).join(' ')}
            ${vs
              .map(
                (v) =>
                  `(local.set $t (v128.load offset=${16 * v} align=4 (local.get $pb))) ` +
                  is
                    .map(
                      (ii) =>
                        `(local.set ${acc(ii, v)} (f32x4.add (local.get ${acc(ii, v)}) (f32x4.mul (local.get $x${ii}) (local.get $t))))`,
                    )
                    .join(' '),
              )
              .join('\n            ')}
            (local.set $pa (i32.add (local.get $pa) (local.get $sa)))
            (local.set $pb (i32.add (local.get $pb) (local.get $sb)))
            (br $row)))
          ${is.flatMap((ii) => vs.map((v) => `(v128.store offset=${16 * v} align=4 ${rowOf(ii)} (local.get ${acc(ii, v)}))`)).join('\n          ')}
          (local.set $tj (i32.add (local.get $tj) (i32.const 1)))
          (br $tj_loop)))
        (local.set $ti (i32.add (local.get $ti) (i32.const 1)))
        (br $ti_loop)))
      (local.set $r0 (i32.add (local.get $r0) (local.get $block)))
      (br $blocks)))
  )`;
}

/**
 * `fakeQuant(x, keep, out, rows, rowBytes, s, z, lo, hi)`: every row r with keep[r] ≠ 1 (or every row
 * when keep = 0, the null pointer) becomes (clamp(nearest(x/s + z), lo, hi) − z)·s; rows with keep = 1
 * are copied. `fakeQuantGrad(dy, x, keep, out, …)`: dy where the row is kept or nearest(x/s + z) lies in
 * [lo, hi], else dy·0 — the gradient of Degree-Quant's clipped estimator. Each operation is the float32
 * one tfjs's own ops apply in the same order (div, add, round half to even, clip, sub, mul), so results
 * are the same bits.
 */
function fakeQuantFunctions(): string {
  const grid = (x: string) => `(f32x4.nearest (f32x4.add (f32x4.div ${x} (local.get $vs)) (local.get $vz)))`;
  const rowLoop = (body: string, copy: string) => `
    (local.set $vs (f32x4.splat (local.get $s))) (local.set $vz (f32x4.splat (local.get $z)))
    (local.set $vlo (f32x4.splat (local.get $lo))) (local.set $vhi (f32x4.splat (local.get $hi)))
    (block $done (loop $row
      (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $o (i32.mul (local.get $r) (local.get $rowBytes)))
      (local.set $kept (i32.and (i32.ne (local.get $keep) (i32.const 0))
        (f32.eq (f32.load (i32.add (local.get $keep) (i32.shl (local.get $r) (i32.const 2)))) (f32.const 1))))
      (local.set $c (i32.const 0))
      (block $row_done (loop $col
        (br_if $row_done (i32.ge_u (local.get $c) (local.get $rowBytes)))
        (local.set $p (i32.add (local.get $o) (local.get $c)))
        (if (local.get $kept) (then ${copy}) (else ${body}))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (br $col)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $row)))`;
  const locals = `(local $r i32) (local $o i32) (local $c i32) (local $p i32) (local $kept i32) (local $g v128)
    (local $vs v128) (local $vz v128) (local $vlo v128) (local $vhi v128)`;
  const params = `(param $rows i32) (param $rowBytes i32) (param $s f32) (param $z f32) (param $lo f32) (param $hi f32)`;
  const at = (base: string) => `(i32.add (local.get ${base}) (local.get $p))`;
  return `
  (func (export "fakeQuant") (param $x i32) (param $keep i32) (param $out i32) ${params}
    ${locals}
    ${rowLoop(
      `(v128.store align=4 ${at('$out')} (f32x4.mul (f32x4.sub (f32x4.min (f32x4.max ${grid(`(v128.load align=4 ${at('$x')})`)} (local.get $vlo)) (local.get $vhi)) (local.get $vz)) (local.get $vs)))`,
      `(v128.store align=4 ${at('$out')} (v128.load align=4 ${at('$x')}))`,
    )})
  (func (export "fakeQuantGrad") (param $dy i32) (param $x i32) (param $keep i32) (param $out i32) ${params}
    ${locals}
    ${rowLoop(
      `(local.set $g ${grid(`(v128.load align=4 ${at('$x')})`)})
        (v128.store align=4 ${at('$out')} (f32x4.mul (v128.load align=4 ${at('$dy')})
          (v128.bitselect (v128.const f32x4 1 1 1 1) (v128.const f32x4 0 0 0 0)
            (v128.and (f32x4.ge (local.get $g) (local.get $vlo)) (f32x4.le (local.get $g) (local.get $vhi))))))`,
      `(v128.store align=4 ${at('$out')} (v128.load align=4 ${at('$dy')}))`,
    )})`;
}

/** Tile shapes of the Aᵀ·B kernel, [output rows, 4-float vectors across]: 2 × 16, and the edges. */
export const ATB_TILES = [
  [2, 4],
  [2, 1],
  [1, 4],
  [1, 1],
] as const;

/** The module text; `shared` must match the imported memory (the threaded build's is shared). */
export function simdModuleText(shared: boolean): string {
  const memory = shared ? '(memory 1 65536 shared)' : '(memory 1)';
  return `(module
  (import "env" "memory" ${memory})
  ${SIMD_BLOCKS.map((v) => csrFunction(v) + colsumFunction(v)).join('\n')}
  ${ATB_TILES.map(([r, v]) => atbFunction(r, v)).join('\n')}
  ${fakeQuantFunctions()}
)`;
}
