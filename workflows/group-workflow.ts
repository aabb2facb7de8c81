/**
 * One base model and its cells: look up which cells are already stored, train the base once (only
 * when a pending cell needs it), then run the cells, at most `cellsPerGroup` at a time. Each finished
 * cell is signalled to the parent sweep for live progress.
 */
import {
  ActivityFailure,
  condition,
  getExternalWorkflowHandle,
  isCancellation,
  setHandler,
  TimeoutFailure,
  workflowInfo,
} from '@temporalio/workflow';
import type { TrainBaseOutput } from '../activities/types';
import type { PlanCell } from '../sweep/plan-types';
import { computeActivities, HOST_AFFINITY_WAIT_MS, lookupActivities } from './activity-options';
import {
  cellFinishedSignal,
  pauseSignal,
  poolQueue,
  resumeSignal,
  type CellOutcome,
  type GroupInput,
  type GroupOutcome,
} from './definitions';

/** the root cause's message of an activity failure, for the sweep's failure list */
export function failureMessage(err: unknown): string {
  let e = err as { message?: string; cause?: unknown; type?: string } | undefined;
  while (e && e.cause) e = e.cause as typeof e;
  return `${e?.type ? `${e.type}: ` : ''}${e?.message ?? String(err)}`;
}

function isScheduleToStartTimeout(err: unknown): boolean {
  return (
    err instanceof ActivityFailure &&
    err.cause instanceof TimeoutFailure &&
    err.cause.timeoutType === 'SCHEDULE_TO_START'
  );
}

/** minimum spacing of progress signals to the parent: a signal per fast cell costs the group ~100 ms */
const PROGRESS_EVERY_MS = 1000;

/**
 * Live progress for the parent sweep, batched: at most one signal in flight and at most one per
 * PROGRESS_EVERY_MS; the rest waits for the next one or the final flush. Best effort: the group's
 * return value is the authoritative record.
 */
function parentProgress(groupId: string) {
  const parent = workflowInfo().parent;
  const pending: CellOutcome[] = [];
  let sending = false;
  let lastSent = 0;
  const send = () => {
    if (!parent || sending || pending.length === 0) return;
    sending = true;
    lastSent = Date.now();
    void getExternalWorkflowHandle(parent.workflowId)
      .signal(cellFinishedSignal, { groupId, outcomes: pending.splice(0) })
      .catch(() => undefined)
      .finally(() => void (sending = false));
  };
  return {
    add(o: CellOutcome) {
      pending.push(o);
      if (Date.now() - lastSent >= PROGRESS_EVERY_MS) send();
    },
    async flush() {
      await condition(() => !sending);
      send();
      await condition(() => !sending);
    },
  };
}

/** the group's base model, once; a failure is recorded (its cells fail), not thrown */
async function trainBase({
  sweep,
  group,
  execution: exec,
}: GroupInput): Promise<{ base?: TrainBaseOutput; error?: string; state: GroupOutcome['base'] }> {
  try {
    const base = await computeActivities(poolQueue(group.pool), exec).trainBase({
      sweep,
      baseId: group.id,
      spec: group.base,
      checkpointEvery: exec.checkpointEvery,
    });
    return { base, state: base.status === 'cached' ? 'cached' : 'trained' };
  } catch (err) {
    if (isCancellation(err)) throw err;
    return { error: `base training failed: ${failureMessage(err)}`, state: 'failed' };
  }
}

/** one cell: on its base's host queue first (falling back to the pool queue), failures recorded */
async function runCell(
  { sweep, group, execution: exec }: GroupInput,
  cell: PlanCell,
  base: TrainBaseOutput | undefined,
  baseError: string | undefined,
): Promise<CellOutcome> {
  if (cell.needsBase && !base) return { id: cell.id, status: 'failed', error: baseError ?? 'no base model' };
  const args = {
    sweep,
    cellId: cell.id,
    baseId: group.id,
    spec: { ...group.base, method: cell.method },
    needsBase: cell.needsBase,
    checkpointEvery: exec.checkpointEvery,
    methodVersion: cell.methodVersion,
  };
  try {
    if (cell.needsBase && base?.hostQueue) {
      try {
        const out = await computeActivities(base.hostQueue, exec, {
          scheduleToStartTimeout: HOST_AFFINITY_WAIT_MS,
        }).runCell(args);
        return { id: cell.id, status: out.status, diverged: out.diverged };
      } catch (err) {
        if (!isScheduleToStartTimeout(err)) throw err;
      }
    }
    const out = await computeActivities(poolQueue(cell.pool), exec).runCell(args);
    return { id: cell.id, status: out.status, diverged: out.diverged };
  } catch (err) {
    if (isCancellation(err)) throw err;
    return { id: cell.id, status: 'failed', error: failureMessage(err) };
  }
}

export async function GroupWorkflow(input: GroupInput): Promise<GroupOutcome> {
  const { group, execution: exec } = input;
  let paused = input.paused ?? false;
  setHandler(pauseSignal, () => void (paused = true));
  setHandler(resumeSignal, () => void (paused = false));
  const outcomes: CellOutcome[] = [];
  const progress = parentProgress(group.id);
  const record = (o: CellOutcome) => {
    outcomes.push(o);
    progress.add(o);
  };

  const { done } = await lookupActivities(poolQueue(group.pool), exec).checkCells({
    cellIds: group.cells.map((c) => c.id),
  });
  const doneSet = new Set(done);
  for (const c of group.cells) if (doneSet.has(c.id)) record({ id: c.id, status: 'cached' });
  const todo = group.cells.filter((c) => !doneSet.has(c.id));

  let trained: Awaited<ReturnType<typeof trainBase>> = { state: 'not-needed' };
  if (todo.some((c) => c.needsBase)) {
    await condition(() => !paused);
    trained = await trainBase(input);
  }
  const { base, error: baseError, state: baseState } = trained;

  const runOne = (cell: PlanCell) => runCell(input, cell, base, baseError);

  let running = 0;
  const work: Promise<void>[] = [];
  for (const cell of todo) {
    await condition(() => !paused && running < exec.cellsPerGroup);
    running++;
    work.push(
      runOne(cell).then((o) => {
        running--;
        record(o);
      }),
    );
  }
  await Promise.all(work);
  await progress.flush();
  return { groupId: group.id, base: baseState, cells: outcomes };
}
