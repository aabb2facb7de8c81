/**
 * The wasm backend's threaded build (GNNC_WASM_THREADS): it really runs the requested number of
 * threads, gives the same bits as the single-threaded build, lets the process exit by itself, and
 * rejects bad values.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { InvalidInputError } from '../../../core/errors';
import { initBackend, wasmThreads } from '../../../gnn/engine';

const CHILD = path.join(__dirname, '..', '..', 'support', 'wasm-threads-child.ts');

function runChild(threads: string): { threads: number; w1: string; w2: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', CHILD], {
    env: { ...process.env, GNNC_WASM_THREADS: threads, GNNC_LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(run.error, undefined, `child did not exit by itself: ${String(run.error)}`);
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout.trim().split('\n').pop() ?? '') as { threads: number; w1: string; w2: string };
}

test('GNNC_WASM_THREADS=2 runs two XNNPACK threads, gives the bits of one thread, and exits by itself', () => {
  const one = runChild('1');
  const two = runChild('2');
  assert.equal(one.threads, 1);
  assert.equal(two.threads, 2);
  assert.equal(two.w1, one.w1);
  assert.equal(two.w2, one.w2);
});

test('GNNC_WASM_THREADS accepts 1–8 and defaults to 1', () => {
  assert.equal(wasmThreads({}), 1);
  assert.equal(wasmThreads({ GNNC_WASM_THREADS: '' }), 1);
  assert.equal(wasmThreads({ GNNC_WASM_THREADS: '4' }), 4);
  for (const bad of ['0', '9', '2.5', 'two', '-1'])
    assert.throws(() => wasmThreads({ GNNC_WASM_THREADS: bad }), InvalidInputError, bad);
});

test('initBackend rejects a bad GNNC_WASM_THREADS instead of falling back to another backend', async () => {
  process.env.GNNC_WASM_THREADS = '0';
  try {
    await assert.rejects(initBackend('wasm'), InvalidInputError);
  } finally {
    delete process.env.GNNC_WASM_THREADS;
  }
});
