/**
 * The activity interface as workflows see it: plain data in, plain data out. Workflows import these
 * types only (never the implementation), so the workflow bundle stays free of I/O and tensors.
 */
import type { BaseSpec, CellSpec } from '../gnn/types';

export interface CheckCellsInput {
  cellIds: string[];
}
export interface CheckCellsOutput {
  /** cells whose result is already in the store */
  done: string[];
}

export interface TrainBaseInput {
  sweep: string;
  baseId: string;
  spec: BaseSpec;
  checkpointEvery: number;
}
export interface TrainBaseOutput {
  baseId: string;
  /** 'cached': result and checkpoint were already in the store, nothing was trained */
  status: 'completed' | 'cached';
  diverged: boolean;
  /** the per-host task queue of the worker that holds the checkpoint (affinity for the group's cells) */
  hostQueue: string;
}

export interface RunCellInput {
  sweep: string;
  cellId: string;
  baseId: string;
  spec: CellSpec;
  needsBase: boolean;
  checkpointEvery: number;
  /** the method's code version the plan hashed; a worker with another version refuses the cell */
  methodVersion?: string;
}
export interface RunCellOutput {
  cellId: string;
  status: 'completed' | 'cached';
  diverged: boolean;
}

export interface ComputeActivities {
  checkCells(input: CheckCellsInput): Promise<CheckCellsOutput>;
  trainBase(input: TrainBaseInput): Promise<TrainBaseOutput>;
  runCell(input: RunCellInput): Promise<RunCellOutput>;
}

/** Store layout, one place. */
export const storeKeys = {
  baseCheckpoint: (id: string) => `bases/${id}/checkpoint.bin`,
  baseResult: (id: string) => `bases/${id}/result.json`,
  baseTrainState: (id: string) => `bases/${id}/train-state.bin`,
  cellResult: (id: string) => `cells/${id}/result.json`,
  cellArtefact: (id: string, name: string) => `cells/${id}/${name}`,
  cellTrainState: (id: string) => `cells/${id}/train-state.bin`,
  /** one marker per real (non-cached) completed training: `executions/<hash>/<attempt>.json` */
  execution: (id: string, attempt: string) => `executions/${id}/${attempt}.json`,
  executions: (id: string) => `executions/${id}/`,
  plan: (name: string, planHash: string) => `sweeps/${name}/plans/${planHash}.json`,
  current: (name: string) => `sweeps/${name}/plan.json`,
};
