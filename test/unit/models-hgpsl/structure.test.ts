import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeInformationScore } from '../../../gnn/models/hgpsl/info-score';
import { candidatePairs } from '../../../gnn/models/hgpsl/candidates';

/** Both directions of each undirected pair. */
function undirected(numNodes: number, pairs: [number, number][]) {
  const src: number[] = [];
  const dst: number[] = [];
  for (const [a, b] of pairs) {
    src.push(a, b);
    dst.push(b, a);
  }
  return { numNodes, src: Int32Array.from(src), dst: Int32Array.from(dst), w: null };
}

test('information score on a path graph is |x_i − Σ Â x_j|₁ by hand', () => {
  // path 0 – 1 – 2, degrees 1, 2, 1; 1-d features x = [1, 2, 4]
  // Â_01 = 1/√2: node 0 ← x1/√2 = 1.41421; node 1 ← x0/√2 + x2/√2 = 3.53553; node 2 ← x1/√2 = 1.41421
  const s = nodeInformationScore(
    Float32Array.from([1, 2, 4]),
    1,
    undirected(3, [
      [0, 1],
      [1, 2],
    ]),
  );
  const expected = [Math.abs(1 - 2 / Math.SQRT2), Math.abs(2 - 5 / Math.SQRT2), Math.abs(4 - 2 / Math.SQRT2)];
  for (let i = 0; i < 3; i++) assert.ok(Math.abs(s[i] - expected[i]) < 1e-5, `node ${i}: ${s[i]} vs ${expected[i]}`);
});

test('information score sums |·| over feature columns and uses edge weights', () => {
  // two nodes linked both ways with weight 0.5 plus self-loops of weight 0.5: degrees 1, Â = 0.5 everywhere
  const edges = {
    numNodes: 2,
    src: Int32Array.from([0, 1, 0, 1]),
    dst: Int32Array.from([1, 0, 0, 1]),
    w: Float32Array.from([0.5, 0.5, 0.5, 0.5]),
  };
  const x = Float32Array.from([1, -1, 3, 5]);
  // agg for both = 0.5·(x0 + x1) = [2, 2]; node 0: |1−2|+|−1−2| = 4; node 1: |3−2|+|5−2| = 4
  const s = nodeInformationScore(x, 2, edges);
  assert.deepEqual(Array.from(s), [4, 4]);
  // a node equal to its neighbours' normalised sum scores 0
  const flat = nodeInformationScore(Float32Array.from([1, 1]), 1, undirected(2, [[0, 1]]));
  assert.deepEqual(Array.from(flat), [0, 0]);
});

test('candidate pairs are the kept nodes within the hop bound plus self-pairs', () => {
  // path 0-1-2-3-4-5; keep 0, 2, 3, 5 (new indices 0..3)
  const edges = undirected(6, [
    [0, 1],
    [1, 2],
    [2, 3],
    [3, 4],
    [4, 5],
  ]);
  const kept = Int32Array.from([0, 2, 3, 5]);
  const pairs = candidatePairs(edges, kept, 3);
  const got = new Set<string>();
  for (let e = 0; e < pairs.row.length; e++) got.add(`${pairs.row[e]}-${pairs.col[e]}`);
  assert.equal(got.size, pairs.row.length, 'no duplicate pairs');
  // old 0 reaches 2 (2 hops), 3 (3 hops), not 5 (5 hops); old 5 reaches 3 (2 hops), 2 (3 hops), not 0
  const expected = ['0-0', '0-1', '0-2', '1-1', '1-0', '1-2', '1-3', '2-2', '2-1', '2-0', '2-3', '3-3', '3-2', '3-1'];
  assert.deepEqual([...got].sort(), expected.sort());
  // prior edge index only for direct edges (old 2 → old 3 is edge index 4 in the list) and none for self-pairs here
  for (let e = 0; e < pairs.row.length; e++) {
    const direct = (pairs.row[e] === 1 && pairs.col[e] === 2) || (pairs.row[e] === 2 && pairs.col[e] === 1);
    if (direct) assert.equal(edges.src[pairs.prior[e]], kept[pairs.row[e]]);
    else assert.equal(pairs.prior[e], -1);
  }
  // rows are grouped in ascending order
  for (let e = 1; e < pairs.row.length; e++) assert.ok(pairs.row[e] >= pairs.row[e - 1]);
});

test('candidate pairs follow edge direction and find existing self-loops', () => {
  // directed 0 → 1 → 2, self-loop on 1; keep all
  const edges = { numNodes: 3, src: Int32Array.from([0, 1, 1]), dst: Int32Array.from([1, 2, 1]), w: null };
  const pairs = candidatePairs(edges, Int32Array.from([0, 1, 2]), 1);
  const list = Array.from(pairs.row, (r, e) => `${r}-${pairs.col[e]}:${pairs.prior[e]}`);
  assert.deepEqual(list.sort(), ['0-0:-1', '0-1:0', '1-1:2', '1-2:1', '2-2:-1'].sort());
});
