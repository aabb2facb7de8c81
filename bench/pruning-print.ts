/**
 * Printing for bench/pruning.ts: our figures beside the paper's (report/paper-values.json, typed
 * once by the reports room), one fixed-width table per question.
 */
import paper from '../report/paper-values.json';

type MeanStd = { mean: number; std: number } | null;
type PaperRow = { accuracy: MeanStd[]; sizeRatio: number[] };
type PaperTable = Record<string, PaperRow>;

/** Our (model/dataset/task) → the paper's data-set key. */
export function paperKey(model: string, dataset: string, task: string): string | null {
  const table: Record<string, string> = {
    'spline/cora/node': 'cora-node',
    'ness/cora/link': 'cora-link',
    'hgpsl/proteins/graph': 'proteins',
    'gnnnet/bbbp/graph': 'bbbp',
  };
  return table[`${model}/${dataset}/${task}`] ?? null;
}

const tables = paper as unknown as Record<string, unknown>;

function levelIndex(level: number): number {
  return (paper.levels as number[]).findIndex((l) => Math.abs(l - level) < 1e-9);
}

/** The paper's size ratio (Table 5; 1 at level 0) and accuracy after pruning / after fine-tuning. */
export function paperPruning(method: string, key: string | null, level: number) {
  const i = levelIndex(level);
  if (key === null || i < 0) return { ratio: null, pruned: null, finetuned: null };
  const t5 = tables.table5_size_ratio as Record<string, Record<string, number[]>>;
  const [noFt, ft] =
    method === 'global'
      ? ['table9_global', 'table10_global_finetuned']
      : ['table11_finegrained', 'table12_finegrained_finetuned'];
  const acc = (name: string) => (tables[name] as PaperTable)[key]?.accuracy[i]?.mean ?? null;
  return { ratio: t5[method]?.[key]?.[i] ?? null, pruned: acc(noFt), finetuned: acc(ft) };
}

export function paperL2(key: string | null, rate: number): number | null {
  const t = tables.table17_l2_accuracy as { rates: number[]; accuracy: Record<string, MeanStd[]> };
  const i = t.rates.findIndex((r) => r === rate);
  return key === null || i < 0 ? null : (t.accuracy[key]?.[i]?.mean ?? null);
}

export function fmt(x: unknown, digits = 3): string {
  if (x === null || x === undefined) return '—';
  if (typeof x === 'number') return Number.isFinite(x) ? x.toFixed(digits) : String(x);
  return String(x);
}

/** A fixed-width table: header row, then rows; columns padded to their widest cell. */
export function printTable(title: string, header: string[], rows: string[][]): void {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]?.length ?? 0)));
  const line = (cells: string[]) => cells.map((s, c) => s.padStart(widths[c])).join('  ');
  console.log(`\n${title}\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const r of rows) console.log(line(r));
}
