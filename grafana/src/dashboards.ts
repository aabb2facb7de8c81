/**
 * The gnnc dashboards. Written in TypeScript against @grafana/schema so they type-check; `npm run
 * grafana:build` writes grafana/dashboards/*.json, which Grafana provisions. A unit test keeps the JSON
 * in step with this file, and an integration test runs every query against a real Prometheus.
 */
import type { Dashboard, Panel } from '@grafana/schema';
import { barGauge, stat, table, timeseries } from './panels';

const W = 24;
const H = 8;

function dashboard(uid: string, title: string, description: string, panels: Panel[]): Dashboard {
  return {
    uid,
    title,
    description,
    tags: ['gnnc'],
    schemaVersion: 39,
    editable: true,
    refresh: '10s',
    time: { from: 'now-6h', to: 'now' },
    timezone: 'browser',
    graphTooltip: 1,
    panels,
  };
}

const cellsLeft = 'sum by (sweep) (gnnc_sweep_cells{state=~"pending|running"})';
const finishRate =
  'scalar(clamp_min(sum(rate(gnnc_cells_finished_total{kind="cell",outcome=~"completed|cached"}[15m])), 1e-6))';

export const sweepsDashboard = dashboard(
  'gnnc-sweeps',
  'gnnc — sweeps',
  'Progress, ETA, throughput, slots and failures of running sweeps.',
  [
    barGauge(
      'Sweep progress',
      "Done cells over planned cells, per sweep (from the orchestrator's progress query).",
      { x: 0, y: 0, w: 8, h: H },
      [
        {
          expr: 'sum by (sweep) (gnnc_sweep_cells{state="done"}) / sum by (sweep) (gnnc_sweep_cells{state="planned"})',
          legend: '{{sweep}}',
        },
      ],
      'percentunit',
    ),
    stat(
      'ETA',
      'Cells not yet done divided by the completion rate of the last 15 minutes.',
      { x: 8, y: 0, w: 8, h: H },
      [{ expr: `${cellsLeft} / ${finishRate}`, legend: '{{sweep}}' }],
      's',
    ),
    timeseries(
      'Cells by state',
      'Planned, done, running, pending and failed cells per sweep.',
      { x: 16, y: 0, w: 8, h: H },
      [{ expr: 'sum by (sweep, state) (gnnc_sweep_cells)', legend: '{{sweep}} {{state}}' }],
    ),
    timeseries(
      'Throughput',
      'Cells finished per minute, by pool and outcome (cached = found in the store, not recomputed).',
      { x: 0, y: H, w: 12, h: H },
      [{ expr: 'sum by (pool, outcome) (rate(gnnc_cells_finished_total[5m])) * 60', legend: '{{pool}} {{outcome}}' }],
      'cpm',
    ),
    timeseries(
      'Slot utilisation',
      'Busy activity slots over all slots, per host and pool.',
      { x: 12, y: H, w: 12, h: H },
      [
        {
          expr: 'sum by (host, pool) (gnnc_worker_slots_busy) / sum by (host, pool) (gnnc_worker_slots)',
          legend: '{{host}} {{pool}}',
        },
      ],
      'percentunit',
    ),
    timeseries(
      'Cell duration p95',
      '95th percentile wall time of a cell, by model and kind (base training or cell).',
      { x: 0, y: 2 * H, w: 12, h: H },
      [
        {
          expr: 'histogram_quantile(0.95, sum by (le, model, kind) (rate(gnnc_cell_duration_seconds_bucket[15m])))',
          legend: '{{model}} {{kind}}',
        },
      ],
      's',
    ),
    timeseries(
      'Epoch duration p50',
      'Median wall time of one training epoch, by model and data set.',
      { x: 12, y: 2 * H, w: 12, h: H },
      [
        {
          expr: 'histogram_quantile(0.5, sum by (le, model, dataset) (rate(gnnc_epoch_duration_seconds_bucket[5m])))',
          legend: '{{model}}/{{dataset}}',
        },
      ],
      's',
    ),
    table(
      'Failures',
      'Failed cells by model, data set and method (0 when none failed). Diverged trainings are results, not failures.',
      { x: 0, y: 3 * H, w: W, h: H },
      [{ expr: 'sum by (model, dataset, method) (gnnc_cells_finished_total{outcome="failed"}) or on() vector(0)' }],
    ),
  ],
);

export const resourcesDashboard = dashboard(
  'gnnc-resources',
  'gnnc — resources',
  'Energy, CPU and memory per cell by method and level, and per worker.',
  [
    barGauge(
      'Energy per cell',
      'Mean joules per completed cell, by method and level; the source (RAPL, NVML or estimate) is in the next panel.',
      { x: 0, y: 0, w: 12, h: H },
      [
        {
          expr: 'sum by (method, level) (gnnc_cell_energy_joules_sum) / sum by (method, level) (gnnc_cell_energy_joules_count)',
          legend: '{{method}} {{level}}',
        },
      ],
      'joule',
    ),
    timeseries(
      'Energy by source',
      'Cumulative joules by source: rapl and nvml are measured, estimate is CPU-seconds × watts per core.',
      { x: 12, y: 0, w: 12, h: H },
      [{ expr: 'sum by (source) (gnnc_energy_joules_total)', legend: '{{source}}' }],
      'joule',
    ),
    barGauge(
      'CPU per cell',
      'Mean CPU utilisation of the last cell per method and level, percent of one core.',
      { x: 0, y: H, w: 12, h: H },
      [{ expr: 'avg by (method, level) (gnnc_cell_cpu_percent)', legend: '{{method}} {{level}}' }],
      'percent',
    ),
    barGauge(
      'Peak memory per cell',
      'Peak resident memory of the last cell per method and level.',
      { x: 12, y: H, w: 12, h: H },
      [{ expr: 'max by (method, level) (gnnc_cell_peak_rss_bytes)', legend: '{{method}} {{level}}' }],
      'bytes',
    ),
    timeseries(
      'Worker CPU',
      'CPU utilisation of each worker process, percent of one core.',
      { x: 0, y: 2 * H, w: 8, h: H },
      [{ expr: 'gnnc_worker_cpu_percent', legend: '{{host}} {{pool}}' }],
      'percent',
    ),
    timeseries(
      'Worker memory',
      'Resident memory and TensorFlow.js tensor memory of each worker.',
      { x: 8, y: 2 * H, w: 8, h: H },
      [
        { expr: 'gnnc_worker_rss_bytes', legend: 'rss {{host}} {{pool}}' },
        { expr: 'gnnc_worker_tensor_bytes', legend: 'tensors {{host}} {{pool}}' },
      ],
      'bytes',
    ),
    timeseries(
      'Worker process CPU seconds',
      'Rate of process CPU seconds (prom-client default metrics).',
      { x: 16, y: 2 * H, w: 8, h: H },
      [{ expr: 'sum by (host, pool) (rate(gnnc_process_process_cpu_seconds_total[1m]))', legend: '{{host}} {{pool}}' }],
    ),
  ],
);

export const resultsDashboard = dashboard(
  'gnnc-results',
  'gnnc — live results',
  [
    'Mean test score (accuracy, or AUC for link prediction) of completed cells by level.',
    'Served honestly as a histogram sum/count per (model, dataset, method, level), so the panel is an exact mean over the seeds that live workers completed;',
    'it forgets cells finished before a worker restart. The report (gnnc report) reads the store and is the reference.',
  ].join(' '),
  [
    table(
      'Score by level',
      'Mean test score and number of cells behind it, per model, data set, method and level.',
      { x: 0, y: 0, w: W, h: 2 * H },
      [
        {
          expr: 'sum by (model, dataset, method, level, metric) (gnnc_cell_test_score_sum) / sum by (model, dataset, method, level, metric) (gnnc_cell_test_score_count)',
        },
        { expr: 'sum by (model, dataset, method, level, metric) (gnnc_cell_test_score_count)' },
      ],
    ),
  ],
);

export const allDashboards: Record<string, Dashboard> = {
  'gnnc-sweeps': sweepsDashboard,
  'gnnc-resources': resourcesDashboard,
  'gnnc-results': resultsDashboard,
};
