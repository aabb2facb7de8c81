import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { Progress } from '../../../gnn/methods/types';
import { ResumableTwiceError, TrainingLab } from '../../../gnn/train/lab';
import { runTraining, TrainingAbortedError } from '../../../gnn/train/trainer';
import { FakeSession, fakeConfig, fakeModel } from './fake-session';

const deps = (log: Progress[] = [], signal = new AbortController().signal) => ({
  progress: (p: Progress) => log.push(p),
  signal,
});

test('training lowers the loss, reports progress every epoch, and reaches high accuracy', async () => {
  await tf.setBackend('cpu');
  const s = new FakeSession();
  const log: Progress[] = [];
  const out = await runTraining(s, fakeModel(), { config: fakeConfig() }, deps(log));
  assert.equal(out.epochs, 30);
  assert.equal(log.length, 30);
  assert.ok(log[29].loss! < log[0].loss! * 0.8, `loss ${log[0].loss} → ${log[29].loss}`);
  assert.ok(out.val.accuracy > 0.85, `val accuracy ${out.val.accuracy}`);
  assert.equal(out.diverged, false);
});

test('early stopping halts after `patience` epochs without improvement and restores the best weights', async () => {
  const s = new FakeSession();
  s.scriptedVal = [0.5, 0.9, 0.6, 0.6, 0.6, 0.6, 0.6];
  const model = fakeModel();
  const seen: Float32Array[] = [];
  const out = await runTraining(
    s,
    model,
    {
      config: fakeConfig({ patience: 3 }),
      afterStep: (m) => seen.push(m.params.get('lin.weight')!.dataSync().slice() as Float32Array),
    },
    deps(),
  );
  assert.equal(out.epochs, 5);
  assert.equal(out.val.accuracy, 0.9);
  assert.deepEqual(Array.from(model.params.get('lin.weight')!.dataSync()), Array.from(seen[1]));
});

test("early stopping also restores the extra variables and the hooks' state of the best epoch", async () => {
  const s = new FakeSession();
  s.scriptedVal = [0.5, 0.9, 0.6, 0.6, 0.6, 0.6, 0.6];
  const extra = tf.variable(tf.scalar(5));
  const extraSeen: number[] = [];
  let passes = 0;
  const restored: unknown[] = [];
  const hooks = {
    linear: (_n: string, x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D | null, apply: Apply) => {
      if (tf.engine().isTapeOn()) passes++;
      return apply(x, w, b);
    },
    snapshot: () => ({ passes }),
    restore: (state: unknown) => restored.push(state),
  };
  await runTraining(
    s,
    fakeModel(),
    {
      config: fakeConfig({ patience: 3 }),
      hooks,
      extraVars: [extra],
      extraLoss: () => tf.square(extra) as tf.Scalar,
      afterStep: () => extraSeen.push(extra.dataSync()[0]),
    },
    deps(),
  );
  assert.equal(extraSeen.length, 5);
  assert.equal(extra.dataSync()[0], extraSeen[1], `extra var ${extra.dataSync()[0]} vs epoch-2 ${extraSeen[1]}`);
  assert.notEqual(extraSeen[1], extraSeen[4]);
  assert.deepEqual(restored, [{ passes: 2 }]);
  extra.dispose();
});

type Apply = (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D | null) => tf.Tensor2D;

test('a NaN loss marks the run diverged instead of throwing', async () => {
  const s = new FakeSession();
  const out = await runTraining(
    s,
    fakeModel(),
    { config: fakeConfig({ epochs: 5 }), extraLoss: () => tf.scalar(Number.NaN) },
    deps(),
  );
  assert.equal(out.diverged, true);
  assert.equal(out.epochs, 1);
});

test('extraLoss changes the optimum (L2 shrinks weights) and extraVars are optimised', async () => {
  const plain = fakeModel(3);
  const reg = fakeModel(3);
  const s = new FakeSession();
  await runTraining(s, plain, { config: fakeConfig() }, deps());
  const extra = tf.variable(tf.scalar(5));
  await runTraining(
    s,
    reg,
    {
      config: fakeConfig(),
      extraVars: [extra],
      extraLoss: (m) =>
        tf.add(tf.mul(tf.sum(tf.square(m.params.get('lin.weight')!)), 1), tf.square(extra)) as tf.Scalar,
    },
    deps(),
  );
  const norm = (m: typeof plain) => tf.tidy(() => tf.sum(tf.square(m.params.get('lin.weight')!)).dataSync()[0]);
  assert.ok(norm(reg) < norm(plain) * 0.5, `‖W‖² ${norm(reg)} vs ${norm(plain)}`);
  assert.ok(Math.abs(extra.dataSync()[0]) < 5 - 0.5, `extra var ${extra.dataSync()[0]}`);
});

test('an aborted signal stops training between epochs with TrainingAbortedError', async () => {
  const ac = new AbortController();
  const log: Progress[] = [];
  const p = runTraining(
    new FakeSession(),
    fakeModel(),
    { config: fakeConfig({ epochs: 1000 }) },
    {
      progress: (x) => {
        log.push(x);
        if (x.epoch === 3) ac.abort();
      },
      signal: ac.signal,
    },
  );
  await assert.rejects(p, TrainingAbortedError);
  assert.equal(log.length, 3);
});

test('resume: a run restarted from its saved state continues where it stopped and ends like an uninterrupted one', async () => {
  const s = new FakeSession();
  const full = fakeModel(7);
  await runTraining(s, full, { config: fakeConfig({ epochs: 10 }) }, deps());
  let saved: Uint8Array | null = null;
  const ac = new AbortController();
  const first = fakeModel(7);
  const hooks = { every: 2, load: async () => saved, save: async (b: Uint8Array) => void (saved = b) };
  await assert.rejects(
    runTraining(
      s,
      first,
      { config: fakeConfig({ epochs: 10 }) },
      { progress: (p) => p.epoch === 6 && ac.abort(), signal: ac.signal, resume: hooks },
    ),
  );
  const log: Progress[] = [];
  const second = fakeModel(99);
  const out = await runTraining(s, second, { config: fakeConfig({ epochs: 10 }) }, { ...deps(log), resume: hooks });
  assert.equal(out.epochs, 10);
  assert.equal(log[0].epoch, 7);
  const a = Array.from(full.params.get('lin.weight')!.dataSync());
  const b = Array.from(second.params.get('lin.weight')!.dataSync());
  a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) < 1e-5, `weight ${i}: ${v} vs ${b[i]}`));
});

test('no tensors leak across training runs', async () => {
  const s = new FakeSession();
  const m = fakeModel();
  await runTraining(s, m, { config: fakeConfig({ epochs: 3, clipNorm: 1 }) }, deps());
  const before = tf.memory().numTensors;
  await runTraining(
    s,
    m,
    { config: fakeConfig({ epochs: 5, clipNorm: 1, optimizer: 'adamw', weightDecay: 0.1 }) },
    deps(),
  );
  assert.equal(tf.memory().numTensors, before);
});

/** A session, model definition and cell spec for a TrainingLab over the fake model. */
function labParts() {
  const def = { name: 'fake', tasks: ['graph' as const], description: '', build: () => fakeModel() };
  const spec = {
    model: 'fake',
    dataset: 'x',
    task: 'graph' as const,
    seed: 0,
    preset: 'default',
    method: { name: 'm' },
  };
  return { s: new FakeSession(), def, spec };
}

test('a lab gives one resumable training per run and refuses a second', async () => {
  const { s, def, spec } = labParts();
  const saved: number[] = [];
  const checkpoint = {
    every: 1,
    load: async () => null,
    save: async (_b: Uint8Array, e: number) => void saved.push(e),
  };
  const lab = new TrainingLab(spec, fakeConfig({ epochs: 2 }), def, s, { checkpoint });
  await lab.train(lab.createModel(), { config: fakeConfig({ epochs: 2 }) });
  assert.deepEqual(saved, [], 'a plain training saves no state');
  await lab.train(lab.createModel(), { config: fakeConfig({ epochs: 2 }), resumable: true });
  assert.deepEqual(saved, [1, 2]);
  await assert.rejects(
    lab.train(lab.createModel(), { config: fakeConfig({ epochs: 2 }), resumable: true }),
    ResumableTwiceError,
  );
});

test('named resumable trainings: each name once, never beside the unnamed one; each loads only its own state', async () => {
  const { s, def, spec } = labParts();
  let slot: Uint8Array | null = null;
  const checkpoint = {
    every: 1,
    load: async () => slot,
    save: async (b: Uint8Array) => void (slot = b),
  };
  const config = fakeConfig({ epochs: 2 });
  const lab = new TrainingLab(spec, config, def, s, { checkpoint });
  assert.equal(await lab.loadProgress(), null);
  await lab.train(lab.createModel(), { config, resumable: 'a' });
  await lab.saveProgress(new Uint8Array([7, 8]));
  await lab.train(lab.createModel(), { config, resumable: 'b' });
  await assert.rejects(lab.train(lab.createModel(), { config, resumable: 'a' }), ResumableTwiceError);
  await assert.rejects(lab.train(lab.createModel(), { config, resumable: true }), ResumableTwiceError);
  // a retried run: progress comes back; 'b' finds its state (2 epochs done), 'a' a fresh start
  const log: number[] = [];
  const again = new TrainingLab(spec, config, def, s, {
    checkpoint,
    onProgress: (p) => p.epoch > 0 && log.push(p.epoch),
  });
  assert.deepEqual([...((await again.loadProgress()) ?? [])], [7, 8]);
  await again.train(again.createModel(), { config, resumable: 'b' });
  assert.deepEqual(log, [], "'b' had finished its epochs");
  await again.train(again.createModel(), { config, resumable: 'a' });
  assert.deepEqual(log, [1, 2], "'a' starts over: the slot holds 'b'");
});
