import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../../../gnn/engine';
import { gaeModel } from '../../../gnn/models/gae';
import { nessModel } from '../../../gnn/models/ness';
import { countParams, type TaskModel } from '../../../gnn/models/model-def';
import { BASE_CONFIG } from '../../../gnn/train/presets';
import { linkTask } from '../../../gnn/train/tasks/link';
import { linkOptions, pairLogits, reconLoss } from '../../../gnn/train/tasks/link-parts';
import * as tf from '@tensorflow/tfjs-core';
import { runTraining } from '../../../gnn/train/trainer';
import type { TrainConfig } from '../../../gnn/types';
import { InvalidInputError } from '../../../core/errors';

before(async () => {
  await initBackend('wasm');
});

async function trainFew(model: 'gae' | 'ness', config: TrainConfig) {
  const spec = { model, dataset: 'cora', task: 'link' as const, seed: 1, preset: 'test' };
  const session = await linkTask.open({ spec, config });
  const m: TaskModel = (model === 'gae' ? gaeModel : nessModel).build(session.info, config.model, 1);
  const before = session.evaluate(m, 'val', { training: false });
  const losses: number[] = [];
  const out = await runTraining(
    session,
    m,
    { config },
    { signal: new AbortController().signal, progress: (p) => p.loss !== undefined && losses.push(p.loss) },
  );
  const test = session.evaluate(m, 'test', { training: false });
  session.dispose();
  return { m, before, losses, out, test };
}

test('gae trains on Cora links: loss falls, AUC/AP well above chance, 46,416 parameters', async () => {
  const config = { ...BASE_CONFIG, epochs: 40, lr: 0.01, model: {} };
  const { m, losses, test } = await trainFew('gae', config);
  assert.equal(countParams(m), 1433 * 32 + 32 + 32 * 16 + 16);
  assert.deepEqual(m.prunable, ['conv1.lin.weight', 'conv2.lin.weight']);
  assert.ok(losses[losses.length - 1] < losses[0] - 0.05, `loss ${losses[0]} → ${losses[losses.length - 1]}`);
  assert.ok((test.auc as number) > 0.7, `test AUC ${test.auc}`);
  assert.ok((test.ap as number) > 0.6, `test AP ${test.ap}`);
  assert.ok(test.accuracy > 0.5 && test.accuracy <= 1);
});

test('ness trains with 4 static subgraphs and edge dropout: loss falls, AUC above chance, 45,888 parameters', async () => {
  const config: TrainConfig = {
    ...BASE_CONFIG,
    epochs: 12,
    lr: 0.01,
    weightDecay: 0.01,
    optimizer: 'adamw',
    model: { subgraphs: 4, edgeDropout: 0.2, testRatio: 0.15 },
  };
  const { m, before, losses, test } = await trainFew('ness', config);
  assert.equal(countParams(m), 45888);
  assert.deepEqual(m.prunable, ['linear1.weight']);
  assert.ok(losses[losses.length - 1] < losses[0], `loss ${losses[0]} → ${losses[losses.length - 1]}`);
  assert.ok((test.auc as number) > 0.75, `test AUC ${test.auc}`);
  assert.ok((test.auc as number) > (before.auc as number), 'training improves on the initial embedding');
});

test('link options are validated before any data is loaded', () => {
  assert.deepEqual(linkOptions({}), {
    valRatio: 0.05,
    testRatio: 0.1,
    subgraphs: 1,
    edgeDropout: 0,
    cumulativeDropout: false,
  });
  assert.throws(() => linkOptions({ subgraphs: 0 }), InvalidInputError);
  assert.throws(() => linkOptions({ edgeDropout: 1 }), InvalidInputError);
});

test('NESS batches: one step over 4 disjoint subgraphs; dropout fresh per epoch or compounded', async () => {
  const base = { ...BASE_CONFIG, epochs: 1 };
  const spec = { model: 'ness', dataset: 'cora', task: 'link' as const, seed: 2, preset: 'test' };
  const edgesAt = async (cumulative: boolean, epoch: number) => {
    const s = await linkTask.open({
      spec,
      config: { ...base, model: { subgraphs: 4, edgeDropout: 0.5, testRatio: 0.15, cumulativeDropout: cumulative } },
    });
    const [batch, ...rest] = s.epochBatches(epoch) as {
      inputs: { edgeList: { src: Int32Array } }[];
      pos: { src: Int32Array }[];
    }[];
    assert.equal(rest.length, 0, 'NESS takes one optimiser step per epoch');
    assert.equal(batch.inputs.length, 4);
    const counts = batch.inputs.map((i) => i.edgeList.src.length);
    const pos = batch.pos.map((p) => p.src.length);
    s.releaseBatch(batch);
    s.dispose();
    return { counts, pos };
  };
  const fresh = await edgesAt(false, 3);
  const compounded = await edgesAt(true, 3);
  // Cora: 5,278 undirected edges, 80 % train → ~1,056 pairs (2,111 directed edges) per subgraph
  for (let s = 0; s < 4; s++) {
    const full = 2 * fresh.pos[s];
    assert.ok(fresh.counts[s] > 0.45 * full && fresh.counts[s] < 0.55 * full, `fresh: ${fresh.counts[s]} of ${full}`);
    assert.ok(
      compounded.counts[s] > 0.03 * full && compounded.counts[s] < 0.1 * full,
      `compounded (≈ 1/16): ${compounded.counts[s]} of ${full}`,
    );
  }
});

test('decoder logits are z_i·z_j and the loss is −log σ(pos) − log(1 − σ(neg))', () => {
  tf.tidy(() => {
    const z = tf.tensor2d([
      [1, 0],
      [0, 2],
      [1, 1],
    ]);
    const logits = pairLogits(z, { src: Int32Array.from([0, 1]), dst: Int32Array.from([2, 2]) });
    assert.deepEqual(Array.from(logits.dataSync()), [1, 2]);
    assert.ok(Math.abs(reconLoss(tf.tensor1d([0]), tf.tensor1d([0])).dataSync()[0] - 2 * Math.LN2) < 1e-6);
    const l = reconLoss(tf.tensor1d([3, 1]), tf.tensor1d([-2])).dataSync()[0];
    const expected = (Math.log1p(Math.exp(-3)) + Math.log1p(Math.exp(-1))) / 2 + Math.log1p(Math.exp(-2));
    assert.ok(Math.abs(l - expected) < 1e-6, `${l} vs ${expected}`);
  });
});
