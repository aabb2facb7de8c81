/** The orchestrator worker: runs SweepWorkflow and GroupWorkflow, nothing that touches data. */
import { Worker, type NativeConnection } from '@temporalio/worker';
import { ORCHESTRATOR_QUEUE } from '../workflows/definitions';
import { workflowBundle } from './bundle';

export interface OrchestratorOptions {
  connection: NativeConnection;
  /** @default 'default' */
  namespace?: string;
  /** @default ORCHESTRATOR_QUEUE */
  taskQueue?: string;
  /** concurrent workflow tasks @default 8 */
  maxConcurrentWorkflowTasks?: number;
}

export async function createOrchestratorWorker(opts: OrchestratorOptions): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace ?? 'default',
    taskQueue: opts.taskQueue ?? ORCHESTRATOR_QUEUE,
    workflowBundle: await workflowBundle(),
    maxConcurrentWorkflowTaskExecutions: opts.maxConcurrentWorkflowTasks ?? 8,
    // children and activities are awaited, not polled: a longer sticky cache saves replays
    maxCachedWorkflows: 200,
  });
}
