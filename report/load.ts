/**
 * Reads a sweep's plan and every cell result from the store into flat rows. A planned cell without a
 * result stays in the rows with `result: null`, so tables show it as missing rather than dropping it.
 */
import { ArtefactError, InvalidInputError } from '../core/errors';
import { getJson, type ObjectStore } from '../store/object-store';
import type { SweepPlan } from '../sweep/plan-types';
import type { CellResult } from '../gnn/cell-types';
import type { PhaseRecord, ResourceRecord } from '../telemetry/meter';

/** A cell's result as stored: the CellResult plus method fields and the resource record. */
export type StoredResult = Record<string, unknown> & {
  metrics?: Record<string, Record<string, number> | undefined>;
  /** the worker's ResourceRecord; partial, as results written by older workers may lack fields */
  resources?: {
    total?: Partial<PhaseRecord>;
    phases?: ResourceRecord['phases'];
    energy?: Pick<ResourceRecord['energy'], 'joules' | 'source'>;
  };
};

/** The identifying fields of a cell, as CellResult names them. */
type CellKey = Pick<CellResult, 'model' | 'dataset' | 'task' | 'seed' | 'method' | 'level' | 'bits' | 'mode'>;

export interface ResultRow extends CellKey {
  cellId: string;
  rounds?: number;
  /** the paper's name for the (model, dataset, task) line: cora-node, cora-link, proteins, bbbp */
  taskKey: string;
  result: StoredResult | null;
}

export function taskKeyOf(dataset: string, task: string): string {
  if (dataset === 'cora') return task === 'link' ? 'cora-link' : 'cora-node';
  return dataset;
}

export async function loadPlan(store: ObjectStore, sweep: string): Promise<SweepPlan> {
  const plan = await getJson<SweepPlan>(store, `sweeps/${sweep}/plan.json`);
  if (!plan) {
    const known = (await store.list('sweeps/')).map((k) => k.split('/')[1]).filter((v, i, a) => a.indexOf(v) === i);
    throw new InvalidInputError(
      `no sweep '${sweep}' in ${store.describe()}; sweeps there: ${known.join(', ') || '(none)'}`,
      'sweep',
    );
  }
  if (plan.format !== 1 || !Array.isArray(plan.groups))
    throw new ArtefactError(`sweeps/${sweep}/plan.json`, 'not a gnnc plan (format 1)');
  return plan;
}

/** Every planned cell of the sweep, with its stored result or null. */
export async function loadResults(store: ObjectStore, sweep: string): Promise<{ plan: SweepPlan; rows: ResultRow[] }> {
  const plan = await loadPlan(store, sweep);
  const rows: ResultRow[] = [];
  const pending: Promise<void>[] = [];
  for (const group of plan.groups) {
    for (const cell of group.cells) {
      const row: ResultRow = {
        cellId: cell.id,
        model: group.base.model,
        dataset: group.base.dataset,
        task: group.base.task,
        seed: group.base.seed,
        method: cell.method.name,
        level: cell.method.level,
        bits: cell.method.bits,
        mode: cell.method.mode,
        rounds: (cell.method as { rounds?: number }).rounds,
        taskKey: taskKeyOf(group.base.dataset, group.base.task),
        result: null,
      };
      rows.push(row);
      pending.push(
        getJson<StoredResult>(store, `cells/${cell.id}/result.json`).then((r) => {
          row.result = r;
        }),
      );
    }
  }
  await Promise.all(pending);
  return { plan, rows };
}
