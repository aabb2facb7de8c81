/**
 * Our value beside the paper's: for every table cell where both exist, the difference and whether ours
 * falls inside the paper's mean ± std (for a paper value without std: whether the paper's value falls
 * inside ours ± std).
 */
import type { ReportTable } from './table-model';

export interface Comparison {
  table: string;
  label: string;
  column: string;
  ours: number;
  oursStd: number;
  n: number;
  paper: number;
  paperStd: number | null;
  diff: number;
  inside: boolean;
}

export function compareWithPaper(tables: ReportTable[]): Comparison[] {
  const out: Comparison[] = [];
  for (const t of tables)
    for (const row of t.rows)
      row.cells.forEach((cell, i) => {
        if (!cell.stat || !cell.paper) return;
        const { mean, std, n } = cell.stat;
        const p = cell.paper;
        const tol = p.std !== undefined && p.std > 0 ? p.std : std;
        out.push({
          table: t.id,
          label: row.label.join(' · '),
          column: t.columns[i],
          ours: mean,
          oursStd: std,
          n,
          paper: p.mean,
          paperStd: p.std ?? null,
          diff: mean - p.mean,
          inside: Math.abs(mean - p.mean) <= tol + 1e-12,
        });
      });
  return out;
}

export function comparisonTable(rows: Comparison[]): ReportTable {
  return {
    id: 'comparison',
    title: 'Comparison with the paper — every value the paper also reports',
    note: "inside = |ours − paper| ≤ the paper's std (or ours when the paper gives none). Resource figures come from different hardware.",
    labelColumns: ['table', 'row', 'column', 'inside paper ± std'],
    columns: ['ours', 'paper', 'difference'],
    rows: rows.map((c) => ({
      label: [c.table, c.label, c.column, c.inside ? 'yes' : 'no'],
      cells: [
        { stat: { mean: c.ours, std: c.oursStd, n: c.n } },
        { stat: { mean: c.paper, std: c.paperStd ?? 0, n: 1 } },
        { stat: { mean: c.diff, std: 0, n: 1 } },
      ],
    })),
  };
}
