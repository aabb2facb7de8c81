/**
 * Metrics a worker process adds to its /metrics beyond per-cell counters: a periodic resource sample
 * of the process (compute workers) and the progress of sweeps read from Temporal (the orchestrator).
 * Both run on unref'd timers and return a stop function, so they never keep a process alive.
 */
import { Client, Connection } from '@temporalio/client';
import { hostname } from 'node:os';
import { Registry } from 'prom-client';
import type { GnncConfig } from '../core/config';
import type { WorkerMetrics } from '../telemetry/metrics';
import { serveMetrics, type MetricsServer } from '../telemetry/metrics-server';
import { exportSweepProgress, type SweepProgressRow } from '../telemetry/sweep-exporter';
import { progressQuery, type SweepSummary } from '../workflows/definitions';

/**
 * Sample process CPU % (over the last interval, percent of one core), RSS, V8 heap and tensor bytes
 * into `metrics.resources()`.
 * @param opts.intervalMs sampling interval @default 2000
 * @param opts.tensorBytes live TensorFlow.js bytes @default () => 0
 */
export function sampleWorkerResources(
  metrics: WorkerMetrics,
  opts: { intervalMs?: number; tensorBytes?: () => number } = {},
): () => void {
  const tensorBytes = opts.tensorBytes ?? (() => 0);
  let lastCpu = process.cpuUsage();
  let lastWall = performance.now();
  const sample = () => {
    const cpu = process.cpuUsage(lastCpu);
    const now = performance.now();
    const wallMs = now - lastWall;
    lastCpu = process.cpuUsage();
    lastWall = now;
    const mem = process.memoryUsage();
    const cpuPercent = wallMs > 0 ? ((cpu.user + cpu.system) / 1000 / wallMs) * 100 : 0;
    metrics.resources({ cpuPercent, rssBytes: mem.rss, heapBytes: mem.heapUsed, tensorBytes: safe(tensorBytes) });
  };
  sample();
  const timer = setInterval(sample, opts.intervalMs ?? 2000);
  timer.unref();
  return () => clearInterval(timer);
}

function safe(read: () => number): number {
  try {
    return read();
  } catch {
    return 0; // the backend is not ready yet (or was disposed): no tensors
  }
}

/** `sweep/<name>/<planHash>` → `<name>` */
export function sweepNameOf(workflowId: string): string {
  const m = /^sweep\/(.+)\/[^/]+$/.exec(workflowId);
  return m ? m[1] : workflowId;
}

/**
 * Progress of every running SweepWorkflow (progress query) and of those that closed in the last
 * `recentMs` (their summary), so a finished sweep shows done = planned instead of its last live value.
 * @param recentMs @default 3_600_000
 */
export async function readSweepProgress(client: Client, recentMs = 3_600_000): Promise<SweepProgressRow[]> {
  const since = new Date(Date.now() - recentMs).toISOString();
  const query = `WorkflowType = 'SweepWorkflow' AND (ExecutionStatus = 'Running' OR (ExecutionStatus = 'Completed' AND CloseTime > '${since}'))`;
  const rows = new Map<string, SweepProgressRow & { running_: boolean }>();
  for await (const wf of client.workflow.list({ query })) {
    const handle = client.workflow.getHandle(wf.workflowId, wf.runId);
    const open = wf.status.name === 'RUNNING';
    if (!open && rows.has(wf.workflowId)) continue;
    try {
      const row = open
        ? fromProgress(await handle.query(progressQuery))
        : fromSummary((await handle.result()) as SweepSummary);
      rows.set(wf.workflowId, { ...row, sweep: sweepNameOf(wf.workflowId), running_: open });
    } catch {
      // no orchestrator answered the query right now: the next refresh tries again
    }
  }
  return [...rows.values()].map(({ running_: _, ...row }) => row);
}

function fromProgress(p: {
  cells: number;
  done: number;
  running: number;
  pending: number;
  failed: number;
}): Omit<SweepProgressRow, 'sweep'> {
  return { planned: p.cells, done: p.done, running: p.running, pending: p.pending, failed: p.failed };
}

function fromSummary(s: SweepSummary): Omit<SweepProgressRow, 'sweep'> {
  return {
    planned: s.cells,
    done: s.done,
    running: 0,
    pending: Math.max(0, s.cells - s.done - s.failed),
    failed: s.failed,
  };
}

/**
 * A registry with gnnc_sweep_cells refreshed from Temporal every `intervalMs`.
 * @param opts.intervalMs @default 5000
 */
export function sweepProgressRegistry(
  client: Client,
  opts: { intervalMs?: number; labels?: Record<string, string> } = {},
): { registry: Registry; stop: () => void } {
  const registry = new Registry();
  if (opts.labels) registry.setDefaultLabels(opts.labels);
  const stop = exportSweepProgress(registry, () => readSweepProgress(client), opts.intervalMs ?? 5000);
  return { registry, stop };
}

/**
 * The orchestrator's /metrics: gnnc_sweep_cells from its own Temporal client, announced to Prometheus
 * as job `gnnc-orchestrator` in the configured targets folder.
 */
export async function serveSweepProgress(
  config: GnncConfig,
  opts: { port: number; host?: string; intervalMs?: number },
): Promise<MetricsServer> {
  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const labels = { pool: 'orchestrator', host: hostname() };
  const { registry, stop } = sweepProgressRegistry(client, { intervalMs: opts.intervalMs, labels });
  const server = await serveMetrics(registry, {
    port: opts.port,
    host: opts.host,
    targetsDir: config.prometheus.targetsDir,
    job: 'gnnc-orchestrator',
    labels,
  });
  return {
    ...server,
    close: async () => {
      stop();
      await server.close();
      await connection.close();
    },
  };
}

/**
 * `--local` runs: one /metrics with the compute worker's metrics, its resource sample and the sweep
 * progress, announced as job `gnnc-local` when a targets folder is configured.
 */
export async function serveLocalMetrics(
  client: Client,
  compute: { metrics: WorkerMetrics; host: string },
  config: GnncConfig,
): Promise<MetricsServer> {
  const progress = sweepProgressRegistry(client);
  const stopSampling = sampleWorkerResources(compute.metrics, { tensorBytes: tfBytes });
  const registry = Registry.merge([compute.metrics.registry, progress.registry]);
  const labels = { pool: 'local', host: compute.host };
  registry.setDefaultLabels(labels);
  const server = await serveMetrics(registry, {
    port: 0,
    targetsDir: config.prometheus.targetsDir,
    job: 'gnnc-local',
    labels,
  });
  return {
    ...server,
    close: async () => {
      progress.stop();
      stopSampling();
      await server.close();
    },
  };
}

/** live TensorFlow.js bytes; tfjs-core is loaded by then (the compute setup initialised a backend) */
function tfBytes(): number {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- already loaded by the compute setup
  return (require('@tensorflow/tfjs-core') as typeof import('@tensorflow/tfjs-core')).memory().numBytes;
}
