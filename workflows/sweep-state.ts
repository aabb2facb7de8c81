/**
 * The sweep's bookkeeping, kept apart from the workflow's control flow: per-cell status, the groups
 * in flight, and the progress / summary views computed from them. Pure and deterministic.
 */
import type { SweepPlan } from '../sweep/plan-types';
import type { CellOutcome, Counts, GroupOutcome, SweepCarried, SweepProgress, SweepSummary } from './definitions';

export function freshCarried(): SweepCarried {
  return {
    status: {},
    errors: {},
    groupsDone: [],
    bases: { trained: 0, cached: 0, failed: 0 },
    paused: false,
    runs: 0,
  };
}

export class SweepState {
  /** groups started and not yet returned, by group id */
  readonly inFlight = new Set<string>();
  cancelled = false;

  constructor(
    readonly plan: SweepPlan,
    readonly carried: SweepCarried,
  ) {}

  isGroupDone(id: string): boolean {
    return this.carried.groupsDone.includes(id);
  }

  cellFinished(o: CellOutcome): void {
    this.carried.status[o.id] = o.status;
    if (o.error) this.carried.errors[o.id] = o.error;
  }

  groupFinished(out: GroupOutcome): void {
    for (const o of out.cells) this.cellFinished(o);
    if (out.base === 'trained' || out.base === 'cached' || out.base === 'failed') this.carried.bases[out.base]++;
    this.carried.groupsDone.push(out.groupId);
    this.inFlight.delete(out.groupId);
  }

  /** a group that failed as a whole (not its cells): every unfinished cell of it is failed */
  groupFailed(groupId: string, error: string): void {
    const g = this.plan.groups.find((x) => x.id === groupId);
    for (const c of g?.cells ?? [])
      if (!this.carried.status[c.id]) this.cellFinished({ id: c.id, status: 'failed', error });
    this.carried.groupsDone.push(groupId);
    this.inFlight.delete(groupId);
  }

  progress(): SweepProgress {
    const { plan, carried } = this;
    const blank = (): Counts => ({ total: 0, done: 0, running: 0, failed: 0, pending: 0 });
    const by: SweepProgress['by'] = { model: {}, dataset: {}, method: {} };
    const t = { completed: 0, cached: 0, failed: 0, running: 0, pending: 0 };
    for (const g of plan.groups) {
      const live = this.inFlight.has(g.id);
      for (const c of g.cells) {
        const s = carried.status[c.id];
        const kind =
          s === 'completed' || s === 'cached' ? 'done' : s === 'failed' ? 'failed' : live ? 'running' : 'pending';
        if (s) t[s]++;
        else t[kind as 'running' | 'pending']++;
        for (const [dim, key] of [
          ['model', g.base.model],
          ['dataset', g.base.dataset],
          ['method', c.method.name],
        ] as const) {
          const row = (by[dim][key] ??= blank());
          row.total++;
          row[kind]++;
        }
      }
    }
    const state = this.cancelled
      ? 'cancelled'
      : t.pending + t.running === 0
        ? 'completed'
        : carried.paused
          ? 'paused'
          : 'running';
    return {
      sweep: plan.name,
      planHash: plan.planHash,
      state,
      cells: plan.cells,
      groups: plan.groups.length,
      groupsDone: carried.groupsDone.length,
      groupsRunning: this.inFlight.size,
      done: t.completed + t.cached,
      ...t,
      bases: { ...carried.bases },
      trained: t.completed + carried.bases.trained,
      runs: carried.runs,
      by,
    };
  }

  summary(): SweepSummary {
    const { by: _by, running, pending, groupsRunning: _g, ...p } = this.progress();
    return {
      ...p,
      cancelled: running + pending,
      trainedCells: p.completed,
      trainedBases: p.bases.trained,
      failures: Object.entries(this.carried.errors)
        .slice(0, 50)
        .map(([cellId, error]) => ({ cellId, error })),
    };
  }
}
