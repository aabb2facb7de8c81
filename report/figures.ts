/**
 * The paper's figures as Vega-Lite specs over the stored results, rendered headless (vega's SVG
 * renderer, no browser) to SVG and, through resvg, to PNG.
 */
import type * as VL from 'vega-lite/build/index';
import type { ResultRow, StoredResult } from './load';
import { accessors, resource, stat, type Accessor } from './stats';
import { PRUNING_MODEL, TASK_NAMES } from './table-model';

export interface Figure {
  id: string;
  title: string;
  spec: VL.TopLevelSpec;
}

/** Data points behind a figure; a figure without any is reported as missing, not drawn empty. */
export function pointCount(fig: Figure): number {
  const data = (fig.spec as { data?: { values?: unknown[] } }).data;
  return data?.values?.length ?? 0;
}

type Point = Record<string, string | number>;

const done = (rows: ResultRow[]) => rows.filter((r) => r.result !== null);
const pruningRows = (rows: ResultRow[], method: string) =>
  done(rows).filter((r) => r.method === method && PRUNING_MODEL[r.taskKey] === r.model);

/** Mean over seeds of `get`, one point per (series keys, x). */
function meanPoints(rows: ResultRow[], keyOf: (r: ResultRow) => Point, get: Accessor, yName = 'y'): Point[] {
  const groups = new Map<string, { key: Point; values: number[] }>();
  for (const r of rows) {
    const v = get(r.result as StoredResult, r);
    if (v === undefined) continue;
    const key = keyOf(r);
    const id = JSON.stringify(key);
    const g = groups.get(id) ?? { key, values: [] };
    g.values.push(v);
    groups.set(id, g);
  }
  return [...groups.values()].map(({ key, values }) => {
    const s = stat(values)!;
    return { ...key, [yName]: s.mean, std: s.std, n: s.n };
  });
}

function lineSpec(
  title: string,
  values: Point[],
  x: string,
  y: string,
  color: string,
  opts: { xTitle: string; yTitle: string; logX?: boolean; ordinalX?: boolean },
): VL.TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    data: { values },
    facet: { column: { field: 'task', type: 'nominal', title: null } },
    spec: {
      width: 220,
      height: 170,
      mark: { type: 'line', point: true },
      encoding: {
        x: opts.ordinalX
          ? { field: x, type: 'ordinal', title: opts.xTitle, sort: null }
          : { field: x, type: 'quantitative', title: opts.xTitle, scale: opts.logX ? { type: 'symlog' } : {} },
        y: { field: y, type: 'quantitative', title: opts.yTitle, scale: { zero: false } },
        color: { field: color, type: 'nominal' },
        tooltip: [{ field: x }, { field: y, format: '.3f' }, { field: 'std', format: '.3f' }, { field: 'n' }],
      },
    },
    resolve: { scale: { y: 'independent' } },
  } as VL.TopLevelSpec;
}

function layerSparsityFigure(rows: ResultRow[]): Figure {
  const values: Point[] = [];
  for (const r of pruningRows(rows, 'global')) {
    const layers = (r.result?.sparsity as { layers?: Record<string, number> } | undefined)?.layers ?? {};
    for (const [layer, s] of Object.entries(layers))
      values.push({ task: TASK_NAMES[r.taskKey], level: r.level ?? 0, layer, sparsity: s });
  }
  const agg = new Map<string, { p: Point; v: number[] }>();
  for (const v of values) {
    const id = `${v.task}|${v.level}|${v.layer}`;
    const e = agg.get(id) ?? { p: { task: v.task, level: v.level, layer: v.layer }, v: [] };
    e.v.push(v.sparsity as number);
    agg.set(id, e);
  }
  const points = [...agg.values()].map(({ p, v }) => {
    const s = stat(v)!;
    return { ...p, sparsity: s.mean, std: s.std, n: s.n };
  });
  return {
    id: 'fig2-layer-sparsity',
    title: 'Figure 2 — layer-wise sparsity under global pruning',
    spec: lineSpec('Layer-wise sparsity (global pruning)', points, 'level', 'sparsity', 'layer', {
      xTitle: 'target sparsity',
      yTitle: 'zero fraction of the layer',
    }),
  };
}

function bySparsity(
  rows: ResultRow[],
  id: string,
  title: string,
  get: (finetuned: boolean) => Accessor,
  yTitle: string,
): Figure {
  const points: Point[] = [];
  for (const method of ['global', 'finegrained'])
    for (const finetuned of [false, true])
      points.push(
        ...meanPoints(
          pruningRows(rows, method),
          (r) => ({
            task: TASK_NAMES[r.taskKey],
            level: r.level ?? 0,
            series: `${method}${finetuned ? ' + fine-tune' : ''}`,
          }),
          get(finetuned),
        ),
      );
  return { id, title, spec: lineSpec(title, points, 'level', 'y', 'series', { xTitle: 'sparsity', yTitle }) };
}

function byRate(rows: ResultRow[], id: string, title: string, get: Accessor, yTitle: string): Figure {
  const points = meanPoints(
    pruningRows(rows, 'l2'),
    (r) => ({ task: TASK_NAMES[r.taskKey], rate: String(r.level ?? 0), series: 'l2' }),
    get,
  );
  points.sort((a, b) => Number(a.rate) - Number(b.rate));
  return { id, title, spec: lineSpec(title, points, 'rate', 'y', 'series', { xTitle: 'λ', yTitle, ordinalX: true }) };
}

function paretoFigure(rows: ResultRow[], id: string, title: string, xGet: Accessor, xTitle: string): Figure {
  const points = meanPoints(
    done(rows).filter((r) => r.method !== 'lottery'),
    (r) => ({
      task: TASK_NAMES[r.taskKey] ?? r.taskKey,
      series: `${r.model} ${r.method}`,
      label: `${r.method} ${r.level ?? ''}${r.bits ? ` int${r.bits}` : ''}`,
      x: xGet(r.result as StoredResult, r) ?? NaN,
    }),
    accessors.testScore,
  ).filter((p) => Number.isFinite(p.x as number));
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    data: { values: points },
    facet: { column: { field: 'task', type: 'nominal', title: null } },
    spec: {
      width: 220,
      height: 170,
      mark: { type: 'point', filled: true },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: xTitle, scale: { type: 'log' } },
        y: { field: 'y', type: 'quantitative', title: 'test score', scale: { zero: false } },
        color: { field: 'series', type: 'nominal' },
        tooltip: [{ field: 'label' }, { field: 'x' }, { field: 'y', format: '.3f' }, { field: 'n' }],
      },
    },
    resolve: { scale: { x: 'independent', y: 'independent' } },
  } as VL.TopLevelSpec;
  return { id, title, spec };
}

export function buildFigures(rows: ResultRow[]): Figure[] {
  return [
    layerSparsityFigure(rows),
    bySparsity(
      rows,
      'fig3-accuracy',
      'Figure 3 — accuracy vs sparsity',
      (ft) => (ft ? accessors.finetunedScore : accessors.prunedScore),
      'test score',
    ),
    bySparsity(rows, 'fig4-memory', 'Figure 4 — peak memory vs sparsity', (ft) => resource('memoryMB', ft), 'MB'),
    bySparsity(rows, 'fig5-energy', 'Figure 5 — energy vs sparsity', (ft) => resource('energyJ', ft), 'J'),
    bySparsity(rows, 'fig6-cpu', 'Figure 6 — CPU vs sparsity', (ft) => resource('cpuPercent', ft), '% of a core'),
    byRate(rows, 'fig7-l2-accuracy', 'Figure 7 — accuracy vs L2 rate', accessors.testScore, 'test score'),
    byRate(rows, 'fig8-l2-memory', 'Figure 8 — memory vs L2 rate', resource('memoryMB'), 'MB'),
    byRate(rows, 'fig9-l2-energy', 'Figure 9 — energy vs L2 rate', resource('energyJ'), 'J'),
    byRate(rows, 'fig10-l2-cpu', 'Figure 10 — CPU vs L2 rate', resource('cpuPercent'), '% of a core'),
    paretoFigure(rows, 'pareto-size', 'Pareto — accuracy vs model size', accessors.sparseBytes, 'bytes on disk'),
    paretoFigure(rows, 'pareto-energy', 'Pareto — accuracy vs energy', resource('energyJ'), 'J per cell'),
  ];
}

/** vega-lite's package exports are invisible to this project's (node10) type resolution: types come from its build folder. */
const VEGA_LITE: string = 'vega-lite';

/** SVG through vega's headless renderer, PNG through resvg. ESM-only packages load by dynamic import. */
export async function renderFigure(fig: Figure): Promise<{ svg: string; png: Uint8Array; marks: number }> {
  const vega = await import('vega');
  const vl = (await import(VEGA_LITE)) as typeof import('vega-lite/build/index');
  const { Resvg } = await import('@resvg/resvg-js');
  const view = new vega.View(vega.parse(vl.compile(fig.spec).spec), { renderer: 'none' });
  await view.runAsync();
  const svg = await view.toSVG();
  view.finalize();
  const png = new Resvg(svg, { background: 'white', font: { loadSystemFonts: true } }).render().asPng();
  const marks = (svg.match(/<path|<circle|<line/g) ?? []).length;
  return { svg, png, marks };
}
