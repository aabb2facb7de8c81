/**
 * Orchestration overhead of the sweep workflows on a real local Temporal dev server, with fake
 * fixed-duration work (no tensors), so what is measured is Temporal + workflows + activities:
 *  1. per-cell overhead: one slot, one cell at a time; the gap between one cell's work ending and the
 *     next one's starting is pure orchestration (completion → workflow task → schedule → poll → start).
 *     Prints p50 / p95 (target p50 ≤ 50 ms).
 *  2. throughput: N cells of W ms on S slots; prints wall time / ideal (N·W/S) (target ≤ 1.05).
 * Never fails on a timing. Usage: npx tsx bench/orchestration.ts [cells=1000] [workMs=100] [slots=4]
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createActivities } from '../activities/create-activities';
import type { RunCellFn, TrainBaseFn } from '../gnn/cell-types';
import type { ObjectStore } from '../store/object-store';
import { createLogger } from '../telemetry/logger';
import type { PlanGroup, SweepPlan } from '../sweep/plan-types';
import { createComputeWorkers } from '../workers/compute';
import { startDevServer } from '../workers/dev-server';
import { createOrchestratorWorker } from '../workers/orchestrator';
import { installRuntime } from '../workers/runtime';
import { SlotGate } from '../workers/slot-gate';
import { followSweep, startOrAttach } from '../workers/sweep-client';

class NullStore implements ObjectStore {
  async put(): Promise<void> {}
  async get(): Promise<Uint8Array | null> {
    return null;
  }
  async exists(): Promise<boolean> {
    return false;
  }
  async list(): Promise<string[]> {
    return [];
  }
  async delete(): Promise<void> {}
  describe(): string {
    return 'null://';
  }
}

function syntheticPlan(
  name: string,
  cells: number,
  groups: number,
  exec: { groupsInFlight: number; cellsPerGroup: number },
): SweepPlan {
  const list: PlanGroup[] = [];
  for (let g = 0; g < groups; g++) {
    const n = Math.floor(cells / groups) + (g < cells % groups ? 1 : 0);
    list.push({
      id: `${name}-g${g}`.padEnd(24, '0'),
      base: { model: 'fake', dataset: 'fake', task: 'node', seed: g, preset: 'default' },
      pool: 'bench',
      cells: Array.from({ length: n }, (_, i) => ({
        id: `${name}-${g}-${i}`,
        method: { name: 'l2', level: i },
        methodVersion: '1',
        needsBase: false,
        pool: 'bench',
      })),
    });
  }
  return {
    format: 1,
    name,
    planHash: `${name}-${Date.now()}`,
    cells,
    groups: list,
    catalog: 'bench',
    execution: {
      ...exec,
      checkpointEvery: 10,
      heartbeatTimeoutMs: 60_000,
      cellTimeoutMs: 600_000,
      maxAttempts: 3,
      historyLimit: 8000,
    },
  };
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function run(
  client: Client,
  connection: NativeConnection,
  plan: SweepPlan,
  workMs: number,
  slots: number,
  prefetch = 0,
) {
  const spans: { start: number; end: number }[] = [];
  const runCell: RunCellFn = async (spec, _b, hooks) => {
    const start = performance.now();
    hooks.onProgress({ phase: 'train', epoch: 0, epochs: 1 });
    await new Promise((r) => setTimeout(r, workMs));
    spans.push({ start, end: performance.now() });
    const result = {
      model: spec.model,
      dataset: spec.dataset,
      task: spec.task,
      seed: spec.seed,
      method: spec.method.name,
      params: 0,
      epochs: 1,
      durationMs: workMs,
      diverged: false,
      backend: 'none',
      metrics: { val: { accuracy: 0 }, test: { accuracy: 0 } },
    };
    return { result, artefacts: {} };
  };
  const trainBase: TrainBaseFn = async () => {
    throw new Error('bench cells need no base');
  };
  const gate = new SlotGate(slots, prefetch);
  const activities = createActivities({ store: new NullStore(), trainBase, runCell, gate });
  const workers = [
    await createOrchestratorWorker({ connection, maxConcurrentWorkflowTasks: 16 }),
    ...(await createComputeWorkers({ connection, pools: ['bench'], host: 'bench', gate, activities })),
  ];
  const running = workers.map((w) => w.run());
  const t0 = performance.now();
  const { handle } = await startOrAttach(client, plan);
  const summary = await followSweep(handle, () => undefined, 5000);
  const wall = performance.now() - t0;
  for (const w of workers) w.shutdown();
  await Promise.all(running);
  return { wall, spans: spans.sort((a, b) => a.start - b.start), summary };
}

async function main(): Promise<void> {
  const [cells = 1000, workMs = 100, slots = 4] = process.argv.slice(2).map(Number);
  await installRuntime(createLogger({ level: 'warn' }), { level: 'ERROR' });
  const server = await startDevServer();
  const connection = await NativeConnection.connect({ address: server.address });
  const client = new Client({ connection: await Connection.connect({ address: server.address }) });
  try {
    const seqCells = Math.min(200, cells);
    const seq = await run(
      client,
      connection,
      syntheticPlan('seq', seqCells, 1, { groupsInFlight: 1, cellsPerGroup: 1 }),
      workMs,
      1,
    );
    const gaps = seq.spans
      .slice(1)
      .map((s, i) => s.start - seq.spans[i].end)
      .sort((a, b) => a - b);
    console.log(
      `per-cell orchestration overhead (${gaps.length} gaps, 1 slot, sequential): p50 ${pct(gaps, 50).toFixed(1)} ms, p95 ${pct(gaps, 95).toFixed(1)} ms, max ${gaps[gaps.length - 1].toFixed(1)} ms  (target p50 ≤ 50 ms)`,
    );
    const groups = Math.max(1, Math.round(cells / 100));
    const par = await run(
      client,
      connection,
      syntheticPlan('par', cells, groups, { groupsInFlight: Math.min(groups, 4), cellsPerGroup: slots * 2 }),
      workMs,
      slots,
    );
    const ideal = (cells * workMs) / slots;
    const busy = par.spans.reduce((a, s) => a + (s.end - s.start), 0);
    console.log(
      `throughput: ${cells} cells × ${workMs} ms on ${slots} slots: wall ${(par.wall / 1000).toFixed(2)} s, ideal ${(ideal / 1000).toFixed(2)} s, ratio ${(par.wall / ideal).toFixed(3)}  (target ≤ 1.05)`,
    );
    console.log(
      `  slot utilisation ${((100 * busy) / (par.wall * slots)).toFixed(1)} %, cells completed ${par.summary.completed}/${cells}, continue-as-new runs ${par.summary.runs}`,
    );
    const pre = await run(
      client,
      connection,
      syntheticPlan('prefetch', cells, groups, { groupsInFlight: Math.min(groups, 4), cellsPerGroup: slots * 2 }),
      workMs,
      slots,
      slots,
    );
    console.log(
      `  same with worker prefetch ${slots} (SlotGate): wall ${(pre.wall / 1000).toFixed(2)} s, ratio ${(pre.wall / ideal).toFixed(3)}`,
    );
  } finally {
    await client.connection.close();
    await connection.close();
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
