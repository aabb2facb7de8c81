/**
 * The baseline table: each of the paper's uncompressed models of the models room trained with its
 * `default` preset on 3 seeds (test split, mean ± std), printed beside the paper's figure, the issue's
 * accuracy target and the parameter counts (ours vs the paper's Table 3). Prints, never fails.
 *
 * Run: nice -n 10 npx tsx bench/baselines.ts [seeds=0,1,2] [pairs=spline/cora,gnnnet/bbbp,gin/proteins,gin/bbbp] [preset=default]
 */
import { trainBaseWith } from '../gnn/cell';
import '../gnn/models';
import { modelRegistry } from '../gnn/models/registry';
import type { BaseResult } from '../gnn/cell-types';
import type { Task } from '../gnn/types';

const SEEDS = (process.argv[2] ?? '0,1,2').split(',').map(Number);
const PAIRS = (process.argv[3] ?? 'spline/cora,gnnnet/bbbp,gin/proteins,gin/bbbp').split(',');
const PRESET = process.argv[4] ?? 'default';

/** The paper's uncompressed accuracy (METHODS.md table; GIN FP32 from its Table 7) and the issue's targets. */
const REFERENCE: Record<string, { paper: string; target: number }> = {
  'spline/cora': { paper: '0.86–0.89', target: 0.87 },
  'gnnnet/bbbp': { paper: '0.84–0.85', target: 0.84 },
  'gin/proteins': { paper: '0.54 (FP32)', target: 0.7 },
  'gin/bbbp': { paper: '0.68 (FP32)', target: 0.82 },
};

const stats = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, xs.length - 1));
  return { m, sd };
};

async function row(pair: string): Promise<string> {
  const [model, dataset] = pair.split('/');
  const task: Task = dataset === 'cora' ? 'node' : 'graph';
  const results: BaseResult[] = [];
  for (const seed of SEEDS) {
    const { result } = await trainBaseWith({ model, dataset, task, seed, preset: PRESET }, { signal: new AbortController().signal, onProgress: () => undefined });
    results.push(result);
    const t = result.metrics.test;
    process.stderr.write(`${pair} seed ${seed}: test acc ${t.accuracy.toFixed(4)}${t.auc !== undefined ? ` auc ${t.auc.toFixed(4)}` : ''} (${result.epochs} epochs, ${(result.durationMs / 1000).toFixed(1)} s)\n`);
  }
  const acc = stats(results.map((r) => r.metrics.test.accuracy));
  const aucs = results.map((r) => r.metrics.test.auc).filter((x): x is number => x !== undefined);
  const auc = aucs.length ? stats(aucs) : null;
  const ref = REFERENCE[pair];
  const paperParams = modelRegistry.get(model).paperParams;
  const ok = ref ? (acc.m >= ref.target ? 'meets' : 'BELOW') : '';
  return [
    pair.padEnd(13),
    `${acc.m.toFixed(4)} ± ${acc.sd.toFixed(4)}`.padEnd(18),
    (auc ? `${auc.m.toFixed(4)} ± ${auc.sd.toFixed(4)}` : '-').padEnd(18),
    (ref?.paper ?? '-').padEnd(12),
    (ref ? `≥ ${ref.target} ${ok}` : '-').padEnd(13),
    String(results[0].params).padStart(8),
    String(paperParams ?? '-').padStart(8),
    `${(stats(results.map((r) => r.epochs)).m).toFixed(0)}`.padStart(6),
    `${(stats(results.map((r) => r.durationMs)).m / 1000).toFixed(1)} s`.padStart(9),
  ].join(' ');
}

async function main(): Promise<void> {
  const rows: string[] = [];
  for (const p of PAIRS) rows.push(await row(p));
  console.log(`preset ${PRESET}, seeds ${SEEDS.join(',')}, test split`);
  console.log(['pair'.padEnd(13), 'accuracy'.padEnd(18), 'auc'.padEnd(18), 'paper'.padEnd(12), 'target'.padEnd(13), '  params', '   paper', 'epochs', '    train'].join(' '));
  for (const r of rows) console.log(r);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
