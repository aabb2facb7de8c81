import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArtefactError } from '../../../core/errors';
import {
  decodeSparseModel,
  encodeSparseModel,
  type ModelState,
  type StateTensor,
} from '../../../gnn/methods/pruning/sparse-format';
import { layerwiseMagnitudeMasks } from '../../../gnn/methods/pruning/masks';

function seeded(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31 - 0.5;
  });
}

function pruned(n: number, p: number, seed: number): Float32Array {
  const a = seeded(n, seed);
  const mask = layerwiseMagnitudeMasks(new Map([['t', a]]), ['t'], p).get('t')!;
  return a.map((v, i) => (mask[i] ? v : 0));
}

function param(name: string, shape: number[], data: Float32Array): StateTensor {
  return { name, kind: 'param', shape, dtype: 'float32', data };
}

function bits(t: StateTensor): number[] {
  return [...new Uint32Array(t.data.buffer, t.data.byteOffset, t.data.length)];
}

function assertSameState(a: ModelState, b: ModelState): void {
  assert.equal(b.modelName, a.modelName);
  assert.deepEqual(b.config, a.config);
  assert.equal(b.tensors.length, a.tensors.length);
  a.tensors.forEach((t, i) => {
    const u = b.tensors[i];
    assert.deepEqual({ ...u, data: null }, { ...t, data: null });
    assert.deepEqual(bits(u), bits(t), `tensor ${t.name} differs`);
  });
}

test('round-trips every tensor bit for bit: -0, NaN, denormals, int32 buffers, all-zero and dense tensors', () => {
  const odd = Float32Array.from([0, -0, NaN, Infinity, -Infinity, 1e-45, -3.4e38, 0, 0, 0.5]);
  const state: ModelState = {
    modelName: 'spline',
    config: { hidden: 16, dropout: 0.5, name: 'x' },
    tensors: [
      param('conv1.weight', [2, 1433, 16], pruned(2 * 1433 * 16, 0.9, 1)),
      param('conv1.bias', [16], seeded(16, 2)),
      param('conv2.weight', [2, 16, 7], pruned(2 * 16 * 7, 0.5, 3)),
      param('zeros', [3, 4], new Float32Array(12)),
      param('odd', [10], odd),
      { name: 'bn.num_batches_tracked', kind: 'buffer', shape: [], dtype: 'int32', data: Int32Array.from([42]) },
    ],
  };
  assertSameState(state, decodeSparseModel(encodeSparseModel(state)));
});

test('the file shrinks with sparsity about as Table 5 says', () => {
  const n = 2 * 1433 * 16;
  const dense = encodeSparseModel({ modelName: 'm', config: {}, tensors: [param('w', [n], seeded(n, 5))] }).length;
  const ratio = (p: number) =>
    dense / encodeSparseModel({ modelName: 'm', config: {}, tensors: [param('w', [n], pruned(n, p, 5))] }).length;
  assert.ok(Math.abs(dense - 4 * n) < 300, 'a tensor with no zeros is stored dense');
  assert.ok(ratio(0.1) > 1.0 && ratio(0.1) < 1.12, `0.1: ${ratio(0.1)}`);
  assert.ok(ratio(0.5) > 1.8 && ratio(0.5) < 2.0, `0.5: ${ratio(0.5)}`);
  assert.ok(ratio(0.9) > 7.5 && ratio(0.9) < 10, `0.9: ${ratio(0.9)}`);
  assert.ok(ratio(0.9) > ratio(0.8) && ratio(0.8) > ratio(0.5));
});

test('all-zero tensors are stored as is (dense), per Algorithm 1', () => {
  const state: ModelState = { modelName: 'm', config: {}, tensors: [param('z', [100], new Float32Array(100))] };
  const bytes = encodeSparseModel(state);
  const headerLength = Buffer.from(bytes).readUInt32LE(8);
  assert.equal(bytes.length, 12 + headerLength + 400);
  assert.match(Buffer.from(bytes).toString('utf8', 12, 12 + headerLength), /"encoding":"dense"/);
});

test('a damaged file is an ArtefactError, not garbage weights', () => {
  const state: ModelState = { modelName: 'm', config: {}, tensors: [param('w', [1000], pruned(1000, 0.5, 7))] };
  const bytes = encodeSparseModel(state);
  assert.throws(() => decodeSparseModel(bytes.subarray(0, bytes.length - 10)), ArtefactError);
  assert.throws(() => decodeSparseModel(Buffer.concat([bytes, Buffer.from([1])])), ArtefactError);
  assert.throws(() => decodeSparseModel(Buffer.from('not a model file')), ArtefactError);
});
