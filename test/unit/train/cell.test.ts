import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArtefactError, InvalidInputError } from '../../../core/errors';
import { runCellWith, trainBaseWith } from '../../../gnn/cell';
import type { Progress } from '../../../gnn/methods/types';
import type { BaseSpec } from '../../../gnn/types';

const base: BaseSpec = {
  model: 'gcn',
  dataset: 'cora',
  task: 'node',
  seed: 2,
  preset: 'smoke',
  overrides: { epochs: 4 },
};
const hooks = (log: Progress[] = []) => ({
  signal: new AbortController().signal,
  onProgress: (p: Progress) => log.push(p),
});
const wasm = { backend: 'wasm' as const };

test('trainBase → checkpoint + result; runCell none reproduces the base metrics from the checkpoint', async () => {
  const log: Progress[] = [];
  const { checkpoint, result } = await trainBaseWith(base, hooks(log), wasm);
  assert.equal(result.epochs, 4);
  assert.equal(result.params, 1433 * 16 + 16 + 16 * 7 + 7);
  assert.equal(result.backend, 'wasm');
  assert.ok(log.some((p) => p.phase === 'train' && p.epoch === 4) && log.some((p) => p.phase === 'evaluate'));
  const cell = await runCellWith({ ...base, method: { name: 'none' } }, checkpoint, hooks(), wasm);
  assert.equal(cell.result.method, 'none');
  assert.deepEqual(cell.result.metrics.test, result.metrics.test);
  assert.ok((cell.result.inferenceMs as { mean: number }).mean > 0);
});

test('runCell refuses a base checkpoint of another model and a missing base', async () => {
  const { checkpoint } = await trainBaseWith({ ...base, model: 'spline', overrides: { epochs: 1 } }, hooks(), wasm);
  await assert.rejects(
    runCellWith({ ...base, method: { name: 'none' } }, checkpoint, hooks(), wasm),
    (e: unknown) => e instanceof ArtefactError && /'spline', not 'gcn'/.test(e.message),
  );
  await assert.rejects(runCellWith({ ...base, method: { name: 'none' } }, null, hooks(), wasm), InvalidInputError);
  await assert.rejects(
    runCellWith({ ...base, method: { name: 'none', level: 0.5 } }, checkpoint, hooks(), wasm),
    /takes no level/,
  );
});

test('trainBase resumes from the training state its RunHooks saved', async () => {
  const states: Uint8Array[] = [];
  const ac = new AbortController();
  const ck = { every: 1, load: async () => states.at(-1) ?? null, save: async (s: Uint8Array) => void states.push(s) };
  await assert.rejects(
    trainBaseWith(
      base,
      { signal: ac.signal, onProgress: (p) => p.phase === 'train' && p.epoch === 2 && ac.abort(), checkpoint: ck },
      wasm,
    ),
  );
  assert.equal(states.length, 2);
  const log: Progress[] = [];
  const { result } = await trainBaseWith(base, { ...hooks(log), checkpoint: ck }, wasm);
  assert.equal(result.epochs, 4);
  const epochs = log.filter((p) => p.phase === 'train' && p.epoch > 0).map((p) => p.epoch);
  assert.deepEqual(epochs, [3, 4]);
});
