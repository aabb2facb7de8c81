/**
 * BatchNorm1d: batch statistics in training (running stats updated with the unbiased variance, as
 * PyTorch does), running statistics in evaluation.
 *
 * In training the normalisation is one custom-gradient op with BatchNorm's closed-form backward,
 * x̂ = (x − μ)/σ, dβ = Σ dy, dγ = Σ dy·x̂, dx = (γ/σ)·(dy − dβ/N − x̂·dγ/N), instead of autodiff
 * through `tf.moments` (GIN/PROTEINS on wasm, one thread: 882 → 827 ms per training epoch). The
 * forward ops are the ones the autodiff version ran, so outputs are unchanged; gradients agree to
 * float rounding (test/unit/models/batch-norm.test.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ForwardCtx } from '../types';
import type { BatchNormParams } from './layers';

/** Moves the running statistics towards this batch's (momentum m; the variance unbiased). */
function updateRunning(p: BatchNormParams, mean: tf.Tensor1D, variance: tf.Tensor1D, n: number): void {
  const m = p.momentum;
  tf.tidy(() => {
    const unbiased = n > 1 ? tf.mul(variance, n / (n - 1)) : variance;
    p.runningMean.assign(tf.add(tf.mul(p.runningMean, 1 - m), tf.mul(mean, m)) as tf.Tensor1D);
    p.runningVar.assign(tf.add(tf.mul(p.runningVar, 1 - m), tf.mul(unbiased, m)) as tf.Tensor1D);
  });
}

/** y = x·scale + shift with scale = γ/σ and shift = β − μ·scale: two [N, F] ops instead of four. */
function normalise(x: tf.Tensor2D, mean: tf.Tensor1D, std: tf.Tensor1D, gamma: tf.Tensor1D, beta: tf.Tensor1D) {
  const scale = tf.div(gamma, std);
  return tf.add(tf.mul(x, scale), tf.sub(beta, tf.mul(mean, scale))) as tf.Tensor2D;
}

export function batchNorm(ctx: ForwardCtx, p: BatchNormParams, x: tf.Tensor2D): tf.Tensor2D {
  if (!ctx.training)
    return normalise(x, p.runningMean, tf.sqrt(tf.add(p.runningVar, p.eps)) as tf.Tensor1D, p.gamma, p.beta);
  const n = x.shape[0];
  // the statistics are constants of the op below: their own tape entries lead nowhere and are pruned
  const { mean, variance } = tf.moments(x, 0) as { mean: tf.Tensor1D; variance: tf.Tensor1D };
  updateRunning(p, mean, variance, n);
  const std = tf.sqrt(tf.add(variance, p.eps)) as tf.Tensor1D;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xi, gamma, beta] = args as tf.Tensor[];
    (args[3] as tf.GradSaveFunc)([xi, gamma, mean, std]);
    return {
      value: normalise(xi as tf.Tensor2D, mean, std, gamma as tf.Tensor1D, beta as tf.Tensor1D),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, g, mu, sigma] = saved;
        const xhat = tf.div(tf.sub(xs, mu), sigma);
        const dBeta = tf.sum(dy, 0);
        const dGamma = tf.sum(tf.mul(dy, xhat), 0);
        const centred = tf.sub(tf.sub(dy, tf.div(dBeta, n)), tf.mul(xhat, tf.div(dGamma, n)));
        return [tf.mul(centred, tf.div(g, sigma)), dGamma, dBeta];
      },
    };
  });
  return op(x, p.gamma, p.beta) as tf.Tensor2D;
}
