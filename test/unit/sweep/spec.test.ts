import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { studyCatalog } from '../../../sweep/catalog';
import { parseSpecText, SpecError } from '../../../sweep/parse';
import { planSweep } from '../../../sweep/plan';

const GOOD = `
name: t
seeds: [0, 1]
grid:
  - model: spline
    dataset: cora
    task: node
    methods:
      fp32: {}
      global: { sparsity: [0.1, 0.5] }
`;

function specError(text: string): SpecError {
  try {
    planSweep(parseSpecText(text, 'bad.yaml'), studyCatalog());
  } catch (err) {
    assert.ok(err instanceof SpecError, `expected SpecError, got ${String(err)}`);
    assert.equal(err.name, 'InvalidInputError', 'spec errors are non-retryable InvalidInputErrors');
    return err;
  }
  assert.fail('spec was accepted');
}

test('a good spec plans seeds × methods × levels', () => {
  const plan = planSweep(parseSpecText(GOOD), studyCatalog());
  assert.equal(plan.cells, 2 * 3);
  assert.equal(plan.groups.length, 2);
  assert.ok(plan.groups.every((g) => g.cells.length === 3));
});

test('unknown model names the field and the choices', () => {
  const err = specError(GOOD.replace('model: spline', 'model: splien'));
  assert.equal(err.field, 'grid[0].model');
  assert.match(err.message, /grid\[0\]\.model: unknown model 'splien'; choose one of: .*spline/);
});

test('unknown method names the method field', () => {
  const err = specError(GOOD.replace('fp32: {}', 'magic: {}'));
  assert.equal(err.field, 'grid[0].methods.magic');
});

test('empty grid is rejected', () => {
  const err = specError('name: t\nseeds: [0]\ngrid: []\n');
  assert.equal(err.field, 'grid');
  assert.match(err.message, /grid: expected at least one grid entry/);
});

test('level out of range names the exact element', () => {
  const text = GOOD.replace('sparsity: [0.1, 0.5]', 'sparsity: [0.1, 0.5, 0.7, 1.2]');
  const err = specError(text);
  assert.equal(err.field, 'grid[0].methods.global.sparsity[3]');
  assert.match(err.message, /grid\[0\]\.methods\.global\.sparsity\[3\]: 1\.2 is not in \[0, 1\)/);
});

test('bits outside {4, 8} and unknown quantization modes are rejected', () => {
  const text = GOOD.replace('fp32: {}', 'qat: { bits: [8, 3], mode: [ste-mom, ste-xyz] }');
  const err = specError(text);
  assert.deepEqual(
    err.issues.map((i) => i.path),
    ['grid[0].methods.qat.bits[1]', 'grid[0].methods.qat.mode[1]'],
  );
});

test('duplicate seeds are rejected with the index of the first', () => {
  const err = specError(GOOD.replace('seeds: [0, 1]', 'seeds: [0, 1, 0]'));
  assert.equal(err.field, 'seeds[2]');
  assert.match(err.message, /seeds\[2\]: 0 duplicates \[0\]/);
});

test('YAML syntax errors give line and column', () => {
  const err = specError('name: t\nseeds: [0, 1\ngrid:\n  - model: x\n');
  assert.match(err.message, /line \d+, column \d+: YAML syntax error/);
});

test('missing fields and unknown fields are named', () => {
  const err = specError(
    'name: t\ngrid:\n  - model: spline\n    dataset: cora\n    task: node\n    methods: { fp32: {} }\n    epochs: 3\n',
  );
  const paths = err.issues.map((i) => i.path);
  assert.ok(paths.includes('seeds'), paths.join());
  assert.ok(paths.includes('grid[0]'), paths.join());
  assert.match(err.message, /grid\[0\]: unknown field 'epochs'/);
});

test('a method validator error is reported under the method', () => {
  const catalog = studyCatalog();
  const get = catalog.methods.get;
  catalog.methods.get = (n) =>
    n === 'global'
      ? {
          ...get(n),
          validate: () => {
            throw new Error('finetune must be true here');
          },
        }
      : get(n);
  assert.throws(
    () => planSweep(parseSpecText(GOOD), catalog),
    (e: SpecError) => e.issues[0].path === 'grid[0].methods.global',
  );
});

test('every committed spec parses and plans', () => {
  for (const f of ['smoke.yaml', 'paper.yaml']) {
    const plan = planSweep(
      parseSpecText(readFileSync(join(__dirname, '../../../sweeps', f), 'utf8'), f),
      studyCatalog(),
    );
    assert.ok(plan.cells > 0, f);
  }
});
