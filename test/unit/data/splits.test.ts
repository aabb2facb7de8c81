import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  loadCora,
  loadProteins,
  Mulberry32,
  mulberry32,
  nodeSplit,
  permutation,
  stratifiedKFold,
  stratifiedSplit,
  type IndexSplit,
} from '../../../gnn/data';

function assertDisjointCover(s: IndexSplit, n: number, coverAll: boolean): void {
  const seen = new Uint8Array(n);
  for (const part of [s.train, s.val, s.test]) {
    for (const i of part) {
      assert.equal(seen[i], 0, `index ${i} in two parts`);
      seen[i] = 1;
    }
  }
  if (coverAll)
    assert.equal(
      seen.reduce((a, b) => a + b, 0),
      n,
    );
}

test('mulberry32 is a pure function of the seed', () => {
  const a = mulberry32(42);
  const b = mulberry32(42);
  const c = mulberry32(43);
  const xs = [a(), a(), a()];
  assert.deepEqual(xs, [b(), b(), b()]);
  assert.notDeepEqual(xs, [c(), c(), c()]);
  assert.ok(xs.every((x) => x >= 0 && x < 1));
  assert.deepEqual(
    [...permutation(10, 1)].sort((p, q) => p - q),
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  );
});

test('Mulberry32 draws mulberry32’s sequence, and a stream set to a saved state continues it', () => {
  const f = mulberry32(42);
  const g = new Mulberry32(42);
  const xs = [f(), f(), f(), f()];
  assert.deepEqual([g.next(), g.next()], xs.slice(0, 2));
  const h = new Mulberry32(7);
  h.state = g.state;
  assert.deepEqual([h.next(), h.next()], xs.slice(2));
  assert.equal(g.state, (42 + 2 * 0x6d2b79f5) >>> 0, 'the state is the position: seed + draws · increment');
});

test('Cora full split: 500/500/rest, disjoint, deterministic per seed', async () => {
  const ds = await loadCora();
  const s = nodeSplit(ds, 'full', 7);
  assert.deepEqual([s.train.length, s.val.length, s.test.length], [1708, 500, 500]);
  assertDisjointCover(s, ds.numNodes, true);
  assert.deepEqual(nodeSplit(ds, 'full', 7), s);
  assert.notDeepEqual(nodeSplit(ds, 'full', 8).test, s.test);
});

test('Cora public split (Planetoid, reconstructed): 20 per class, 500 val, 1,000 test, seed-independent', async () => {
  const ds = await loadCora();
  const s = nodeSplit(ds, 'public', 0);
  assert.deepEqual([s.train.length, s.val.length, s.test.length], [140, 500, 1000]);
  assertDisjointCover(s, ds.numNodes, false);
  const perClass = new Array<number>(7).fill(0);
  for (const i of s.train) perClass[ds.labels[i]]++;
  assert.deepEqual(perClass, [20, 20, 20, 20, 20, 20, 20]);
  assert.deepEqual(nodeSplit(ds, 'public', 99), s);
  const index = ds.planetoidIndex as Int32Array;
  assert.deepEqual(
    [...index].sort((a, b) => a - b),
    Array.from({ length: 2708 }, (_, i) => i),
    'a permutation',
  );
  assert.deepEqual(
    [...s.train],
    [...index.slice(0, 140)].sort((a, b) => a - b),
  );
  assert.throws(() => nodeSplit({ ...ds, publicSplit: undefined }, 'public', 0), /random-public/);
});

test('Cora random-public split: 20 per class, 500 val, 1,000 test, seeded', async () => {
  const ds = await loadCora();
  const s = nodeSplit(ds, 'random-public', 0);
  assert.deepEqual([s.train.length, s.val.length, s.test.length], [140, 500, 1000]);
  assertDisjointCover(s, ds.numNodes, false);
  const perClass = new Array<number>(7).fill(0);
  for (const i of s.train) perClass[ds.labels[i]]++;
  assert.deepEqual(perClass, [20, 20, 20, 20, 20, 20, 20]);
  assert.deepEqual(nodeSplit(ds, 'random-public', 0), s);
  assert.notDeepEqual(nodeSplit(ds, 'random-public', 1).train, s.train);
});

test('stratified split keeps class proportions within one item per class', async () => {
  const ds = await loadProteins();
  const labels = Int32Array.from(ds.graphs, (g) => g.y);
  const s = stratifiedSplit(labels, [0.8, 0.1, 0.1], 3);
  assertDisjointCover(s, labels.length, true);
  const total = [663, 450];
  for (const [part, frac] of [
    [s.val, 0.1],
    [s.test, 0.1],
    [s.train, 0.8],
  ] as const) {
    for (const c of [0, 1]) {
      const count = [...part].filter((i) => labels[i] === c).length;
      assert.ok(Math.abs(count - total[c] * frac) <= 1, `class ${c}: ${count} vs ${total[c] * frac}`);
    }
  }
  assert.deepEqual(stratifiedSplit(labels, [0.8, 0.1, 0.1], 3), s);
  assert.throws(() => stratifiedSplit(labels, [0.8, 0.1, 0.2], 3), /sum to 1/);
});

test('stratified k-fold: every graph in exactly one test fold and one val fold, folds stratified', async () => {
  const ds = await loadProteins();
  const labels = Int32Array.from(ds.graphs, (g) => g.y);
  const folds = stratifiedKFold(labels, 10, 5);
  assert.equal(folds.length, 10);
  const inTest = new Uint8Array(labels.length);
  const inVal = new Uint8Array(labels.length);
  for (const f of folds) {
    assertDisjointCover({ train: f.train, val: f.val as Int32Array, test: f.test }, labels.length, true);
    for (const i of f.test) inTest[i]++;
    for (const i of f.val ?? []) inVal[i]++;
    assert.ok(f.test.length === 111 || f.test.length === 112);
    const pos = [...f.test].filter((i) => labels[i] === 1).length;
    assert.ok(Math.abs(pos - (450 / 1113) * f.test.length) <= 1.5, `fold positives ${pos}`);
  }
  assert.ok(inTest.every((c) => c === 1));
  assert.ok(inVal.every((c) => c === 1));
  assert.deepEqual(stratifiedKFold(labels, 10, 5), folds);
  const noVal = stratifiedKFold(labels, 5, 5, false);
  assert.equal(noVal[0].val, undefined);
  assert.equal(noVal[0].train.length + noVal[0].test.length, labels.length);
});
