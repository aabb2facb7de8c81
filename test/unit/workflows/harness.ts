/** A real local Temporal dev server plus in-process orchestrator and compute workers, for workflow tests. */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createActivities } from '../../../activities/create-activities';
import { studyCatalog, type SpecCatalog } from '../../../sweep/catalog';
import { validateSpecObject } from '../../../sweep/parse';
import { planSweep } from '../../../sweep/plan';
import type { SweepPlan } from '../../../sweep/plan-types';
import { createComputeWorkers } from '../../../workers/compute';
import { createOrchestratorWorker } from '../../../workers/orchestrator';
import { SlotGate } from '../../../workers/slot-gate';
import { temporalBinary } from '../../../workers/temporal-binary';
import { fakeLab } from './fake-lab';
import { MemoryStore } from './memory-store';

export async function startEnv(): Promise<TestWorkflowEnvironment> {
  const { Runtime, DefaultLogger } = await import('@temporalio/worker');
  Runtime.install({ logger: new DefaultLogger('WARN') });
  return TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: temporalBinary() }, ui: false },
  });
}

export function testCatalog(): SpecCatalog {
  const c = studyCatalog();
  const base = c.methods;
  return {
    ...c,
    methods: {
      has: (n) => n === 'bad' || base.has(n),
      names: () => [...base.names(), 'bad'],
      get: (n) => (n === 'bad' ? { version: '1', needsBase: true, validate: () => undefined } : base.get(n)),
    },
  };
}

/** 2 seeds × (global 3 levels + l2 1 level) on one model: 2 groups × 4 cells, plus extras. */
export function testPlan(
  name: string,
  extra: Record<string, unknown> = {},
  execution: Partial<SweepPlan['execution']> = {},
  catalog = testCatalog(),
): SweepPlan {
  const spec = validateSpecObject({
    name,
    seeds: [0, 1],
    inFlight: { groups: 2, cellsPerGroup: 2 },
    execution: { heartbeatTimeout: '10s', maxAttempts: 3 },
    grid: [
      {
        model: 'gcn',
        dataset: 'cora',
        task: 'node',
        methods: { global: { sparsity: [0.1, 0.5, 0.99] }, l2: { rate: [0.001] }, ...extra },
      },
    ],
  });
  const plan = planSweep(spec, catalog);
  return { ...plan, execution: { ...plan.execution, ...execution } };
}

export interface Workers {
  store: MemoryStore;
  lab: ReturnType<typeof fakeLab>;
  workers: Worker[];
  /** run `fn` while every worker polls, then shut them down */
  run<T>(fn: () => Promise<T>): Promise<T>;
}

export async function startWorkers(
  env: TestWorkflowEnvironment,
  opts: {
    slots?: number;
    workMs?: number;
    store?: MemoryStore;
    methodVersion?: (name: string) => string | undefined;
  } = {},
): Promise<Workers> {
  const store = opts.store ?? new MemoryStore();
  const lab = fakeLab(opts.workMs ?? 20);
  const gate = new SlotGate(opts.slots ?? 3);
  const activities = createActivities({
    store,
    trainBase: lab.trainBase,
    runCell: lab.runCell,
    gate,
    hostQueue: 'gnnc-cpu@test-host',
    methodVersion: opts.methodVersion,
  });
  const compute = await createComputeWorkers({
    connection: env.nativeConnection,
    pools: ['cpu'],
    host: 'test-host',
    gate,
    activities,
  });
  const orchestrator = await createOrchestratorWorker({ connection: env.nativeConnection });
  const workers = [orchestrator, ...compute];
  return {
    store,
    lab,
    workers,
    async run(fn) {
      const running = workers.map((w) => w.run());
      try {
        return await fn();
      } finally {
        for (const w of workers) w.shutdown();
        await Promise.all(running);
      }
    },
  };
}
