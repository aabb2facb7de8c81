/**
 * `gnnc worker --role orchestrator` (and what both roles share): a long-running worker. SIGTERM / SIGINT drain gracefully —
 * no new tasks are taken, running ones finish (or are cancelled at the grace time and retried
 * elsewhere from their last checkpoint) — then the process exits.
 */
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { GnncConfig } from '../core/config';
import type { Logger } from '../telemetry/logger';
import { createOrchestratorWorker } from './orchestrator';
import { installRuntime } from './runtime';
import { serveSweepProgress } from './sweep-metrics';

export interface WorkerProcessOptions {
  config: GnncConfig;
  log: Logger;
  /** Temporal SDK metrics bind address, e.g. `127.0.0.1:9466` @default off */
  sdkMetricsBind?: string;
}

export async function connect(config: GnncConfig, log: Logger) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await NativeConnection.connect({ address: config.temporal.address });
    } catch (err) {
      if (attempt >= 30) throw err;
      log.warn({ address: config.temporal.address, attempt }, 'Temporal not reachable yet; retrying');
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}

/** Run workers until a signal; resolves after they drained. */
export async function runUntilSignal(workers: Worker[], log: Logger): Promise<void> {
  const stop = (sig: string) => {
    log.info({ signal: sig }, 'draining: no new tasks, finishing running ones');
    for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  await Promise.all(workers.map((w) => w.run()));
  log.info('worker stopped');
}

export interface OrchestratorProcessOptions extends WorkerProcessOptions {
  /** /metrics port of gnnc_sweep_cells (0 = any free port) @default 0 */
  metricsPort?: number;
  /** @default '127.0.0.1' */
  metricsHost?: string;
}

export async function runOrchestratorProcess(opts: OrchestratorProcessOptions): Promise<void> {
  await installRuntime(opts.log, { sdkMetricsBind: opts.sdkMetricsBind });
  const connection = await connect(opts.config, opts.log);
  const worker = await createOrchestratorWorker({ connection, namespace: opts.config.temporal.namespace });
  const progress = await serveSweepProgress(opts.config, { port: opts.metricsPort ?? 0, host: opts.metricsHost });
  opts.log.info({ temporal: opts.config.temporal.address, metrics: progress.url }, 'orchestrator worker ready');
  try {
    await runUntilSignal([worker], opts.log);
  } finally {
    await progress.close();
    await connection.close();
  }
}
