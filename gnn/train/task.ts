/**
 * The task plug-in interface. A task module (node, graph, link) turns a data set and a training
 * configuration into a `TaskSession`: data loaded, split and prepared once; batches per epoch; the
 * loss of one batch; metrics of a split. The Lab (lab.ts) and the training loop (trainer.ts) run any
 * task through this interface, so link prediction lives in tasks/link.ts without touching them.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { Registry } from '../../core/registry';
import type { DataInfo, TaskModel } from '../models/model-def';
import type { BaseSpec, ForwardCtx, SplitMetrics, Task, TrainConfig } from '../types';

/** What a task module needs to open a session. */
export interface TaskOpenArgs {
  spec: BaseSpec;
  config: TrainConfig;
  /** GNNC_DATA_DIR override, for tests */
  dataDir?: string;
}

/** An opaque training batch; only the session that made it interprets it. */
export type TrainBatch = unknown;

export interface TaskSession {
  readonly info: DataInfo;
  /**
   * The batches of one training epoch, in order. Graph tasks shuffle with a stream derived from the
   * seed and the epoch, so epoch k's batches are the same whether or not training was resumed.
   */
  epochBatches(epoch: number): TrainBatch[];
  /** Task loss of one batch, differentiable w.r.t. the model's params (called inside tf.variableGrads). */
  batchLoss(model: TaskModel, batch: TrainBatch, ctx: ForwardCtx): tf.Scalar;
  /** Releases what `epochBatches` made for one batch (tensors, prepared edges). */
  releaseBatch(batch: TrainBatch): void;
  /** Metrics of a split (forward passes in evaluation mode). */
  evaluate(model: TaskModel, split: 'train' | 'val' | 'test', ctx: ForwardCtx): SplitMetrics;
  /** One inference pass over the test split, nothing read back but what the pass needs (timed by the Lab). */
  infer(model: TaskModel, ctx: ForwardCtx): void;
  /**
   * Early-stopping score of validation metrics, higher is better (e.g. accuracy, −loss or AUC).
   * Ties are broken by lower validation loss in the training loop.
   */
  monitor(val: SplitMetrics): number;
  dispose(): void;
}

export interface TaskModule {
  readonly task: Task;
  /** data sets this task runs on (names in the data registry) */
  readonly datasets: string[];
  open(args: TaskOpenArgs): Promise<TaskSession>;
}

export const taskRegistry = new Registry<TaskModule>('task');
