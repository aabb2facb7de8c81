/**
 * A small, real Lab for the pruning tests: a two-layer MLP on a seeded synthetic 3-class problem,
 * trained with tfjs-core on the cpu backend. It honours the parts of the Lab contract the methods
 * use (afterStep, extraLoss, NaN → diverged) so that the methods can be tested before gnn/train lands.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import type { CellSpec, GnnModel, SplitMetrics, TrainConfig } from '../../../gnn/types';
import type { Lab, TrainOptions, TrainOutcome } from '../../../gnn/methods/types';
import { BASE_CONFIG } from '../../../gnn/train/presets';

const IN = 12;
const HIDDEN = 24;
const CLASSES = 3;

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

function uniform(shape: number[], scale: number, next: () => number): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Float32Array.from({ length: n }, () => (next() * 2 - 1) * scale),
    shape,
  );
}

export function makeModel(seed: number): GnnModel {
  const next = rng(seed);
  const params = new Map<string, tf.Variable>([
    ['lin1.weight', tf.variable(uniform([IN, HIDDEN], 1 / Math.sqrt(IN), next))],
    ['lin1.bias', tf.variable(tf.zeros([HIDDEN]))],
    ['lin2.weight', tf.variable(uniform([HIDDEN, CLASSES], 1 / Math.sqrt(HIDDEN), next))],
    ['lin2.bias', tf.variable(tf.zeros([CLASSES]))],
  ]);
  const buffers = new Map<string, tf.Variable>([['steps', tf.variable(tf.scalar(0, 'int32'), false)]]);
  return {
    modelName: 'mlp',
    params,
    buffers,
    prunable: ['lin1.weight', 'lin2.weight'],
    quantizable: [],
    config: { hidden: HIDDEN },
  };
}

function forward(model: GnnModel, x: tf.Tensor2D): tf.Tensor2D {
  const p = (n: string) => model.params.get(n)!;
  const h = tf.relu(tf.add(tf.matMul(x, p('lin1.weight') as tf.Tensor2D), p('lin1.bias')));
  return tf.add(tf.matMul(h as tf.Tensor2D, p('lin2.weight') as tf.Tensor2D), p('lin2.bias')) as tf.Tensor2D;
}

export function fakeConfig(overrides: Partial<TrainConfig> = {}): TrainConfig {
  return { ...BASE_CONFIG, epochs: 60, lr: 0.05, batchSize: 0, lrDecay: 1, ...overrides };
}

export class FakeLab implements Lab {
  readonly spec: CellSpec;
  readonly signal = new AbortController().signal;
  readonly phases: string[] = [];
  private readonly data: Record<'train' | 'val' | 'test', { x: tf.Tensor2D; y: tf.Tensor1D }>;

  /** @param sgd plain SGD instead of Adam, so that a huge L2 rate really diverges */
  constructor(
    readonly config: TrainConfig = fakeConfig(),
    private readonly sgd = false,
  ) {
    this.spec = {
      model: 'mlp',
      dataset: 'synthetic',
      task: 'node',
      seed: 1,
      preset: 'test',
      method: { name: 'global' },
    };
    const next = rng(99);
    const centres = uniform([CLASSES, IN], 2, next);
    const split = (n: number) => {
      const y = Int32Array.from({ length: n }, () => Math.floor(next() * CLASSES));
      const x = tf.add(tf.gather(centres, tf.tensor1d(y, 'int32')), uniform([n, IN], 1.5, next)) as tf.Tensor2D;
      return { x, y: tf.tensor1d(y, 'int32') };
    };
    this.data = { train: split(300), val: split(100), test: split(100) };
  }

  createModel(seed?: number): GnnModel {
    return makeModel(seed ?? this.spec.seed);
  }

  async train(model: GnnModel, opts: TrainOptions): Promise<TrainOutcome> {
    this.phases.push(opts.phase ?? 'train');
    const started = performance.now();
    const optimizer = this.sgd ? tf.train.sgd(opts.config.lr) : tf.train.adam(opts.config.lr);
    const { x, y } = this.data.train;
    let epochs = 0;
    for (; epochs < opts.config.epochs; epochs++) {
      const loss = optimizer.minimize(
        () => {
          const task = tf.losses.softmaxCrossEntropy(tf.oneHot(y, CLASSES), forward(model, x)) as tf.Scalar;
          return opts.extraLoss ? tf.add(task, opts.extraLoss(model)) : task;
        },
        true,
        [...model.params.values()],
      )!;
      const value = loss.dataSync()[0];
      loss.dispose();
      opts.afterStep?.(model);
      if (!Number.isFinite(value))
        return {
          epochs: epochs + 1,
          durationMs: performance.now() - started,
          diverged: true,
          val: this.evaluate(model, 'val'),
        };
    }
    optimizer.dispose();
    return { epochs, durationMs: performance.now() - started, diverged: false, val: this.evaluate(model, 'val') };
  }

  evaluate(model: GnnModel, split: 'val' | 'test'): SplitMetrics {
    return tf.tidy(() => {
      const { x, y } = this.data[split];
      const hit = tf.equal(tf.argMax(forward(model, x), 1), y);
      return { accuracy: tf.mean(tf.cast(hit, 'float32')).dataSync()[0] };
    });
  }

  inferenceMs(model: GnnModel, opts: { warmup?: number; repeats?: number } = {}): { mean: number; std: number } {
    for (let i = 0; i < (opts.warmup ?? 2); i++) tf.tidy(() => forward(model, this.data.test.x).dataSync());
    const times = Array.from({ length: opts.repeats ?? 5 }, () => {
      const t0 = performance.now();
      tf.tidy(() => forward(model, this.data.test.x).dataSync());
      return performance.now() - t0;
    });
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    return { mean, std: Math.sqrt(times.reduce((a, b) => a + (b - mean) ** 2, 0) / times.length) };
  }

  snapshot(model: GnnModel): Map<string, Float32Array> {
    return new Map([...model.params].map(([n, v]) => [n, Float32Array.from(v.dataSync() as Float32Array)]));
  }

  restore(model: GnnModel, values: Map<string, Float32Array>): void {
    for (const [n, a] of values) model.params.get(n)!.assign(tf.tensor(a, model.params.get(n)!.shape));
  }

  /** Dense FP32 file: every float32 tensor's values back to back after a small JSON header. */
  denseBytes(model: GnnModel): Uint8Array {
    const all = [...model.params.values(), ...model.buffers.values()];
    const header = Buffer.from(JSON.stringify({ shapes: all.map((v) => v.shape) }));
    return Buffer.concat([header, ...all.map((v) => Buffer.from(new Float32Array(v.dataSync()).buffer))]);
  }

  progress(p: { phase: string }): void {
    this.phases.push(p.phase);
  }

  /** no checkpoints: nothing is ever loaded, and saved progress is only counted */
  progressSaves = 0;

  loadProgress(): Promise<Uint8Array | null> {
    return Promise.resolve(null);
  }

  saveProgress(): Promise<void> {
    this.progressSaves++;
    return Promise.resolve();
  }
}
