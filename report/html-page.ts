/**
 * The report's index.html: self-contained (inline CSS, figures as local SVG files, no CDN), with a table
 * of contents linking every table and figure.
 */
import { escapeHtml, tableToHtml } from './render';
import type { ReportTable } from './table-model';

const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1400px;padding:0 1rem;color:#222}
h1{margin-bottom:.2rem}nav ul{columns:3}table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ccc;padding:3px 6px;text-align:right;white-space:nowrap}
th[scope=row]{text-align:left;background:#fafafa}thead th{background:#eee}.paper{color:#888;font-size:11px}.missing{color:#bbb}.note{color:#555;max-width:70rem}
.scroll{overflow-x:auto}figure{margin:1rem 0}figure img{max-width:100%;border:1px solid #eee}`;

export interface PageInput {
  sweep: string;
  planHash: string;
  cells: number;
  withResults: number;
  tables: ReportTable[];
  figures: { id: string; title: string; svg: string; png: string; marks: number }[];
  emptyFigures: { id: string; title: string }[];
  files: string[];
}

export function indexHtml(p: PageInput): string {
  const toc = [
    ...p.tables.map((t) => `<li><a href="#${t.id}">${escapeHtml(t.title)}</a></li>`),
    ...[...p.figures, ...p.emptyFigures].map((f) => `<li><a href="#${f.id}">${escapeHtml(f.title)}</a></li>`),
  ].join('\n');
  const figures = p.figures
    .map(
      (f) =>
        `<section id="${f.id}"><h2>${escapeHtml(f.title)}</h2><figure><img src="${f.svg}" alt="${escapeHtml(f.title)}" data-figure="${f.id}"><figcaption><a href="${f.svg}">SVG</a> · <a href="${f.png}">PNG</a></figcaption></figure></section>`,
    )
    .join('\n');
  const empty = p.emptyFigures
    .map(
      (f) =>
        `<section id="${f.id}"><h2>${escapeHtml(f.title)}</h2><p class="missing">No results for this figure in this sweep.</p></section>`,
    )
    .join('\n');
  const downloads = p.files
    .filter((f) => !f.startsWith('figures/'))
    .map((f) => `<a href="${f}">${f}</a>`)
    .join(' · ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>gnnc report — ${escapeHtml(p.sweep)}</title><style>${CSS}</style></head>
<body>
<h1>gnnc report — sweep ${escapeHtml(p.sweep)}</h1>
<p>Plan ${escapeHtml(p.planHash)}: ${p.cells} planned cells, ${p.withResults} with results, ${p.cells - p.withResults} missing (shown as —). Every value is mean ± sample std over seeds (n given); the paper's value is printed under ours where it reports one.</p>
<p>Downloads: ${downloads}</p>
<nav><h2>Contents</h2><ul>
${toc}
</ul></nav>
${p.tables.map(tableToHtml).join('\n')}
${figures}
${empty}
</body></html>
`;
}
