/**
 * Each model of the models room trains a few epochs on its real data set: the training loss falls
 * and the metrics are sane (finite, in range, above chance where a few epochs suffice).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Progress } from '../../../gnn/methods/types';
import { countParams } from '../../../gnn/models/model-def';
import { createLab } from '../../../gnn/train/create-lab';
import type { Task } from '../../../gnn/types';

async function trainFew(
  model: string,
  dataset: string,
  task: Task,
  epochs: number,
  extra: Record<string, number | string | Record<string, boolean>> = {},
) {
  const log: Progress[] = [];
  const lab = await createLab(
    { model, dataset, task, seed: 0, preset: 'smoke', overrides: { epochs, ...extra }, method: { name: 'none' } },
    { backend: 'wasm', onProgress: (p) => log.push(p) },
  );
  try {
    const m = lab.createModel();
    const out = await lab.train(m, { config: lab.config });
    const test = lab.evaluate(m, 'test');
    return { log, out, test, params: countParams(m), prunable: m.prunable, quantizable: m.quantizable };
  } finally {
    lab.dispose();
  }
}

function assertLossFalls(log: Progress[]): void {
  const losses = log.filter((p) => p.loss !== undefined).map((p) => p.loss as number);
  assert.ok(losses.every(Number.isFinite), `losses ${losses}`);
  assert.ok(losses[losses.length - 1] < losses[0], `loss did not fall: ${losses.map((l) => l.toFixed(4)).join(' → ')}`);
}

test('spline on Cora: 69,143 parameters (the paper’s count), loss falls, accuracy well above chance in 15 epochs', async () => {
  const r = await trainFew('spline', 'cora', 'node', 15);
  assert.equal(r.params, 69143);
  assert.deepEqual(r.prunable, ['conv1.weight', 'conv1.lin.weight', 'conv2.weight', 'conv2.lin.weight']);
  assertLossFalls(r.log);
  assert.ok(r.test.accuracy > 0.5, `test accuracy ${r.test.accuracy}`);
});

test('gcn on Cora: loss falls over 15 epochs', async () => {
  const r = await trainFew('gcn', 'cora', 'node', 15);
  assertLossFalls(r.log);
  assert.ok(r.test.accuracy > 1 / 7 && r.test.accuracy <= 1, `test accuracy ${r.test.accuracy}`);
});

test('gin on PROTEINS: loss falls in 3 epochs, accuracy and AUC in range, Degree-Quant layout names', async () => {
  const r = await trainFew('gin', 'proteins', 'graph', 3);
  assert.equal(r.params, 64 * 3 + 42439, 'the preset feeds the 3 node labels, not the continuous attribute');
  assert.ok(r.prunable.includes('gnn_layers.0.mlp.0.weight') && r.prunable.includes('gnn_layers.4.mlp.2.weight'));
  assert.ok(r.quantizable.includes('lin2'));
  assertLossFalls(r.log);
  assert.ok(r.test.accuracy >= 0.4 && r.test.accuracy <= 1, `test accuracy ${r.test.accuracy}`);
  assert.ok(r.test.auc !== undefined && r.test.auc > 0 && r.test.auc <= 1, `auc ${r.test.auc}`);
});

test('gin with nodeAttributes: PROTEINS has 4 input columns (1 attribute + 3 node labels)', async () => {
  const r = await trainFew('gin', 'proteins', 'graph', 1, { model: { nodeAttributes: true } });
  assert.equal(r.params, 64 * 4 + 42439);
});

test('gnnnet on BBBP: single-logit BCE model, loss falls in 3 epochs, AUC reported', async () => {
  const r = await trainFew('gnnnet', 'bbbp', 'graph', 3);
  assert.equal(r.params, 170171 + 174 * 9);
  assert.ok(r.prunable.includes('gnn_layers.0.lin.weight') && r.prunable.includes('mlps.0.weight'));
  assertLossFalls(r.log);
  assert.ok(r.test.accuracy > 0.5, `test accuracy ${r.test.accuracy}`);
  assert.ok(r.test.auc !== undefined && r.test.auc > 0.5, `auc ${r.test.auc}`);
});

test('gin on BBBP with one-hot atoms: loss falls in 2 epochs', async () => {
  const r = await trainFew('gin', 'bbbp', 'graph', 2, { batchSize: 256 });
  assert.equal(r.params, 64 * 174 + 42439);
  assertLossFalls(r.log);
});
