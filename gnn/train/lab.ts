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
import { decodeRunState, EMPTY_RUN_STATE, encodeRunState, type RunState } from './run-state';
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
  /** the run's checkpoint slot: base training, and a method's resumable trainings and progress */
  checkpoint?: RunHooks['checkpoint'];
}

/**
 * Thrown when a method asks twice for the same resumable training in one run (the unnamed one, or one
 * name), or mixes the unnamed one with named ones: the unnamed one's state is the whole slot.
 */
export class ResumableTwiceError extends Error {
  override readonly name = 'ResumableTwiceError';
  constructor(readonly method: string) {
    super(`method '${method}' asked twice for one resumable training, or mixed unnamed and named ones, in one run`);
  }
}

function asTaskModel(m: GnnModel): TaskModel {
  if (typeof (m as TaskModel).forward !== 'function') throw new NotATaskModelError(m.modelName);
  return m as TaskModel;
}

export class TrainingLab implements Lab {
  readonly signal: AbortSignal;
  /** the resumable trainings of this run so far: `true` (the unnamed one) or their names */
  private readonly resumableKeys = new Set<string | true>();
  /** the run's checkpoint slot, once read (named resumable trainings and method progress) */
  private slot: RunState | undefined;

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
    const key = opts.resumable;
    if (key) {
      const used = this.resumableKeys;
      // a name once per run; the unnamed one alone (its state is the whole slot)
      if (used.has(key) || (used.size > 0 && (key === true) !== used.has(true)))
        throw new ResumableTwiceError(this.spec.method.name);
      used.add(key);
    }
    const resume = !key || !this.hooks.checkpoint ? null : key === true ? this.hooks.checkpoint : this.namedResume(key);
    return runTraining(this.session, asTaskModel(model), opts, {
      progress: (p) => this.progress(p),
      signal: this.signal,
      ...(resume ? { resume } : {}),
    });
  }

  /** Checkpoints for the training named `key`: it loads only a state saved under its own name. */
  private namedResume(key: string): NonNullable<RunHooks['checkpoint']> {
    return {
      every: this.hooks.checkpoint!.every,
      load: async () => {
        const s = await this.runState();
        return s.trainKey === key ? s.train : null;
      },
      save: async (train, epoch) => this.storeRunState({ ...(await this.runState()), trainKey: key, train }, epoch),
    };
  }

  /** The run's checkpoint slot as a RunState (read once; a plain training state counts as empty). */
  private async runState(): Promise<RunState> {
    if (this.slot === undefined) {
      const bytes = this.hooks.checkpoint ? await this.hooks.checkpoint.load() : null;
      this.slot = (bytes && decodeRunState(bytes)) || EMPTY_RUN_STATE;
    }
    return this.slot;
  }

  private async storeRunState(s: RunState, epoch: number): Promise<void> {
    this.slot = s;
    await this.hooks.checkpoint?.save(encodeRunState(s), epoch);
  }

  async loadProgress(): Promise<Uint8Array | null> {
    return this.hooks.checkpoint ? (await this.runState()).progress : null;
  }

  async saveProgress(progress: Uint8Array): Promise<void> {
    // a finished training's state is of no further use: the progress says what it gave
    if (this.hooks.checkpoint) await this.storeRunState({ progress, trainKey: null, train: null }, 0);
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
