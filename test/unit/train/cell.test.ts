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

/**
 * Interrupts a cell after `stopAt` epochs (states saved every epoch), runs it again with the same
 * checkpoint hooks, and returns both the resumed and an uninterrupted run's results.
 */
async function interruptedAndWhole(spec: Parameters<typeof runCellWith>[0], stopAt: number) {
  const states: Uint8Array[] = [];
  const ac = new AbortController();
  const ck = { every: 1, load: async () => states.at(-1) ?? null, save: async (s: Uint8Array) => void states.push(s) };
  const stop = (p: Progress) => p.phase === 'train' && p.epoch === stopAt && ac.abort();
  await assert.rejects(runCellWith(spec, null, { signal: ac.signal, onProgress: stop, checkpoint: ck }, wasm));
  assert.equal(states.length, stopAt);
  const log: Progress[] = [];
  const resumed = await runCellWith(spec, null, { ...hooks(log), checkpoint: ck }, wasm);
  const wholeLog: Progress[] = [];
  const whole = await runCellWith(spec, null, hooks(wholeLog), wasm);
  // the training losses after the resume point: equal only if the whole state came back
  const losses = (l: Progress[]) => l.filter((p) => p.phase === 'train' && p.epoch > stopAt).map((p) => p.loss);
  assert.deepEqual(losses(log), losses(wholeLog));
  assert.equal(losses(log).length, 2);
  return { resumed: resumed.result, whole: whole.result, log };
}

// gcn with dropout 0.5: the dropout stream's position is part of the saved state
const withDropout = { ...base, overrides: { epochs: 4, model: { dropout: 0.5 } } };

test('a QAT cell resumes from its saved state (weights, optimiser, quantiser ranges, dropout stream) and ends like a whole run', async () => {
  const spec = { ...withDropout, method: { name: 'qat', bits: 4 as const, mode: 'ste-mom' } };
  const { resumed, whole, log } = await interruptedAndWhole(spec, 2);
  const epochs = log.filter((p) => p.phase === 'train' && p.epoch > 0).map((p) => p.epoch);
  assert.deepEqual(epochs, [3, 4]);
  assert.deepEqual(resumed.metrics, whole.metrics);
});

test('an A²Q cell resumes with its learned step sizes and bit-widths and ends like a whole run', async () => {
  const spec = { ...withDropout, method: { name: 'a2q' } };
  const { resumed, whole } = await interruptedAndWhole(spec, 2);
  assert.deepEqual(resumed.metrics, whole.metrics);
  assert.deepEqual(resumed.a2q, whole.a2q);
});

test('a Degree-Quant cell resumes with its protection sampler where it was and ends like a whole run', async () => {
  // GIN: its message passing is where Degree-Quant protects nodes (gcn has no per-node sites)
  const gin = { ...base, model: 'gin', dataset: 'proteins', task: 'graph' as const, overrides: { epochs: 4 } };
  const spec = { ...gin, method: { name: 'dq', bits: 4 as const, mode: 'gc-per' } };
  const { resumed, whole } = await interruptedAndWhole(spec, 2);
  assert.deepEqual(resumed.metrics, whole.metrics);
  assert.deepEqual(resumed.dq, whole.dq, 'the protected fraction counts every pass of the run');
});

test('a lottery cell resumes mid-way through any of its trainings, repeats none it finished, and ends like a whole run', async () => {
  const spec = { ...withDropout, method: { name: 'lottery', level: 0.36, rounds: 2 } };
  const whole = await runCellWith(spec, null, hooks(), wasm);
  // stop in the dense training, in round 1's control, and in round 2's ticket
  for (const [phase, epoch, skipped] of [
    ['train', 2, []],
    ['lottery-random-1', 3, ['train', 'lottery-ticket-1']],
    ['lottery-ticket-2', 1, ['train', 'lottery-ticket-1', 'lottery-random-1']],
  ] as const) {
    const states: Uint8Array[] = [];
    const ck = {
      every: 1,
      load: async () => states.at(-1) ?? null,
      save: async (s: Uint8Array) => void states.push(s),
    };
    const ac = new AbortController();
    const stop = (p: Progress) => p.phase === phase && p.epoch === epoch && ac.abort();
    await assert.rejects(runCellWith(spec, null, { signal: ac.signal, onProgress: stop, checkpoint: ck }, wasm));
    const log: Progress[] = [];
    const resumed = await runCellWith(spec, null, { ...hooks(log), checkpoint: ck }, wasm);
    const trained = (name: string) => log.filter((p) => p.phase === name && p.epoch > 0).map((p) => p.epoch);
    for (const done of skipped)
      assert.deepEqual(trained(done), [], `${phase}: '${done}' was finished, not trained again`);
    const rest = Array.from({ length: 4 - epoch }, (_, i) => epoch + 1 + i);
    assert.deepEqual(trained(phase), rest, `${phase} continues after epoch ${epoch}`);
    assert.deepEqual(resumed.result.curve, whole.result.curve, `stopped in ${phase}`);
    assert.deepEqual(resumed.result.metrics, whole.result.metrics);
  }
});
