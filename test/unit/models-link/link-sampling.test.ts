import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bothDirections,
  dropEdges,
  edgeKeySet,
  NegativeSamplingError,
  pairKey,
  partitionPairs,
  sampleNegatives,
} from '../../../gnn/train/tasks/link-sampling';

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

test('NESS partition: disjoint parts covering every training pair, near-equal sizes, seeded', () => {
  const m = 103;
  const pairs = {
    src: Int32Array.from({ length: m }, (_, i) => i),
    dst: Int32Array.from({ length: m }, (_, i) => i + 1000),
  };
  const parts = partitionPairs(pairs, 4, 7);
  assert.equal(parts.length, 4);
  const seen = new Set<number>();
  for (const p of parts) {
    assert.ok(p.src.length === 25 || p.src.length === 26, `size ${p.src.length}`);
    p.src.forEach((s, i) => {
      assert.equal(p.dst[i], s + 1000, 'pairs stay intact');
      assert.ok(!seen.has(s), 'disjoint');
      seen.add(s);
    });
  }
  assert.equal(seen.size, m);
  assert.deepEqual(partitionPairs(pairs, 4, 7)[2].src, parts[2].src);
  assert.notDeepEqual(partitionPairs(pairs, 4, 8)[0].src, parts[0].src);
});

test('edge dropout keeps about 1 − p of the edges and both directions helper mirrors pairs', () => {
  const m = 4000;
  const e = { src: Int32Array.from({ length: m }, (_, i) => i), dst: Int32Array.from({ length: m }, (_, i) => i + 1) };
  const kept = dropEdges(e, 0.2, 3).src.length;
  assert.ok(kept > 0.77 * m && kept < 0.83 * m, `kept ${kept}`);
  assert.equal(dropEdges(e, 0, 3), e);
  const both = bothDirections({ src: Int32Array.from([1, 2]), dst: Int32Array.from([5, 6]) });
  assert.deepEqual(Array.from(both.src), [1, 2, 5, 6]);
  assert.deepEqual(Array.from(both.dst), [5, 6, 1, 2]);
});
