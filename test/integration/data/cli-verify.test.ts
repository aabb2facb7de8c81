import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fixtureDir } from '../../unit/data/fixtures';

const ROOT = resolve(__dirname, '..', '..', '..');

function gnnc(
  args: string[],
  env: Record<string, string> = {},
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'gnnc.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('gnnc data verify --json: the published files match the verified statistics, exit 0', () => {
  const r = gnnc(['data', 'verify', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout) as { ok: boolean; datasets: Record<string, unknown>[] };
  assert.equal(report.ok, true);
  const byName = Object.fromEntries(report.datasets.map((d) => [d.name, d]));
  assert.deepEqual(
    ['nodes', 'edges', 'features', 'classes'].map((k) => byName.cora[k]),
    [2708, 5278, 1433, 7],
  );
  assert.deepEqual(
    ['graphs', 'nodes', 'features', 'classes'].map((k) => byName.proteins[k]),
    [1113, 43471, 4, 2],
  );
  assert.deepEqual(
    ['graphs', 'classes', 'skipped'].map((k) => byName.bbbp[k]),
    [2039, 2, 11],
  );
});

test('gnnc data verify exits non-zero and names the mismatch when the files are wrong', () => {
  const fx = fixtureDir();
  const r = gnnc(['data', 'verify'], {
    GNNC_DATA_DIR: fx.dataDir as string,
    GNNC_CACHE_DIR: mkdtempSync(join(tmpdir(), 'gnnc-verify-')),
    GNNC_DATA_MIRROR: 'http://127.0.0.1:9',
  });
  assert.equal(r.status, 1);
  assert.match(r.stdout, /MISMATCH (cora|proteins|bbbp): load failed/);
  assert.match(r.stdout, /name\s+ok/);
});
