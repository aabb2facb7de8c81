/**
 * `gnnc sweep start --local`: a Temporal dev server (the project's `temporal` binary, in memory),
 * an orchestrator and a compute worker, all in this process — one machine, one command. The store
 * is the configured one, so a second run finds every result and trains nothing.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { GnncConfig } from '../core/config';
import type { ObjectStore } from '../store/object-store';
import type { Logger } from '../telemetry/logger';
import type { SweepPlan } from '../sweep/plan-types';
import type { SweepProgress, SweepSummary } from '../workflows/definitions';
import { createComputeWorkers } from './compute';
import { setupCompute } from './compute-deps';
import { createOrchestratorWorker } from './orchestrator';
import { installRuntime } from './runtime';
import { followSweep, recordPlan, startOrAttach } from './sweep-client';
import { startDevServer } from './dev-server';
import { serveLocalMetrics } from './sweep-metrics';

export interface LocalRunOptions {
  config: GnncConfig;
  store: ObjectStore;
  log: Logger;
  /** concurrent trainings in this process @default 1 (TensorFlow.js runs on one thread) */
  slots?: number;
  onProgress?: (p: SweepProgress) => void;
  /** the dev server's output @default discarded */
  logFile?: string;
}

export async function runLocal(
  plan: SweepPlan,
  opts: LocalRunOptions,
): Promise<SweepSummary & { workflowId: string; temporal: string }> {
  await installRuntime(opts.log);
  const pools = [...new Set(plan.groups.flatMap((g) => [g.pool, ...g.cells.map((c) => c.pool)]))];
  const compute = await setupCompute({
    config: opts.config,
    store: opts.store,
    pools,
    slots: opts.slots ?? 1,
    log: opts.log,
  });
  opts.log.info('starting a local Temporal dev server');
  const server = await startDevServer({ logFile: opts.logFile });
  const connection = await NativeConnection.connect({ address: server.address });
  const client = new Client({ connection: await Connection.connect({ address: server.address }) });
  // its own connection, never closed here: the exporter's refresh may still be retrying a call when we
  // finish, and a call on a closed channel throws from a timer (an uncaught exception); an idle
  // channel does not keep the process alive
  const telemetryClient = new Client({ connection: await Connection.connect({ address: server.address }) });
  const telemetry = await serveLocalMetrics(telemetryClient, compute, opts.config);
  try {
    const workers = [
      await createOrchestratorWorker({ connection }),
      ...(await createComputeWorkers({
        connection,
        pools,
        host: compute.host,
        gate: compute.gate,
        activities: compute.activities,
      })),
    ];
    const running = workers.map((w) => w.run());
    try {
      await recordPlan(opts.store, plan);
      const { handle } = await startOrAttach(client, plan, { workflowTaskTimeoutMs: 60_000 });
      const summary = await followSweep(handle, opts.onProgress ?? (() => undefined), 1000);
      return { ...summary, workflowId: handle.workflowId, temporal: server.address };
    } finally {
      for (const w of workers) w.shutdown();
      await Promise.allSettled(running);
    }
  } finally {
    await telemetry.close();
    await client.connection.close();
    await connection.close();
    await server.stop();
  }
}
