/**
 * `createLab(spec)`: resolves the model, the task module and the training config, checks they fit
 * together (before any data is loaded), selects the backend, opens the task session.
 */
import { InvalidInputError } from '../../core/errors';
import { initBackend, type BackendName } from '../engine';
import '../models';
import { modelRegistry } from '../models/registry';
import type { CellSpec, TrainConfig } from '../types';
import { TrainingLab, type LabHooks } from './lab';
import { resolveTrainConfig } from './presets';
import { taskRegistry } from './task';
import './tasks';

export interface CreateLabOptions extends LabHooks {
  /** backend to prefer @default env GNNC_BACKEND, else the engine's order */
  backend?: BackendName;
  /** data folder @default env GNNC_DATA_DIR */
  dataDir?: string;
}

/** Everything about a spec that can be checked without data: model, task, data set, preset. */
export function checkSpec(spec: Pick<CellSpec, 'model' | 'dataset' | 'task' | 'preset' | 'overrides'>): TrainConfig {
  const def = modelRegistry.get(spec.model);
  if (!def.tasks.includes(spec.task))
    throw new InvalidInputError(
      `model '${spec.model}' does not do task '${spec.task}'; it does: ${def.tasks.join(', ')}`,
      'task',
    );
  const task = taskRegistry.get(spec.task);
  if (!task.datasets.includes(spec.dataset))
    throw new InvalidInputError(
      `task '${spec.task}' runs on ${task.datasets.join(', ')}, not '${spec.dataset}'`,
      'dataset',
    );
  return resolveTrainConfig(spec);
}

export async function createLab(spec: CellSpec, opts: CreateLabOptions = {}): Promise<TrainingLab> {
  const config = checkSpec(spec);
  await initBackend(opts.backend);
  const session = await taskRegistry.get(spec.task).open({ spec, config, dataDir: opts.dataDir });
  return new TrainingLab(spec, config, modelRegistry.get(spec.model), session, opts);
}
