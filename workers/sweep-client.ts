/**
 * Client side of a sweep: start it (or attach to the running one with the same plan), find it by
 * name, signal it, and follow its progress. Used by `gnnc sweep *` and by tests.
 */
import { WorkflowExecutionAlreadyStartedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { InvalidInputError } from '../core/errors';
import { getJson, putJson, type ObjectStore } from '../store/object-store';
import { storeKeys } from '../activities/types';
import { sweepWorkflowId, type SweepPlan } from '../sweep/plan-types';
import { ORCHESTRATOR_QUEUE, progressQuery, type SweepProgress, type SweepSummary } from '../workflows/definitions';
import type { SweepWorkflow } from '../workflows/sweep-workflow';

export type SweepHandle = WorkflowHandle<typeof SweepWorkflow>;

/** Keep the plan where `status`, `results` and `report` find it by the sweep's name. */
export async function recordPlan(store: ObjectStore, plan: SweepPlan): Promise<void> {
  await putJson(store, storeKeys.plan(plan.name, plan.planHash), plan);
  await putJson(store, storeKeys.current(plan.name), plan);
}

export async function readPlan(store: ObjectStore, name: string): Promise<SweepPlan> {
  const plan = await getJson<SweepPlan>(store, storeKeys.current(name));
  if (!plan)
    throw new InvalidInputError(
      `no sweep named '${name}' in ${store.describe()} (start it first, or pass its spec file)`,
      'sweep',
    );
  return plan;
}

/**
 * Start the sweep's workflow; when one with the same id (same name and plan) is running, attach to it
 * instead. A finished one with the same id is started again (its cells are then cached).
 */
/**
 * @param opts.workflowTaskTimeoutMs for the sweep and its groups; raise it where workflows share a
 *   thread with training (`--local`), so a long synchronous epoch does not time their tasks out @default 10 s
 */
export async function startOrAttach(
  client: Client,
  plan: SweepPlan,
  opts: { workflowTaskTimeoutMs?: number } = {},
): Promise<{ handle: SweepHandle; attached: boolean }> {
  const workflowId = sweepWorkflowId(plan);
  try {
    const handle = await client.workflow.start<typeof SweepWorkflow>('SweepWorkflow', {
      taskQueue: ORCHESTRATOR_QUEUE,
      workflowId,
      args: [{ plan }],
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      workflowTaskTimeout: opts.workflowTaskTimeoutMs,
    });
    return { handle, attached: false };
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    return { handle: client.workflow.getHandle<typeof SweepWorkflow>(workflowId), attached: true };
  }
}

/**
 * Wait for the result, calling `onProgress` every `intervalMs` with the workflow's progress query.
 * @param intervalMs @default 2000
 */
export async function followSweep(
  handle: SweepHandle,
  onProgress: (p: SweepProgress) => void,
  intervalMs = 2000,
): Promise<SweepSummary> {
  let stop = false;
  let wake: () => void = () => undefined;
  const poll = (async () => {
    while (!stop) {
      try {
        onProgress(await handle.query(progressQuery));
      } catch {
        // the query fails while no orchestrator polls (restarts) or right after completion: try again
      }
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, intervalMs);
      });
    }
  })();
  try {
    return await handle.result();
  } finally {
    stop = true;
    wake();
    await poll;
  }
}

/** One line: `[#########.......] 54/96  completed 40 cached 14 failed 0 running 4  groups 3/8` */
export function formatProgress(p: SweepProgress, width = 30): string {
  const frac = p.cells ? (p.done + p.failed) / p.cells : 1;
  const filled = Math.round(frac * width);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
  return `${bar} ${p.done + p.failed}/${p.cells}  completed ${p.completed} cached ${p.cached} failed ${p.failed} running ${p.running}  groups ${p.groupsDone}/${p.groups}  ${p.state}`;
}

/** Per-dimension table for `gnnc sweep status`. */
export function formatBreakdown(p: SweepProgress): string {
  const lines: string[] = [];
  for (const [dim, table] of Object.entries(p.by)) {
    lines.push(`${dim}:`);
    for (const [k, c] of Object.entries(table).sort(([a], [b]) => a.localeCompare(b)))
      lines.push(
        `  ${k.padEnd(14)} done ${c.done}/${c.total}  running ${c.running}  failed ${c.failed}  pending ${c.pending}`,
      );
  }
  return lines.join('\n');
}
