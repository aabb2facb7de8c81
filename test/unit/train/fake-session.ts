/**
 * A tiny synthetic task for trainer tests: logistic regression on a fixed random two-class problem,
 * with a model that exposes the TaskModel surface. Cheap enough to train hundreds of epochs.
 */
import * as tf from '@tensorflow/tfjs-core';
import { mulberry32 } from '../../../gnn/data/rng';
import { ParamBuilder } from '../../../gnn/models/layers';
import type { TaskModel } from '../../../gnn/models/model-def';
import type { TaskSession } from '../../../gnn/train/task';
import { BASE_CONFIG } from '../../../gnn/train/presets';
import type { ForwardCtx, SplitMetrics, TrainConfig } from '../../../gnn/types';

export function fakeModel(seed = 0): TaskModel {
  const pb = new ParamBuilder(seed);
  const lin = pb.linear('lin', 4, 2);
  return {
    modelName: 'fake',
    params: pb.params,
    buffers: pb.buffers,
    prunable: pb.prunable,
    quantizable: pb.quantizable,
    config: {},
    forward: (input, ctx: ForwardCtx) => {
      const x = input.x as tf.Tensor2D;
      return ctx.hooks
        ? ctx.hooks.linear('lin', x, lin.w, lin.b, (a, w, b) => tf.add(tf.matMul(a, w), b!) as tf.Tensor2D)
        : (tf.add(tf.matMul(x, lin.w), lin.b!) as tf.Tensor2D);
    },
  };
}

export class FakeSession implements TaskSession {
  readonly info = { numFeatures: 4, numClasses: 2 };
  readonly x: tf.Tensor2D;
  readonly y: tf.Tensor2D;
  readonly labels: number[] = [];
  /** val metrics handed out in order when set (to script early stopping) */
  scriptedVal: number[] | null = null;
  evals = 0;

  constructor(n = 64) {
    const rand = mulberry32(42);
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i < n; i++) {
      const c = i % 2;
      this.labels.push(c);
      for (let k = 0; k < 4; k++) xs.push(rand() - 0.5 + (c === 1 && k < 2 ? 1 : 0));
      ys.push(c === 0 ? 1 : 0, c === 1 ? 1 : 0);
    }
    this.x = tf.tensor2d(xs, [n, 4]);
    this.y = tf.tensor2d(ys, [n, 2]);
  }

  private input() {
    return { kind: 'graphs', x: this.x } as never;
  }

  epochBatches(): unknown[] {
    return [null];
  }

  batchLoss(model: TaskModel, _b: unknown, ctx: ForwardCtx): tf.Scalar {
    return tf.tidy(
      () => tf.neg(tf.mean(tf.sum(tf.mul(this.y, tf.logSoftmax(model.forward(this.input(), ctx))), 1))) as tf.Scalar,
    );
  }

  releaseBatch(): void {}

  evaluate(model: TaskModel, _s: string, ctx: ForwardCtx): SplitMetrics {
    const loss = tf.tidy(() => this.batchLoss(model, null, ctx).dataSync()[0]);
    const pred = tf.tidy(() => Array.from(tf.argMax(model.forward(this.input(), ctx), 1).dataSync()));
    const accuracy = pred.filter((p, i) => p === this.labels[i]).length / pred.length;
    if (this.scriptedVal)
      return { accuracy: this.scriptedVal[Math.min(this.evals++, this.scriptedVal.length - 1)], loss };
    return { accuracy, loss };
  }

  infer(model: TaskModel, ctx: ForwardCtx): void {
    tf.tidy(() => model.forward(this.input(), ctx).dataSync());
  }

  monitor(val: SplitMetrics): number {
    return val.accuracy;
  }

  dispose(): void {
    tf.dispose([this.x, this.y]);
  }
}

export function fakeConfig(over: Partial<TrainConfig> = {}): TrainConfig {
  return { ...BASE_CONFIG, epochs: 30, lr: 0.05, ...over };
}
