/** The launcher's services as a client sees them: status, and Prometheus scraping a file_sd target. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO_ROOT } from '../../../core/config';
import { useServices } from '../../support/services';

const services = useServices();

test('gnnc dev status --json reports temporal, s3 and prometheus ready', async () => {
  const s = await services;
  const run = spawnSync(
    process.execPath,
    [path.join(REPO_ROOT, 'bin', 'gnnc.js'), 'dev', 'status', '--json', '--state-dir', s.stateDir],
    {
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  assert.equal(run.status, 0, run.stderr);
  const status = JSON.parse(run.stdout) as Record<string, { ready: boolean; pid: number; address: string }>;
  for (const name of ['temporal', 's3', 'prometheus']) {
    assert.equal(status[name].ready, true, `${name} ready`);
    assert.ok(status[name].pid > 1);
  }
  assert.equal(status.temporal.address, s.temporalAddress);
  assert.equal(status.s3.address, s.s3.endpoint);
});

test('a target written to the file_sd folder is scraped by Prometheus', async () => {
  const s = await services;
  const marker = `gnnc_foundation_probe_${randomUUID().replace(/-/g, '')}`;
  const server = http.createServer((_req, res) => res.end(`# TYPE ${marker} gauge\n${marker} 42\n`));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const targetFile = path.join(s.prometheusTargetsDir, `${marker}.json`);
  fs.writeFileSync(targetFile, JSON.stringify([{ targets: [`127.0.0.1:${port}`], labels: { role: 'test' } }]));
  try {
    let value: string | undefined;
    const deadline = Date.now() + 90_000;
    while (value === undefined && Date.now() < deadline) {
      const res = await fetch(`${s.prometheusUrl}/api/v1/query?query=${marker}`);
      const body = (await res.json()) as {
        data: { result: { value: [number, string]; metric: Record<string, string> }[] };
      };
      const hit = body.data.result[0];
      if (hit) {
        value = hit.value[1];
        assert.equal(hit.metric.role, 'test');
      } else await sleep(1000);
    }
    assert.equal(value, '42', 'Prometheus scraped the file_sd target within 90 s');
  } finally {
    fs.rmSync(targetFile, { force: true });
    server.close();
  }
});
