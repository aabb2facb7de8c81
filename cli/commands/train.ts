/**
 * `gnnc train`: trains one base model (and, with --method, runs one cell on it) in this process.
 * Progress goes to stderr (a bar on a TTY, one line per epoch otherwise); with --json the last stdout
 * line is the result as one JSON object. Flags are checked before any data is loaded.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { InvalidInputError } from '../../core/errors';
import type { Progress } from '../../gnn/methods/types';
import type { CellSpec, MethodSpec, Task } from '../../gnn/types';

interface LabModules {
  models: typeof import('../../gnn/models/registry');
  data: typeof import('../../gnn/data/registry');
  methods: typeof import('../../gnn/methods/types');
  createLab: typeof import('../../gnn/train/create-lab');
  cell: typeof import('../../gnn/cell');
}

/** require, not import(): bin/gnnc.js registers tsx's CommonJS hook only (see dev.ts); loaded in the action so --help stays fast. */
function lab(): LabModules {
  /* eslint-disable @typescript-eslint/no-require-imports */
  require('../../gnn/models/index');
  return {
    models: require('../../gnn/models/registry') as LabModules['models'],
    data: require('../../gnn/data/registry') as LabModules['data'],
    methods: require('../../gnn/methods/types') as LabModules['methods'],
    createLab: require('../../gnn/train/create-lab') as LabModules['createLab'],
    cell: require('../../gnn/cell') as LabModules['cell'],
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
}

interface TrainFlags {
  model: string;
  dataset: string;
  task?: string;
  seed: string;
  epochs?: string;
  preset: string;
  backend?: string;
  method: string;
  level?: string;
  bits?: string;
  mode?: string;
  rounds?: string;
  /** undefined when neither --finetune nor --no-finetune is given: fine-tune (the default) */
  finetune?: boolean;
  save?: string;
  json?: boolean;
}

function int(v: string, flag: string, min: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new InvalidInputError(`must be an integer ≥ ${min}, got '${v}'`, flag);
  return n;
}

function num(v: string, flag: string): number {
  const n = Number(v);
  if (!Number.isFinite(n)) throw new InvalidInputError(`must be a number, got '${v}'`, flag);
  return n;
}

function methodSpec(f: TrainFlags): MethodSpec {
  const m: MethodSpec = { name: f.method };
  if (f.level !== undefined) m.level = num(f.level, '--level');
  if (f.bits !== undefined) {
    if (f.bits !== '4' && f.bits !== '8') throw new InvalidInputError(`must be 4 or 8, got '${f.bits}'`, '--bits');
    m.bits = Number(f.bits) as 4 | 8;
  }
  if (f.mode !== undefined) m.mode = f.mode;
  if (f.rounds !== undefined) m.rounds = int(f.rounds, '--rounds', 1);
  if (f.finetune === false) m.finetune = false;
  return m;
}

/** Progress on stderr: a redrawn bar on a TTY, otherwise one line per epoch (logs stay greppable). */
function progressPrinter(): { onProgress(p: Progress): void; done(): void } {
  const tty = process.stderr.isTTY === true;
  let drawn = false;
  return {
    onProgress(p) {
      if (p.epochs <= 0 || p.epoch <= 0) return;
      const fmt = (x?: number) => (x === undefined ? '-' : x.toFixed(4));
      const text = `${p.phase} epoch ${p.epoch}/${p.epochs} loss ${fmt(p.loss)} val ${fmt(p.val)}`;
      if (!tty) return void process.stderr.write(text + '\n');
      const width = 30;
      const filled = Math.round((width * p.epoch) / p.epochs);
      process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}\x1b[K`);
      drawn = true;
    },
    done() {
      if (drawn) process.stderr.write('\n');
    },
  };
}

/** Resolves --task: the flag, else the data set's kind (graph), else the first of node/link the model does. */
function resolveTask(f: TrainFlags, l: LabModules): Task {
  if (f.task !== undefined) {
    if (!['node', 'link', 'graph'].includes(f.task))
      throw new InvalidInputError(`unknown task '${f.task}'; choose one of: graph, link, node`, '--task');
    return f.task as Task;
  }
  if (l.data.datasets.get(f.dataset).kind === 'graph') return 'graph';
  const tasks = l.models.modelRegistry.get(f.model).tasks;
  return tasks.includes('node') ? 'node' : tasks.includes('link') ? 'link' : 'node';
}

async function runTrain(f: TrainFlags): Promise<void> {
  const l = lab();
  const { trainBaseWith, runCellWith } = l.cell;
  l.models.modelRegistry.get(f.model);
  l.data.datasets.get(f.dataset);
  const method = l.methods.methodRegistry.get(f.method);
  const spec: CellSpec = {
    model: f.model,
    dataset: f.dataset,
    task: resolveTask(f, l),
    seed: int(f.seed, '--seed', 0),
    preset: f.preset,
    ...(f.epochs !== undefined ? { overrides: { epochs: int(f.epochs, '--epochs', 1) } } : {}),
    method: methodSpec(f),
  };
  l.createLab.checkSpec(spec);
  method.validate(spec.method);
  const ac = new AbortController();
  process.once('SIGINT', () => ac.abort());
  const printer = progressPrinter();
  const hooks = { signal: ac.signal, onProgress: printer.onProgress };
  const extra = f.backend ? { backend: f.backend as never } : {};
  const { method: _m, ...baseSpec } = spec;
  const base = method.needsBase ? await trainBaseWith(baseSpec, hooks, extra) : null;
  if (f.save && base) writeFileSync(f.save, base.checkpoint);
  const cell = f.method === 'none' && base ? null : await runCellWith(spec, base?.checkpoint ?? null, hooks, extra);
  printer.done();
  const out = cell
    ? {
        ...cell.result,
        ...(base
          ? { base: { metrics: base.result.metrics, epochs: base.result.epochs, durationMs: base.result.durationMs } }
          : {}),
      }
    : { ...spec, ...base!.result, spec: undefined, method: 'none' };
  if (f.json) process.stdout.write(JSON.stringify(out) + '\n');
  else {
    const m = out.metrics as unknown as { val: Record<string, number>; test: Record<string, number> };
    const show = (s: Record<string, number>) =>
      Object.entries(s)
        .map(([k, v]) => `${k} ${typeof v === 'number' ? v.toFixed(4) : String(v)}`)
        .join(', ');
    process.stdout.write(
      `${spec.model}/${spec.dataset} (${spec.task}, seed ${spec.seed}, method ${f.method}): test ${show(m.test)}; val ${show(m.val)}\n`,
    );
  }
}

export function registerTrainCommand(program: Command): void {
  program
    .command('train')
    .description('train one model on one data set (optionally apply one compression method) and print its metrics')
    .requiredOption('--model <name>', 'model: gcn, spline, gnnnet, gin, gae, ness, hgpsl')
    .requiredOption('--dataset <name>', 'data set: cora, proteins, bbbp')
    .option('--task <task>', 'node | link | graph (default: from the data set and model)')
    .option('--seed <n>', 'seed of initialisation, dropout, shuffling and split', '0')
    .option('--epochs <n>', 'override the preset’s epochs')
    .option('--preset <name>', 'training preset: default | smoke', 'default')
    .option(
      '--backend <name>',
      'tensorflow-gpu | tensorflow | wasm | cpu (default: env GNNC_BACKEND, then the first that loads)',
    )
    .option('--method <name>', 'compression method applied to (or trained instead of) the base model', 'none')
    .option('--level <x>', 'method level: sparsity for pruning, λ for l2, final sparsity for lottery')
    .option('--bits <n>', 'quantization bits: 4 | 8')
    .option('--mode <mode>', 'quantization mode: ste-abs | ste-mom | ste-per | gc-abs | gc-mom | gc-per')
    .option('--rounds <n>', 'lottery: pruning rounds to reach --level (default: the fewest with ≤ 20 % per round)')
    .option('--finetune', 'pruning: fine-tune after pruning, masks fixed (the default)')
    .option('--no-finetune', 'pruning: skip fine-tuning after pruning')
    .option('--save <file>', 'write the base model checkpoint to this file')
    .option('--json', 'print the result as one JSON object on the last stdout line')
    .action((f: TrainFlags) => runTrain(f));
}
