/**
 * A real workflow on the local Temporal server with a real worker that bundles the workflow code
 * from workflowsPath, as production workers do.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { test } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, Worker, DefaultLogger } from '@temporalio/worker';
import { useServices } from '../../support/services';
import * as activities from './fixtures/activities';

const services = useServices();

test('a bundled workflow runs its activities on a real worker and returns their result', async () => {
  const s = await services;
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const taskQueue = `foundation-test-${randomUUID()}`;
  const workerConnection = await NativeConnection.connect({ address: s.temporalAddress });
  const connection = await Connection.connect({ address: s.temporalAddress });
  try {
    const worker = await Worker.create({
      connection: workerConnection,
      namespace: s.temporalNamespace,
      taskQueue,
      workflowsPath: path.join(__dirname, 'fixtures', 'workflows.ts'),
      activities,
    });
    const client = new Client({ connection, namespace: s.temporalNamespace });
    const workflowId = `foundation-test/${randomUUID()}`;
    const result = await worker.runUntil(
      client.workflow.execute('summariseWorkflow', { taskQueue, workflowId, args: ['gnnc', [3, 9, 4]] }),
    );
    assert.equal(result, 'GNNC! sum=16 max=9 attempt=1');
    const description = await client.workflow.getHandle(workflowId).describe();
    assert.equal(description.status.name, 'COMPLETED');
    assert.equal(description.type, 'summariseWorkflow');
  } finally {
    await connection.close();
    await workerConnection.close();
  }
});
