import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import {
  indexSegments,
  segmentSparsemax,
  sparsemaxBackward,
  sparsemaxForward,
  SegmentIdError,
} from '../../../gnn/models/sparsemax';

function close(actual: ArrayLike<number>, expected: number[], tol = 1e-5): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= tol, `index ${i}: ${actual[i]} vs ${expected[i]}`);
  }
}

test('sparsemax forward matches hand-computed projections', () => {
  // segment 0: z = [1, 0.5, -1]: k*=2 (1+2·0.5 > 1.5, 1+3·(−1) ≤ 0.5), τ = (1.5−1)/2 = 0.25 → [0.75, 0.25, 0]
  // segment 1: z = [3, 0]: k*=1 (1+2·0 ≤ 3), τ = 2 → [1, 0]
  // segment 2: z = [0.2, 0.2, 0.2]: uniform → 1/3 each
  // segment 3: single entry → 1
  const z = Float32Array.from([1, 3, 0.5, 0, -1, 0.2, 0.2, 0.2, -7]);
  const ids = Int32Array.from([0, 1, 0, 1, 0, 2, 2, 2, 3]);
  const p = sparsemaxForward(z, indexSegments(ids, 4));
  close(p, [0.75, 1, 0.25, 0, 0, 1 / 3, 1 / 3, 1 / 3, 1]);
});

test('sparsemax leaves empty segments alone and rejects bad segment ids', () => {
  const p = sparsemaxForward(Float32Array.from([2, 2]), indexSegments(Int32Array.from([2, 2]), 4));
  close(p, [0.5, 0.5]);
  assert.throws(() => indexSegments(Int32Array.from([0, 5]), 3), SegmentIdError);
});

test('sparsemax backward is g minus the support mean, zero off support', () => {
  const p = Float32Array.from([0.75, 0.25, 0]);
  const g = Float32Array.from([1, 3, 10]);
  close(sparsemaxBackward(p, g, indexSegments(Int32Array.from([0, 0, 0]), 1)), [-1, 1, 0]);
});

test('segmentSparsemax gradient matches central finite differences', () => {
  const z = [0.9, 0.1, 0.5, -0.3, 1.2, 0.4, 0.45, -2];
  const ids = Int32Array.from([0, 0, 0, 1, 1, 1, 1, 2]);
  const seg = indexSegments(ids, 3);
  const c = [0.3, -1.1, 2.0, 0.7, -0.4, 1.5, 0.2, 0.9];
  const loss = (v: tf.Tensor1D): tf.Scalar => tf.sum(tf.mul(tf.square(segmentSparsemax(v, seg)), tf.tensor1d(c)));
  const grad = tf
    .grad((v: tf.Tensor) => loss(v as tf.Tensor1D))(tf.tensor1d(z))
    .dataSync();
  const h = 1e-3;
  const numeric = z.map((_, i) => {
    const up = z.slice();
    const dn = z.slice();
    up[i] += h;
    dn[i] -= h;
    const f = (a: number[]): number => {
      const p = sparsemaxForward(Float32Array.from(a), seg);
      return p.reduce((s, pi, k) => s + c[k] * pi * pi, 0);
    };
    return (f(up) - f(dn)) / (2 * h);
  });
  close(grad, numeric, 2e-3);
  assert.ok(
    numeric.some((v) => Math.abs(v) > 0.1),
    'the test point must have non-trivial gradients',
  );
});
