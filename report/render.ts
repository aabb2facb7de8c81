/**
 * Table renderers: Markdown (one file), CSV (one long file, a line per table cell), and HTML fragments
 * for the index page. Missing cells read "—", never a filled-in number.
 */
import type { Cell, ReportTable } from './table-model';

function value(cell: Cell): string {
  const s = cell.stat;
  if (!s) return '—';
  const d = cell.digits ?? 3;
  return s.n > 1 ? `${s.mean.toFixed(d)} ± ${s.std.toFixed(d)} (n=${s.n})` : `${s.mean.toFixed(d)} (n=${s.n})`;
}

function paper(cell: Cell): string {
  if (!cell.paper) return '';
  const d = cell.digits ?? 3;
  return cell.paper.std !== undefined
    ? `${cell.paper.mean.toFixed(d)} ± ${cell.paper.std.toFixed(d)}`
    : cell.paper.mean.toFixed(d);
}

function escapeMd(s: string): string {
  return s.replace(/\|/g, '\\|');
}

export function tableToMarkdown(t: ReportTable): string {
  const head = [...t.labelColumns, ...t.columns];
  const lines = [`## ${t.title}`, '', ...(t.note ? [`_${t.note}_`, ''] : [])];
  lines.push(`| ${head.map(escapeMd).join(' | ')} |`, `|${head.map(() => '---').join('|')}|`);
  for (const row of t.rows) {
    const cells = row.cells.map((c) => (c.paper ? `${value(c)} [paper ${paper(c)}]` : value(c)));
    lines.push(`| ${[...row.label, ...cells].map(escapeMd).join(' | ')} |`);
  }
  return lines.join('\n') + '\n';
}

function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CSV_HEADER = 'table,row,column,mean,std,n,paper_mean,paper_std';

export function tableToCsvLines(t: ReportTable): string[] {
  const out: string[] = [];
  for (const row of t.rows)
    row.cells.forEach((c, i) => {
      out.push(
        [
          t.id,
          row.label.join(' / '),
          t.columns[i],
          c.stat?.mean,
          c.stat?.std,
          c.stat?.n ?? 0,
          c.paper?.mean,
          c.paper?.std,
        ]
          .map(csvField)
          .join(','),
      );
    });
  return out;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function tableToHtml(t: ReportTable): string {
  const head = [...t.labelColumns, ...t.columns].map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = t.rows
    .map((row) => {
      const labels = row.label.map((l) => `<th scope="row">${escapeHtml(l)}</th>`).join('');
      const cells = row.cells
        .map((c) => {
          const cls = c.stat ? '' : ' class="missing"';
          const p = c.paper ? `<div class="paper">paper ${escapeHtml(paper(c))}</div>` : '';
          const data = c.stat ? ` data-mean="${c.stat.mean}" data-n="${c.stat.n}"` : '';
          return `<td${cls}${data}>${escapeHtml(value(c))}${p}</td>`;
        })
        .join('');
      return `<tr>${labels}${cells}</tr>`;
    })
    .join('\n');
  const note = t.note ? `<p class="note">${escapeHtml(t.note)}</p>` : '';
  return `<section id="${t.id}"><h2>${escapeHtml(t.title)}</h2>${note}<div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div></section>`;
}
