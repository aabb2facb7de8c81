import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accuracyFromScores, averagePrecision, binaryAccuracy, rocAuc } from '../../../gnn/train/metrics';

test('accuracy picks the arg-max class per row', () => {
  const scores = Float32Array.from([0.1, 0.9, 0.8, 0.2, 0.3, 0.7]);
  assert.equal(accuracyFromScores(scores, 2, [1, 0, 0]), 2 / 3);
  assert.equal(binaryAccuracy([2, -1, 0.5], [1, 0, 0]), 2 / 3);
});

test('ROC-AUC matches hand-computed values, ties count one half', () => {
  // sklearn: roc_auc_score([0,0,1,1],[0.1,0.4,0.35,0.8]) = 0.75
  assert.equal(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]), 0.75);
  assert.equal(rocAuc([0.5, 0.5], [0, 1]), 0.5);
  assert.ok(Number.isNaN(rocAuc([0.1, 0.2], [1, 1])));
});

test('average precision matches sklearn on a known example', () => {
  // sklearn: average_precision_score([0,0,1,1],[0.1,0.4,0.35,0.8]) = 0.8333…
  assert.ok(Math.abs(averagePrecision([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]) - 0.8333333) < 1e-6);
  assert.equal(averagePrecision([0.9, 0.1], [1, 0]), 1);
});
