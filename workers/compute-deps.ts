/**
 * What a compute worker needs before it can take a cell: a backend, the lab's cell runner, a store,
 * metrics and a resource meter — shared by `gnnc worker --role compute` and `gnnc sweep start --local`.
 */
import { hostname } from 'node:os';
import { createActivities } from '../activities/create-activities';
import type { ComputeActivities } from '../activities/types';
import type { GnncConfig } from '../core/config';
import type { ObjectStore } from '../store/object-store';
import type { Logger } from '../telemetry/logger';
import { createWorkerMetrics, type WorkerMetrics } from '../telemetry/metrics';
import { ResourceMeter } from '../telemetry/meter';
import * as tf from '@tensorflow/tfjs-core';
import { runCell, trainBase } from '../gnn/cell';
import { initBackend } from '../gnn/engine';
import { methodRegistry } from '../gnn/methods/types';
import { computeHostQueue } from './compute';
import { SlotGate } from './slot-gate';

export interface ComputeSetup {
  activities: ComputeActivities;
  gate: SlotGate;
  metrics: WorkerMetrics;
  host: string;
  backend: string;
}

/**
 * @param opts.device GPU index: sets CUDA_VISIBLE_DEVICES before the backend loads @default all
 * @param opts.host host name in queues and metrics @default os.hostname()
 */
export async function setupCompute(opts: {
  config: GnncConfig;
  store: ObjectStore;
  pools: string[];
  slots: number;
  log: Logger;
  device?: number;
  host?: string;
}): Promise<ComputeSetup> {
  if (opts.device !== undefined) process.env.CUDA_VISIBLE_DEVICES = String(opts.device);
  const backend = await initBackend(opts.config.backend === 'auto' ? undefined : opts.config.backend);
  const host = opts.host ?? hostname();
  const metrics = createWorkerMetrics({ pool: opts.pools.join('+'), host, slots: opts.slots });
  const gate = new SlotGate(opts.slots);
  const activities = createActivities({
    store: opts.store,
    trainBase,
    runCell,
    metrics,
    log: opts.log,
    gate,
    methodVersion: (name) => (methodRegistry.has(name) ? methodRegistry.get(name).version : undefined),
    hostQueue: computeHostQueue(opts.pools, host),
    meter: () => new ResourceMeter({ tensorBytes: () => tf.memory().numBytes, gpuDevice: opts.device }),
  });
  opts.log.info(
    { backend: backend.name, pools: opts.pools, slots: opts.slots, host, store: opts.store.describe() },
    'compute worker ready',
  );
  return { activities, gate, metrics, host, backend: backend.name };
}
