/**
 * Done-when: a sweep of ≥ 12 cells on real Temporal and real S3 (SeaweedFS, from the launcher
 * fixture) over two compute workers (child processes `gnnc worker`) puts every cell's result in S3;
 * starting the same spec again trains nothing (asserted on execution markers and the summary).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { useServices } from '../../support/services';
import {
  Cluster,
  clusterEnv,
  coraSpec,
  registerNamespace,
  ROOT,
  storeCounts,
  testStore,
  uniqueName,
  writeSpec,
} from './cluster';

const services = useServices();
let cluster: Cluster | undefined;
after(async () => {
  await cluster?.stopAll();
});

test('12 cells over two compute workers land in S3, and a rerun trains nothing', { timeout: 600_000 }, async () => {
  const svc = await services;
  const name = uniqueName('two');
  await registerNamespace(svc.temporalAddress, name);
  const prefix = `it/${name}/`;
  const dir = join(ROOT, '.state', 'it', name);
  cluster = new Cluster(clusterEnv({ temporalAddress: svc.temporalAddress, namespace: name, s3: svc.s3, prefix }), dir);
  const spec = writeSpec(dir, name, coraSpec(name, { seeds: [0, 1], epochs: 2 }));
  cluster.orchestrator();
  cluster.compute('compute-a');
  cluster.compute('compute-b');

  const first = await cluster.run('start-1', ['sweep', 'start', spec, '--json']);
  assert.equal(first.code, 0, `sweep start failed, see ${dir}/start-1.log`);
  const s1 = JSON.parse(first.stdout) as Record<string, number>;
  assert.equal(s1.cells, 12);
  assert.equal(s1.failed, 0);
  assert.equal(s1.completed, 12);
  assert.equal(s1.trainedBases, 4);

  const store = await testStore(svc.s3, prefix);
  const c1 = await storeCounts(store, name);
  assert.equal(c1.withResult, 12, 'every cell result is in S3');
  assert.deepEqual(c1.cellMarkers, Array(12).fill(1), 'every cell trained exactly once');
  assert.deepEqual(c1.baseMarkers, Array(4).fill(1), 'every base trained exactly once');
  assert.equal(c1.executors, 2, 'both compute workers trained something');

  const second = await cluster.run('start-2', ['sweep', 'start', spec, '--json']);
  assert.equal(second.code, 0);
  const s2 = JSON.parse(second.stdout) as Record<string, number>;
  assert.equal(s2.trained, 0, 'nothing trained on the second start');
  assert.equal(s2.cached, 12);
  const c2 = await storeCounts(store, name);
  assert.equal(c2.totalMarkers, c1.totalMarkers, 'no new execution markers');
});
