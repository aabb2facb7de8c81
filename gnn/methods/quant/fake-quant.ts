/**
 * Fake quantisation as a differentiable tfjs op: the forward pass rounds onto the integer grid and
 * back, the backward pass either passes the gradient straight through (ste) or zeroes it where the
 * value was clipped (gc), as Degree-Quant's `Quantize` autograd function does.
 */
import * as tf from '@tensorflow/tfjs-core';
import { fusedFakeQuant } from '../../engine';
import type { BackwardKind } from './mode';
import type { QParams } from './qparams';

/**
 * x̂ = (clamp(round(x/s + z), q_min, q_max) − z)·s with the chosen backward rule: one engine kernel on
 * wasm and cpu, these tfjs ops elsewhere (the same values).
 */
export function fakeQuant<T extends tf.Tensor>(x: T, p: QParams, backward: BackwardKind): T {
  return fusedFakeQuant(x, null, p, backward === 'gc') ?? fakeQuantOps(x, p, backward);
}

function fakeQuantOps<T extends tf.Tensor>(x: T, p: QParams, backward: BackwardKind): T {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const input = args[0] as tf.Tensor;
    const save = args[1] as tf.GradSaveFunc;
    const grid = tf.round(tf.add(tf.div(input, p.scale), p.zeroPoint));
    const value = tf.mul(tf.sub(tf.clipByValue(grid, p.qmin, p.qmax), p.zeroPoint), p.scale);
    if (backward === 'gc') save([grid]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        if (backward === 'ste') return dy;
        const [g] = saved as [tf.Tensor];
        // inside the grid ⇔ clipping leaves the value unchanged (avoids wasm's slow broadcast compares)
        const inside = tf.equal(g, tf.clipByValue(g, p.qmin, p.qmax));
        return tf.mul(dy, tf.cast(inside, 'float32'));
      },
    };
  });
  return op(x) as T;
}

/**
 * Degree-Quant's split: rows with keep = 1 (protected nodes) stay FP32, the others are fake-quantised.
 * Written as keep·x + (1 − keep)·x̂ so gradients reach both branches without a gather.
 * @param keep float [rows, 1] of 0/1
 */
export function maskedFakeQuant(x: tf.Tensor2D, keep: tf.Tensor2D, p: QParams, backward: BackwardKind): tf.Tensor2D {
  const fused = fusedFakeQuant(x, keep, p, backward === 'gc');
  if (fused) return fused;
  return tf.tidy(() => {
    const q = fakeQuantOps(x, p, backward);
    return tf.add(tf.mul(keep, x), tf.mul(tf.sub(1, keep), q)) as tf.Tensor2D;
  });
}
