/** How big a plan is, per dimension: what `gnnc sweep plan` prints. */
import { levelLabel, type SweepPlan } from './plan-types';

export interface PlanSummary {
  name: string;
  planHash: string;
  cells: number;
  groups: number;
  /** groups with at least one cell that starts from a trained base */
  basesToTrain: number;
  catalog: string;
  by: Record<'model' | 'dataset' | 'task' | 'method' | 'level' | 'seed' | 'pool', Record<string, number>>;
}

function bump(table: Record<string, number>, key: string): void {
  table[key] = (table[key] ?? 0) + 1;
}

export function summarizePlan(plan: SweepPlan): PlanSummary {
  const by: PlanSummary['by'] = { model: {}, dataset: {}, task: {}, method: {}, level: {}, seed: {}, pool: {} };
  for (const g of plan.groups)
    for (const c of g.cells) {
      bump(by.model, g.base.model);
      bump(by.dataset, g.base.dataset);
      bump(by.task, g.base.task);
      bump(by.method, c.method.name);
      bump(by.level, `${c.method.name} ${levelLabel(c.method)}`);
      bump(by.seed, String(g.base.seed));
      bump(by.pool, c.pool);
    }
  return {
    name: plan.name,
    planHash: plan.planHash,
    cells: plan.cells,
    groups: plan.groups.length,
    basesToTrain: plan.groups.filter((g) => g.cells.some((c) => c.needsBase)).length,
    catalog: plan.catalog,
    by,
  };
}

/** Plain-text rendering for the terminal. */
export function formatPlanSummary(s: PlanSummary): string {
  const lines = [
    `sweep ${s.name}  plan ${s.planHash.slice(0, 12)}`,
    `cells ${s.cells}  groups ${s.groups}  bases to train ${s.basesToTrain}`,
    `names from: ${s.catalog}`,
  ];
  for (const [dim, table] of Object.entries(s.by)) {
    const entries = Object.entries(table).sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }));
    lines.push(`${dim} (${entries.length}): ${entries.map(([k, n]) => `${k}=${n}`).join(', ')}`);
  }
  return lines.join('\n');
}
