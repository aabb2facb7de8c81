import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildReport, buildTables } from '../../../report/build-report';
import { loadResults } from '../../../report/load';
import { stat } from '../../../report/stats';
import { pruningResult, writeFixture, type FixtureCell } from './fixture';

function cells(): FixtureCell[] {
  const out: FixtureCell[] = [];
  for (const seed of [0, 1, 2])
    for (const level of [0, 0.5, 0.9])
      out.push({
        model: 'spline',
        dataset: 'cora',
        task: 'node',
        seed,
        method: 'global',
        level,
        result: pruningResult(0.8 + seed * 0.01 + level * 0.01, level, seed),
      });
  out.push({
    model: 'spline',
    dataset: 'cora',
    task: 'node',
    seed: 0,
    method: 'finegrained',
    level: 0.5,
    result: null,
  });
  out.push({
    model: 'gin',
    dataset: 'proteins',
    task: 'graph',
    seed: 0,
    method: 'qat',
    bits: 8,
    mode: 'ste-mom',
    result: { metrics: { test: { accuracy: 0.71 } }, size: { bytes: 900, avgBits: 8 } },
  });
  return out;
}

test('stat is the sample mean and the n−1 standard deviation', () => {
  const s = stat([1, 2, 3, 4])!;
  assert.equal(s.mean, 2.5);
  assert.ok(Math.abs(s.std - Math.sqrt(5 / 3)) < 1e-12);
  assert.equal(stat([])?.n, undefined);
  assert.deepEqual(stat([7]), { mean: 7, std: 0, n: 1 });
});

test('table cells recompute from the stored results; a missing cell stays missing', async () => {
  const store = await writeFixture(mkdtempSync(join(tmpdir(), 'rep-')), 'fx', cells());
  const { rows } = await loadResults(store, 'fx');
  assert.equal(rows.length, 11);
  assert.equal(rows.filter((r) => r.result === null).length, 1);
  const tables = buildTables(rows);
  const t10 = tables.find((t) => t.id === 'table10')!;
  const accRow = t10.rows.find((r) => r.label[0].startsWith('Cora-Node') && r.label[1] === 'accuracy')!;
  const at05 = accRow.cells[5].stat!;
  const expected = stat([0, 1, 2].map((seed) => 0.8 + seed * 0.01 + 0.5 * 0.01))!;
  assert.equal(at05.n, 3);
  assert.ok(Math.abs(at05.mean - expected.mean) < 1e-12 && Math.abs(at05.std - expected.std) < 1e-12);
  assert.equal(accRow.cells[5].paper?.mean, 0.88, 'paper Table 10 value beside ours');
  assert.equal(accRow.cells[1].stat, null, 'level 0.1 was not run: missing, not filled');
  const t11 = tables.find((t) => t.id === 'table11')!;
  assert.ok(
    t11.rows.every((r) => r.cells.every((c) => c.stat === null)),
    'the only fine-grained cell has no result',
  );
  const t13 = tables.find((t) => t.id === 'table13')!;
  const energy = t13.rows.find((r) => r.label[0].startsWith('Cora-Node') && r.label[1] === 'energy (J)')!;
  assert.equal(energy.cells[9].stat!.mean, 11, 'without fine-tuning: prune phase only, mean of 10, 11, 12');
  const t14 = tables.find((t) => t.id === 'table14')!;
  assert.equal(
    t14.rows.find((r) => r.label[0].startsWith('Cora-Node') && r.label[1] === 'energy (J)')!.cells[9].stat!.mean,
    16.5,
  );
  const t7 = tables.find((t) => t.id === 'table7')!;
  assert.equal(t7.rows.find((r) => r.label[0] === 'proteins' && r.label[1] === 'accuracy')!.cells[3].stat!.mean, 0.71);
  const cmp = tables.find((t) => t.id === 'comparison')!;
  assert.ok(cmp.rows.length > 0);
});

test('the report writes index.html linking every table and drawn figure, plus Markdown and CSV', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rep-'));
  const store = await writeFixture(join(dir, 'store'), 'fx', cells());
  const out = join(dir, 'out');
  const summary = await buildReport(store, 'fx', { out });
  assert.equal(summary.missing, 1);
  const html = readFileSync(join(out, 'index.html'), 'utf8');
  for (const id of summary.tables) assert.match(html, new RegExp(`href="#${id}"`));
  for (const f of summary.figures) {
    assert.ok(existsSync(join(out, f.svg)) && existsSync(join(out, f.png)));
    assert.match(html, new RegExp(`src="${f.svg}"`));
  }
  assert.ok(summary.figures.find((f) => f.id === 'fig3-accuracy')!.marks > 5, 'accuracy figure drew marks');
  assert.doesNotMatch(html, /https?:\/\/(?!vega\.github\.io)/, 'no external resources');
  const csv = readFileSync(join(out, 'tables.csv'), 'utf8').split('\n');
  assert.equal(csv[0], 'table,row,column,mean,std,n,paper_mean,paper_std');
  assert.ok(csv.some((l) => l.startsWith('table10,Cora-Node (spline) / accuracy,0.5,')));
  assert.match(readFileSync(join(out, 'tables.md'), 'utf8'), /## Table 5/);
});
