/**
 * Feeds a finished training's resource record and test score to the worker's Prometheus metrics, so
 * the resources and live-results dashboards have data. Called by the activities right after a result
 * is stored (never for cached cells: they were measured when they ran).
 */
import type { SplitMetrics, Task } from '../gnn/types';
import type { CellLabels, WorkerMetrics } from '../telemetry/metrics';
import type { ResourceRecord } from '../telemetry/meter';

export interface FinishedTraining {
  labels: CellLabels;
  /** `levelLabel(method)` of a cell; `-` for a base training */
  level: string;
  task: Task;
  /** test split metrics of the result */
  test: SplitMetrics | undefined;
  /** what the activity's meter returned (undefined when it ran without one) */
  resources: unknown;
}

/** the score a dashboard shows for a task: AUC for link prediction, accuracy otherwise */
export function scoreOf(
  task: Task,
  test: SplitMetrics | undefined,
): { metric: 'auc' | 'accuracy'; value: number } | null {
  if (!test) return null;
  const metric = task === 'link' ? 'auc' : 'accuracy';
  const value = metric === 'auc' ? test.auc : test.accuracy;
  return typeof value === 'number' && Number.isFinite(value) ? { metric, value } : null;
}

function isResourceRecord(r: unknown): r is ResourceRecord {
  const rec = r as Partial<ResourceRecord> | undefined;
  return Boolean(rec && typeof rec === 'object' && rec.energy && rec.total);
}

/** Record energy, per-cell resources and (for cells) the test score of one completed training. */
export function recordCellTelemetry(metrics: WorkerMetrics | undefined, t: FinishedTraining): void {
  if (!metrics) return;
  const withLevel = { ...t.labels, level: t.level };
  if (isResourceRecord(t.resources)) {
    const r = t.resources;
    metrics.energy(r.energy.source, r.energy.joules, t.labels);
    metrics.cellResources(withLevel, {
      joules: r.energy.joules,
      cpuPercent: r.total.cpuPercent,
      peakRssBytes: r.total.rssPeakBytes,
    });
  }
  if (t.labels.kind !== 'cell') return;
  const score = scoreOf(t.task, t.test);
  if (score) metrics.cellScore({ ...withLevel, metric: score.metric }, score.value);
}
