import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadBbbp, scaffoldSplit, type IndexSplit } from '../../../gnn/data';

test('BBBP scaffold split: covers every molecule once, no scaffold straddles two parts, 80/10/10 by the fill rule', async () => {
  const ds = await loadBbbp({ warn: () => {} });
  const n = ds.graphs.length;
  const check = (s: IndexSplit) => {
    const where = new Map<string, string>();
    const seen = new Uint8Array(n);
    for (const [name, part] of Object.entries(s) as [string, Int32Array][]) {
      for (const i of part) {
        seen[i]++;
        const sc = ds.graphs[i].scaffold as string;
        assert.equal(where.get(sc) ?? name, name, `scaffold ${sc} in two parts`);
        where.set(sc, name);
      }
    }
    assert.ok(seen.every((c) => c === 1));
    assert.ok(s.train.length <= 0.8 * n && s.train.length >= 0.75 * n, `train ${s.train.length}`);
    assert.ok(s.train.length + s.val.length <= 0.9 * n);
  };
  const det = scaffoldSplit(ds);
  check(det);
  assert.deepEqual(scaffoldSplit(ds), det);
  const balanced = scaffoldSplit(ds, [0.8, 0.1, 0.1], 1);
  check(balanced);
  assert.deepEqual(scaffoldSplit(ds, [0.8, 0.1, 0.1], 1), balanced);
  assert.notDeepEqual(scaffoldSplit(ds, [0.8, 0.1, 0.1], 2).test, balanced.test);
});
