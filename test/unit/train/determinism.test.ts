import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { disposeModel } from '../../../gnn/cell';
import { createLab } from '../../../gnn/train/create-lab';
import type { CellSpec } from '../../../gnn/types';

const spec = (model: string, dataset: string, seed: number): CellSpec => ({
  model,
  dataset,
  task: dataset === 'cora' ? 'node' : 'graph',
  seed,
  preset: 'smoke',
  overrides: { epochs: 3 },
  method: { name: 'none' },
});

async function run(s: CellSpec) {
  const lab = await createLab(s, { backend: 'wasm' });
  try {
    const m = lab.createModel();
    await lab.train(m, { config: lab.config });
    const weights = lab.snapshot(m);
    const out = { val: lab.evaluate(m, 'val'), test: lab.evaluate(m, 'test'), weights };
    disposeModel(m);
    return out;
  } finally {
    lab.dispose();
  }
}

test('same seed, same backend → identical metrics and weights (init, dropout, split)', async () => {
  const a = await run(spec('spline', 'cora', 4));
  const b = await run(spec('spline', 'cora', 4));
  assert.deepEqual(a.test, b.test);
  assert.deepEqual(a.val, b.val);
  for (const [k, v] of a.weights) assert.deepEqual(Array.from(v), Array.from(b.weights.get(k)!), k);
  const c = await run(spec('spline', 'cora', 5));
  assert.notDeepEqual(Array.from(c.weights.get('conv2.lin.weight')!), Array.from(a.weights.get('conv2.lin.weight')!));
});

test('graph task: mini-batch shuffling and BatchNorm are seeded too', async () => {
  const a = await run({ ...spec('gin', 'proteins', 1), overrides: { epochs: 2, batchSize: 256 } });
  const b = await run({ ...spec('gin', 'proteins', 1), overrides: { epochs: 2, batchSize: 256 } });
  assert.deepEqual(a.test, b.test);
  for (const [k, v] of a.weights) assert.deepEqual(Array.from(v), Array.from(b.weights.get(k)!), k);
});

test('a full lab cycle (create, train, evaluate, dispose) leaves the tensor count unchanged', async () => {
  await run(spec('gcn', 'cora', 0));
  const before = tf.memory().numTensors;
  await run(spec('gcn', 'cora', 0));
  await run({ ...spec('gin', 'proteins', 0), overrides: { epochs: 1, batchSize: 512 } });
  assert.equal(tf.memory().numTensors, before);
});
