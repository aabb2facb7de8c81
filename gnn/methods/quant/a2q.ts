/**
 * `a2q`: Aggregation-Aware mixed-precision Quantisation. Trains from scratch with learnable step
 * sizes and bit-widths (initialised at 4 bits, or --bits) and a memory penalty
 * λ·ReLU(M − M_target)², M = quantised node-feature memory in KB per graph (λ 1e-3, target 1 KB, as
 * A²Q's graph-level runs; node tasks have no published target and train without the penalty).
 * Reports the average learned bit-width of features and of weights. The trainer's early stopping
 * restores the step sizes and widths of the best epoch with its model parameters.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { MethodSpec } from '../../types';
import { methodRegistry, type CompressionMethod } from '../types';
import { effectiveBits } from './a2q-quantizer';
import { averageBits, createA2qHooks, featureMemoryKb, type A2qHooks } from './a2q-hooks';
import { packA2qModel } from './model-pack';
import { runQuantised } from './run-quant';
import { validateA2qSpec } from './validate';

/** weight of the memory penalty @default 1e-3 */
export const A2Q_LAMBDA = 1e-3;
/** feature memory target in KB per graph @default 1 */
export const A2Q_TARGET_KB = 1;

/**
 * λ·ReLU(M − target)² with M differentiable in the bit-widths: the rounded widths are used in value
 * and |b| in gradient (straight-through), the usage counts of the latest forward pass as weights.
 */
export function memoryPenalty(hooks: A2qHooks, lambda = A2Q_LAMBDA, targetKb = A2Q_TARGET_KB): tf.Scalar {
  return tf.tidy(() => {
    const perBit = 1 / 8 / 1024 / hooks.numGraphs;
    let m: tf.Scalar = tf.scalar(0);
    for (const f of hooks.features.values()) {
      const usage = tf.tensor2d(
        Float32Array.from(f.usage, (u) => u * perBit),
        [f.usage.length, 1],
      );
      const b = f.b.dataSync();
      const roundingGap = Array.from(f.usage).reduce(
        (a, u, k) => a + u * perBit * (effectiveBits(b[k]!) - Math.abs(b[k]!)),
        0,
      );
      m = tf.add(m, tf.add(tf.sum(tf.mul(usage, tf.abs(f.b))), roundingGap));
    }
    return tf.mul(lambda, tf.square(tf.relu(tf.sub(m, targetKb)))) as tf.Scalar;
  });
}

export const a2qMethod: CompressionMethod = methodRegistry.register('a2q', {
  name: 'a2q',
  version: '1',
  needsBase: false,
  validate: (spec: MethodSpec) => void validateA2qSpec(spec),
  async run(lab, _base, spec) {
    const { initBits } = validateA2qSpec(spec);
    const hooks = createA2qHooks({ task: lab.spec.task === 'graph' ? 'graph' : 'node', initBits });
    return runQuantised(lab, spec, {
      hooks,
      config: lab.config,
      prepare: (model) => {
        lab.evaluate(model, 'val', { hooks }); // one pass creates and initialises the quantisers from data
        return hooks.variables();
      },
      // METHODS.md gives A²Q's memory target for graph tasks only (1 KB per graph): node tasks train without it
      ...(lab.spec.task === 'graph' ? { extraLoss: () => memoryPenalty(hooks) } : {}),
      beforeEvaluate: () => hooks.resetTotals(),
      pack: (model) => packA2qModel(model, hooks),
      dispose: () => hooks.dispose(),
      extraFields: () => {
        const avg = averageBits(hooks);
        return {
          a2q: {
            featureAvgBits: avg.features,
            weightAvgBits: avg.weights,
            featureMemoryKb: featureMemoryKb(hooks),
            lambda: A2Q_LAMBDA,
            targetKb: A2Q_TARGET_KB,
          },
        };
      },
    });
  },
});
