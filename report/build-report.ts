/**
 * `gnnc report`: results of one sweep → every table and figure of the paper, side by side with the
 * paper's values, as an offline HTML page (index.html), Markdown and CSV.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ObjectStore } from '../store/object-store';
import { compareWithPaper, comparisonTable } from './compare';
import { buildFigures, pointCount, renderFigure } from './figures';
import { indexHtml } from './html-page';
import { loadResults, type ResultRow } from './load';
import { CSV_HEADER, tableToCsvLines, tableToMarkdown } from './render';
import type { ReportTable } from './table-model';
import { baselineTable, l2Table, lotteryTable, quantTables } from './tables-other';
import { performanceTables, resourceSummaryTable, resourceTables, sizeRatioTable } from './tables-pruning';

export type ReportFormat = 'html' | 'md' | 'csv';

export interface ReportSummary {
  sweep: string;
  out: string;
  cells: number;
  withResults: number;
  missing: number;
  tables: string[];
  figures: { id: string; title: string; svg: string; png: string; marks: number }[];
  /** figures with no data in this sweep (e.g. no L2 cells): listed on the page, not drawn */
  emptyFigures: { id: string; title: string }[];
  comparisons: number;
  insidePaperStd: number;
  files: string[];
}

export function buildTables(rows: ResultRow[]): ReportTable[] {
  const tables = [
    baselineTable(rows),
    sizeRatioTable(rows),
    ...performanceTables(rows),
    resourceSummaryTable(rows),
    ...resourceTables(rows),
    l2Table(rows),
    ...quantTables(rows),
    lotteryTable(rows),
  ];
  return [...tables, comparisonTable(compareWithPaper(tables))];
}

/**
 * @param opts.out output folder @default `report-out/<sweep>`
 * @param opts.formats which outputs @default all three; figures are drawn for html
 */
export async function buildReport(
  store: ObjectStore,
  sweep: string,
  opts: { out?: string; formats?: ReportFormat[]; log?: (msg: string) => void } = {},
): Promise<ReportSummary> {
  const out = opts.out ?? join('report-out', sweep);
  const formats = opts.formats ?? ['html', 'md', 'csv'];
  const log = opts.log ?? (() => undefined);
  const { plan, rows } = await loadResults(store, sweep);
  const withResults = rows.filter((r) => r.result !== null).length;
  log(`sweep ${sweep}: ${rows.length} planned cells, ${withResults} with results`);
  const tables = buildTables(rows);
  const comparisons = compareWithPaper(tables.filter((t) => t.id !== 'comparison'));
  await mkdir(join(out, 'figures'), { recursive: true });
  const files: string[] = [];
  const write = async (name: string, body: string | Uint8Array) => {
    await writeFile(join(out, name), body);
    files.push(name);
  };
  if (formats.includes('md'))
    await write('tables.md', `# gnnc report — sweep ${sweep}\n\n${tables.map(tableToMarkdown).join('\n')}`);
  if (formats.includes('csv'))
    await write('tables.csv', [CSV_HEADER, ...tables.flatMap(tableToCsvLines)].join('\n') + '\n');
  const figures: ReportSummary['figures'] = [];
  const emptyFigures: ReportSummary['emptyFigures'] = [];
  if (formats.includes('html')) {
    for (const fig of buildFigures(rows)) {
      if (pointCount(fig) === 0) {
        emptyFigures.push({ id: fig.id, title: fig.title });
        continue;
      }
      const { svg, png, marks } = await renderFigure(fig);
      await write(`figures/${fig.id}.svg`, svg);
      await write(`figures/${fig.id}.png`, png);
      figures.push({ id: fig.id, title: fig.title, svg: `figures/${fig.id}.svg`, png: `figures/${fig.id}.png`, marks });
      log(`figure ${fig.id}: ${marks} marks`);
    }
    await write(
      'index.html',
      indexHtml({
        sweep,
        planHash: plan.planHash,
        cells: rows.length,
        withResults,
        tables,
        figures,
        emptyFigures,
        files,
      }),
    );
  }
  const summary: ReportSummary = {
    sweep,
    out,
    cells: rows.length,
    withResults,
    missing: rows.length - withResults,
    tables: tables.map((t) => t.id),
    figures,
    emptyFigures,
    comparisons: comparisons.length,
    insidePaperStd: comparisons.filter((c) => c.inside).length,
    files,
  };
  await writeFile(join(out, 'report.json'), JSON.stringify(summary, null, 2) + '\n');
  return summary;
}
