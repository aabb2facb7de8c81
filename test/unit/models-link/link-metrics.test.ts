import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  averagePrecision,
  edgeKeySet,
  NegativeSamplingError,
  pairKey,
  rocAuc,
  sampleNegatives,
  thresholdAccuracy,
} from '../../../gnn/train/tasks/link-metrics';

const f32 = (a: number[]): Float32Array => Float32Array.from(a);
const u8 = (a: number[]): Uint8Array => Uint8Array.from(a);

test('ROC-AUC: perfect, reversed, and a hand-counted mixed case with ties', () => {
  assert.equal(rocAuc(f32([0.9, 0.8, 0.1, 0.2]), u8([1, 1, 0, 0])), 1);
  assert.equal(rocAuc(f32([0.1, 0.2, 0.9, 0.8]), u8([1, 1, 0, 0])), 0);
  // positives 0.8, 0.5; negatives 0.5, 0.3, 0.9: pairs won: 0.8>{0.5,0.3}=2, 0.5>0.3=1, 0.5=0.5 → ½ ⇒ 3.5/6
  assert.equal(rocAuc(f32([0.8, 0.5, 0.5, 0.3, 0.9]), u8([1, 1, 0, 0, 0])), 3.5 / 6);
  assert.ok(Number.isNaN(rocAuc(f32([0.1, 0.2]), u8([1, 1]))));
});

test('average precision matches scikit-learn on a small case', () => {
  // sklearn: average_precision_score([0,0,1,1], [0.1,0.4,0.35,0.8]) = 0.8333…
  assert.ok(Math.abs(averagePrecision(f32([0.1, 0.4, 0.35, 0.8]), u8([0, 0, 1, 1])) - 5 / 6) < 1e-12);
  // all tied: precision at the single threshold = base rate
  assert.equal(averagePrecision(f32([0.5, 0.5, 0.5, 0.5]), u8([1, 0, 0, 0])), 0.25);
});

test('threshold accuracy uses logit ≥ 0 as σ ≥ 0.5', () => {
  assert.equal(thresholdAccuracy(f32([2, -1, 0, -3]), u8([1, 0, 0, 1])), 0.5);
});

test('negative sampling is seeded, avoids existing pairs and self-pairs', () => {
  const n = 30;
  const src = Int32Array.from({ length: 60 }, (_, i) => i % n);
  const dst = Int32Array.from({ length: 60 }, (_, i) => (i * 7 + 1) % n);
  const existing = edgeKeySet(src, dst, n);
  const [a, b] = sampleNegatives(n, existing, 200, 42);
  const [c] = sampleNegatives(n, existing, 200, 42);
  assert.deepEqual(a, c);
  for (let k = 0; k < a.length; k++) {
    assert.notEqual(a[k], b[k]);
    assert.ok(!existing.has(pairKey(a[k], b[k], n)));
  }
  assert.notDeepEqual(sampleNegatives(n, existing, 200, 43)[0], a);
  // a complete graph on 3 nodes has no negatives left
  const full = edgeKeySet(Int32Array.from([0, 0, 1, 1, 2, 2]), Int32Array.from([1, 2, 0, 2, 0, 1]), 3);
  assert.throws(() => sampleNegatives(3, full, 1, 1), NegativeSamplingError);
});
