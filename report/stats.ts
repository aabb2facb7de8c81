/**
 * Mean ± sample standard deviation over seeds, and the accessors that pull one number out of a stored
 * result. An accessor returns undefined when the value is absent, and such cells count as missing.
 */
import type { ResultRow, StoredResult } from './load';

export interface Stat {
  mean: number;
  /** sample standard deviation (n − 1); 0 when n = 1 */
  std: number;
  n: number;
}

export function stat(values: number[]): Stat | null {
  const v = values.filter((x) => Number.isFinite(x));
  if (v.length === 0) return null;
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const variance = v.length > 1 ? v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1) : 0;
  return { mean, std: Math.sqrt(variance), n: v.length };
}

export type Accessor = (r: StoredResult, row: ResultRow) => number | undefined;

function num(x: unknown): number | undefined {
  return typeof x === 'number' && Number.isFinite(x) ? x : undefined;
}

function path(obj: unknown, keys: string[]): unknown {
  let cur = obj;
  for (const k of keys) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/** The task's headline score: AUC for link prediction (what the paper calls accuracy), else accuracy. */
export function score(phase: string): Accessor {
  return (r, row) => {
    const m = path(r, ['metrics', phase]) as Record<string, number> | undefined;
    if (!m) return undefined;
    return num(row.task === 'link' ? (m.auc ?? m.accuracy) : m.accuracy);
  };
}

export const accessors = {
  testScore: score('test'),
  prunedScore: score('pruned'),
  finetunedScore: score('finetuned'),
  sizeRatio: ((r) => num(path(r, ['size', 'ratio']))) as Accessor,
  sparseBytes: ((r) => num(path(r, ['size', 'sparseBytes'])) ?? num(path(r, ['size', 'bytes']))) as Accessor,
  inferenceMs: ((r) => num(path(r, ['inferenceMs', 'mean']))) as Accessor,
  trainS: ((r) => {
    const ms = num(r.trainMs) ?? num(r.durationMs);
    return ms === undefined ? undefined : ms / 1000;
  }) as Accessor,
  avgBits: ((r) => num(path(r, ['size', 'avgBits']))) as Accessor,
  overallSparsity: ((r) => num(path(r, ['sparsity', 'overall']))) as Accessor,
};

/** Phases of a pruning cell that belong to "pruning without fine-tuning". */
const NOT_FINETUNE = (phase: string) => phase !== 'finetune';

/**
 * Resource accessors. `withFinetune` false sums the cell's phases except fine-tuning, true takes all
 * of them — the paper's two resource tables (13/15 vs 14/16).
 */
export function resource(kind: 'energyJ' | 'cpuPercent' | 'memoryMB', withFinetune = true): Accessor {
  return (r) => {
    const phases = r.resources?.phases;
    if (!phases) return undefined;
    const chosen = Object.entries(phases)
      .filter(([p]) => withFinetune || NOT_FINETUNE(p))
      .map(([, v]) => v);
    if (chosen.length === 0) return undefined;
    if (kind === 'energyJ') return chosen.reduce((a, p) => a + p.energyJ, 0);
    if (kind === 'memoryMB') return Math.max(...chosen.map((p) => p.rssPeakBytes)) / 2 ** 20;
    const wall = chosen.reduce((a, p) => a + p.wallMs, 0);
    const cpu = chosen.reduce((a, p) => a + p.cpuMs, 0);
    return wall > 0 ? (cpu / wall) * 100 : undefined;
  };
}

/** Stat of `get` over the rows (seeds) that match; null when no row has the value. */
export function over(rows: ResultRow[], get: Accessor): Stat | null {
  return stat(rows.filter((x) => x.result !== null).map((x) => get(x.result as StoredResult, x) ?? NaN));
}

export function fmt(s: Stat | null, digits = 3): string {
  if (!s) return '—';
  return s.n > 1 ? `${s.mean.toFixed(digits)} ± ${s.std.toFixed(digits)}` : s.mean.toFixed(digits);
}
