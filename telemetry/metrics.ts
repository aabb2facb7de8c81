/**
 * Worker metrics for Prometheus. One prom-client Registry per worker (never the global one), so two
 * workers in one process (the `--local` sweep, tests) do not share or double-count series.
 * Labels are bounded: model, dataset, method, kind, outcome, pool, host — never a seed or a hash.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface CellLabels {
  model: string;
  dataset: string;
  method: string;
  kind: 'base' | 'cell';
}

export type CellOutcome = 'completed' | 'failed' | 'cached';

export interface WorkerMetrics {
  registry: Registry;
  cellStarted(l: CellLabels): void;
  cellFinished(l: CellLabels, outcome: CellOutcome, seconds: number): void;
  epoch(l: CellLabels, seconds: number): void;
  energy(source: string, joules: number, l?: CellLabels): void;
  /** +1 when an activity takes a slot, −1 when it frees it */
  slotBusy(delta: 1 | -1): void;
  /** latest resource sample of this worker process */
  resources(sample: { cpuPercent: number; rssBytes: number; heapBytes: number; tensorBytes: number }): void;
  /** per-cell resource summary, by method and level (bounded: levels come from the sweep grid) */
  cellResources(
    l: CellLabels & { level: string },
    r: { joules: number; cpuPercent: number; peakRssBytes: number },
  ): void;
  /** a completed cell's test metric (accuracy or AUC), for mean-over-seeds panels: sum/count per level */
  cellScore(l: CellLabels & { level: string; metric: string }, value: number): void;
}

const DURATION_BUCKETS = [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];
const EPOCH_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * @param opts.pool the worker pool (`gpu`, `cpu`, `orchestrator`)
 * @param opts.host the host name shown in dashboards @default os.hostname() by the caller
 * @param opts.slots concurrent activity slots of this worker
 */
export function createWorkerMetrics(opts: { pool: string; host: string; slots: number }): WorkerMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ pool: opts.pool, host: opts.host });
  collectDefaultMetrics({ register: registry, prefix: 'gnnc_process_' });
  const cellLabels = ['model', 'dataset', 'method', 'kind'] as const;
  const started = new Counter({
    name: 'gnnc_cells_started_total',
    help: 'Cells (and base trainings) started',
    labelNames: cellLabels,
    registers: [registry],
  });
  const finished = new Counter({
    name: 'gnnc_cells_finished_total',
    help: 'Cells finished, by outcome (completed, failed, cached)',
    labelNames: [...cellLabels, 'outcome'],
    registers: [registry],
  });
  const cellSeconds = new Histogram({
    name: 'gnnc_cell_duration_seconds',
    help: 'Wall time of one cell or base training',
    labelNames: [...cellLabels, 'outcome'],
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const epochSeconds = new Histogram({
    name: 'gnnc_epoch_duration_seconds',
    help: 'Wall time of one training epoch',
    labelNames: cellLabels,
    buckets: EPOCH_BUCKETS,
    registers: [registry],
  });
  const energy = new Counter({
    name: 'gnnc_energy_joules_total',
    help: 'Energy measured or estimated, by source (rapl, nvml, estimate)',
    labelNames: ['source', 'model', 'dataset', 'method'],
    registers: [registry],
  });
  const slotsTotal = new Gauge({
    name: 'gnnc_worker_slots',
    help: 'Activity slots of this worker',
    registers: [registry],
  });
  const slotsBusy = new Gauge({
    name: 'gnnc_worker_slots_busy',
    help: 'Activity slots currently running a cell',
    registers: [registry],
  });
  const cpu = new Gauge({
    name: 'gnnc_worker_cpu_percent',
    help: 'Process CPU utilisation, percent of one core',
    registers: [registry],
  });
  const rss = new Gauge({ name: 'gnnc_worker_rss_bytes', help: 'Process resident set size', registers: [registry] });
  const heap = new Gauge({ name: 'gnnc_worker_heap_bytes', help: 'V8 heap used', registers: [registry] });
  const tensors = new Gauge({
    name: 'gnnc_worker_tensor_bytes',
    help: 'TensorFlow.js tensor memory',
    registers: [registry],
  });
  const resLabels = [...cellLabels, 'level'] as const;
  const cellJoules = new Histogram({
    name: 'gnnc_cell_energy_joules',
    help: 'Energy of one cell',
    labelNames: resLabels,
    buckets: [1, 5, 10, 50, 100, 500, 1000, 5000, 20000],
    registers: [registry],
  });
  const cellCpu = new Gauge({
    name: 'gnnc_cell_cpu_percent',
    help: 'Mean CPU utilisation of the last cell, percent of one core',
    labelNames: resLabels,
    registers: [registry],
  });
  const cellRss = new Gauge({
    name: 'gnnc_cell_peak_rss_bytes',
    help: 'Peak RSS of the last cell',
    labelNames: resLabels,
    registers: [registry],
  });
  const cellScore = new Histogram({
    name: 'gnnc_cell_test_score',
    help: 'Test accuracy/AUC of completed cells (sum/count = mean over the seeds seen by live workers)',
    labelNames: [...resLabels, 'metric'],
    buckets: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1],
    registers: [registry],
  });
  slotsTotal.set(opts.slots);
  slotsBusy.set(0);
  let busy = 0;
  return {
    registry,
    cellStarted: (l) => started.inc({ ...l }),
    cellFinished: (l, outcome, seconds) => {
      finished.inc({ ...l, outcome });
      cellSeconds.observe({ ...l, outcome }, seconds);
    },
    epoch: (l, seconds) => epochSeconds.observe({ ...l }, seconds),
    energy: (source, joules, l) =>
      energy.inc(
        { source, model: l?.model ?? '', dataset: l?.dataset ?? '', method: l?.method ?? '' },
        Math.max(0, joules),
      ),
    slotBusy: (delta) => {
      busy = Math.max(0, busy + delta);
      slotsBusy.set(busy);
    },
    resources: (s) => {
      cpu.set(s.cpuPercent);
      rss.set(s.rssBytes);
      heap.set(s.heapBytes);
      tensors.set(s.tensorBytes);
    },
    cellResources: (l, r) => {
      cellJoules.observe({ ...l }, r.joules);
      cellCpu.set({ ...l }, r.cpuPercent);
      cellRss.set({ ...l }, r.peakRssBytes);
    },
    cellScore: (l, value) => {
      if (Number.isFinite(value)) cellScore.observe({ ...l }, value);
    },
  };
}

export { serveMetrics, type MetricsServer } from './metrics-server';
