/**
 * The fused fake-quantisation kernels against the tfjs ops they replace (useStockOps), bit for bit:
 * values and gradients, straight-through and clipped, with and without Degree-Quant's kept rows, at
 * widths that take the SIMD path on wasm and widths that take the JS loop.
 */
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useStockOps } from '../../../gnn/engine';
import { fakeQuant, maskedFakeQuant } from '../../../gnn/methods/quant/fake-quant';
import type { BackwardKind } from '../../../gnn/methods/quant/mode';
import { computeQParams } from '../../../gnn/methods/quant/qparams';
import { eachBackend, rand } from './helpers';

/** Values, then d/dx of Σ c ⊙ fq(x) (c breaks symmetry), through the current path. */
function run(x: tf.Tensor2D, keep: tf.Tensor2D | null, backward: BackwardKind) {
  const p = computeQParams(-0.6, 0.9, 4, true);
  const c = tf.tensor(rand(x.size, 5), x.shape);
  const f = (t: tf.Tensor) => (keep ? maskedFakeQuant(t as tf.Tensor2D, keep, p, backward) : fakeQuant(t, p, backward));
  const value = tf.tidy(() => Array.from(f(x).dataSync()));
  const grad = tf.tidy(() =>
    Array.from(
      tf
        .grad((t: tf.Tensor) => tf.sum(tf.mul(f(t), c)))(x)
        .dataSync(),
    ),
  );
  c.dispose();
  return { value, grad };
}

eachBackend('fused fake quantisation equals the tfjs ops bit for bit (values and gradients, kept rows)', () => {
  const p = computeQParams(-0.6, 0.9, 4, true);
  for (const [rows, cols] of [
    [37, 12],
    [5, 6],
    [1, 7],
  ]) {
    const v = rand(rows * cols, rows + cols);
    // some values exactly half-way between grid points, and some outside the range
    for (let i = 0; i < v.length; i += 5) v[i] = (Math.round(v[i] * 7) + 0.5 - p.zeroPoint) * p.scale;
    for (let i = 3; i < v.length; i += 11) v[i] *= 4;
    const x = tf.tensor2d(v, [rows, cols]);
    const keep = tf.tensor2d(
      Array.from({ length: rows }, (_, r) => (r % 3 === 1 ? 1 : 0)),
      [rows, 1],
    );
    for (const backward of ['ste', 'gc'] as const)
      for (const k of [null, keep]) {
        const fused = run(x, k, backward);
        useStockOps(true);
        try {
          const ops = run(x, k, backward);
          const what = `[${rows}, ${cols}] ${backward}${k ? ' kept rows' : ''}`;
          assert.deepEqual(fused.value, ops.value, `${what}: values`);
          assert.deepEqual(fused.grad, ops.grad, `${what}: gradients`);
        } finally {
          useStockOps(false);
        }
      }
    tf.dispose([x, keep]);
  }
});
