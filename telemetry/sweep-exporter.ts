/**
 * Exports sweep progress (planned / done / running / pending / failed cells per sweep) as Prometheus
 * gauges, from whatever can read it (the orchestrator's progress query). Gauges, not counters: the
 * numbers come from Temporal's durable state, so they survive worker restarts.
 */
import { Gauge, type Registry } from 'prom-client';

export interface SweepProgressRow {
  sweep: string;
  planned: number;
  done: number;
  running: number;
  pending: number;
  failed: number;
}

export const SWEEP_METRIC_NAMES = ['gnnc_sweep_cells'];

/**
 * @param read returns the current progress of every known sweep
 * @param intervalMs how often to refresh @default 5000
 * @returns stop function
 */
export function exportSweepProgress(
  registry: Registry,
  read: () => Promise<SweepProgressRow[]>,
  intervalMs = 5000,
): () => void {
  const gauge = new Gauge({
    name: 'gnnc_sweep_cells',
    help: 'Cells of a sweep by state',
    labelNames: ['sweep', 'state'],
    registers: [registry],
  });
  let stopped = false;
  const refresh = async (): Promise<void> => {
    try {
      for (const row of await read()) {
        for (const state of ['planned', 'done', 'running', 'pending', 'failed'] as const) {
          gauge.set({ sweep: row.sweep, state }, row[state]);
        }
      }
    } catch {
      // a failed read keeps the last values; the next tick tries again
    }
  };
  const timer = setInterval(() => {
    if (!stopped) void refresh();
  }, intervalMs);
  timer.unref();
  void refresh();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
