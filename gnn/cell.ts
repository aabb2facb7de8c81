/**
 * The cell runner (contract: gnn/cell-types.ts). `trainBase` trains a group's uncompressed model once
 * and returns its checkpoint; `runCell` resolves the cell's method, hands it a Lab (and the base model
 * when the method needs one), and merges what the method reports into the CellResult.
 */
import { InvalidInputError } from '../core/errors';
import type { BaseResult, CellResult, RunHooks, RunCellFn, TrainBaseFn } from './cell-types';
import { currentBackend } from './engine';
import './methods';
import { methodRegistry } from './methods/types';
import { countParams } from './models/model-def';
import { encodeModelCheckpoint, loadIntoModel, readModelCheckpoint } from './train/checkpoint';
import { createLab, type CreateLabOptions } from './train/create-lab';
import type { GnnModel, SplitMetrics } from './types';

/** Thrown when a method's outcome lacks the final model's metrics (`fields.metrics.val` / `.test`). */
export class MethodResultError extends Error {
  override readonly name = 'MethodResultError';
  constructor(readonly method: string) {
    super(`method '${method}' returned no metrics.val / metrics.test for its final model`);
  }
}

/** Frees a model's variables (workers train many models per process). */
export function disposeModel(model: GnnModel): void {
  for (const v of [...model.params.values(), ...model.buffers.values()]) v.dispose();
}

function labOptions(hooks: RunHooks, extra: CreateLabOptions): CreateLabOptions {
  return {
    ...extra,
    signal: hooks.signal,
    onProgress: (p) => hooks.onProgress(p),
    ...(hooks.checkpoint ? { checkpoint: hooks.checkpoint } : {}),
  };
}

/** trainBase with lab options (backend, data folder) for the CLI and tests. */
export async function trainBaseWith(
  spec: Parameters<TrainBaseFn>[0],
  hooks: RunHooks,
  extra: CreateLabOptions = {},
): ReturnType<TrainBaseFn> {
  const lab = await createLab({ ...spec, method: { name: 'none' } }, labOptions(hooks, extra));
  const model = lab.createModel();
  try {
    hooks.onProgress({ phase: 'train', epoch: 0, epochs: lab.config.epochs });
    const out = await lab.train(model, { config: lab.config, resumable: true });
    hooks.onProgress({ phase: 'evaluate', epoch: out.epochs, epochs: lab.config.epochs });
    const metrics = { val: lab.evaluate(model, 'val'), test: lab.evaluate(model, 'test') };
    const backend = currentBackend();
    const result: BaseResult = {
      spec,
      params: countParams(model),
      epochs: out.epochs,
      durationMs: out.durationMs,
      diverged: out.diverged,
      metrics,
      backend,
    };
    const checkpoint = encodeModelCheckpoint(model, lab.session.info, {
      trainConfig: lab.config,
      spec,
      metrics,
      backend,
    });
    return { checkpoint, result };
  } finally {
    disposeModel(model);
    lab.dispose();
  }
}

export const trainBase: TrainBaseFn = (spec, hooks) => trainBaseWith(spec, hooks);

/** runCell with lab options (backend, data folder) for the CLI and tests. */
export async function runCellWith(
  spec: Parameters<RunCellFn>[0],
  base: Uint8Array | null,
  hooks: RunHooks,
  extra: CreateLabOptions = {},
): ReturnType<RunCellFn> {
  const method = methodRegistry.get(spec.method.name);
  method.validate(spec.method);
  if (method.needsBase && !base)
    throw new InvalidInputError(
      `method '${method.name}' starts from the trained base model; no base checkpoint given`,
      'base',
    );
  const lab = await createLab(spec, labOptions(hooks, extra));
  const started = Date.now();
  let baseModel: GnnModel | null = null;
  try {
    if (method.needsBase && base) {
      baseModel = lab.createModel();
      loadIntoModel(baseModel, readModelCheckpoint(base, 'base checkpoint'), 'base checkpoint');
    }
    const params = baseModel ? countParams(baseModel) : countOnce(lab);
    const out = await method.run(lab, baseModel, spec.method);
    const metrics = out.fields.metrics as { val?: SplitMetrics; test?: SplitMetrics } | undefined;
    if (!metrics?.val || !metrics.test) throw new MethodResultError(method.name);
    const result: CellResult = {
      model: spec.model,
      dataset: spec.dataset,
      task: spec.task,
      seed: spec.seed,
      method: method.name,
      ...(spec.method.level !== undefined ? { level: spec.method.level } : {}),
      ...(spec.method.bits !== undefined ? { bits: spec.method.bits } : {}),
      ...(spec.method.mode !== undefined ? { mode: spec.method.mode } : {}),
      params,
      epochs: 0,
      durationMs: Date.now() - started,
      diverged: false,
      backend: currentBackend(),
      ...out.fields,
      metrics: metrics as CellResult['metrics'],
    };
    return { result, artefacts: out.artefacts ?? {} };
  } finally {
    if (baseModel) disposeModel(baseModel);
    lab.dispose();
  }
}

function countOnce(lab: { createModel(): GnnModel }): number {
  const m = lab.createModel();
  const n = countParams(m);
  disposeModel(m);
  return n;
}

export const runCell: RunCellFn = (spec, base, hooks) => runCellWith(spec, base, hooks);
