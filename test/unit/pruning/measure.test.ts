import { test } from 'node:test';
import assert from 'node:assert/strict';
import { measureSparsity } from '../../../gnn/measure/sparsity';
import { sizeReport, valuesOnlyBytes } from '../../../gnn/measure/model-size';

test('sparsity counts exact zeros (both signs) per layer and overall; NaN is not zero', () => {
  const values = new Map([
    ['a', Float32Array.from([0, -0, 1, NaN])],
    ['b', Float32Array.from([0.0005, 2, 0, 0, 0, 0])],
  ]);
  const { sparsity, nonzero } = measureSparsity(values, ['a', 'b']);
  assert.deepEqual(sparsity.layers, { a: 0.5, b: 4 / 6 });
  assert.equal(sparsity.overall, 6 / 10);
  assert.deepEqual(nonzero, { total: 4, elements: 10, layers: { a: 2, b: 2 } });
  assert.equal(measureSparsity(values, ['b'], 1e-3).sparsity.overall, 5 / 6);
  assert.throws(() => measureSparsity(values, ['c']), /no values for tensor 'c'/);
});

test('size ratio is dense over sparse bytes; values-only size drops 4 bytes per zero except in all-zero tensors', () => {
  assert.deepEqual(sizeReport(new Uint8Array(1000), new Uint8Array(250)), {
    denseBytes: 1000,
    sparseBytes: 250,
    ratio: 4,
  });
  const tensors = [
    { nonzero: 10, elements: 100 },
    { nonzero: 0, elements: 50 },
  ];
  assert.equal(valuesOnlyBytes(700, tensors), 700 - 4 * 90);
});
