/**
 * The compression-method contract. Each method (fp32, global, finegrained, l2, lottery, qat, dq, a2q)
 * registers one `CompressionMethod` in `methodRegistry`; the cell runner (gnn/cell.ts) resolves it by
 * name, hands it a `Lab` for the cell's data, and merges what it returns into the cell's result.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { Registry } from '../../core/registry';
import type { CellSpec, ForwardCtx, GnnModel, LayerHooks, MethodSpec, SplitMetrics, TrainConfig } from '../types';

/** Per-epoch progress, forwarded to Temporal heartbeats and the CLI progress line. */
export interface Progress {
  phase: 'train' | 'prune' | 'finetune' | 'evaluate' | 'infer' | string;
  epoch: number;
  epochs: number;
  loss?: number;
  val?: number;
}

export interface TrainOptions {
  config: TrainConfig;
  /** quantization hooks used in every forward pass of training and evaluation */
  hooks?: LayerHooks;
  /** extra loss term added to the task loss (L2 regularisation, A²Q memory penalty) */
  extraLoss?: (model: GnnModel) => tf.Scalar;
  /** called after each optimiser step (re-apply pruning masks) */
  afterStep?: (model: GnnModel) => void;
  /** phase name reported in progress @default 'train' */
  phase?: string;
  /** extra variables to optimise besides model.params (A²Q step sizes and bit-widths) */
  extraVars?: tf.Variable[];
  /**
   * `true`: this is the run's one resumable training: with the caller's training-state checkpoints (a
   * cell run by a worker), it saves every few epochs and a retried run continues from the last save —
   * weights, optimiser, extra variables and hook state. Only for a method whose run trains once and
   * sets everything else up deterministically before it. At most one call per run.
   * A string: one of several resumable trainings of a run, named (each name once per run); a retried
   * run continues the one named in the last save, and the method skips the trainings it finished by
   * keeping its own progress with `Lab.saveProgress` after each. Not mixed with `true` in one run.
   * @default false
   */
  resumable?: boolean | string;
}

export interface TrainOutcome {
  epochs: number;
  durationMs: number;
  /** true when the loss became NaN/Inf: a result, not a crash */
  diverged: boolean;
  /** best validation metrics (early-stopping point) */
  val: SplitMetrics;
}

/**
 * The lab bench for one (model, dataset, task, seed): data loaded and split, models created, trained
 * and evaluated. Implemented by gnn/train; methods use nothing else of the training code.
 */
export interface Lab {
  readonly spec: CellSpec;
  readonly config: TrainConfig;
  /** a fresh model initialised from `seed` (the base spec's seed when omitted) */
  createModel(seed?: number): GnnModel;
  train(model: GnnModel, opts: TrainOptions): Promise<TrainOutcome>;
  evaluate(model: GnnModel, split: 'val' | 'test', ctx?: Partial<ForwardCtx>): SplitMetrics;
  /** inference over the test split: `warmup` untimed passes then `repeats` timed ones */
  inferenceMs(
    model: GnnModel,
    opts?: { warmup?: number; repeats?: number; hooks?: LayerHooks },
  ): { mean: number; std: number };
  /** copy of every parameter's values, by name */
  snapshot(model: GnnModel): Map<string, Float32Array>;
  restore(model: GnnModel, values: Map<string, Float32Array>): void;
  /** serialised FP32 checkpoint bytes (dense), used for size comparisons */
  denseBytes(model: GnnModel): Uint8Array;
  progress(p: Progress): void;
  /**
   * What the method saved with `saveProgress` in an earlier attempt of this run (a retried cell), or
   * null: nothing saved, or no checkpoints for this run.
   */
  loadProgress(): Promise<Uint8Array | null>;
  /**
   * Keeps the method's progress between its trainings in the run's checkpoint (a no-op without
   * checkpoints); a training named by a `resumable` key saves beside it.
   */
  saveProgress(progress: Uint8Array): Promise<void>;
  readonly signal: AbortSignal;
}

/** What a method hands back; merged into the cell result JSON. */
export interface MethodOutcome {
  /** result fields, e.g. { sparsity, size, inferenceMs, metrics: { pruned, finetuned } } */
  fields: Record<string, unknown>;
  /** files to store next to the result (sparse model, packed INT model), name → bytes */
  artefacts?: Record<string, Uint8Array>;
}

export interface CompressionMethod {
  readonly name: string;
  /** bumped whenever the method's code changes its numbers; part of every cell's hash */
  readonly version: string;
  /** true: starts from the trained base model of the cell's group; false: trains its own model */
  readonly needsBase: boolean;
  /** throws InvalidInputError naming the bad field before any training */
  validate(spec: MethodSpec): void;
  /** `base` is the trained base model when needsBase, else null */
  run(lab: Lab, base: GnnModel | null, spec: MethodSpec): Promise<MethodOutcome>;
}

export const methodRegistry = new Registry<CompressionMethod>('method');
