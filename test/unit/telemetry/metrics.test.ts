import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createWorkerMetrics, serveMetrics } from '../../../telemetry/metrics';

const cell = { model: 'gcn', dataset: 'cora', method: 'global', kind: 'cell' as const };

test('each worker has its own registry with bounded labels', async () => {
  const a = createWorkerMetrics({ pool: 'cpu', host: 'h1', slots: 2 });
  const b = createWorkerMetrics({ pool: 'gpu', host: 'h1', slots: 1 });
  a.cellStarted(cell);
  a.cellFinished(cell, 'completed', 3);
  a.slotBusy(1);
  const textA = await a.registry.metrics();
  const textB = await b.registry.metrics();
  assert.match(
    textA,
    /gnnc_cells_finished_total\{model="gcn",dataset="cora",method="global",kind="cell",outcome="completed",pool="cpu",host="h1"\} 1/,
  );
  assert.match(textA, /gnnc_worker_slots_busy\{pool="cpu",host="h1"\} 1/);
  assert.doesNotMatch(textB, /gnnc_cells_finished_total\{/);
  assert.doesNotMatch(textA, /seed=|hash=|cell_id=/);
});

test('serveMetrics serves /metrics and announces itself in the file_sd folder until closed', async () => {
  const m = createWorkerMetrics({ pool: 'cpu', host: 'h2', slots: 1 });
  m.energy('estimate', 12.5, cell);
  const dir = mkdtempSync(join(tmpdir(), 'sd-'));
  const server = await serveMetrics(m.registry, {
    port: 0,
    targetsDir: dir,
    job: 'gnnc-worker',
    labels: { pool: 'cpu' },
  });
  const body = await (await fetch(server.url)).text();
  assert.match(
    body,
    /gnnc_energy_joules_total\{source="estimate",model="gcn",dataset="cora",method="global",pool="cpu",host="h2"\} 12.5/,
  );
  const files = readdirSync(dir);
  assert.equal(files.length, 1);
  const target = JSON.parse(readFileSync(join(dir, files[0]), 'utf8'));
  assert.deepEqual(target[0].targets, [`127.0.0.1:${server.port}`]);
  assert.equal(target[0].labels.job, 'gnnc-worker');
  assert.equal((await fetch(server.url.replace('/metrics', '/other'))).status, 404);
  await server.close();
  assert.equal(existsSync(join(dir, files[0])), false);
});
