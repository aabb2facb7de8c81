/**
 * A whole sweep: a sliding window of GroupWorkflows (never more than `groupsInFlight` at once),
 * pause / resume / cancel signals, a progress query, and continue-as-new (after draining the window)
 * well before Temporal's history limits, carrying per-cell progress.
 */
import {
  CancellationScope,
  condition,
  continueAsNew,
  executeChild,
  getExternalWorkflowHandle,
  isCancellation,
  setHandler,
  workflowInfo,
  type SignalDefinition,
} from '@temporalio/workflow';
import type { PlanGroup } from '../sweep/plan-types';
import {
  cancelSignal,
  cellFinishedSignal,
  pauseSignal,
  progressQuery,
  resumeSignal,
  type SweepInput,
  type SweepSummary,
} from './definitions';
import { GroupWorkflow, failureMessage } from './group-workflow';
import { freshCarried, SweepState } from './sweep-state';

/** child id: stable per (sweep workflow, base), so a replayed or resumed sweep finds its groups */
export function groupWorkflowId(sweepId: string, groupId: string): string {
  return `${sweepId}/group/${groupId.slice(0, 24)}`;
}

export async function SweepWorkflow(input: SweepInput): Promise<SweepSummary> {
  const { plan } = input;
  const state = new SweepState(plan, input.carried ?? freshCarried());
  const exec = plan.execution;
  const sweepId = workflowInfo().workflowId;
  const scope = new CancellationScope();
  const forward = (signal: SignalDefinition) => {
    for (const id of state.inFlight)
      void getExternalWorkflowHandle(groupWorkflowId(sweepId, id))
        .signal(signal)
        .catch(() => undefined);
  };
  setHandler(progressQuery, () => state.progress());
  setHandler(cellFinishedSignal, ({ groupId, outcomes }) => {
    if (state.inFlight.has(groupId)) for (const o of outcomes) state.cellFinished(o);
  });
  setHandler(pauseSignal, () => {
    state.carried.paused = true;
    forward(pauseSignal);
  });
  setHandler(resumeSignal, () => {
    state.carried.paused = false;
    forward(resumeSignal);
  });
  setHandler(cancelSignal, () => {
    state.cancelled = true;
    scope.cancel();
  });

  const runGroup = async (group: PlanGroup): Promise<void> => {
    state.inFlight.add(group.id);
    try {
      const out = await executeChild(GroupWorkflow, {
        workflowId: groupWorkflowId(sweepId, group.id),
        // groups inherit the sweep's task timeout (long for --local, where training shares the thread)
        workflowTaskTimeout: workflowInfo().taskTimeoutMs,
        args: [{ sweep: plan.name, group, execution: exec, paused: state.carried.paused }],
      });
      state.groupFinished(out);
    } catch (err) {
      if (state.cancelled || isCancellation(err)) state.inFlight.delete(group.id);
      else state.groupFailed(group.id, failureMessage(err));
    }
  };

  const rolloverDue = () => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > exec.historyLimit;
  const work: Promise<void>[] = [];
  for (const group of plan.groups) {
    if (state.isGroupDone(group.id)) continue;
    await condition(
      () => state.cancelled || rolloverDue() || (!state.carried.paused && state.inFlight.size < exec.groupsInFlight),
    );
    if (state.cancelled || rolloverDue()) break;
    work.push(scope.run(() => runGroup(group)));
  }
  await Promise.all(work);
  if (!state.cancelled && state.carried.groupsDone.length < plan.groups.length) {
    await continueAsNew<typeof SweepWorkflow>({ plan, carried: { ...state.carried, runs: state.carried.runs + 1 } });
  }
  return state.summary();
}
