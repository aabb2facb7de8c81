import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linkSplit, loadCora } from '../../../gnn/data';

test('link split: sizes, no held-out positive in the message graph, negatives are non-edges, deterministic', async () => {
  const ds = await loadCora();
  const n = ds.numNodes;
  const s = linkSplit(ds, { val: 0.05, test: 0.1, seed: 1 });
  assert.deepEqual([s.train.src.length, s.val.pos[0].length, s.test.pos[0].length], [4488, 263, 527]);
  assert.equal(s.val.neg[0].length, 263);
  assert.equal(s.test.neg[0].length, 527);
  assert.equal(s.messageEdges.src.length, 2 * 4488);
  const key = (u: number, v: number) => Math.min(u, v) * n + Math.max(u, v);
  const message = new Set<number>();
  for (let i = 0; i < s.messageEdges.src.length; i++) message.add(key(s.messageEdges.src[i], s.messageEdges.dst[i]));
  assert.equal(message.size, 4488);
  const all = new Set<number>();
  for (let i = 0; i < ds.edges.src.length; i++) all.add(key(ds.edges.src[i], ds.edges.dst[i]));
  const negs = new Set<number>();
  for (const part of [s.val, s.test]) {
    for (let i = 0; i < part.pos[0].length; i++) {
      assert.ok(!message.has(key(part.pos[0][i], part.pos[1][i])), 'held-out positive leaked into message graph');
      assert.ok(all.has(key(part.pos[0][i], part.pos[1][i])));
    }
    for (let i = 0; i < part.neg[0].length; i++) {
      const [u, v] = [part.neg[0][i], part.neg[1][i]];
      assert.ok(u < v);
      assert.ok(!all.has(key(u, v)), 'negative is an edge');
      negs.add(key(u, v));
    }
  }
  assert.equal(negs.size, 263 + 527, 'negatives distinct, val and test disjoint');
  assert.deepEqual(linkSplit(ds, { val: 0.05, test: 0.1, seed: 1 }), s);
  assert.notDeepEqual(linkSplit(ds, { val: 0.05, test: 0.1, seed: 2 }).test.pos, s.test.pos);
  assert.throws(() => linkSplit(ds, { val: 0.5, test: 0.5, seed: 1 }), /must be in \[0, 1\)/);
});
