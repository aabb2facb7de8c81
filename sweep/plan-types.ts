/**
 * A sweep plan: plain data, small enough to be a workflow input. Workflows import these types only.
 */
import type { BaseSpec, MethodSpec, TrainConfig } from '../gnn/types';

export interface PlanCell {
  /** content hash of the cell's canonical config */
  id: string;
  method: MethodSpec;
  methodVersion: string;
  needsBase: boolean;
  /** pool whose compute workers run this cell (task queue `gnnc-<pool>`) */
  pool: string;
}

/** Cells sharing one base model (model, dataset, task, seed, training config). */
export interface PlanGroup {
  /** base id: content hash of the base's canonical config */
  id: string;
  base: BaseSpec;
  /** resolved training config when the lab resolved the preset, else absent */
  train?: TrainConfig;
  /** pool that trains the base model */
  pool: string;
  cells: PlanCell[];
}

export interface ExecutionOptions {
  groupsInFlight: number;
  cellsPerGroup: number;
  checkpointEvery: number;
  heartbeatTimeoutMs: number;
  cellTimeoutMs: number;
  maxAttempts: number;
  historyLimit: number;
}

export interface SweepPlan {
  format: 1;
  name: string;
  planHash: string;
  cells: number;
  groups: PlanGroup[];
  execution: ExecutionOptions;
  /** where names and versions came from */
  catalog: string;
}

/** `sweep/<name>/<planHash>`: one running workflow per plan, so a second start attaches to it. */
export function sweepWorkflowId(plan: Pick<SweepPlan, 'name' | 'planHash'>): string {
  return `sweep/${plan.name}/${plan.planHash}`;
}

/** Short human label of a cell's level: `0.5`, `bits=8 gc-per`, `-`. */
export function levelLabel(m: MethodSpec): string {
  const parts: string[] = [];
  if (m.level !== undefined) parts.push(String(m.level));
  if (m.bits !== undefined) parts.push(`bits=${m.bits}`);
  if (m.mode !== undefined) parts.push(m.mode);
  if (m.rounds !== undefined) parts.push(`rounds=${m.rounds}`);
  return parts.length ? parts.join(' ') : '-';
}
