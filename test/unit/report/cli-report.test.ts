import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pruningResult, writeFixture } from './fixture';

const root = join(__dirname, '..', '..', '..');

function gnnc(args: string[], storeDir: string) {
  return spawnSync(process.execPath, [join(root, 'bin', 'gnnc.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, GNNC_STORE: 'file', GNNC_STORE_DIR: storeDir },
    timeout: 120_000,
  });
}

test('gnnc report runs through the real CLI entry point and prints a JSON summary', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rep-cli-'));
  await writeFixture(join(dir, 'store'), 'fx', [
    {
      model: 'spline',
      dataset: 'cora',
      task: 'node',
      seed: 0,
      method: 'global',
      level: 0.5,
      result: pruningResult(0.8, 0.5, 0),
    },
    { model: 'spline', dataset: 'cora', task: 'node', seed: 0, method: 'none', result: pruningResult(0.85, 0, 0) },
  ]);
  const out = join(dir, 'out');
  const run = gnnc(['report', 'fx', '--out', out, '--format', 'md,csv', '--json'], join(dir, 'store'));
  assert.equal(run.status, 0, run.stderr);
  const summary = JSON.parse(run.stdout.trim().split('\n').pop() as string) as {
    cells: number;
    withResults: number;
    files: string[];
  };
  assert.equal(summary.cells, 2);
  assert.equal(summary.withResults, 2);
  assert.deepEqual(summary.files.sort(), ['tables.csv', 'tables.md']);
  assert.ok(existsSync(join(out, 'tables.md')) && !existsSync(join(out, 'index.html')));
});

test('gnnc report: an unknown sweep and a bad --format are one-line errors with a non-zero exit', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rep-cli-'));
  await writeFixture(join(dir, 'store'), 'fx', []);
  const missing = gnnc(['report', 'nope'], join(dir, 'store'));
  assert.notEqual(missing.status, 0);
  assert.match(missing.stderr, /no sweep 'nope'.*sweeps there: fx/);
  const bad = gnnc(['report', 'fx', '--format', 'pdf'], join(dir, 'store'));
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /--format: 'pdf' is not one of html, md, csv/);
  assert.equal(bad.stderr.trim().split('\n').length, 1);
});
