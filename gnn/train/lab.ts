/**
 * The Lab of one (model, dataset, task, seed): the only training surface methods see
 * (gnn/methods/types.ts). It binds a task session (data, split, batching, metrics) to a model
 * definition and a training config, and forwards progress and cancellation to the caller's hooks.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { RunHooks } from '../cell-types';
import type { Lab, Progress, TrainOptions, TrainOutcome } from '../methods/types';
import type { ModelDef, TaskModel } from '../models/model-def';
import type { CellSpec, ForwardCtx, GnnModel, LayerHooks, SplitMetrics, TrainConfig } from '../types';
import { encodeModelCheckpoint, type Values } from './checkpoint';
import type { TaskSession } from './task';
import { runTraining } from './trainer';

/** Thrown when a method hands the Lab a model it did not create (no forward pass). */
export class NotATaskModelError extends Error {
  override readonly name = 'NotATaskModelError';
  constructor(readonly model: string) {
    super(`model '${model}' was not created by this lab (it has no forward pass)`);
  }
}

export interface LabHooks {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** the run's training-state checkpoints, for base training and a method's one resumable training */
  checkpoint?: RunHooks['checkpoint'];
}

/** Thrown when a method asks for a second resumable training in one run: one state cannot hold two. */
export class ResumableTwiceError extends Error {
  override readonly name = 'ResumableTwiceError';
  constructor(readonly method: string) {
    super(`method '${method}' asked for two resumable trainings in one run; only one can resume`);
  }
}

function asTaskModel(m: GnnModel): TaskModel {
  if (typeof (m as TaskModel).forward !== 'function') throw new NotATaskModelError(m.modelName);
  return m as TaskModel;
}

export class TrainingLab implements Lab {
  readonly signal: AbortSignal;
  private resumableUsed = false;

  constructor(
    readonly spec: CellSpec,
    readonly config: TrainConfig,
    readonly def: ModelDef,
    readonly session: TaskSession,
    private readonly hooks: LabHooks = {},
  ) {
    this.signal = hooks.signal ?? new AbortController().signal;
  }

  createModel(seed?: number): TaskModel {
    return this.def.build(this.session.info, this.config.model, seed ?? this.spec.seed);
  }

  async train(model: GnnModel, opts: TrainOptions): Promise<TrainOutcome> {
    if (opts.resumable) {
      if (this.resumableUsed) throw new ResumableTwiceError(this.spec.method.name);
      this.resumableUsed = true;
    }
    return runTraining(this.session, asTaskModel(model), opts, {
      progress: (p) => this.progress(p),
      signal: this.signal,
      ...(opts.resumable && this.hooks.checkpoint ? { resume: this.hooks.checkpoint } : {}),
    });
  }

  evaluate(model: GnnModel, split: 'val' | 'test', ctx: Partial<ForwardCtx> = {}): SplitMetrics {
    return this.session.evaluate(asTaskModel(model), split, { ...ctx, training: false });
  }

  inferenceMs(
    model: GnnModel,
    opts: { warmup?: number; repeats?: number; hooks?: LayerHooks } = {},
  ): { mean: number; std: number } {
    const m = asTaskModel(model);
    const ctx: ForwardCtx = { training: false, hooks: opts.hooks };
    for (let i = 0; i < (opts.warmup ?? 2); i++) this.session.infer(m, ctx);
    const times: number[] = [];
    for (let i = 0; i < Math.max(1, opts.repeats ?? 10); i++) {
      const t0 = performance.now();
      this.session.infer(m, ctx);
      times.push(performance.now() - t0);
    }
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    const std = Math.sqrt(times.reduce((a, b) => a + (b - mean) ** 2, 0) / times.length);
    return { mean, std };
  }

  /** Parameters and buffers by name (their names never collide: `.weight`/`.bias` vs `.running_*`). */
  snapshot(model: GnnModel): Values {
    const out: Values = new Map();
    for (const [k, v] of [...model.params, ...model.buffers]) out.set(k, (v.dataSync() as Float32Array).slice());
    return out;
  }

  restore(model: GnnModel, values: Values): void {
    for (const [k, v] of [...model.params, ...model.buffers]) {
      const x = values.get(k);
      if (x) tf.tidy(() => v.assign(tf.tensor(x, v.shape)));
    }
  }

  denseBytes(model: GnnModel): Uint8Array {
    return encodeModelCheckpoint(model, this.session.info);
  }

  progress(p: Progress): void {
    this.hooks.onProgress?.(p);
  }

  dispose(): void {
    this.session.dispose();
  }
}
