/**
 * The shared run of every quantisation method: train a fresh model with the method's hooks (trained
 * from scratch, needsBase false), freeze the quantisers, measure accuracy, inference time and the
 * packed model's real size, and shape the result fields `gnnc train --json` prints.
 */
import type { GnnModel, LayerHooks, MethodSpec, SplitMetrics, TrainConfig } from '../../types';
import type { Lab, MethodOutcome, TrainOptions } from '../types';
import type { Packed } from './pack';

export interface QuantSetup {
  /** hooks used in training, evaluation and timing (none for FP32); `training` is forced false after training */
  hooks?: LayerHooks & { training?: boolean };
  /** the training configuration (the preset with the method's own lr / weight decay) */
  config: TrainConfig;
  /** runs once on the fresh model before training (A²Q creates its quantiser variables here) */
  prepare?(model: GnnModel): TrainOptions['extraVars'];
  extraLoss?: TrainOptions['extraLoss'];
  /** the packed model file, or null for FP32 (size = the dense checkpoint) */
  pack(model: GnnModel): Packed | null;
  /** called once training ends, before the val/test evaluation */
  beforeEvaluate?(): void;
  /** frees what the setup allocated (A²Q's variables) once the run is measured */
  dispose?(): void;
  /** method-specific result fields (A²Q's learned bits, DQ's protected fraction) */
  extraFields?(model: GnnModel): Record<string, unknown>;
}

/** The result fields every quantisation method returns (what `gnnc train --json` prints for it). */
export interface QuantFields {
  method: string;
  bits?: number;
  mode?: string;
  size: { bytes: number; avgBits: number; fp32Bytes: number; ratio: number };
  inferenceMs: { mean: number; std: number };
  trainMs: number;
  epochs: number;
  diverged: boolean;
  train: { lr: number; weightDecay: number; epochs: number };
  metrics: { val: SplitMetrics; test: SplitMetrics };
  dq?: { pMin: number; pMax: number; protectedFraction: number };
  a2q?: { featureAvgBits: number; weightAvgBits: number; featureMemoryKb: number; lambda: number; targetKb?: number };
}

/** `config` with the method's prescribed optimiser settings, when it prescribes any. */
export function withOptimiser(config: TrainConfig, lr?: number, weightDecay?: number): TrainConfig {
  return { ...config, ...(lr !== undefined ? { lr } : {}), ...(weightDecay !== undefined ? { weightDecay } : {}) };
}

export async function runQuantised(lab: Lab, spec: MethodSpec, setup: QuantSetup): Promise<MethodOutcome> {
  const model = lab.createModel();
  const extraVars = setup.prepare?.(model);
  const trained = await lab.train(model, {
    config: setup.config,
    resumable: true,
    ...(setup.hooks !== undefined ? { hooks: setup.hooks } : {}),
    ...(extraVars !== undefined ? { extraVars } : {}),
    ...(setup.extraLoss !== undefined ? { extraLoss: setup.extraLoss } : {}),
  });
  if (setup.hooks !== undefined) setup.hooks.training = false;
  const ctx = setup.hooks !== undefined ? { hooks: setup.hooks } : {};
  lab.progress({ phase: 'evaluate', epoch: trained.epochs, epochs: trained.epochs });
  setup.beforeEvaluate?.();
  const val = lab.evaluate(model, 'val', ctx);
  const test = lab.evaluate(model, 'test', ctx);
  const extra = setup.extraFields?.(model) ?? {};
  lab.progress({ phase: 'infer', epoch: trained.epochs, epochs: trained.epochs });
  const inferenceMs = lab.inferenceMs(model, ctx);
  const fp32Bytes = lab.denseBytes(model).length;
  const packed = setup.pack(model);
  setup.dispose?.();
  for (const v of [...model.params.values(), ...model.buffers.values()]) v.dispose();
  const bytes = packed?.bytes.length ?? fp32Bytes;
  return {
    fields: {
      method: spec.name,
      ...(spec.bits !== undefined ? { bits: spec.bits } : {}),
      ...(spec.mode !== undefined ? { mode: spec.mode } : {}),
      size: { bytes, avgBits: packed?.avgBits ?? 32, fp32Bytes, ratio: fp32Bytes / bytes },
      inferenceMs,
      trainMs: trained.durationMs,
      epochs: trained.epochs,
      diverged: trained.diverged,
      train: { lr: setup.config.lr, weightDecay: setup.config.weightDecay, epochs: setup.config.epochs },
      metrics: { val, test },
      ...extra,
    },
    ...(packed !== null ? { artefacts: { 'model.int.bin': packed.bytes } } : {}),
  };
}
