import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalJson, hashConfig } from '../../../sweep/canonical';
import { studyCatalog, type SpecCatalog } from '../../../sweep/catalog';
import { validateSpecObject } from '../../../sweep/parse';
import { expandMethod, planSweep } from '../../../sweep/plan';
import { sweepWorkflowId } from '../../../sweep/plan-types';
import { summarizePlan } from '../../../sweep/summary';

const base = {
  name: 'p',
  seeds: [0, 1],
  grid: [
    {
      model: 'gcn',
      dataset: 'cora',
      task: 'node',
      methods: { none: {}, global: { sparsity: [0.1, 0.5] }, l2: { rate: [0.001] } },
    },
  ],
};
const plan = (spec: object, catalog: SpecCatalog = studyCatalog()) => planSweep(validateSpecObject(spec), catalog);
const ids = (p: ReturnType<typeof plan>) => p.groups.flatMap((g) => g.cells.map((c) => c.id));

test('canonical JSON ignores key order and undefined members', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: undefined, c: [1, 'x'] } }), '{"a":{"c":[1,"x"]},"b":1}');
  assert.equal(hashConfig({ a: 1, b: 2 }), hashConfig({ b: 2, a: 1 }));
  assert.throws(() => canonicalJson({ a: NaN }), /non-finite/);
});

test('cell ids are stable, and change with seed, level, overrides and method version', () => {
  const p1 = plan(base);
  assert.deepEqual(ids(plan(base)), ids(p1));
  assert.equal(new Set(ids(p1)).size, p1.cells, 'ids are unique');
  const withOverride = plan({ ...base, overrides: { epochs: 5 } });
  assert.equal(ids(withOverride).filter((id) => ids(p1).includes(id)).length, 0, 'an override changes every cell');
  const catalog = studyCatalog();
  const get = catalog.methods.get;
  catalog.methods.get = (n) => (n === 'global' ? { ...get(n), version: '2' } : get(n));
  const bumped = plan(base, catalog);
  const changed = ids(bumped).filter((id) => !ids(p1).includes(id));
  assert.equal(changed.length, 4, 'a method version bump changes exactly its cells (2 levels × 2 seeds)');
  assert.deepEqual(
    bumped.groups.map((g) => g.id),
    p1.groups.map((g) => g.id),
    'base ids do not depend on methods',
  );
});

test('cells are grouped by base model; needsBase follows the method', () => {
  const p = plan(base);
  assert.equal(p.groups.length, 2);
  for (const g of p.groups) {
    assert.equal(g.cells.length, 4);
    assert.deepEqual(
      g.cells.map((c) => c.needsBase),
      [true, true, true, false],
    );
  }
});

test('a cell named twice in the grid is one cell', () => {
  const dup = { ...base, grid: [base.grid[0], base.grid[0]] };
  assert.equal(plan(dup).cells, plan(base).cells);
});

test('pool rules route cells and bases; the plan hash names the workflow', () => {
  const p = plan({
    ...base,
    pools: {
      default: 'cpu',
      rules: [
        { pool: 'gpu', match: { method: 'l2' } },
        { pool: 'big', match: { model: 'gcn', dataset: 'cora' } },
      ],
    },
  });
  const g = p.groups[0];
  assert.equal(g.pool, 'big', 'a method-specific rule never places the base');
  assert.deepEqual(
    g.cells.map((c) => c.pool),
    ['big', 'big', 'big', 'gpu'],
  );
  assert.equal(sweepWorkflowId(p), `sweep/p/${p.planHash}`);
  assert.notEqual(plan({ ...base, seeds: [0] }).planHash, p.planHash);
});

test('expansion crosses levels × bits × mode × rounds', () => {
  assert.equal(expandMethod('qat', { bits: [4, 8], mode: ['ste-mom', 'gc-per'] }).length, 4);
  assert.equal(expandMethod('lottery', { sparsity: [0.5, 0.9], rounds: [2, 3] }).length, 4);
  assert.deepEqual(expandMethod('none', null), [
    { name: 'none', level: undefined, bits: undefined, mode: undefined, rounds: undefined, finetune: undefined },
  ]);
});

test('the summary counts every dimension', () => {
  const s = summarizePlan(plan(base));
  assert.equal(s.cells, 8);
  assert.deepEqual(s.by.method, { none: 2, global: 4, l2: 2 });
  assert.deepEqual(s.by.seed, { '0': 4, '1': 4 });
  assert.equal(s.by.level['global 0.5'], 2);
  assert.equal(s.basesToTrain, 2);
});
