/**
 * The paper's pruning tables: size ratios (Table 5), accuracy / size / inference by sparsity without and
 * with fine-tuning (Tables 9–12), energy / CPU / memory by sparsity (13–16) and their summary (Table 6).
 */
import type { ResultRow } from './load';
import { accessors, over, resource } from './stats';
import {
  LEVELS,
  PRUNING_MODEL,
  TASK_KEYS,
  TASK_NAMES,
  levelRow,
  paperValues,
  pick,
  type ReportTable,
  type TableRow,
} from './table-model';

type PruneMethod = 'global' | 'finegrained';
const METHOD_NAME: Record<PruneMethod, string> = { global: 'Global', finegrained: 'Fine-grained' };

function taskRows(rows: ResultRow[], taskKey: string, method: string): ResultRow[] {
  return pick(rows, { taskKey, model: PRUNING_MODEL[taskKey], method });
}

export function sizeRatioTable(rows: ResultRow[]): ReportTable {
  const paper = paperValues().table5_size_ratio;
  const levels = LEVELS.slice(1);
  const out: TableRow[] = [];
  for (const m of ['global', 'finegrained'] as PruneMethod[])
    for (const t of TASK_KEYS)
      out.push(
        levelRow(
          [METHOD_NAME[m], TASK_NAMES[t]],
          taskRows(rows, t, m),
          levels,
          accessors.sizeRatio,
          paper[m]?.[t]?.slice(1),
          2,
        ),
      );
  return {
    id: 'table5',
    title: 'Table 5 — dense FP32 size over sparse (Algorithm 1) size',
    note: 'Both sizes are real files: the dense FP32 checkpoint and the sparse file of shapes, non-zero values and a bit mask.',
    labelColumns: ['method', 'task'],
    columns: levels.map(String),
    rows: out,
  };
}

const PERF_TABLES: { id: string; method: PruneMethod; finetuned: boolean; paperKey: string }[] = [
  { id: 'table9', method: 'global', finetuned: false, paperKey: 'table9_global' },
  { id: 'table10', method: 'global', finetuned: true, paperKey: 'table10_global_finetuned' },
  { id: 'table11', method: 'finegrained', finetuned: false, paperKey: 'table11_finegrained' },
  { id: 'table12', method: 'finegrained', finetuned: true, paperKey: 'table12_finegrained_finetuned' },
];

export function performanceTables(rows: ResultRow[]): ReportTable[] {
  return PERF_TABLES.map(({ id, method, finetuned, paperKey }) => {
    const paper = paperValues()[paperKey] ?? {};
    const out: TableRow[] = [];
    for (const t of TASK_KEYS) {
      const r = taskRows(rows, t, method);
      const scoreName = t === 'cora-link' ? 'AUC' : 'accuracy';
      out.push(
        levelRow(
          [TASK_NAMES[t], scoreName],
          r,
          LEVELS,
          finetuned ? accessors.finetunedScore : accessors.prunedScore,
          paper[t]?.accuracy,
        ),
      );
      out.push(levelRow([TASK_NAMES[t], 'size ratio'], r, LEVELS, accessors.sizeRatio, paper[t]?.sizeRatio, 2));
      out.push(levelRow([TASK_NAMES[t], 'inference (ms)'], r, LEVELS, accessors.inferenceMs, null, 2));
    }
    return {
      id,
      title: `Table ${id.slice(5)} — ${METHOD_NAME[method]} pruning ${finetuned ? 'with' : 'without'} fine-tuning`,
      note: 'Inference is the mean of timed forward passes over the test split after warm-up, in ms; the paper reports seconds for its whole evaluation loop, so only accuracy and size are compared.',
      labelColumns: ['task', 'criterion'],
      columns: LEVELS.map(String),
      rows: out,
    };
  });
}

const RES_TABLES: { id: string; method: PruneMethod; finetuned: boolean; paperKey: string }[] = [
  { id: 'table13', method: 'global', finetuned: false, paperKey: 'table13_global_resources' },
  { id: 'table14', method: 'global', finetuned: true, paperKey: 'table14_global_finetuned_resources' },
  { id: 'table15', method: 'finegrained', finetuned: false, paperKey: 'table15_finegrained_resources' },
  { id: 'table16', method: 'finegrained', finetuned: true, paperKey: 'table16_finegrained_finetuned_resources' },
];

export function resourceTables(rows: ResultRow[]): ReportTable[] {
  return RES_TABLES.map(({ id, method, finetuned, paperKey }) => {
    const paper = paperValues()[paperKey] ?? {};
    const out: TableRow[] = [];
    for (const t of TASK_KEYS) {
      const r = taskRows(rows, t, method);
      out.push(
        levelRow([TASK_NAMES[t], 'energy (J)'], r, LEVELS, resource('energyJ', finetuned), paper[t]?.energyJ, 2),
      );
      out.push(
        levelRow(
          [TASK_NAMES[t], 'CPU (% of a core)'],
          r,
          LEVELS,
          resource('cpuPercent', finetuned),
          paper[t]?.cpuPercent,
          1,
        ),
      );
      out.push(
        levelRow(
          [TASK_NAMES[t], 'peak memory (MB)'],
          r,
          LEVELS,
          resource('memoryMB', finetuned),
          paper[t]?.memoryMB,
          0,
        ),
      );
    }
    return {
      id,
      title: `Table ${id.slice(5)} — resources of ${METHOD_NAME[method]} pruning ${finetuned ? 'with' : 'without'} fine-tuning`,
      note: "Measured per cell by the worker's resource meter (phases of the cell; base training excluded). Energy source per cell is in the CSV (rapl, nvml or estimate). The paper ran on other hardware: its figures are shown for orientation.",
      labelColumns: ['task', 'criterion'],
      columns: LEVELS.map(String),
      rows: out,
    };
  });
}

/** Table 6: per task and method, the max and min over sparsity (with the level) and the base (0). */
export function resourceSummaryTable(rows: ResultRow[]): ReportTable {
  const out: TableRow[] = [];
  const kinds = [
    ['memoryMB', 'memory (MB)'],
    ['energyJ', 'energy (J)'],
    ['cpuPercent', 'CPU (%)'],
  ] as const;
  for (const t of TASK_KEYS)
    for (const m of ['finegrained', 'global'] as PruneMethod[]) {
      const r = taskRows(rows, t, m);
      for (const [kind, name] of kinds) {
        const perLevel = LEVELS.map((level) => ({
          level,
          s: over(pick(r, { method: m, level }), resource(kind, false)),
        })).filter((x) => x.s);
        const max = perLevel.reduce<(typeof perLevel)[number] | null>(
          (a, b) => (!a || b.s!.mean > a.s!.mean ? b : a),
          null,
        );
        const min = perLevel.reduce<(typeof perLevel)[number] | null>(
          (a, b) => (!a || b.s!.mean < a.s!.mean ? b : a),
          null,
        );
        const base = perLevel.find((x) => x.level === 0);
        out.push({
          label: [TASK_NAMES[t], METHOD_NAME[m], name, max ? `max at ${max.level}, min at ${min?.level}` : '—'],
          cells: [
            { stat: max?.s ?? null, digits: 1 },
            { stat: min?.s ?? null, digits: 1 },
            { stat: base?.s ?? null, digits: 1 },
          ],
        });
      }
    }
  return {
    id: 'table6',
    title: 'Table 6 — summary of resource use by pruning method (without fine-tuning)',
    labelColumns: ['task', 'method', 'resource', 'levels'],
    columns: ['max', 'min', 'base (0)'],
    rows: out,
  };
}
