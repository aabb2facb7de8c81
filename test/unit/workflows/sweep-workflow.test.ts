import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { storeKeys } from '../../../activities/types';
import { sweepWorkflowId } from '../../../sweep/plan-types';
import {
  cancelSignal,
  ORCHESTRATOR_QUEUE,
  pauseSignal,
  progressQuery,
  resumeSignal,
} from '../../../workflows/definitions';
import { SweepWorkflow } from '../../../workflows/sweep-workflow';
import { startEnv, startWorkers, testCatalog, testPlan } from './harness';

let env: TestWorkflowEnvironment;
before(async () => {
  env = await startEnv();
});
after(async () => {
  await env?.teardown();
});

const start = (plan: ReturnType<typeof testPlan>) =>
  env.client.workflow.start(SweepWorkflow, {
    taskQueue: ORCHESTRATOR_QUEUE,
    workflowId: sweepWorkflowId(plan),
    args: [{ plan }],
  });

/** Starts the sweep with `signal` delivered before its first workflow task. */
const startWith = (plan: ReturnType<typeof testPlan>, signal: typeof pauseSignal | typeof cancelSignal) =>
  env.client.workflow.signalWithStart(SweepWorkflow, {
    taskQueue: ORCHESTRATOR_QUEUE,
    workflowId: sweepWorkflowId(plan),
    args: [{ plan }],
    signal,
    signalArgs: [],
  });

test('a sweep trains each base once, runs every cell, records results and markers; a rerun trains nothing', async () => {
  const plan = testPlan('full', { bad: {} });
  const w = await startWorkers(env, { slots: 3 });
  const first = await w.run(() => start(plan).then((h) => h.result()));
  assert.equal(plan.cells, 2 * 5);
  assert.equal(first.cells, 10);
  assert.equal(first.failed, 2, 'the two "bad" cells fail');
  assert.equal(first.completed, 8);
  assert.equal(first.cached, 0);
  assert.equal(first.trainedBases, 2);
  assert.equal(first.trained, 8 + 2);
  assert.match(first.failures[0].error, /InvalidInputError: method: this method always refuses/);
  assert.equal(w.lab.stats.cellCalls.get('bad/undefined/0'), 1, 'invalid input is not retried');
  assert.equal(w.lab.stats.baseCalls, 2);
  assert.ok(w.lab.stats.maxRunning <= 3, `never more than 3 slots busy, saw ${w.lab.stats.maxRunning}`);
  for (const g of plan.groups) {
    assert.equal((await w.store.list(storeKeys.executions(g.id))).length, 1, 'one execution marker per base');
    for (const c of g.cells.filter((x) => x.method.name !== 'bad')) {
      assert.ok(await w.store.exists(storeKeys.cellResult(c.id)), 'result stored');
      assert.equal((await w.store.list(storeKeys.executions(c.id))).length, 1, 'one execution marker per cell');
    }
  }
  const diverged = JSON.parse(
    Buffer.from(
      (await w.store.get(storeKeys.cellResult(plan.groups[0].cells.find((c) => c.method.level === 0.99)!.id)))!,
    ).toString(),
  );
  assert.equal(diverged.diverged, true, 'a diverged run is a recorded result');

  const w2 = await startWorkers(env, { store: w.store });
  const second = await w2.run(() => start(plan).then((h) => h.result()));
  assert.equal(second.trained, 0);
  assert.equal(second.cached, 8);
  assert.equal(second.failed, 2, 'failed cells are retried on a rerun, and fail again');
  assert.equal(w2.lab.stats.baseCalls, 0, 'no base trained when its cells are stored');
});

test('continue-as-new carries progress and the sweep still runs every cell once', async () => {
  const plan = testPlan('rollover', {}, { historyLimit: 8, groupsInFlight: 1 });
  const w = await startWorkers(env);
  const summary = await w.run(() => start(plan).then((h) => h.result()));
  assert.ok(summary.runs >= 1, `expected continue-as-new, runs=${summary.runs}`);
  assert.equal(summary.completed, plan.cells);
  for (const g of plan.groups)
    for (const c of g.cells) assert.equal((await w.store.list(storeKeys.executions(c.id))).length, 1);
});

test('pause holds every group, resume finishes; progress is queryable by dimension', async () => {
  const plan = testPlan('pause');
  const w = await startWorkers(env);
  const summary = await w.run(async () => {
    const h = await startWith(plan, pauseSignal);
    const p = await h.query(progressQuery);
    assert.equal(p.state, 'paused');
    assert.equal(p.groupsRunning, 0);
    assert.equal(p.pending, plan.cells);
    assert.equal(p.by.method.global.total, 6);
    assert.equal(w.lab.stats.baseCalls, 0, 'nothing trained while paused');
    await h.signal(resumeSignal);
    return h.result();
  });
  assert.equal(summary.completed, plan.cells);
  assert.equal(summary.state, 'completed');
});

test('cancel stops the sweep with a summary and trains nothing further', async () => {
  const plan = testPlan('cancel');
  const w = await startWorkers(env);
  const summary = await w.run(async () => {
    const h = await startWith(plan, cancelSignal);
    return h.result();
  });
  assert.equal(summary.state, 'cancelled');
  assert.equal(summary.cancelled, plan.cells);
  assert.equal(w.lab.stats.baseCalls + w.lab.stats.cellCalls.size, 0);
});

test('a worker whose method version differs from the plan refuses those cells, without retries', async () => {
  const catalog = testCatalog();
  const get = catalog.methods.get;
  catalog.methods.get = (n) => ({ ...get(n), version: '2' });
  const plan = testPlan('skew', {}, {}, catalog);
  const w = await startWorkers(env, { methodVersion: (n) => (n === 'global' ? '1' : '2') });
  const summary = await w.run(() => start(plan).then((h) => h.result()));
  assert.equal(summary.failed, 6, 'the 3 global levels × 2 seeds');
  assert.equal(summary.completed, 2, 'l2 cells match and run');
  assert.match(
    summary.failures[0].error,
    /InvalidInputError: method.version: this worker runs version 1 of method 'global', the plan was made with version 2/,
  );
  assert.equal(
    [...w.lab.stats.cellCalls.keys()].filter((k) => k.startsWith('global')).length,
    0,
    'no refused cell reached the lab',
  );
});
