/**
 * A minimal Lab over a toy two-class problem with a 2-layer MLP whose layers go through the hooks, so
 * the methods' run() can be tested without the real data sets and models.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Lab, TrainOptions } from '../../../gnn/methods/types';
import { BASE_CONFIG } from '../../../gnn/train/presets';
import type { CellSpec, ForwardCtx, GnnModel, GraphBatchInfo, TrainConfig } from '../../../gnn/types';

const N = 64;
const info: GraphBatchInfo = {
  numNodes: N,
  inDegree: Int32Array.from({ length: N }, (_, i) => i % 5),
  graphIndex: Int32Array.from({ length: N }, (_, i) => Math.floor(i / 8)),
  numGraphs: 8,
};

export function toyLab(
  method: CellSpec['method'],
  task: CellSpec['task'] = 'graph',
  epochs = 30,
): Lab & { trainedWith: TrainOptions[] } {
  const x = tf.randomNormal([N, 4], 0, 1, 'float32', 1) as tf.Tensor2D;
  const y = tf.cast(tf.greater(tf.sum(x, 1), 0), 'int32') as tf.Tensor1D;
  const config: TrainConfig = { ...BASE_CONFIG, epochs, lr: 0.05, batchSize: N, lrDecay: 1 };
  const forward = (m: GnnModel, ctx: Partial<ForwardCtx>): tf.Tensor2D => {
    const p = (k: string): tf.Tensor2D => m.params.get(k) as unknown as tf.Tensor2D;
    const lin = (name: string, h: tf.Tensor2D): tf.Tensor2D => {
      const apply = (a: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D | null): tf.Tensor2D =>
        (b ? tf.add(tf.matMul(a, w), b) : tf.matMul(a, w)) as tf.Tensor2D;
      const b = m.params.get(`${name}.bias`) as unknown as tf.Tensor1D;
      return ctx.hooks ? ctx.hooks.linear(name, h, p(`${name}.weight`), b, apply) : apply(h, p(`${name}.weight`), b);
    };
    let h = tf.relu(lin('lin1', x));
    if (ctx.hooks?.nodes) h = ctx.hooks.nodes('conv', 'message', h, info);
    return lin('lin2', h);
  };
  const loss = (m: GnnModel, ctx: Partial<ForwardCtx>): tf.Scalar =>
    tf.losses.softmaxCrossEntropy(tf.oneHot(y, 2), forward(m, ctx)) as tf.Scalar;
  const accuracy = (m: GnnModel, ctx: Partial<ForwardCtx>): number =>
    tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.argMax(forward(m, ctx), 1), y), 'float32')).dataSync()[0]!);
  const trainedWith: TrainOptions[] = [];
  return {
    trainedWith,
    spec: { model: 'toy', dataset: 'toy', task, seed: 1, preset: 'default', method },
    config,
    createModel(seed = 1) {
      const params = new Map<string, tf.Variable>([
        ['lin1.weight', tf.variable(tf.randomNormal([4, 8], 0, 0.5, 'float32', seed))],
        ['lin1.bias', tf.variable(tf.zeros([8]))],
        ['lin2.weight', tf.variable(tf.randomNormal([8, 2], 0, 0.5, 'float32', seed + 1))],
        ['lin2.bias', tf.variable(tf.zeros([2]))],
      ]);
      return {
        modelName: 'toy',
        params,
        prunable: ['lin1.weight', 'lin2.weight'],
        quantizable: ['lin1', 'lin2'],
        buffers: new Map(),
        config: {},
      };
    },
    async train(model, opts) {
      trainedWith.push(opts);
      const vars = [...model.params.values(), ...(opts.extraVars ?? [])];
      const opt = tf.train.adam(opts.config.lr);
      const t0 = Date.now();
      for (let e = 0; e < opts.config.epochs; e++) {
        tf.tidy(() => {
          const { grads } = tf.variableGrads(() => {
            const l = loss(model, { training: true, hooks: opts.hooks });
            return opts.extraLoss ? (tf.add(l, opts.extraLoss(model)) as tf.Scalar) : l;
          }, vars);
          opt.applyGradients(grads as Record<string, tf.Variable>);
        });
      }
      return {
        epochs: opts.config.epochs,
        durationMs: Date.now() - t0,
        diverged: false,
        val: { accuracy: accuracy(model, { hooks: opts.hooks }) },
      };
    },
    evaluate: (model, _split, ctx = {}) => ({ accuracy: accuracy(model, ctx) }),
    inferenceMs: (model, opts = {}) => {
      const t = [1, 2, 3].map(() => {
        const t0 = performance.now();
        tf.tidy(() => forward(model, { hooks: opts.hooks }).dataSync());
        return performance.now() - t0;
      });
      const mean = t.reduce((a, b) => a + b) / t.length;
      return { mean, std: Math.sqrt(t.reduce((a, b) => a + (b - mean) ** 2, 0) / t.length) };
    },
    snapshot: (m) => new Map([...m.params].map(([k, v]) => [k, v.dataSync() as Float32Array])),
    restore: () => undefined,
    denseBytes: (m) => new Uint8Array([...m.params.values()].reduce((a, v) => a + v.size * 4, 0)),
    progress: () => undefined,
    loadProgress: () => Promise.resolve(null),
    saveProgress: () => Promise.resolve(),
    signal: new AbortController().signal,
  };
}
