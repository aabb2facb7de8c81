/** Backend probing and selection: order, env override, idempotence, bad names. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { InvalidInputError } from '../../../core/errors';
import { BACKEND_ORDER, currentBackend, initBackend, probeBackends } from '../../../gnn/engine';

process.env.GNNC_LOG_LEVEL = 'silent';

test('probeBackends reports every backend, wasm and cpu load, failures carry a reason', async () => {
  const probes = await probeBackends();
  assert.deepEqual(
    probes.map((p) => p.name),
    [...BACKEND_ORDER],
  );
  for (const name of ['wasm', 'cpu']) assert.equal(probes.find((p) => p.name === name)?.available, true, name);
  for (const p of probes) if (!p.available) assert.ok(p.error && p.error.length > 0, `${p.name} has no error`);
});

test('initBackend without preference takes the first available in order', async () => {
  delete process.env.GNNC_BACKEND;
  const probes = await probeBackends();
  const first = probes.find((p) => p.available)?.name;
  const chosen = await initBackend();
  assert.equal(chosen.name, first);
  assert.equal(currentBackend(), first);
  assert.equal(chosen.tried[chosen.tried.length - 1].name, first);
});

test('preferred and GNNC_BACKEND pick the backend; repeated calls return the same choice', async () => {
  const cpu = await initBackend('cpu');
  assert.equal(cpu.name, 'cpu');
  assert.equal(tf.getBackend(), 'cpu');
  assert.equal(await initBackend('cpu'), cpu);
  process.env.GNNC_BACKEND = 'wasm';
  try {
    const wasm = await initBackend();
    assert.equal(wasm.name, 'wasm');
    assert.equal(currentBackend(), 'wasm');
  } finally {
    delete process.env.GNNC_BACKEND;
  }
});

test('an unknown backend name is invalid input', async () => {
  process.env.GNNC_BACKEND = 'webgpu';
  try {
    await assert.rejects(initBackend(), InvalidInputError);
  } finally {
    delete process.env.GNNC_BACKEND;
  }
});
