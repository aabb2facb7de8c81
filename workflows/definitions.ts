/**
 * Signals, queries and the plain-data shapes the sweep workflows exchange. Task queue names live
 * here too, so workers and workflows agree on them.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { PlanGroup, SweepPlan, ExecutionOptions } from '../sweep/plan-types';

export const ORCHESTRATOR_QUEUE = 'gnnc-orchestrator';
/** activity queue of a compute pool (`gpu`, `cpu`) */
export const poolQueue = (pool: string): string => `gnnc-${pool}`;
/** per-host queue of one compute worker: the group's follow-up cells run where its base was trained */
export const hostQueue = (pool: string, host: string): string => `gnnc-${pool}@${host}`;

export type CellStatus = 'completed' | 'cached' | 'failed';

export interface CellOutcome {
  id: string;
  status: CellStatus;
  diverged?: boolean;
  error?: string;
}

export interface GroupInput {
  sweep: string;
  group: PlanGroup;
  execution: ExecutionOptions;
  /** start paused (the sweep was paused when this group started) */
  paused?: boolean;
}

export interface GroupOutcome {
  groupId: string;
  base: 'trained' | 'cached' | 'failed' | 'not-needed';
  cells: CellOutcome[];
}

/** Progress carried across continue-as-new: per-cell status and base counts. */
export interface SweepCarried {
  status: Record<string, CellStatus>;
  errors: Record<string, string>;
  groupsDone: string[];
  bases: { trained: number; cached: number; failed: number };
  paused: boolean;
  runs: number;
}

export interface SweepInput {
  plan: SweepPlan;
  carried?: SweepCarried;
}

export interface Counts {
  total: number;
  done: number;
  running: number;
  failed: number;
  pending: number;
}

export interface SweepProgress {
  sweep: string;
  planHash: string;
  state: 'running' | 'paused' | 'cancelled' | 'completed';
  cells: number;
  groups: number;
  groupsDone: number;
  groupsRunning: number;
  /** done = completed + cached */
  done: number;
  completed: number;
  cached: number;
  failed: number;
  running: number;
  pending: number;
  bases: { trained: number; cached: number; failed: number };
  /** real (non-cached) trainings in this sweep execution: cells run + bases trained */
  trained: number;
  /** continue-as-new generations so far */
  runs: number;
  by: { model: Record<string, Counts>; dataset: Record<string, Counts>; method: Record<string, Counts> };
}

export interface SweepSummary extends Omit<SweepProgress, 'by' | 'running' | 'pending' | 'groupsRunning'> {
  cancelled: number;
  trainedCells: number;
  trainedBases: number;
  failures: { cellId: string; error: string }[];
}

export const pauseSignal = defineSignal('pause');
export const resumeSignal = defineSignal('resume');
export const cancelSignal = defineSignal('cancel');
/** cells of a group finished (batched): live progress for the sweep's query */
export const cellFinishedSignal = defineSignal<[{ groupId: string; outcomes: CellOutcome[] }]>('cellsFinished');
export const progressQuery = defineQuery<SweepProgress>('progress');
