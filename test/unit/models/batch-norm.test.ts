/**
 * BatchNorm's custom-gradient training op against autodiff through the textbook formula
 * (tf.moments, biased variance): same output bits, gradients for x, γ and β equal to float rounding,
 * running statistics updated as PyTorch does, and evaluation on the running statistics.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../gnn/engine';
import { batchNorm, ParamBuilder } from '../../../gnn/models/layers';

process.env.GNNC_LOG_LEVEL = 'silent';

function autodiffBatchNorm(x: tf.Tensor2D, gamma: tf.Tensor1D, beta: tf.Tensor1D, eps: number): tf.Tensor2D {
  const { mean, variance } = tf.moments(x, 0);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps))), gamma), beta) as tf.Tensor2D;
}

function maxRelDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.div(tf.abs(tf.sub(a, b)), tf.add(tf.abs(b), 1e-3))).dataSync()[0]);
}

test('training BatchNorm: gradients of x, γ, β match autodiff; running stats move by momentum', async () => {
  await initBackend('wasm');
  const pb = new ParamBuilder(0);
  const p = pb.batchNorm('bn', 16);
  p.gamma.assign(tf.randomUniform([16], 0.5, 1.5, 'float32', 7) as tf.Tensor1D);
  p.beta.assign(tf.randomNormal([16], 0, 1, 'float32', 8) as tf.Tensor1D);
  const x = tf.add(tf.mul(tf.randomNormal([300, 16], 0, 1, 'float32', 1), 3), 2) as tf.Tensor2D;
  const up = tf.randomNormal([300, 16], 0, 1, 'float32', 2); // a loss that weights every output differently
  const loss = (f: (x: tf.Tensor2D) => tf.Tensor2D) => (xs: tf.Tensor2D) => tf.sum(tf.mul(f(xs), up));
  const ours = tf.grads((xs: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
    loss((v) =>
      batchNorm(
        { training: true },
        { ...p, gamma: g as tf.Variable<tf.Rank.R1>, beta: b as tf.Variable<tf.Rank.R1> },
        v,
      ),
    )(xs as tf.Tensor2D),
  )([x, p.gamma, p.beta]);
  const ref = tf.grads((xs: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
    loss((v) => autodiffBatchNorm(v, g as tf.Tensor1D, b as tf.Tensor1D, p.eps))(xs as tf.Tensor2D),
  )([x, p.gamma, p.beta]);
  for (let i = 0; i < 3; i++) assert.ok(maxRelDiff(ours[i], ref[i]) < 1e-4, `gradient ${['x', 'γ', 'β'][i]}`);
  assert.ok(tf.tidy(() => tf.max(tf.abs(ours[0])).dataSync()[0]) > 0.01, 'x gradient is not trivially zero');
  // the one training call moved the running stats (0 and 1) by momentum 0.1 towards the batch's, variance unbiased
  const { mean, variance } = tf.moments(x, 0);
  const wantMean = tf.mul(mean, 0.1);
  const wantVar = tf.add(tf.mul(variance, (0.1 * 300) / 299), 0.9);
  assert.ok(maxRelDiff(p.runningMean, wantMean) < 1e-4, 'running mean');
  assert.ok(maxRelDiff(p.runningVar, wantVar) < 1e-4, 'running var');
});

test('training BatchNorm output equals the formula; evaluation uses the running statistics', async () => {
  await initBackend('wasm');
  const p = new ParamBuilder(1).batchNorm('bn', 8);
  const x = tf.randomNormal([50, 8], 1, 2, 'float32', 3) as tf.Tensor2D;
  assert.ok(maxRelDiff(batchNorm({ training: true }, p, x), autodiffBatchNorm(x, p.gamma, p.beta, p.eps)) < 1e-5);
  p.runningMean.assign(tf.fill([8], 1) as tf.Tensor1D);
  p.runningVar.assign(tf.fill([8], 4) as tf.Tensor1D);
  const want = tf.div(tf.sub(x, 1), Math.sqrt(4 + p.eps));
  assert.ok(maxRelDiff(batchNorm({ training: false }, p, x), want) < 1e-5);
});
