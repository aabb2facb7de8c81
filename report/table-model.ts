/**
 * The report's table model: rows of labelled cells, each a mean ± std over seeds (or missing), with the
 * paper's value beside it where the paper has one. Renderers (HTML, Markdown, CSV) read only this.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ResultRow } from './load';
import { over, type Accessor, type Stat } from './stats';

export interface PaperValue {
  mean: number;
  std?: number;
}

export interface Cell {
  stat: Stat | null;
  paper?: PaperValue | null;
  /** decimals shown @default 3 */
  digits?: number;
}

export interface TableRow {
  label: string[];
  cells: Cell[];
}

export interface ReportTable {
  id: string;
  title: string;
  note?: string;
  /** names of the label columns, then of the value columns */
  labelColumns: string[];
  columns: string[];
  rows: TableRow[];
}

export const LEVELS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
export const TASK_KEYS = ['bbbp', 'cora-node', 'cora-link', 'proteins'];
export const TASK_NAMES: Record<string, string> = {
  bbbp: 'BBBP (gnnnet)',
  'cora-node': 'Cora-Node (spline)',
  'cora-link': 'Cora-Link (ness)',
  proteins: 'Proteins (hgpsl)',
};
/** Which model carries each pruning task in the paper. */
export const PRUNING_MODEL: Record<string, string> = {
  bbbp: 'gnnnet',
  'cora-node': 'spline',
  'cora-link': 'ness',
  proteins: 'hgpsl',
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type PaperValues = Record<string, any>;

let paperCache: PaperValues | null = null;

/** report/paper-values.json: the paper's tables, typed in once. */
export function paperValues(): PaperValues {
  paperCache ??= JSON.parse(readFileSync(join(__dirname, 'paper-values.json'), 'utf8')) as PaperValues;
  return paperCache;
}

export function asPaper(v: unknown): PaperValue | null {
  if (typeof v === 'number') return { mean: v };
  if (v && typeof v === 'object' && typeof (v as PaperValue).mean === 'number') return v as PaperValue;
  return null;
}

/** Rows of one (task line, method, level) — the seeds of one table cell. */
export function pick(
  rows: ResultRow[],
  f: { taskKey?: string; model?: string; method: string; level?: number; bits?: number; mode?: string },
): ResultRow[] {
  return rows.filter(
    (r) =>
      (f.taskKey === undefined || r.taskKey === f.taskKey) &&
      (f.model === undefined || r.model === f.model) &&
      r.method === f.method &&
      (f.level === undefined || (r.level !== undefined && Math.abs(r.level - f.level) < 1e-12)) &&
      (f.bits === undefined || r.bits === f.bits) &&
      (f.mode === undefined || r.mode === f.mode),
  );
}

/** One row over levels: the accessor's stat at each level, with the paper's series beside it. */
export function levelRow(
  label: string[],
  rows: ResultRow[],
  levels: number[],
  get: Accessor,
  paper?: unknown[] | null,
  digits?: number,
): TableRow {
  return {
    label,
    cells: levels.map((level, i) => ({
      stat: over(
        rows.filter((r) => r.level !== undefined && Math.abs(r.level - level) < 1e-12),
        get,
      ),
      paper: paper ? asPaper(paper[i]) : undefined,
      digits,
    })),
  };
}
