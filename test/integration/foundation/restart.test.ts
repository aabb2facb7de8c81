/**
 * State survives `dev down` + `dev up`: a running workflow is still there (Temporal's SQLite file in
 * the state folder) and so is an S3 object (SeaweedFS data in the state folder). Uses its own stack,
 * state folder and ports, so the shared test services are not disturbed.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import { startServices, stopServices } from '../../../infra/launcher';
import { S3Store } from '../../../store/s3-store';

const PORT_BASE = Number(process.env.GNNC_TEST_PORT_BASE ?? 27600) + 150;

async function withClient<T>(address: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const connection = await Connection.connect({ address });
  try {
    return await fn(new Client({ connection }));
  } finally {
    await connection.close();
  }
}

function storeOf(env: Record<string, string>): S3Store {
  return new S3Store({
    endpoint: env.GNNC_S3_ENDPOINT,
    bucket: env.GNNC_S3_BUCKET,
    accessKeyId: env.GNNC_S3_ACCESS_KEY,
    secretAccessKey: env.GNNC_S3_SECRET_KEY,
    region: env.GNNC_S3_REGION,
    prefix: 'restart-test',
  });
}

test('workflows and objects survive a stop and a restart of the services', async () => {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gnnc-restart-'));
  const opts = { stateDir, portBase: PORT_BASE, headless: true };
  try {
    const first = await startServices(opts);
    const address = first.env.GNNC_TEMPORAL_ADDRESS;
    await withClient(address, (client) =>
      // no worker polls this queue: the workflow stays RUNNING, which is what must survive
      client.workflow.start('neverPolledWorkflow', {
        taskQueue: 'restart-test',
        workflowId: 'restart-test/wf',
        args: [],
      }),
    );
    const store = storeOf(first.env);
    await store.put('kept.txt', 'still here');
    store.close();

    const stopped = await stopServices({ stateDir });
    assert.deepEqual(Object.keys(stopped).sort(), ['prometheus', 's3', 'temporal']);
    assert.ok(Object.values(stopped).every((how) => how === 'terminated' || how === 'killed'));

    const second = await startServices(opts);
    assert.equal(second.env.GNNC_S3_SECRET_KEY, first.env.GNNC_S3_SECRET_KEY, 'keys are kept across restarts');
    const status = await withClient(
      address,
      async (client) => (await client.workflow.getHandle('restart-test/wf').describe()).status.name,
    );
    assert.equal(status, 'RUNNING');
    const again = storeOf(second.env);
    assert.equal(Buffer.from((await again.get('kept.txt'))!).toString(), 'still here');
    again.close();
  } finally {
    await stopServices({ stateDir });
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
});
