/**
 * The replaced stock kernels: wasm BatchMatMul with transposed operands (explicit transposes; Aᵀ·B in
 * the SIMD module), Sum and
 * Mean over axis 0, Identity and Cast that share buffers, and
 * UnsortedSegmentSum, against plain-JS references, with no backend buffers left behind.
 */
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { simdKernelsActive, useSimdKernels } from '../../../gnn/engine';
import { assertClose, eachBackend, rand } from './helpers';

/** C = op(A) @ op(B) in plain JS; A is r×c as stored. */
function refMatMul(
  a: Float32Array,
  ar: number,
  ac: number,
  b: Float32Array,
  br: number,
  bc: number,
  ta: boolean,
  tb: boolean,
): Float32Array {
  const m = ta ? ac : ar;
  const k = ta ? ar : ac;
  const n = tb ? br : bc;
  const out = new Float32Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += (ta ? a[p * ac + i] : a[i * ac + p]) * (tb ? b[j * bc + p] : b[p * bc + j]);
      out[i * n + j] = s;
    }
  return out;
}

eachBackend('matMul with every transpose combination', () => {
  for (const [m, k, n] of [
    [3, 40, 2],
    [30, 4, 5],
    [1, 6, 1],
  ]) {
    for (const ta of [false, true])
      for (const tb of [false, true]) {
        const [ar, ac] = ta ? [k, m] : [m, k];
        const [br, bc] = tb ? [n, k] : [k, n];
        const a = rand(ar * ac, m + k);
        const b = rand(br * bc, n + 7);
        const buffers = tf.memory().numDataBuffers;
        const got = tf.tidy(() => tf.matMul(tf.tensor2d(a, [ar, ac]), tf.tensor2d(b, [br, bc]), ta, tb).dataSync());
        assert.equal(tf.memory().numDataBuffers, buffers, 'backend buffers leaked');
        assertClose(got, refMatMul(a, ar, ac, b, br, bc, ta, tb), 1e-4, `m${m} k${k} n${n} ta=${ta} tb=${tb}`);
      }
  }
});

eachBackend('Aᵀ·B over every tile shape and across row blocks; on wasm the same bits as the stock product', () => {
  if (tf.getBackend() === 'wasm') assert.ok(simdKernelsActive(), 'the SIMD kernels run on wasm');
  // [rows, p, q]: 2×16 tiles with 2×4 and 1×16 / 1×4 edges, rows across 64-row blocks, no rows at all
  for (const [rows, p, q] of [
    [130, 5, 36],
    [64, 2, 16],
    [7, 1, 4],
    [200, 64, 64],
    [0, 4, 8],
  ]) {
    const a = rand(rows * p, rows + p);
    const b = rand(rows * q, q + 3);
    const product = () =>
      tf.tidy(() => tf.matMul(tf.tensor2d(a, [rows, p]), tf.tensor2d(b, [rows, q]), true, false).dataSync());
    const buffers = tf.memory().numDataBuffers;
    const got = product();
    assert.equal(tf.memory().numDataBuffers, buffers, 'backend buffers leaked');
    assertClose(got, refMatMul(a, rows, p, b, rows, q, true, false), 1e-4, `rows ${rows} p ${p} q ${q}`);
    if (tf.getBackend() !== 'wasm' || rows === 0) continue; // the stock wasm product fails on 0 rows
    useSimdKernels(false);
    try {
      assert.deepEqual(product(), got, `rows ${rows} p ${p} q ${q}: SIMD and stock bits differ`);
    } finally {
      useSimdKernels(true);
    }
  }
});

eachBackend('batched (rank-3) matMul with transposes still goes to the stock kernel', () => {
  const a = rand(2 * 3 * 4, 1);
  const b = rand(2 * 5 * 4, 2);
  const got = tf.tidy(() => tf.matMul(tf.tensor3d(a, [2, 3, 4]), tf.tensor3d(b, [2, 5, 4]), false, true).dataSync());
  for (let batch = 0; batch < 2; batch++) {
    const ref = refMatMul(
      a.slice(batch * 12, batch * 12 + 12),
      3,
      4,
      b.slice(batch * 20, batch * 20 + 20),
      5,
      4,
      false,
      true,
    );
    assertClose(got.slice(batch * 15, batch * 15 + 15), ref, 1e-4, `batch ${batch}`);
  }
});

eachBackend('matMul gradients match the reference through the rewritten kernel', () => {
  const a = tf.tensor2d(rand(6 * 4, 3), [6, 4]);
  const b = tf.tensor2d(rand(4 * 3, 4), [4, 3]);
  const [ga, gb] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D)))([
    a,
    b,
  ]);
  // d/dA sum(AB) = 1 Bᵀ: every row of ga is the row sums of B; d/dB = Aᵀ 1: every column of gb is A's column sums
  const bs = b.arraySync();
  const as = a.arraySync();
  (ga.arraySync() as number[][]).forEach((row) =>
    assertClose(
      row,
      bs.map((r) => r.reduce((s, v) => s + v, 0)),
      1e-4,
    ),
  );
  const colSums = [0, 1, 2, 3].map((c) => as.reduce((s, r) => s + r[c], 0));
  (gb.arraySync() as number[][]).forEach((row, i) => assertClose(row, [colSums[i], colSums[i], colSums[i]], 1e-4));
  tf.dispose([a, b, ga, gb]);
});

eachBackend('UnsortedSegmentSum on 1-D and 3-D data, negative ids dropped', () => {
  const x = tf.tensor3d(rand(4 * 2 * 2, 9), [4, 2, 2]);
  const ids = tf.tensor1d([1, -1, 1, 0], 'int32');
  const got = tf.tidy(() => tf.unsortedSegmentSum(x, ids, 3).dataSync());
  const xs = x.dataSync();
  const ref = new Float32Array(12);
  [1, -1, 1, 0].forEach((s, i) => {
    if (s >= 0) for (let j = 0; j < 4; j++) ref[s * 4 + j] += xs[i * 4 + j];
  });
  assertClose(got, ref, 1e-5);
  const ints = tf.tidy(() =>
    tf.unsortedSegmentSum(tf.tensor1d([1, 2, 3], 'int32'), tf.tensor1d([2, 2, 0], 'int32'), 3).dataSync(),
  );
  assert.deepEqual(Array.from(ints), [3, 0, 3]);
  tf.dispose([x, ids]);
});

eachBackend('Sum and Mean over axis 0 (also -2, keepDims, widths not a multiple of 8); other axes unchanged', () => {
  for (const [rows, f] of [
    [37, 13],
    [5, 16],
    [1, 3],
  ]) {
    const xs = rand(rows * f, rows + f);
    const x = tf.tensor2d(xs, [rows, f]);
    const cols = Array.from({ length: f }, (_, c) => {
      let s = 0;
      for (let r = 0; r < rows; r++) s += xs[r * f + c];
      return s;
    });
    const rowSums = Array.from({ length: rows }, (_, r) => xs.slice(r * f, r * f + f).reduce((a, b) => a + b, 0));
    const buffers = tf.memory().numDataBuffers;
    tf.tidy(() => {
      for (const axis of [0, -2]) {
        assertClose(tf.sum(x, axis).dataSync(), cols, 1e-4, `sum axis ${axis} ${rows}×${f}`);
        assertClose(
          tf.mean(x, axis).dataSync(),
          cols.map((s) => s / rows),
          1e-5,
          `mean axis ${axis}`,
        );
      }
      const kept = tf.sum(x, 0, true);
      assert.deepEqual(kept.shape, [1, f]);
      assertClose(kept.dataSync(), cols, 1e-4, 'keepDims');
      assert.deepEqual(tf.mean(x, 0, true).shape, [1, f]);
      assertClose(tf.sum(x, 1).dataSync(), rowSums, 1e-4, 'axis 1 (stock)');
      assertClose(tf.sum(x).dataSync(), [cols.reduce((a, b) => a + b, 0)], 1e-3, 'all axes (stock)');
      assert.deepEqual(Array.from(tf.sum(tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32'), 0).dataSync()), [4, 6]);
    });
    assert.equal(tf.memory().numDataBuffers, buffers, 'backend buffers leaked');
    x.dispose();
  }
});

eachBackend('Identity and same-dtype Cast give equal values that outlive their source', () => {
  const x = tf.tensor2d(rand(12, 5), [3, 4]);
  const want = Array.from(x.dataSync());
  const c = tf.clone(x);
  const k = tf.cast(x, 'float32');
  const i = tf.cast(x, 'int32');
  x.dispose();
  assertClose(c.dataSync(), want, 0, 'clone');
  assertClose(k.dataSync(), want, 0, 'cast to float32');
  assert.equal(i.dtype, 'int32');
  assert.deepEqual(
    Array.from(i.dataSync()),
    want.map((v) => Math.trunc(v) + 0),
  );
  tf.dispose([c, k, i]);
});
