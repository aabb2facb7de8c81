/**
 * Fake compute for workflow tests: trainBase / runCell that take a few milliseconds, report progress,
 * and record how many run at once. A cell whose method is 'bad' fails with InvalidInputError; level
 * 0.99 diverges (a result, not a failure).
 */
import { InvalidInputError } from '../../../core/errors';
import type { BaseResult, CellResult, RunCellFn, TrainBaseFn } from '../../../gnn/cell-types';

export function fakeLab(workMs = 20) {
  const stats = { running: 0, maxRunning: 0, baseCalls: 0, cellCalls: new Map<string, number>() };
  const work = async (
    signal: AbortSignal,
    onProgress: (p: { phase: string; epoch: number; epochs: number }) => void,
  ) => {
    stats.running++;
    stats.maxRunning = Math.max(stats.maxRunning, stats.running);
    try {
      for (let e = 0; e < 2; e++) {
        if (signal.aborted) throw new Error('cancelled');
        onProgress({ phase: 'train', epoch: e, epochs: 2 });
        await new Promise((r) => setTimeout(r, workMs / 2));
      }
    } finally {
      stats.running--;
    }
  };
  const trainBase: TrainBaseFn = async (spec, hooks) => {
    stats.baseCalls++;
    await work(hooks.signal, hooks.onProgress);
    const result: BaseResult = {
      spec,
      params: 10,
      epochs: 2,
      durationMs: workMs,
      diverged: false,
      metrics: { val: { accuracy: 0.5 }, test: { accuracy: 0.5 } },
      backend: 'fake',
    };
    return { checkpoint: new Uint8Array([1, 2, 3]), result };
  };
  const runCell: RunCellFn = async (spec, base, hooks) => {
    const key = `${spec.method.name}/${spec.method.level}/${spec.seed}`;
    stats.cellCalls.set(key, (stats.cellCalls.get(key) ?? 0) + 1);
    if (spec.method.name === 'bad') throw new InvalidInputError('this method always refuses', 'method');
    await work(hooks.signal, hooks.onProgress);
    const result: CellResult = {
      model: spec.model,
      dataset: spec.dataset,
      task: spec.task,
      seed: spec.seed,
      method: spec.method.name,
      level: spec.method.level,
      params: 10,
      epochs: 2,
      durationMs: workMs,
      diverged: spec.method.level === 0.99,
      backend: 'fake',
      hadBase: base !== null,
      metrics: { val: { accuracy: 0.5 }, test: { accuracy: 0.5 } },
    };
    return { result, artefacts: { 'model.bin': new Uint8Array([9]) } };
  };
  return { trainBase, runCell, stats };
}
