/**
 * Graph classification (PROTEINS, BBBP): mini-batches of graphs as one disjoint union, reshuffled
 * every epoch from (seed, epoch); evaluation batches built once. Softmax cross-entropy for [G, C]
 * logits, BCE for single-logit models ([G, 1]). Early stopping monitors the validation loss (the
 * Degree-Quant / GIN protocol: test accuracy at the epoch of lowest validation loss).
 */
import * as tf from '@tensorflow/tfjs-core';
import { InvalidInputError } from '../../../core/errors';
import {
  isGraphDataset,
  mulberry32,
  scaffoldSplit,
  shuffleInPlace,
  stratifiedKFold,
  stratifiedSplit,
  type GraphDataset,
  type IndexSplit,
} from '../../data';
import { batchGraphs, prepareEdges } from '../../engine';
import { releaseDerived } from '../../models/graph-cache';
import type { GraphInput, TaskModel } from '../../models/model-def';
import type { ForwardCtx, SplitMetrics, TrainConfig } from '../../types';
import { accuracyFromScores, binaryAccuracy, rocAuc } from '../metrics';
import { taskRegistry, type TaskOpenArgs, type TaskSession } from '../task';
import { bceWithLogits, crossEntropy, graphInfo, loadFor } from './common';

interface Batch {
  input: GraphInput;
  labels: Int32Array;
  /** one-hot / G for softmax models, labels as floats for BCE */
  onehot: tf.Tensor2D;
  yFloat: tf.Tensor1D;
}

function makeBatch(ds: GraphDataset, idx: ArrayLike<number>): Batch {
  const graphs = Array.from(idx, (i) => ds.graphs[i]);
  const b = batchGraphs(graphs);
  const edges = prepareEdges(b.edges);
  const input: GraphInput = {
    kind: 'graphs',
    batch: b,
    x: tf.tensor2d(b.x, [b.numNodes, b.numFeatures]),
    edges,
    info: graphInfo(b.edges, b.graphIndex, b.numGraphs),
  };
  const oh = new Float32Array(b.numGraphs * ds.numClasses);
  b.y.forEach((y, g) => (oh[g * ds.numClasses + y] = 1 / b.numGraphs));
  return {
    input,
    labels: b.y,
    onehot: tf.tensor2d(oh, [b.numGraphs, ds.numClasses]),
    yFloat: tf.tensor1d(Float32Array.from(b.y)),
  };
}

function freeBatch(b: Batch): void {
  releaseDerived(b.input.edges);
  b.input.edges.dispose();
  tf.dispose([b.input.x, b.onehot, b.yFloat]);
}

function chunks(idx: ArrayLike<number>, size: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < idx.length; i += size) out.push(Array.from(idx).slice(i, i + size));
  return out;
}

function batchLossOf(logits: tf.Tensor2D, b: Batch): tf.Scalar {
  return logits.shape[1] === 1 ? bceWithLogits(logits, b.yFloat) : crossEntropy(logits, b.onehot);
}

class GraphSession implements TaskSession {
  readonly info;
  private readonly evalBatches: Record<'train' | 'val' | 'test', Batch[] | null> = {
    train: null,
    val: null,
    test: null,
  };

  constructor(
    private readonly ds: GraphDataset,
    private readonly split: IndexSplit,
    private readonly config: TrainConfig,
    private readonly seed: number,
  ) {
    this.info = {
      numFeatures: ds.numFeatures,
      numClasses: ds.numClasses,
      ...(ds.numAttributes ? { numAttributes: ds.numAttributes } : {}),
      atomFeatureDims: ds.atomFeatureDims,
      edgeFeatures: ds.bondFeatureDims?.length,
    };
  }

  epochBatches(epoch: number): Batch[] {
    const order = shuffleInPlace(
      Array.from(this.split.train),
      mulberry32((this.seed * 100003 + epoch * 7919 + 17) >>> 0),
    );
    return chunks(order, this.config.batchSize).map((c) => makeBatch(this.ds, c));
  }

  batchLoss(model: TaskModel, batch: unknown, ctx: ForwardCtx): tf.Scalar {
    const b = batch as Batch;
    return tf.tidy(() => batchLossOf(model.forward(b.input, ctx), b));
  }

  releaseBatch(batch: unknown): void {
    freeBatch(batch as Batch);
  }

  private batchesOf(split: 'train' | 'val' | 'test'): Batch[] {
    return (this.evalBatches[split] ??= chunks(this.split[split], 512).map((c) => makeBatch(this.ds, c)));
  }

  evaluate(model: TaskModel, split: 'train' | 'val' | 'test', ctx: ForwardCtx): SplitMetrics {
    const c = this.ds.numClasses;
    const labels: number[] = [];
    const margins: number[] = [];
    const scores: number[] = [];
    let lossSum = 0;
    let single = false;
    for (const b of this.batchesOf(split)) {
      const [s, l, width] = tf.tidy(() => {
        const logits = model.forward(b.input, ctx);
        return [Array.from(logits.dataSync()), batchLossOf(logits, b).dataSync()[0], logits.shape[1]] as const;
      });
      single = width === 1;
      lossSum += l * b.labels.length;
      labels.push(...b.labels);
      scores.push(...s);
      for (let g = 0; g < b.labels.length; g++) margins.push(single ? s[g] : s[g * c + 1] - s[g * c]);
    }
    const n = labels.length;
    const accuracy = single
      ? binaryAccuracy(margins, labels)
      : accuracyFromScores(Float32Array.from(scores), c, labels);
    const out: SplitMetrics = { accuracy, loss: lossSum / Math.max(1, n) };
    if (c === 2 || single) out.auc = rocAuc(margins, labels);
    return out;
  }

  infer(model: TaskModel, ctx: ForwardCtx): void {
    for (const b of this.batchesOf('test')) tf.tidy(() => model.forward(b.input, ctx).dataSync());
  }

  monitor(val: SplitMetrics): number {
    return -(val.loss ?? Infinity);
  }

  dispose(): void {
    for (const k of ['train', 'val', 'test'] as const) this.evalBatches[k]?.forEach(freeBatch);
  }
}

const FRACTIONS: [number, number, number] = [0.8, 0.1, 0.1];

/** random: stratified 80/10/10; kfold: 10-fold stratified CV, fold `config.fold` (val = next fold); scaffold: Bemis–Murcko (BBBP). */
function splitOf(ds: GraphDataset, config: TrainConfig, seed: number): IndexSplit {
  const labels = Int32Array.from(ds.graphs, (g) => g.y);
  if (config.split === 'random') return stratifiedSplit(labels, FRACTIONS, seed);
  if (config.split === 'kfold') {
    if (config.fold >= 10) throw new InvalidInputError(`fold ${config.fold} out of range 0..9`, 'fold');
    const f = stratifiedKFold(labels, 10, seed)[config.fold];
    return { train: f.train, val: f.val as Int32Array, test: f.test };
  }
  if (config.split === 'scaffold') return scaffoldSplit(ds, FRACTIONS);
  throw new InvalidInputError(
    `split '${config.split}' is not a graph split; choose random, kfold or scaffold`,
    'split',
  );
}

async function open({ spec, config, dataDir }: TaskOpenArgs): Promise<TaskSession> {
  const ds = await loadFor(spec.dataset, 'graph', 'graph', dataDir);
  if (!isGraphDataset(ds)) throw new InvalidInputError(`'${spec.dataset}' is not a graph data set`, 'dataset');
  return new GraphSession(ds, splitOf(ds, config, spec.seed), config, spec.seed);
}

export const graphTask = taskRegistry.register('graph', { task: 'graph', datasets: ['proteins', 'bbbp'], open });
