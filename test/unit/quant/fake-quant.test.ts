import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { fakeQuant } from '../../../gnn/methods/quant/fake-quant';
import { MODES, parseMode } from '../../../gnn/methods/quant/mode';
import { computeQParams } from '../../../gnn/methods/quant/qparams';
import { TensorQuantizer } from '../../../gnn/methods/quant/tensor-quantizer';

const closeAll = (a: ArrayLike<number>, b: number[], tol = 1e-5): void => {
  assert.equal(a.length, b.length);
  for (let i = 0; i < b.length; i++) assert.ok(Math.abs(a[i]! - b[i]!) <= tol, `[${i}] ${a[i]} ≠ ${b[i]}`);
};

test.before(async () => {
  await tf.setBackend('cpu');
});

test('fake quantisation forward: INT4 unsigned [0, 2]', () => {
  const p = computeQParams(0, 2, 4, false); // s = 2/15, z = 0
  const y = fakeQuant(tf.tensor1d([0.7, 3, -1, 1.1]), p, 'ste');
  // 0.7 → round(5.25)=5 → 5·2/15; 3 → 15 → 2; −1 → 0; 1.1 → round(8.25)=8 → 16/15
  closeAll(y.dataSync(), [(5 * 2) / 15, 2, 0, 16 / 15]);
});

test('backward: ste passes the gradient, gc zeroes it where the value clipped', () => {
  const p = computeQParams(-1, 1, 8, true); // s = 2/255, z = round(−128 + 127.5) = 0 (half-even: −0.5 → 0)
  const x = tf.tensor1d([-3, -0.5, 0.2, 1, 4]);
  const ste = tf.grad((t: tf.Tensor) => tf.sum(fakeQuant(t, p, 'ste')))(x);
  const gc = tf.grad((t: tf.Tensor) => tf.sum(fakeQuant(t, p, 'gc')))(x);
  closeAll(ste.dataSync(), [1, 1, 1, 1, 1]);
  closeAll(gc.dataSync(), [0, 1, 1, 1, 0]);
});

test('all six modes: training observes, evaluation freezes, gc zeroes clipped gradients', () => {
  for (const name of MODES) {
    const mode = parseMode(name);
    const q = new TensorQuantizer(4, mode, true);
    const train = tf.tensor2d([[-1, 0.5, 3]]);
    q.apply(train, true);
    const r = q.observer.range!;
    // abs / mom take the batch min/max on the first batch; per (n=3, p=0.01): k=max(1,⌊0.03⌋)=1 and ⌊2.97⌋=2
    assert.deepEqual(r, mode.observer === 'per' ? { min: -1, max: 0.5 } : { min: -1, max: 3 }, name);
    const wide = tf.tensor2d([[-10, 0, 10]]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(q.apply(t, false)))(wide);
    assert.deepEqual(q.observer.range, r, `${name}: range must not move outside training`);
    closeAll(g.dataSync(), mode.backward === 'ste' ? [1, 1, 1] : [0, 1, 0]);
    if (mode.observer === 'per') {
      // s = 1.5/15 = 0.1, z = −8 − round(−10) = 2: 3 → clamp(32) = 7 → (7 − 2)·0.1 = 0.5
      closeAll(q.apply(tf.tensor2d([[3]]), false).dataSync(), [0.5]);
    } else {
      // s = 4/15, z = −8 − round(−3.75) = −4: 0.5 → round(1.875 − 4) = −2 → (−2 + 4)·4/15
      closeAll(q.apply(tf.tensor2d([[0.5]]), false).dataSync(), [(2 * 4) / 15]);
    }
  }
});

test("signed 'auto' picks an unsigned grid for non-negative inputs", () => {
  const q = new TensorQuantizer(8, parseMode('ste-abs'), 'auto');
  q.apply(tf.tensor2d([[0, 1, 2.55]]), true);
  assert.equal(q.signed, false);
  const p = q.params()!;
  assert.equal(p.qmin, 0);
  assert.ok(Math.abs(p.scale - 0.01) < 1e-9);
});
