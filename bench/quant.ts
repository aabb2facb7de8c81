/**
 * Table 7 of the paper, ours beside theirs: GIN on PROTEINS and BBBP under fp32, A²Q, QAT-INT4/8 and
 * DQ-INT4/8, each trained from scratch for a few seeds through the same cell runner `gnnc train` uses.
 * Each finished cell is appended to a JSON-lines file, so a long run can be resumed or re-printed.
 *
 *   npx tsx bench/quant.ts [--epochs 200] [--seeds 3] [--first-seed 0] [--datasets proteins,bbbp]
 *                          [--folds 10] [--first-fold 0] [--methods fp32,qat-int8,…] [--out /tmp/quant-bench.jsonl]
 *                          [--print-only]
 *
 * `--folds K` runs folds F..F+K−1 (F = --first-fold) of the data set's k-fold split (PROTEINS' preset) for each seed instead
 * of fold 0 only. The checks compare methods on the same (seed, fold) cells — the same test graphs —
 * and print the mean paired difference with its standard error.
 *
 * QAT baselines use ste-mom, Degree-Quant gc-per (the published settings). Prints figures and the
 * issue's checks; it never fails on a number.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { runCellWith } from '../gnn/cell';
import type { QuantFields } from '../gnn/methods/quant/run-quant';
import type { CellSpec, MethodSpec } from '../gnn/types';

const COLUMNS: { key: string; method: MethodSpec }[] = [
  { key: 'fp32', method: { name: 'fp32' } },
  { key: 'a2q', method: { name: 'a2q' } },
  { key: 'qat-int4', method: { name: 'qat', bits: 4, mode: 'ste-mom' } },
  { key: 'qat-int8', method: { name: 'qat', bits: 8, mode: 'ste-mom' } },
  { key: 'dq-int4', method: { name: 'dq', bits: 4, mode: 'gc-per' } },
  { key: 'dq-int8', method: { name: 'dq', bits: 8, mode: 'gc-per' } },
];

interface Row extends QuantFields {
  key: string;
  dataset: string;
  seed: number;
  /** k-fold split's test fold (absent = the preset's fold 0) */
  fold?: number;
}

const cellOf = (r: { dataset: string; key: string; seed: number; fold?: number }): string =>
  `${r.dataset}/${r.key}/${r.seed}/${r.fold ?? 0}`;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

function readRows(file: string): Row[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Row);
}

interface Plan {
  datasets: string[];
  seeds: number[];
  /** folds to run per seed on k-fold data sets; [0] = the preset's fold only */
  folds: number[];
  columns: typeof COLUMNS;
  epochs?: number;
}

async function runAll(file: string, plan: Plan): Promise<void> {
  const done = new Set(readRows(file).map(cellOf));
  // seeds and folds outermost, so a run cut short still covers every data set and method
  for (const seed of plan.seeds) {
    for (const fold of plan.folds) {
      for (const dataset of plan.datasets) {
        if (fold > 0 && dataset !== 'proteins') continue;
        for (const col of plan.columns) {
          if (done.has(cellOf({ dataset, key: col.key, seed, fold }))) continue;
          await runOne(file, dataset, col, seed, fold, plan.epochs);
        }
      }
    }
  }
}

async function runOne(
  file: string,
  dataset: string,
  col: (typeof COLUMNS)[number],
  seed: number,
  fold: number,
  epochs: number | undefined,
): Promise<void> {
  const overrides = { ...(epochs ? { epochs } : {}), ...(fold > 0 ? { fold } : {}) };
  const spec: CellSpec = {
    model: 'gin',
    dataset,
    task: 'graph',
    seed,
    preset: 'default',
    method: col.method,
    ...(Object.keys(overrides).length ? { overrides } : {}),
  };
  const t0 = Date.now();
  const { result } = await runCellWith(spec, null, {
    signal: new AbortController().signal,
    onProgress: () => undefined,
  });
  const row = { ...(result as unknown as QuantFields), key: col.key, dataset, seed, ...(fold > 0 ? { fold } : {}) };
  appendFileSync(file, `${JSON.stringify(row)}\n`);
  console.error(
    `${dataset} ${col.key} seed ${seed} fold ${fold}: test acc ${row.metrics.test.accuracy.toFixed(3)} in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
  );
}

const stats = (xs: number[]): { mean: number; std: number } => {
  const mean = xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  return { mean, std: Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, xs.length - 1)) };
};
const fmt = (s: { mean: number; std: number }, d = 2): string => `${s.mean.toFixed(d)} ± ${s.std.toFixed(d)}`;

type Paper = Record<string, Record<string, Record<string, { mean: number; std: number }>>>;

function printTable(rows: Row[], datasets: string[]): void {
  const paper = (
    JSON.parse(readFileSync(`${__dirname}/../report/paper-values.json`, 'utf8')) as { table7_quantization: Paper }
  ).table7_quantization;
  const head = ['dataset', 'metric', ...COLUMNS.map((c) => c.key)];
  console.log(head.join('\t'));
  for (const ds of datasets) {
    const by = (key: string): Row[] => rows.filter((r) => r.dataset === ds && r.key === key);
    const line = (metric: string, f: (rs: Row[]) => string): void =>
      console.log([ds, metric, ...COLUMNS.map((c) => (by(c.key).length ? f(by(c.key)) : '—'))].join('\t'));
    const paperLine = (metric: string, field: string): void =>
      console.log(
        [
          ds,
          `paper ${metric}`,
          ...COLUMNS.map((c) => {
            const v = paper[ds]?.[c.key]?.[field];
            return v ? fmt(v) : '—';
          }),
        ].join('\t'),
      );
    line('cells (seed×fold)', (rs) => String(rs.length));
    line('accuracy', (rs) => fmt(stats(rs.map((r) => r.metrics.test.accuracy))));
    paperLine('accuracy', 'accuracy');
    line('train (s)', (rs) => fmt(stats(rs.map((r) => r.trainMs / 1000)), 1));
    paperLine('train (s)', 'trainS');
    line('inference (ms)', (rs) => fmt(stats(rs.map((r) => r.inferenceMs.mean)), 1));
    paperLine('inference (s)', 'inferenceS');
    line('size (bytes)', (rs) => String(Math.round(stats(rs.map((r) => r.size.bytes)).mean)));
    line('ratio vs fp32', (rs) => stats(rs.map((r) => r.size.ratio)).mean.toFixed(2));
    line('avg bits', (rs) => stats(rs.map((r) => r.a2q?.featureAvgBits ?? r.size.avgBits)).mean.toFixed(2));
    checks(ds, by);
  }
}

/**
 * a − b in accuracy points over the (seed, fold) cells both have (same split, same test graphs):
 * mean ± standard error of the paired differences, and the number of pairs.
 */
function paired(by: (key: string) => Row[], a: string, b: string): string | null {
  const bs = new Map(by(b).map((r) => [`${r.seed}/${r.fold ?? 0}`, r.metrics.test.accuracy]));
  const d = by(a).flatMap((r) => {
    const other = bs.get(`${r.seed}/${r.fold ?? 0}`);
    return other === undefined ? [] : [(r.metrics.test.accuracy - other) * 100];
  });
  if (d.length === 0) return null;
  const s = stats(d);
  return `${s.mean.toFixed(1)} ± ${(s.std / Math.sqrt(d.length)).toFixed(1)} points (${d.length} paired cells)`;
}

function checks(ds: string, by: (key: string) => Row[]): void {
  const acc = (key: string): number => stats(by(key).map((r) => r.metrics.test.accuracy)).mean;
  for (const [a, b, target] of [
    ['qat-int8', 'fp32', '≥ −2'],
    ['dq-int8', 'fp32', '≥ −2'],
    ['dq-int4', 'qat-int4', '≥ 0'],
  ] as const) {
    const p = paired(by, a, b);
    if (p !== null) console.log(`# ${ds}: ${a} − ${b} = ${p} (target ${target})`);
  }
  const a = by('a2q');
  if (a.length) {
    const fb = stats(a.map((r) => r.a2q?.featureAvgBits ?? 0)).mean;
    const wb = stats(a.map((r) => r.a2q?.weightAvgBits ?? 0)).mean;
    console.log(
      `# ${ds}: a2q accuracy ${acc('a2q').toFixed(3)} at ${fb.toFixed(2)} feature bits, ${wb.toFixed(2)} weight bits (expected ≤ 4)`,
    );
  }
}

async function main(): Promise<void> {
  const file = arg('out', '/tmp/quant-bench.jsonl');
  const datasets = arg('datasets', 'proteins,bbbp').split(',');
  const epochs = arg('epochs', '');
  if (!process.argv.includes('--print-only')) {
    const first = Number(arg('first-seed', '0'));
    const seeds = Array.from({ length: Number(arg('seeds', '3')) }, (_, i) => first + i);
    const firstFold = Number(arg('first-fold', '0'));
    const folds = Array.from({ length: Number(arg('folds', '1')) }, (_, i) => firstFold + i);
    const wanted = arg('methods', COLUMNS.map((c) => c.key).join(',')).split(',');
    const unknown = wanted.filter((k) => !COLUMNS.some((c) => c.key === k));
    if (unknown.length) throw new Error(`unknown --methods ${unknown.join(',')}; known: ${COLUMNS.map((c) => c.key)}`);
    const columns = COLUMNS.filter((c) => wanted.includes(c.key));
    await runAll(file, { datasets, seeds, folds, columns, ...(epochs ? { epochs: Number(epochs) } : {}) });
  }
  const rows = readRows(file);
  const ep = [...new Set(rows.map((r) => r.train.epochs))].join(',');
  const seedsSeen = [...new Set(rows.map((r) => r.seed))].length;
  const foldsSeen = [...new Set(rows.map((r) => r.fold ?? 0))].length;
  console.log(`# GIN, ${seedsSeen} seeds × ${foldsSeen} folds, epochs ${ep}; results in ${file}`);
  printTable(rows, datasets);
}

void main();
