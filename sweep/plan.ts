/**
 * Spec → plan: expand the grid to cells, check every name and level against the catalog, hash each
 * cell and base, and group cells by base. All problems are collected and thrown together (SpecError).
 */
import type { BaseSpec, MethodSpec, TrainConfig } from '../gnn/types';
import { hashConfig } from './canonical';
import type { SpecCatalog } from './catalog';
import { SpecError, type SpecIssue } from './parse';
import type { PlanCell, PlanGroup, SweepPlan } from './plan-types';
import type { GridEntry, MethodLevels, SweepSpec } from './spec-schema';
import { durationMs } from './duration';

const LEVEL_KEYS = ['sparsity', 'rate', 'level'] as const;

/** Every MethodSpec of one method entry: level × bits × mode × rounds. */
export function expandMethod(name: string, levels: MethodLevels | null): MethodSpec[] {
  const l = levels ?? {};
  const key = LEVEL_KEYS.find((k) => l[k] !== undefined);
  const levelValues: (number | undefined)[] = key ? (l[key] as number[]) : [undefined];
  const out: MethodSpec[] = [];
  for (const level of levelValues)
    for (const bits of l.bits ?? [undefined])
      for (const mode of l.mode ?? [undefined])
        for (const rounds of l.rounds ?? [undefined])
          out.push({ name, level, bits: bits as 4 | 8 | undefined, mode, rounds, finetune: l.finetune });
  return out;
}

/** an InvalidInputError's message without its own `field: ` prefix (the plan adds the full path) */
function bareMessage(err: unknown): string {
  const e = err as { message?: string; field?: string };
  const msg = e.message ?? String(err);
  return e.field && msg.startsWith(`${e.field}: `) ? msg.slice(e.field.length + 2) : msg;
}

function unknownName(kind: string, name: string, choices: string[]): string {
  return `unknown ${kind} '${name}'; choose one of: ${choices.join(', ') || '(none registered)'}`;
}

function checkNames(entry: GridEntry, at: string, catalog: SpecCatalog, issues: SpecIssue[]): boolean {
  const before = issues.length;
  if (!catalog.models.has(entry.model))
    issues.push({ path: `${at}.model`, message: unknownName('model', entry.model, catalog.models.names()) });
  if (!catalog.datasets.has(entry.dataset))
    issues.push({ path: `${at}.dataset`, message: unknownName('dataset', entry.dataset, catalog.datasets.names()) });
  const tasks = catalog.models.has(entry.model) ? catalog.modelTasks?.(entry.model) : undefined;
  if (tasks && !tasks.includes(entry.task))
    issues.push({
      path: `${at}.task`,
      message: `model '${entry.model}' does not do task '${entry.task}'; it does ${tasks.join(', ')}`,
    });
  for (const m of Object.keys(entry.methods))
    if (!catalog.methods.has(m))
      issues.push({ path: `${at}.methods.${m}`, message: unknownName('method', m, catalog.methods.names()) });
  return issues.length === before;
}

function resolveTrain(
  base: BaseSpec,
  at: string,
  catalog: SpecCatalog,
  issues: SpecIssue[],
): { train?: TrainConfig; ok: boolean } {
  if (!catalog.trainConfig) return { ok: true };
  try {
    return { train: catalog.trainConfig(base), ok: true };
  } catch (err) {
    const field = (err as { field?: string }).field;
    issues.push({ path: `${at}.${field && !field.startsWith('-') ? field : 'preset'}`, message: bareMessage(err) });
    return { ok: false };
  }
}

function poolFor(spec: SweepSpec, f: { model: string; dataset: string; task: string; method?: string }): string {
  const hit = (v: string | string[] | undefined, x: string | undefined) =>
    v === undefined || (x !== undefined && (Array.isArray(v) ? v.includes(x) : v === x));
  const rule = spec.pools.rules.find(
    (r) =>
      hit(r.match.model, f.model) &&
      hit(r.match.dataset, f.dataset) &&
      hit(r.match.task, f.task) &&
      (f.method === undefined ? r.match.method === undefined : hit(r.match.method, f.method)),
  );
  return rule?.pool ?? spec.pools.default;
}

function methodsOf(
  entry: GridEntry,
  at: string,
  catalog: SpecCatalog,
  issues: SpecIssue[],
): { spec: MethodSpec; version: string; needsBase: boolean }[] {
  const out: { spec: MethodSpec; version: string; needsBase: boolean }[] = [];
  for (const [name, levels] of Object.entries(entry.methods)) {
    const info = catalog.methods.get(name);
    for (const spec of expandMethod(name, levels)) {
      try {
        info.validate(spec);
      } catch (err) {
        issues.push({ path: `${at}.methods.${name}`, message: bareMessage(err) });
        break;
      }
      out.push({ spec, version: info.version, needsBase: info.needsBase });
    }
  }
  return out;
}

/** Expand and validate a spec. @throws SpecError listing every problem */
export function planSweep(spec: SweepSpec, catalog: SpecCatalog, source = spec.name): SweepPlan {
  const issues: SpecIssue[] = [];
  const groups = new Map<string, PlanGroup>();
  const cellIds = new Set<string>();
  spec.grid.forEach((entry, i) => {
    const at = `grid[${i}]`;
    if (!checkNames(entry, at, catalog, issues)) return;
    const methods = methodsOf(entry, at, catalog, issues);
    const overrides = { ...(spec.overrides ?? {}), ...(entry.overrides ?? {}) } as BaseSpec['overrides'];
    for (const seed of entry.seeds ?? spec.seeds) {
      const base: BaseSpec = {
        model: entry.model,
        dataset: entry.dataset,
        task: entry.task,
        seed,
        preset: entry.preset ?? spec.preset,
        overrides,
      };
      const { train, ok } = resolveTrain(base, at, catalog, issues);
      if (!ok) return;
      const baseKey = {
        model: base.model,
        dataset: base.dataset,
        task: base.task,
        seed,
        train: train ?? { preset: base.preset, overrides: base.overrides ?? {} },
      };
      const id = hashConfig(baseKey);
      const group = groups.get(id) ?? { id, base, train, pool: poolFor(spec, base), cells: [] };
      groups.set(id, group);
      for (const m of methods) {
        const cellId = hashConfig({ ...baseKey, method: m.spec, methodVersion: m.version });
        if (cellIds.has(cellId)) continue;
        cellIds.add(cellId);
        const cell: PlanCell = {
          id: cellId,
          method: m.spec,
          methodVersion: m.version,
          needsBase: m.needsBase,
          pool: poolFor(spec, { ...base, method: m.spec.name }),
        };
        group.cells.push(cell);
      }
    }
  });
  if (issues.length) throw new SpecError(source, issues);
  const list = [...groups.values()].filter((g) => g.cells.length > 0);
  const planHash = hashConfig({ name: spec.name, cells: [...cellIds].sort() });
  const e = spec.execution;
  return {
    format: 1,
    name: spec.name,
    planHash,
    cells: cellIds.size,
    groups: list,
    catalog: catalog.source,
    execution: {
      groupsInFlight: spec.inFlight.groups,
      cellsPerGroup: spec.inFlight.cellsPerGroup,
      checkpointEvery: e.checkpointEvery,
      heartbeatTimeoutMs: durationMs(e.heartbeatTimeout),
      cellTimeoutMs: durationMs(e.cellTimeout),
      maxAttempts: e.maxAttempts,
      historyLimit: e.historyLimit,
    },
  };
}
