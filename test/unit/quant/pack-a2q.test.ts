import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { packBits, unpackBits } from '../../../gnn/methods/quant/bit-stream';
import { packModel, readPacked } from '../../../gnn/methods/quant/pack';
import { computeQParams, dequantizeValue, quantizeValue } from '../../../gnn/methods/quant/qparams';
import { a2qQuantize, effectiveBits, nearestPoolIndex, symmetricCode } from '../../../gnn/methods/quant/a2q-quantizer';

const closeAll = (a: ArrayLike<number>, b: number[], tol = 1e-5): void => {
  assert.equal(a.length, b.length);
  for (let i = 0; i < b.length; i++) assert.ok(Math.abs(a[i]! - b[i]!) <= tol, `[${i}] ${a[i]} ≠ ${b[i]}`);
};

test.before(async () => {
  await tf.setBackend('cpu');
});

test('two INT4 codes share a byte, LSB first', () => {
  const packed = packBits([1, 2, 15, 0, 7], 4);
  assert.deepEqual([...packed], [0x21, 0x0f, 0x07]);
  assert.deepEqual([...unpackBits(packed, 4, 5)], [1, 2, 15, 0, 7]);
  assert.deepEqual([...unpackBits(packBits([5, 0, 3], 3), 3, 3)], [5, 0, 3]);
});

test('packed file: INT4 weight ⌈n/2⌉ bytes + header, FP32 bias, dequantised on read', () => {
  const p = computeQParams(-1, 1, 4, true); // s = 2/15, z = −8 − round(−7.5) = −8 + 8 = 0 (half-even)
  const w = Float32Array.from([-1, -0.5, 0, 0.5, 1, 0.3]);
  const bias = Float32Array.from([0.25, -2]);
  const { bytes, avgBits } = packModel({
    tensors: [
      { name: 'l.weight', shape: [3, 2], values: w, codec: { kind: 'affine', params: p } },
      { name: 'l.bias', shape: [2], values: bias },
    ],
  });
  // header 4+1+4; weight: name 2+8, kind 1, rank 1, dims 8, params 1+1+4+4, codes ⌈6·4/8⌉ = 3; bias: 2+6, 1, 1, 4, 8
  assert.equal(bytes.length, 9 + (10 + 2 + 8 + 10 + 3) + (8 + 2 + 4 + 8));
  assert.equal(avgBits, 4);
  const back = readPacked(bytes);
  closeAll(back.tensors.get('l.bias')!.values, [0.25, -2]);
  const expected = Array.from(w, (x) => dequantizeValue(quantizeValue(x, p), p));
  closeAll(back.tensors.get('l.weight')!.values, expected);
  closeAll(expected.slice(0, 2), [(-8 * 2) / 15, (-4 * 2) / 15]); // −1 → round(−7.5) = −8; −0.5 → round(−3.75) = −4
});

test('A²Q code: sign(x)·⌊|clamp(x/s, −Q, Q)| + 0.5⌋ with Q = 2^{b−1} − 1', () => {
  assert.equal(symmetricCode(0.26, 0.1, 4), 3); // 2.6 → 3
  assert.equal(symmetricCode(-0.25, 0.1, 4), -3); // |−2.5| + 0.5 = 3 → −3 (ties away from zero)
  assert.equal(symmetricCode(5, 0.1, 4), 7); // clamps at Q = 7
  assert.equal(symmetricCode(-5, 0.1, 3), -3); // Q = 3
  assert.equal(effectiveBits(3.6), 4);
  assert.equal(effectiveBits(-0.2), 2); // |b| rounded, kept ≥ 2
});

test('A²Q forward and LSQ-style gradients by hand', () => {
  const x = tf.tensor2d([[0.26, -0.9]]); // one row, s = 0.1, b = 3 → Q = 3, reach Q·s = 0.3
  const s = tf.tensor2d([[0.1]]);
  const b = tf.tensor2d([[3]]);
  closeAll(a2qQuantize(x, s, b, true).dataSync(), [0.3, -0.3]);
  const [gx, gs, gb] = tf.grads((a: tf.Tensor, ss: tf.Tensor, bb: tf.Tensor) =>
    tf.sum(a2qQuantize(a as tf.Tensor2D, ss as tf.Tensor2D, bb as tf.Tensor2D, true)),
  )([x, s, b]);
  closeAll(gx!.dataSync(), [1, 0]); // 0.26 inside, −0.9 clipped
  // s: inside (x_q − x/s) = 3 − 2.6 = 0.4; outside Q·sign(x) = −3  → −2.6
  closeAll(gs!.dataSync(), [0.4 - 3]);
  // b: outside only: sign(x)·(Q+1)·ln2·s = −1·4·ln2·0.1
  closeAll(gb!.dataSync(), [-4 * Math.LN2 * 0.1]);
});

test('nearest pool entry by max-magnitude', () => {
  // reaches 2^{b−1}·s: [4·0.1, 4·1, 8·0.01] = [0.4, 4, 0.08]
  const idx = nearestPoolIndex(
    Float32Array.from([0.05, 0.3, 3, 100]),
    Float32Array.from([0.1, 1, 0.01]),
    Float32Array.from([3, 3, 4]),
  );
  assert.deepEqual([...idx], [2, 0, 1, 1]);
});

test('A²Q memory penalty λ·ReLU(M − 1 KB)² with straight-through bit-widths', async () => {
  const { createA2qHooks } = await import('../../../gnn/methods/quant/a2q-hooks');
  const { memoryPenalty } = await import('../../../gnn/methods/quant/a2q');
  const hooks = createA2qHooks({ task: 'graph', poolSize: 3 });
  const x = tf.tensor2d([
    [0.5, -1.5],
    [2, 0.25],
  ]);
  hooks.linear('l', x, tf.tensor2d([[1], [2]]), null, (a, w) => tf.matMul(a, w));
  const site = hooks.features.get('l.input')!;
  site.usage.fill(0);
  site.usage[0] = 8192; // 8192 values at 4 bits = 4 KB for one graph
  const p = memoryPenalty(hooks);
  assert.ok(Math.abs(p.dataSync()[0]! - 1e-3 * (4 - 1) ** 2) < 1e-9);
  // d/db_0 = 2λ(M − 1)·8192/8/1024 = 2e-3·3·1; the other entries are unused
  const grads = tf.variableGrads(() => memoryPenalty(hooks), [site.b]).grads[site.b.name]!.dataSync();
  assert.ok(Math.abs(grads[0]! - 6e-3) < 1e-7 && grads[1] === 0 && grads[2] === 0, String([...grads]));
});
