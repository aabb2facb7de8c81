import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { InvalidInputError } from '../../../core/errors';
import '../../../gnn/methods/quant';
import { methodRegistry } from '../../../gnn/methods/types';
import { readPacked } from '../../../gnn/methods/quant/pack';
import type { QuantFields } from '../../../gnn/methods/quant/run-quant';
import type { MethodSpec } from '../../../gnn/types';
import { toyLab } from './toy-lab';

test.before(async () => {
  await tf.setBackend('cpu');
});

const rejects = (spec: MethodSpec, field: string): void => {
  assert.throws(
    () => methodRegistry.get(spec.name).validate(spec),
    (e: unknown) => e instanceof InvalidInputError && e.field === field,
    JSON.stringify(spec),
  );
};

test('validate rejects invalid combinations before training', () => {
  for (const name of ['qat', 'dq']) {
    rejects({ name, bits: 2 as 4, mode: 'ste-abs' }, 'method.bits');
    rejects({ name, bits: 16 as 8, mode: 'gc-per' }, 'method.bits');
    rejects({ name, mode: 'gc-per' }, 'method.bits');
    rejects({ name, bits: 8 }, 'method.mode');
    rejects({ name, bits: 4, mode: 'gc-median' }, 'method.mode');
    methodRegistry.get(name).validate({ name, bits: 4, mode: 'gc-per' });
  }
  rejects({ name: 'a2q', mode: 'ste-abs' }, 'method.mode');
  rejects({ name: 'a2q', bits: 3 as 4 }, 'method.bits');
  rejects({ name: 'fp32', bits: 8 }, 'method.bits');
  rejects({ name: 'fp32', mode: 'ste-abs' }, 'method.mode');
  methodRegistry.get('a2q').validate({ name: 'a2q' });
  methodRegistry.get('fp32').validate({ name: 'fp32' });
  assert.ok(['fp32', 'qat', 'dq', 'a2q'].every((m) => methodRegistry.get(m).needsBase === false));
});

test('qat INT4 run: fields, packed file with 4-bit weights, preset optimiser kept', async () => {
  const spec: MethodSpec = { name: 'qat', bits: 4, mode: 'ste-abs' };
  const lab = toyLab(spec);
  const out = await methodRegistry.get('qat').run(lab, null, spec);
  const f = out.fields as unknown as QuantFields;
  assert.equal(f.method, 'qat');
  assert.equal(f.bits, 4);
  assert.equal(f.mode, 'ste-abs');
  assert.equal(lab.trainedWith[0]!.config.lr, 0.05);
  assert.ok(f.metrics.test.accuracy > 0.7, `toy accuracy ${f.metrics.test.accuracy}`);
  const bytes = out.artefacts!['model.int.bin']!;
  assert.equal(f.size.bytes, bytes.length);
  assert.equal(f.size.avgBits, 4);
  assert.equal(f.size.fp32Bytes, (4 * 8 + 8 + 8 * 2 + 2) * 4);
  const back = readPacked(bytes);
  assert.equal(back.tensors.get('lin1.weight')!.kind, 1);
  assert.equal(back.tensors.get('lin1.bias')!.kind, 0);
  assert.ok(back.activations.has('act:lin1.input') && back.activations.has('act:conv.message'));
  assert.ok(Number.isFinite(f.inferenceMs.mean) && Number.isFinite(f.trainMs));
});

test('dq INT8 run uses its own lr / weight decay and protects about p of the nodes', async () => {
  const spec: MethodSpec = { name: 'dq', bits: 8, mode: 'gc-per' };
  const lab = toyLab(spec);
  const f = (await methodRegistry.get('dq').run(lab, null, spec)).fields as unknown as QuantFields;
  assert.equal(lab.trainedWith[0]!.config.lr, 0.005);
  assert.equal(lab.trainedWith[0]!.config.weightDecay, 2e-4);
  // in-degrees 0..4 per graph of 8: p ∈ (0, 0.1], mean 0.065 for this layout
  assert.ok(f.dq!.protectedFraction > 0.02 && f.dq!.protectedFraction < 0.12, String(f.dq!.protectedFraction));
});

test('a2q run learns step sizes and widths, reports its average bits and packs by learned width', async () => {
  const spec: MethodSpec = { name: 'a2q' };
  const lab = toyLab(spec, 'graph', 40);
  const out = await methodRegistry.get('a2q').run(lab, null, spec);
  const f = out.fields as unknown as QuantFields;
  assert.ok(lab.trainedWith[0]!.extraVars!.length >= 6, 'pool and weight (s, b) variables are trained');
  assert.ok(lab.trainedWith[0]!.extraLoss !== undefined, 'graph tasks carry the memory penalty');
  assert.ok(f.a2q!.featureAvgBits >= 2 && f.a2q!.featureAvgBits <= 8);
  assert.ok(f.size.avgBits >= 2 && f.size.avgBits <= 8);
  assert.equal(readPacked(out.artefacts!['model.int.bin']!).tensors.get('lin2.weight')!.kind, 2);
  assert.ok(f.metrics.test.accuracy > 0.6, `toy accuracy ${f.metrics.test.accuracy}`);
  // a second A²Q cell in the same process (a worker runs many): variable names must not collide
  await methodRegistry.get('a2q').run(toyLab(spec, 'graph', 2), null, spec);
});

test('fp32 run: no hooks, size is the dense checkpoint', async () => {
  const spec: MethodSpec = { name: 'fp32' };
  const lab = toyLab(spec);
  const out = await methodRegistry.get('fp32').run(lab, null, spec);
  const f = out.fields as unknown as QuantFields;
  assert.equal(lab.trainedWith[0]!.hooks, undefined);
  assert.deepEqual(f.size, { bytes: f.size.fp32Bytes, avgBits: 32, fp32Bytes: f.size.fp32Bytes, ratio: 1 });
  assert.equal(out.artefacts, undefined);
});
