/**
 * Pruning benchmark: trains each base model once (one seed), prunes it at every level with `global`
 * and `finegrained` through the same runCell as `gnnc train`, and prints our size ratios and
 * accuracies beside the paper's Tables 5 and 9–12; optionally L2 rates (Table 17) and lottery curves.
 *
 *   nice -n 10 npx tsx bench/pruning.ts [--models spline/cora/node,...] [--levels 0,0.5,0.9]
 *     [--methods global,finegrained (empty: none)] [--epochs N] [--seed 0] [--no-finetune]
 *     [--l2 0,1e-4,1e-2,1,1e6] [--lottery 0.8:3,0.9:3] [--jsonl out.jsonl]
 *
 * Figures are one seed on this machine: they show the shape of the curves, not the paper's ± std.
 */
import { appendFileSync } from 'node:fs';
import type { BaseSpec, CellSpec, MethodSpec, Task } from '../gnn/types';
import type { CellResult, RunHooks } from '../gnn/cell-types';
import { fmt, paperKey, paperL2, paperPruning, printTable } from './pruning-print';

interface Args {
  models: string[];
  levels: number[];
  methods: string[];
  epochs?: number;
  seed: number;
  finetune: boolean;
  l2: number[];
  lottery: Array<{ level: number; rounds: number }>;
  jsonl?: string;
}

const ALL_MODELS = ['spline/cora/node', 'ness/cora/link', 'hgpsl/proteins/graph', 'gnnnet/bbbp/graph'];

function parseArgs(argv: string[]): Args {
  const get = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const nums = (s: string | undefined, d: number[]) => (s === undefined || s === '' ? d : s.split(',').map(Number));
  return {
    models: get('--models')?.split(',') ?? ALL_MODELS,
    levels: nums(get('--levels'), [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]),
    methods: get('--methods')?.split(',').filter(Boolean) ?? ['global', 'finegrained'],
    epochs: get('--epochs') === undefined ? undefined : Number(get('--epochs')),
    seed: Number(get('--seed') ?? 0),
    finetune: !argv.includes('--no-finetune'),
    l2: nums(get('--l2'), []),
    lottery: (get('--lottery')?.split(',') ?? []).map((s) => {
      const [level, rounds] = s.split(':').map(Number);
      return { level, rounds };
    }),
    jsonl: get('--jsonl'),
  };
}

const hooks: RunHooks = {
  signal: new AbortController().signal,
  onProgress: () => undefined,
};

type Runner = typeof import('../gnn/cell');
type Fields = CellResult & {
  sparsity?: { overall: number; layers: Record<string, number> };
  size?: { ratio: number; valuesOnlyRatio: number; denseBytes: number; sparseBytes: number };
  inferenceMs?: { mean: number; std: number };
  nearZero?: { overall: number };
  curve?: Array<{
    round: number;
    sparsity: number;
    ticket: { test: { accuracy: number; auc?: number } };
    random: { test: { accuracy: number; auc?: number } } | null;
  }>;
};

/** The paper's "accuracy" of a link task is most likely AUC (METHODS.md): use it where present. */
function score(m: { accuracy: number; auc?: number } | null | undefined, task: string): number | undefined {
  return m ? (task === 'link' ? (m.auc ?? m.accuracy) : m.accuracy) : undefined;
}

async function cell(runner: Runner, args: Args, spec: CellSpec, base: Uint8Array | null): Promise<Fields> {
  const { result } = await runner.runCell(spec, base, hooks);
  if (args.jsonl) appendFileSync(args.jsonl, JSON.stringify(result) + '\n');
  return result as Fields;
}

async function pruneTable(
  runner: Runner,
  args: Args,
  base: BaseSpec,
  checkpoint: Uint8Array,
  method: string,
): Promise<Fields[]> {
  const key = paperKey(base.model, base.dataset, base.task);
  const rows: string[][] = [];
  const results: Fields[] = [];
  for (const level of args.levels) {
    const spec: CellSpec = { ...base, method: { name: method, level, finetune: args.finetune } };
    const r = await cell(runner, args, spec, checkpoint);
    results.push(r);
    const p = paperPruning(method, key, level);
    const m = r.metrics as Record<string, { accuracy: number; auc?: number } | undefined>;
    rows.push([
      fmt(level, 1),
      fmt(r.sparsity?.overall),
      fmt(r.size?.ratio, 2),
      fmt(r.size?.valuesOnlyRatio, 2),
      fmt(p.ratio, 2),
      fmt(score(m.pruned, base.task)),
      fmt(p.pruned, 2),
      fmt(score(m.finetuned, base.task)),
      fmt(p.finetuned, 2),
      `${fmt(r.inferenceMs?.mean, 1)}±${fmt(r.inferenceMs?.std, 1)}`,
    ]);
  }
  printTable(
    `${method} — ${base.model}/${base.dataset} (${base.task}), seed ${base.seed}; paper = Table 5 / Tables ${method === 'global' ? '9, 10' : '11, 12'}`,
    ['level', 'sparsity', 'ratio', 'valsOnly', 'paper', 'acc pruned', 'paper', 'acc tuned', 'paper', 'infer ms'],
    rows,
  );
  return results;
}

function layerTable(base: BaseSpec, results: Fields[]): void {
  const names = Object.keys(results[0]?.sparsity?.layers ?? {});
  printTable(
    `global — per-layer sparsity (Figure 2), ${base.model}/${base.dataset}`,
    ['level', ...names],
    results.map((r) => [fmt(r.level, 1), ...names.map((n) => fmt(r.sparsity?.layers[n]))]),
  );
}

async function l2Table(runner: Runner, args: Args, base: BaseSpec): Promise<void> {
  const key = paperKey(base.model, base.dataset, base.task);
  const rows: string[][] = [];
  for (const rate of args.l2) {
    const r = await cell(runner, args, { ...base, method: { name: 'l2', level: rate } }, null);
    rows.push([
      String(rate),
      fmt(score(r.metrics.test, base.task)),
      fmt(paperL2(key, rate), 2),
      fmt(r.nearZero?.overall),
      String(r.diverged),
    ]);
  }
  printTable(
    `l2 — ${base.model}/${base.dataset}; paper = Table 17`,
    [base.task === 'link' ? 'λ (AUC)' : 'λ', 'acc', 'paper', 'near-zero', 'diverged'],
    rows,
  );
}

async function lotteryTable(runner: Runner, args: Args, base: BaseSpec): Promise<void> {
  for (const { level, rounds } of args.lottery) {
    const method: MethodSpec = { name: 'lottery', level, rounds };
    const r = await cell(runner, args, { ...base, method }, null);
    printTable(
      `lottery — ${base.model}/${base.dataset}, final sparsity ${level} in ${rounds} rounds (test ${base.task === 'link' ? 'AUC' : 'accuracy'})`,
      ['round', 'sparsity', 'ticket (rewind θ₀)', 'random re-init'],
      (r.curve ?? []).map((c) => [
        String(c.round),
        fmt(c.sparsity),
        fmt(score(c.ticket.test, base.task)),
        fmt(score(c.random?.test, base.task)),
      ]),
    );
  }
}

async function benchModel(runner: Runner, args: Args, id: string): Promise<void> {
  const [model, dataset, task] = id.split('/');
  const base: BaseSpec = {
    model,
    dataset,
    task: task as Task,
    seed: args.seed,
    preset: 'default',
    ...(args.epochs !== undefined ? { overrides: { epochs: args.epochs } } : {}),
  };
  const t0 = performance.now();
  const { checkpoint, result } = await runner.trainBase(base, hooks);
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(
    `\n== ${id}: base test ${base.task === 'link' ? 'AUC' : 'accuracy'} ${fmt(score(result.metrics.test, base.task))} after ${result.epochs} epochs (${s} s, ${result.params} params, ${result.backend})`,
  );
  for (const method of args.methods) {
    const results = await pruneTable(runner, args, base, checkpoint, method);
    if (method === 'global') layerTable(base, results);
  }
  if (args.l2.length > 0) await l2Table(runner, args, base);
  if (args.lottery.length > 0) await lotteryTable(runner, args, base);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  await import('../gnn/methods');
  const runner: Runner = await import('../gnn/cell');
  for (const id of args.models) {
    try {
      await benchModel(runner, args, id);
    } catch (e) {
      console.log(`\n== ${id}: skipped — ${(e as Error).message}`);
    }
  }
}

void main();
