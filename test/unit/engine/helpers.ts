/**
 * Test helpers for the engine: run a case under every backend that loads here (wasm and cpu), and
 * check gradients against central finite differences (float32 only, so small sizes and ~1e-2 tolerance).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { loadSimdKernels, registerEngineKernels, useStockOps } from '../../../gnn/engine';

export const TEST_BACKENDS = ['wasm', 'cpu'] as const;

/**
 * Registers `name [backend]` for each backend (and `[backend, stock ops]` when `stock` is set). On wasm
 * the SIMD kernels are loaded, as initBackend does.
 */
export function eachBackend(name: string, fn: () => void | Promise<void>, opts: { stock?: boolean } = {}): void {
  for (const backend of TEST_BACKENDS) {
    const modes = opts.stock ? [false, true] : [false];
    for (const stock of modes) {
      test(`${name} [${backend}${stock ? ', stock ops' : ''}]`, async () => {
        registerEngineKernels();
        assert.ok(await tf.setBackend(backend), `backend ${backend} failed to initialise`);
        await tf.ready();
        await loadSimdKernels(tf.backend());
        useStockOps(stock);
        const before = tf.memory().numTensors;
        try {
          await fn();
        } finally {
          useStockOps(false);
        }
        assert.equal(tf.memory().numTensors, before, 'tensors leaked');
      });
    }
  }
}

/** Deterministic pseudo-random floats in [-1, 1). */
export function rand(n: number, seed = 1): Float32Array {
  let s = seed >>> 0 || 1;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32) * 2 - 1;
  });
}

export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-5, what = 'values'): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const e = expected[i];
    assert.ok(Math.abs(a - e) <= tol * Math.max(1, Math.abs(e)), `${what}[${i}]: got ${a}, expected ${e}`);
  }
}

/**
 * Compares tf.grad of sum(f(x) · r) (r a fixed random projection, so every output matters) with central
 * differences in each input element.
 */
export function checkGradient(
  f: (x: tf.Tensor) => tf.Tensor,
  x0: tf.Tensor,
  opts: { eps?: number; rtol?: number } = {},
): void {
  const eps = opts.eps ?? 1e-2;
  const rtol = opts.rtol ?? 1e-2;
  tf.tidy(() => {
    const r = tf.tensor(rand(f(x0).size, 7), f(x0).shape);
    const loss = (x: tf.Tensor) => tf.sum(tf.mul(f(x), r)) as tf.Scalar;
    const analytic = tf.grad(loss)(x0).dataSync();
    const base = x0.dataSync();
    const numeric = new Float32Array(base.length);
    for (let i = 0; i < base.length; i++) {
      const plus = Float32Array.from(base);
      const minus = Float32Array.from(base);
      plus[i] += eps;
      minus[i] -= eps;
      const lp = loss(tf.tensor(plus, x0.shape)).dataSync()[0];
      const lm = loss(tf.tensor(minus, x0.shape)).dataSync()[0];
      numeric[i] = (lp - lm) / (2 * eps);
    }
    const scale = Math.max(...Array.from(numeric, Math.abs), 1e-3);
    for (let i = 0; i < base.length; i++) {
      assert.ok(
        Math.abs(analytic[i] - numeric[i]) <= rtol * scale + 1e-3,
        `grad[${i}]: analytic ${analytic[i]}, numeric ${numeric[i]}`,
      );
    }
  });
}
