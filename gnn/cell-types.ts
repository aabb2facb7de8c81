/**
 * The contract between the lab (gnn/) and everything that runs cells: activities, `gnnc train`,
 * benchmarks. gnn/cell.ts implements `trainBase` and `runCell` with these signatures.
 */
import type { Progress } from './methods/types';
import type { BaseSpec, CellSpec, SplitMetrics } from './types';

/** Hooks the caller gives a run: cancellation, progress (heartbeats), and training checkpoints. */
export interface RunHooks {
  signal: AbortSignal;
  /** called at least once per epoch and at every phase change (the resource meter keys phases on it) */
  onProgress(p: Progress): void;
  /** resume support: training saves every `every` epochs and, on start, loads the last saved state */
  checkpoint?: {
    every: number;
    load(): Promise<Uint8Array | null>;
    save(state: Uint8Array, epoch: number): Promise<void>;
  };
}

/** Result of training one base model (the uncompressed model of a group). */
export interface BaseResult {
  spec: BaseSpec;
  params: number;
  epochs: number;
  durationMs: number;
  diverged: boolean;
  metrics: { val: SplitMetrics; test: SplitMetrics };
  /** backend that ran it (wasm, cpu, tensorflow, tensorflow-gpu) */
  backend: string;
}

/**
 * Result of one cell. The fixed keys below plus whatever the method returned (sparsity, size,
 * inferenceMs, bits, mode, metrics.pruned / metrics.finetuned, …), and `resources` when metered.
 */
export interface CellResult {
  model: string;
  dataset: string;
  task: string;
  seed: number;
  method: string;
  level?: number;
  bits?: number;
  mode?: string;
  params: number;
  epochs: number;
  durationMs: number;
  diverged: boolean;
  backend: string;
  metrics: { val: SplitMetrics; test: SplitMetrics; [phase: string]: SplitMetrics };
  [field: string]: unknown;
}

export type TrainBaseFn = (spec: BaseSpec, hooks: RunHooks) => Promise<{ checkpoint: Uint8Array; result: BaseResult }>;

/** `base` is the group's base checkpoint when the method needs one (see CompressionMethod.needsBase), else null. */
export type RunCellFn = (
  spec: CellSpec,
  base: Uint8Array | null,
  hooks: RunHooks,
) => Promise<{ result: CellResult; artefacts: Record<string, Uint8Array> }>;
