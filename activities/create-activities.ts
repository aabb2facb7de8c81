/**
 * The compute activities. Compute functions come by injection so benchmarks can use fixed-duration
 * fake work and real runs use gnn/cell.ts. Every activity is idempotent: a result already in the
 * store is returned as 'cached' without training; every real training leaves one execution marker.
 */
import { Context } from '@temporalio/activity';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { ArtefactError, InvalidInputError } from '../core/errors';
import type { RunCellFn, TrainBaseFn } from '../gnn/cell-types';
import { getJson, putJson, type ObjectStore } from '../store/object-store';
import type { Logger } from '../telemetry/logger';
import type { CellLabels, WorkerMetrics } from '../telemetry/metrics';
import { createRunHooks, type MeterLike } from './run-hooks';
import { recordCellTelemetry } from './cell-telemetry';
import { levelLabel } from '../sweep/plan-types';
import {
  storeKeys,
  type CheckCellsInput,
  type ComputeActivities,
  type RunCellInput,
  type TrainBaseInput,
} from './types';

export interface ActivityDeps {
  store: ObjectStore;
  trainBase: TrainBaseFn;
  runCell: RunCellFn;
  metrics?: WorkerMetrics;
  log?: Logger;
  /** a fresh resource meter per execution @default none (results carry no `resources`) */
  meter?: () => MeterLike;
  /** this worker's per-host queue, returned by trainBase so the group's cells can follow @default '' */
  hostQueue?: string;
  /** base checkpoints kept in memory for the group's follow-up cells @default 4 */
  baseCacheSize?: number;
  /** the version of a method in this worker's code, to refuse cells planned with another @default no check */
  methodVersion?: (name: string) => string | undefined;
  /** the worker's slot budget across all its queues (workers/slot-gate.ts) @default no gate */
  gate?: { run<T>(fn: () => Promise<T>, onWait?: () => void): Promise<T> };
}

/** Recorded once per real (non-cached) completed training; tests count these to prove "trained once". */
export interface ExecutionMarker {
  kind: 'base' | 'cell';
  id: string;
  host: string;
  pid: number;
  workflowId: string;
  activityId: string;
  attempt: number;
  resumedFromEpoch: number | null;
  startedAt: string;
  finishedAt: string;
}

export function createActivities(deps: ActivityDeps): ComputeActivities {
  const { store } = deps;
  const baseCache = new Map<string, Uint8Array>();
  const cacheBase = (id: string, bytes: Uint8Array) => {
    baseCache.set(id, bytes);
    while (baseCache.size > (deps.baseCacheSize ?? 4)) baseCache.delete(baseCache.keys().next().value as string);
  };

  /**
   * Run one training with meter, metrics and hooks: `body` trains, `persist` stores the result (with
   * the execution record inside it), and only then the execution marker is written. A crash before
   * `persist` finishes leaves no marker (the retry trains, resuming from the checkpoint); a crash after
   * it leaves a result the retry returns as cached. So markers count real trainings, never twice.
   */
  type Body<T> = (h: ReturnType<typeof createRunHooks>['hooks']) => Promise<T>;
  type Persist<T> = (out: T, resources: unknown, execution: ExecutionMarker) => Promise<void>;
  interface Job<T> {
    kind: 'base' | 'cell';
    id: string;
    labels: CellLabels;
    /** store key of the resumable training state */
    stateKey: string;
    /** epochs between training-state checkpoints */
    every: number;
    body: Body<T>;
    persist: Persist<T>;
  }
  function execute<T>(job: Job<T>): Promise<T> {
    const run = () => executeNow(job);
    return deps.gate ? deps.gate.run(run, () => Context.current().heartbeat({ phase: 'waiting-for-slot' })) : run();
  }

  async function executeNow<T>({ kind, id, labels, stateKey, every, body, persist }: Job<T>): Promise<T> {
    const info = Context.current().info;
    const startedAt = new Date();
    const meter = deps.meter?.();
    meter?.start();
    deps.metrics?.cellStarted(labels);
    deps.metrics?.slotBusy(1);
    const { hooks, state } = createRunHooks({ store, stateKey, every, labels, metrics: deps.metrics, meter });
    const log = deps.log?.child({ kind, id: id.slice(0, 12), attempt: info.attempt });
    log?.info({ labels }, 'training started');
    try {
      const out = await body(hooks);
      const resources = meter?.stop();
      const marker: ExecutionMarker = {
        kind,
        id,
        host: hostname(),
        pid: process.pid,
        workflowId: info.workflowExecution?.workflowId ?? '',
        activityId: info.activityId,
        attempt: info.attempt,
        resumedFromEpoch: state.resumedFrom,
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
      };
      await persist(out, resources, marker);
      await putJson(store, storeKeys.execution(id, `${startedAt.getTime()}-${randomUUID().slice(0, 8)}`), marker);
      deps.metrics?.cellFinished(labels, 'completed', (Date.now() - startedAt.getTime()) / 1000);
      log?.info(
        { seconds: (Date.now() - startedAt.getTime()) / 1000, resumedFrom: state.resumedFrom },
        'training finished',
      );
      return out;
    } catch (err) {
      meter?.stop();
      deps.metrics?.cellFinished(labels, 'failed', (Date.now() - startedAt.getTime()) / 1000);
      log?.warn({ err }, 'training failed');
      throw err;
    } finally {
      deps.metrics?.slotBusy(-1);
    }
  }

  async function checkCells({ cellIds }: CheckCellsInput) {
    const flags = await Promise.all(cellIds.map((id) => store.exists(storeKeys.cellResult(id))));
    return { done: cellIds.filter((_, i) => flags[i]) };
  }

  async function trainBase(input: TrainBaseInput) {
    const { baseId, spec } = input;
    const labels: CellLabels = { model: spec.model, dataset: spec.dataset, method: 'base', kind: 'base' };
    const hostQueue = deps.hostQueue ?? '';
    const stored = await getJson<{ diverged?: boolean }>(store, storeKeys.baseResult(baseId));
    if (stored && (await store.exists(storeKeys.baseCheckpoint(baseId)))) {
      deps.metrics?.cellFinished(labels, 'cached', 0);
      return { baseId, status: 'cached' as const, diverged: Boolean(stored.diverged), hostQueue };
    }
    const out = await execute({
      kind: 'base',
      id: baseId,
      labels,
      stateKey: storeKeys.baseTrainState(baseId),
      every: input.checkpointEvery,
      body: (hooks) => deps.trainBase(spec, hooks),
      persist: async (o, resources, execution) => {
        await store.put(storeKeys.baseCheckpoint(baseId), o.checkpoint);
        cacheBase(baseId, o.checkpoint);
        await putJson(store, storeKeys.baseResult(baseId), {
          ...o.result,
          baseId,
          sweep: input.sweep,
          resources,
          execution,
        });
        recordCellTelemetry(deps.metrics, {
          labels,
          level: '-',
          task: spec.task,
          test: o.result.metrics.test,
          resources,
        });
      },
    });
    await store.delete(storeKeys.baseTrainState(baseId));
    return { baseId, status: 'completed' as const, diverged: out.result.diverged, hostQueue };
  }

  async function loadBase(baseId: string): Promise<Uint8Array> {
    const cached = baseCache.get(baseId);
    if (cached) return cached;
    const bytes = await store.get(storeKeys.baseCheckpoint(baseId));
    if (!bytes)
      throw new ArtefactError(
        storeKeys.baseCheckpoint(baseId),
        'base checkpoint missing: the group must train its base first',
      );
    cacheBase(baseId, bytes);
    return bytes;
  }

  async function runCell(input: RunCellInput) {
    const { cellId, spec } = input;
    const labels: CellLabels = { model: spec.model, dataset: spec.dataset, method: spec.method.name, kind: 'cell' };
    const stored = await getJson<{ diverged?: boolean }>(store, storeKeys.cellResult(cellId));
    if (stored) {
      deps.metrics?.cellFinished(labels, 'cached', 0);
      return { cellId, status: 'cached' as const, diverged: Boolean(stored.diverged) };
    }
    checkMethodVersion(input);
    const base = input.needsBase ? await loadBase(input.baseId) : null;
    const out = await execute({
      kind: 'cell',
      id: cellId,
      labels,
      stateKey: storeKeys.cellTrainState(cellId),
      every: input.checkpointEvery,
      body: (hooks) => deps.runCell(spec, base, hooks),
      persist: async (o, resources, execution) => {
        for (const [name, bytes] of Object.entries(o.artefacts))
          await store.put(storeKeys.cellArtefact(cellId, name), bytes);
        const result = {
          ...o.result,
          cellId,
          baseId: input.needsBase ? input.baseId : undefined,
          sweep: input.sweep,
          spec,
          artefacts: Object.keys(o.artefacts),
          resources,
          execution,
        };
        await putJson(store, storeKeys.cellResult(cellId), result);
        recordCellTelemetry(deps.metrics, {
          labels,
          level: levelLabel(spec.method),
          task: spec.task,
          test: o.result.metrics.test,
          resources,
        });
      },
    });
    await store.delete(storeKeys.cellTrainState(cellId));
    return { cellId, status: 'completed' as const, diverged: out.result.diverged };
  }

  /** a cell's id includes its method's version: running it with other code would store a lie */
  function checkMethodVersion(input: RunCellInput): void {
    const mine = deps.methodVersion?.(input.spec.method.name);
    const planned = input.methodVersion;
    if (mine === undefined || planned === undefined || planned === 'unregistered' || mine === planned) return;
    throw new InvalidInputError(
      `this worker runs version ${mine} of method '${input.spec.method.name}', the plan was made with version ${planned}: update the worker or plan again`,
      'method.version',
    );
  }

  return { checkCells, trainBase, runCell };
}
