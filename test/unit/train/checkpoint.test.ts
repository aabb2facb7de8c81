import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { ArtefactError } from '../../../core/errors';
import '../../../gnn/models/index';
import { modelRegistry } from '../../../gnn/models/registry';
import { encodeContainer, decodeContainer } from '../../../gnn/train/container';
import {
  encodeModelCheckpoint,
  encodeTrainState,
  loadIntoModel,
  modelFromCheckpoint,
  readModelCheckpoint,
  restoreTrainState,
} from '../../../gnn/train/checkpoint';

const info = { numFeatures: 4, numClasses: 2 };

test('a model checkpoint round-trips weights, buffers, config and metrics', async () => {
  await tf.setBackend('cpu');
  const a = modelRegistry.get('gin').build(info, { hidden: 8, layers: 2 }, 1);
  a.buffers.get('gnn_layers.0.mlp.4.running_mean')!.assign(tf.fill([8], 0.25));
  const bytes = encodeModelCheckpoint(a, info, { metrics: { test: { accuracy: 0.7 } } });
  const { model: b, meta } = modelFromCheckpoint(bytes);
  assert.equal(meta.model, 'gin');
  assert.equal(meta.metrics?.test?.accuracy, 0.7);
  assert.deepEqual(b.config, a.config);
  for (const [k, v] of [...a.params, ...a.buffers]) {
    const w = b.params.get(k) ?? b.buffers.get(k);
    assert.deepEqual(Array.from(w!.dataSync()), Array.from(v.dataSync()), k);
  }
});

test('loading a checkpoint of another model, or of other shapes, is an ArtefactError', () => {
  const gin = modelRegistry.get('gin').build(info, { hidden: 8, layers: 2 }, 1);
  const gcn = modelRegistry.get('gcn').build(info, {}, 1);
  const ck = readModelCheckpoint(encodeModelCheckpoint(gin, info));
  assert.throws(
    () => loadIntoModel(gcn, ck),
    (e: unknown) => e instanceof ArtefactError && /model 'gin', not 'gcn'/.test(e.message),
  );
  const wider = modelRegistry.get('gin').build(info, { hidden: 16, layers: 2 }, 1);
  assert.throws(
    () => loadIntoModel(wider, ck),
    (e: unknown) => e instanceof ArtefactError && /has \d+ values/.test(e.message),
  );
});

test('corrupt, truncated and foreign files are refused with a clear ArtefactError', () => {
  const m = modelRegistry.get('gcn').build(info, {}, 3);
  const bytes = encodeModelCheckpoint(m, info);
  const flipped = bytes.slice();
  flipped[flipped.length - 3] ^= 0xff;
  assert.throws(() => readModelCheckpoint(flipped), /CRC-32 mismatch/);
  assert.throws(() => readModelCheckpoint(bytes.slice(0, bytes.length - 10)), /truncated/);
  assert.throws(() => readModelCheckpoint(bytes.slice(0, 20)), /truncated/);
  assert.throws(() => readModelCheckpoint(new TextEncoder().encode('{"not":"a checkpoint"}')), /bad magic/);
  const badHeader = bytes.slice();
  badHeader[13] = 0x7b;
  badHeader[14] = 0x7b;
  assert.throws(() => readModelCheckpoint(badHeader), ArtefactError);
  const other = encodeContainer('train-state', { model: 'gcn' }, []);
  assert.throws(() => readModelCheckpoint(other), /not a model checkpoint/);
});

test('container stores shapes and float values exactly', () => {
  const vals = Float32Array.from([1.5, -2, Math.PI, 1e-30]);
  const c = decodeContainer(
    encodeContainer('x', { a: 1 }, [{ group: 'g', name: 't', shape: [2, 2], values: vals }]),
    'test',
  );
  assert.deepEqual(c.meta, { a: 1 });
  assert.deepEqual(c.tensors[0].shape, [2, 2]);
  assert.deepEqual(Array.from(c.tensors[0].values), Array.from(vals));
});

test('a training state restores weights, optimiser moments, epoch and best-so-far', () => {
  const m = modelRegistry.get('gcn').build(info, {}, 5);
  const best = {
    epoch: 3,
    score: 0.8,
    loss: 0.4,
    val: { accuracy: 0.8 },
    params: new Map([['conv1.bias', new Float32Array(16).fill(1)]]),
    buffers: new Map(),
  };
  const opt = {
    step: 7,
    m: new Map([['conv1.bias', new Float32Array(16).fill(0.5)]]),
    v: new Map([['conv1.bias', new Float32Array(16).fill(0.25)]]),
  };
  const bytes = encodeTrainState(m, { model: 'gcn', epoch: 4, sinceBest: 1, optimizer: opt, best });
  const fresh = modelRegistry.get('gcn').build(info, {}, 99);
  const s = restoreTrainState(bytes, fresh);
  assert.equal(s.epoch, 4);
  assert.equal(s.sinceBest, 1);
  assert.equal(s.optimizer.step, 7);
  assert.equal(s.optimizer.v.get('conv1.bias')![0], 0.25);
  assert.equal(s.best?.score, 0.8);
  assert.equal(s.best?.params.get('conv1.bias')![0], 1);
  assert.deepEqual(
    Array.from(fresh.params.get('conv1.lin.weight')!.dataSync()),
    Array.from(m.params.get('conv1.lin.weight')!.dataSync()),
  );
  assert.throws(() => restoreTrainState(bytes, modelRegistry.get('spline').build(info, {}, 1)), /not 'spline'/);
});
