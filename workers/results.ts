/**
 * Every cell's stored result as flat rows (`gnnc sweep results --format csv|json`): one row per
 * planned cell, its metrics flattened to dotted columns (`metrics.test.accuracy`), missing cells
 * shown with status 'missing'.
 */
import { storeKeys } from '../activities/types';
import { getJson, type ObjectStore } from '../store/object-store';
import type { SweepPlan } from '../sweep/plan-types';

export type Row = Record<string, string | number | boolean | null>;

/** nested plain objects → dotted keys; arrays and deeper objects are left out of the table */
function flatten(value: Record<string, unknown>, prefix: string, out: Row, depth: number): void {
  for (const [k, v] of Object.entries(value)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[key] = v;
    else if (typeof v === 'object' && !Array.isArray(v) && depth < 3)
      flatten(v as Record<string, unknown>, key, out, depth + 1);
  }
}

const SKIP = new Set(['spec', 'artefacts', 'resources', 'sweep', 'execution']);

export async function collectResults(store: ObjectStore, plan: SweepPlan): Promise<Row[]> {
  const rows: Row[] = [];
  for (const g of plan.groups) {
    const results = await Promise.all(
      g.cells.map((c) => getJson<Record<string, unknown>>(store, storeKeys.cellResult(c.id))),
    );
    g.cells.forEach((c, i) => {
      const r = results[i];
      const row: Row = {
        cellId: c.id,
        baseId: g.id,
        model: g.base.model,
        dataset: g.base.dataset,
        task: g.base.task,
        seed: g.base.seed,
        method: c.method.name,
      };
      row.level = c.method.level ?? null;
      row.bits = c.method.bits ?? null;
      row.mode = c.method.mode ?? null;
      row.status = r ? 'done' : 'missing';
      if (r) {
        const res = r.resources as
          | { energy?: { joules?: number; source?: string }; total?: { cpuPercent?: number; rssPeakBytes?: number } }
          | undefined;
        flatten(Object.fromEntries(Object.entries(r).filter(([k]) => !SKIP.has(k))), '', row, 0);
        if (res)
          Object.assign(row, {
            energyJ: res.energy?.joules ?? null,
            energySource: res.energy?.source ?? null,
            cpuPercent: res.total?.cpuPercent ?? null,
            rssPeakBytes: res.total?.rssPeakBytes ?? null,
          });
      }
      rows.push(row);
    });
  }
  return rows;
}

function csvCell(v: Row[string] | undefined): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV with the union of all columns, fixed identity columns first. */
export function toCsv(rows: Row[]): string {
  const cols: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!cols.includes(k)) cols.push(k);
  return [cols.join(','), ...rows.map((r) => cols.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n';
}
