import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { binaryReport, dataDirReport } from '../../../cli/commands/doctor-checks';
import { REPO_ROOT } from '../../../core/config';

const tmp = (p: string) => fs.mkdtempSync(path.join(os.tmpdir(), p));

test('binaryReport gives path and first version line, or null and a hint to run setup', () => {
  const dir = tmp('gnnc-doctor-bin-');
  fs.writeFileSync(path.join(dir, 'weed'), '#!/bin/sh\necho\necho "version 9.99 test"\necho more\n', { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'temporal'), '#!/bin/sh\necho broken >&2\nexit 3\n', { mode: 0o755 });
  assert.deepEqual(binaryReport('weed', path.join(dir, 'no-venv'), dir), {
    path: path.join(dir, 'weed'),
    version: 'version 9.99 test',
  });
  assert.deepEqual(binaryReport('temporal', path.join(dir, 'no-venv'), dir), {
    path: path.join(dir, 'temporal'),
    version: 'broken',
    error: 'exit 3',
  });
  assert.deepEqual(binaryReport('prometheus', path.join(dir, 'no-venv'), dir), {
    path: null,
    version: null,
    error: 'not found; run `npm run setup`',
  });
});

test('dataDirReport tells which data sets are present', () => {
  const dir = tmp('gnnc-doctor-data-');
  fs.mkdirSync(path.join(dir, 'bbbp'));
  fs.writeFileSync(path.join(dir, 'bbbp', 'BBBP.csv'), 'x');
  fs.mkdirSync(path.join(dir, 'cora', 'linqs'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'cora', 'linqs', 'cora.content'), 'x');
  assert.deepEqual(dataDirReport(dir), {
    path: dir,
    exists: true,
    datasets: { cora: false, proteins: false, bbbp: true },
  });
  assert.equal(dataDirReport(path.join(dir, 'absent')).exists, false);
});

test('gnnc doctor --json has the agreed keys and exits 1 when a data set is missing', () => {
  const dataDir = tmp('gnnc-doctor-cli-');
  fs.mkdirSync(path.join(dataDir, 'bbbp'));
  fs.writeFileSync(path.join(dataDir, 'bbbp', 'BBBP.csv'), 'x');
  const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'gnnc.js'), 'doctor', '--json'], {
    env: { ...process.env, GNNC_DATA_DIR: dataDir, GNNC_LOG_LEVEL: 'silent', GNNC_WASM_THREADS: '1' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(run.status, 1, run.stderr);
  const report = JSON.parse(run.stdout);
  for (const key of ['node', 'backends', 'backend', 'binaries', 'docker', 'dataDir']) assert.ok(key in report, key);
  assert.equal(report.node.version, process.version);
  assert.ok(report.backends.some((b: { name: string; available: boolean }) => b.name === 'cpu' && b.available));
  assert.ok(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'].includes(report.backend));
  if (report.backend === 'wasm') assert.deepEqual(report.wasm, { threads: 1, simdKernels: true });
  assert.deepEqual(Object.keys(report.binaries).sort(), ['prometheus', 'temporal', 'weed']);
  for (const b of Object.values(report.binaries) as { path: string | null; version: string | null }[]) {
    assert.ok('path' in b && 'version' in b);
  }
  assert.equal(typeof report.docker, 'boolean');
  assert.deepEqual(report.dataDir, {
    path: dataDir,
    exists: true,
    datasets: { cora: false, proteins: false, bbbp: true },
  });
  assert.ok(report.problems.some((p: string) => p.startsWith('data set cora missing')));
});
