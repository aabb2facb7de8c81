/** `gnnc worker --role compute`: activities of one pool, /metrics, graceful drain (see worker-process.ts). */
import { openStore } from '../store/open-store';
import { serveMetrics } from '../telemetry/metrics-server';
import { createComputeWorkers } from './compute';
import { setupCompute } from './compute-deps';
import { installRuntime } from './runtime';
import { sampleWorkerResources } from './sweep-metrics';
import * as tf from '@tensorflow/tfjs-core';
import { connect, runUntilSignal, type WorkerProcessOptions } from './worker-process';

export interface ComputeProcessOptions extends WorkerProcessOptions {
  pool: string;
  slots: number;
  device?: number;
  /** /metrics port (0 = any free port) @default 0 */
  metricsPort?: number;
  /** @default '127.0.0.1' */
  metricsHost?: string;
}

export async function runComputeProcess(opts: ComputeProcessOptions): Promise<void> {
  await installRuntime(opts.log, { sdkMetricsBind: opts.sdkMetricsBind });
  const store = await openStore(opts.config);
  const compute = await setupCompute({
    config: opts.config,
    store,
    pools: [opts.pool],
    slots: opts.slots,
    log: opts.log,
    device: opts.device,
  });
  const server = await serveMetrics(compute.metrics.registry, {
    port: opts.metricsPort ?? 0,
    host: opts.metricsHost,
    targetsDir: opts.config.prometheus.targetsDir,
    job: 'gnnc-worker',
    labels: { pool: opts.pool, host: compute.host },
  });
  const stopSampling = sampleWorkerResources(compute.metrics, { tensorBytes: () => tf.memory().numBytes });
  opts.log.info({ metrics: server.url }, 'serving /metrics');
  const connection = await connect(opts.config, opts.log);
  try {
    const workers = await createComputeWorkers({
      connection,
      namespace: opts.config.temporal.namespace,
      pools: [opts.pool],
      host: compute.host,
      gate: compute.gate,
      activities: compute.activities,
    });
    await runUntilSignal(workers, opts.log);
  } finally {
    stopSampling();
    await server.close();
    await connection.close();
  }
}
