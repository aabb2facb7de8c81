/**
 * Table 7 of the paper, ours beside theirs: GIN on PROTEINS and BBBP under fp32, A²Q, QAT-INT4/8 and
 * DQ-INT4/8, each trained from scratch for a few seeds through the same cell runner `gnnc train` uses.
 * Each finished cell is appended to a JSON-lines file, so a long run can be resumed or re-printed.
 *
 *   npx tsx bench/quant.ts [--epochs 200] [--seeds 3] [--first-seed 0] [--datasets proteins,bbbp]
 *                          [--out /tmp/quant-bench.jsonl] [--print-only]
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
}

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

async function runAll(file: string, datasets: string[], seeds: number[], epochs: number | undefined): Promise<void> {
  const done = new Set(readRows(file).map((r) => `${r.dataset}/${r.key}/${r.seed}`));
  // seeds outermost, so a run cut short still covers every data set and method
  for (const seed of seeds) {
    for (const dataset of datasets) {
      for (const col of COLUMNS) {
        if (done.has(`${dataset}/${col.key}/${seed}`)) continue;
        const spec: CellSpec = {
          model: 'gin',
          dataset,
          task: 'graph',
          seed,
          preset: 'default',
          method: col.method,
          ...(epochs ? { overrides: { epochs } } : {}),
        };
        const t0 = Date.now();
        const { result } = await runCellWith(spec, null, {
          signal: new AbortController().signal,
          onProgress: () => undefined,
        });
        const row = { ...(result as unknown as QuantFields), key: col.key, dataset, seed };
        appendFileSync(file, `${JSON.stringify(row)}\n`);
        console.error(
          `${dataset} ${col.key} seed ${seed}: test acc ${row.metrics.test.accuracy.toFixed(3)} in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
        );
      }
    }
  }
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
    line('seeds', (rs) => String(rs.length));
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

function checks(ds: string, by: (key: string) => Row[]): void {
  const acc = (key: string): number => stats(by(key).map((r) => r.metrics.test.accuracy)).mean;
  if (!by('fp32').length) return;
  for (const k of ['qat-int8', 'dq-int8']) {
    if (by(k).length)
      console.log(`# ${ds}: ${k} − fp32 = ${((acc(k) - acc('fp32')) * 100).toFixed(1)} points (target ≥ −2)`);
  }
  if (by('dq-int4').length && by('qat-int4').length) {
    console.log(
      `# ${ds}: dq-int4 − qat-int4 = ${((acc('dq-int4') - acc('qat-int4')) * 100).toFixed(1)} points (target ≥ 0)`,
    );
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
    await runAll(file, datasets, seeds, epochs ? Number(epochs) : undefined);
  }
  const rows = readRows(file);
  const ep = [...new Set(rows.map((r) => r.train.epochs))].join(',');
  console.log(`# GIN, ${[...new Set(rows.map((r) => r.seed))].length} seeds, epochs ${ep}; results in ${file}`);
  printTable(rows, datasets);
}

void main();
