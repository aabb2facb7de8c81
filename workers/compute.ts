/**
 * The compute worker: activities on its pool's queue(s) and on its own per-host queue, at most
 * `slots` at once across all its queues (workers/slot-gate.ts). Several pools may share one worker process (`--local` polls every pool
 * of the plan).
 */
import { Worker, type NativeConnection } from '@temporalio/worker';
import type { ComputeActivities } from '../activities/types';
import { hostQueue, poolQueue } from '../workflows/definitions';
import type { SlotGate } from './slot-gate';

export interface ComputeWorkerOptions {
  connection: NativeConnection;
  /** @default 'default' */
  namespace?: string;
  pools: string[];
  host: string;
  /** shared slot budget of this worker (also given to createActivities as its gate) */
  gate: SlotGate;
  activities: ComputeActivities;
}

/** The host queue a compute worker of `pools[0]` on `host` polls. */
export function computeHostQueue(pools: string[], host: string): string {
  return hostQueue(pools[0], host);
}

export async function createComputeWorkers(opts: ComputeWorkerOptions): Promise<Worker[]> {
  const queues = [...opts.pools.map(poolQueue), computeHostQueue(opts.pools, opts.host)];
  return Promise.all(
    queues.map((taskQueue) =>
      Worker.create({
        connection: opts.connection,
        namespace: opts.namespace ?? 'default',
        taskQueue,
        activities: opts.activities,
        // maxConcurrentActivityTaskExecutions = slots, but across all queues of this worker
        tuner: {
          activityTaskSlotSupplier: opts.gate.supplier(),
          workflowTaskSlotSupplier: { type: 'fixed-size', numSlots: 1 },
          localActivityTaskSlotSupplier: { type: 'fixed-size', numSlots: 1 },
          nexusTaskSlotSupplier: { type: 'fixed-size', numSlots: 1 },
        },
        shutdownGraceTime: '10s',
      }),
    ),
  );
}
