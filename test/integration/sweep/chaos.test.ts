/**
 * Done-when (chaos): during one sweep, kill -9 a compute worker, then the orchestrator worker, then
 * the Temporal server (restarted on its same SQLite file and port), restarting each; the sweep
 * completes with exactly one result per planned cell and no cell or base trained twice — asserted on
 * the store's results and execution markers, never on timing. S3 comes from the launcher fixture;
 * Temporal is this test's own, since it gets killed.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import { useServices } from '../../support/services';
import { startDevServer, type DevServer } from '../../../workers/dev-server';
import type { SweepSummary } from '../../../workflows/definitions';
import type { ObjectStore } from '../../../store/object-store';
import { Cluster, clusterEnv, coraSpec, ROOT, storeCounts, testStore, uniqueName, writeSpec } from './cluster';

const services = useServices();
let cluster: Cluster | undefined;
let temporal: DevServer | undefined;
after(async () => {
  await cluster?.stopAll();
  await temporal?.stop();
});

async function markers(store: ObjectStore): Promise<number> {
  return (await store.list('executions/')).length;
}

/** wait until the store holds at least `n` execution markers (progress, not time) */
async function untilMarkers(store: ObjectStore, n: number, limitMs = 300_000): Promise<number> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const m = await markers(store);
    if (m >= n) return m;
    if (Date.now() > deadline) throw new Error(`no progress: ${m} markers, waited for ${n}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** the sweep's result, reconnecting while Temporal restarts */
async function resultOf(address: string, namespace: string, workflowId: string): Promise<SweepSummary> {
  for (let attempt = 0; ; attempt++) {
    try {
      const client = new Client({ connection: await Connection.connect({ address }), namespace });
      try {
        return (await client.workflow.getHandle(workflowId).result()) as SweepSummary;
      } finally {
        await client.connection.close();
      }
    } catch (err) {
      if (attempt > 100) throw err;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}

test(
  'a sweep survives kill -9 of a compute worker, the orchestrator and Temporal itself',
  { timeout: 900_000 },
  async () => {
    const svc = await services;
    const name = uniqueName('chaos');
    const dir = join(ROOT, '.state', 'it', name);
    const dbFile = join(dir, 'temporal.db');
    temporal = await startDevServer({ dbFile, logFile: join(dir, 'temporal.log') });
    const port = temporal.port;
    const prefix = `it/${name}/`;
    cluster = new Cluster(
      clusterEnv({ temporalAddress: temporal.address, namespace: 'default', s3: svc.s3, prefix }),
      dir,
    );
    const store = await testStore(svc.s3, prefix);
    const spec = writeSpec(dir, name, coraSpec(name, { seeds: [0, 1, 2], epochs: 40, heartbeat: '10s', attempts: 6 }));

    let orchestrator = cluster.orchestrator('orchestrator-1');
    const computeA = cluster.compute('compute-a');
    cluster.compute('compute-b');
    const started = await cluster.run('start', ['sweep', 'start', spec, '--detach', '--json']);
    assert.equal(started.code, 0, `start failed: see ${dir}/start.log`);
    const { workflowId } = JSON.parse(started.stdout) as { workflowId: string };

    let m = await untilMarkers(store, 3);
    await Cluster.kill(computeA, 'SIGKILL');
    cluster.compute('compute-a-restarted');

    m = await untilMarkers(store, m + 3);
    await Cluster.kill(orchestrator, 'SIGKILL');
    orchestrator = cluster.orchestrator('orchestrator-2');

    await untilMarkers(store, m + 3);
    await Cluster.kill(temporal.process, 'SIGKILL');
    temporal = await startDevServer({ port, dbFile, logFile: join(dir, 'temporal.log') });

    const summary = await resultOf(temporal.address, 'default', workflowId);
    assert.equal(summary.failed, 0, JSON.stringify(summary.failures));
    assert.equal(summary.cells, 18);
    assert.equal(summary.completed + summary.cached, 18);

    const counts = await storeCounts(store, name);
    assert.equal(counts.withResult, counts.cells, 'exactly one result per planned cell');
    assert.deepEqual(counts.cellMarkers, Array(counts.cells).fill(1), 'no cell trained twice');
    assert.deepEqual(counts.baseMarkers, Array(counts.baseMarkers.length).fill(1), 'no base trained twice');
  },
);
