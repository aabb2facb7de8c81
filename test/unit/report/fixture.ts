/** A synthetic stored sweep (plan + results) for report tests: known numbers, one planned cell left missing. */
import { FileStore } from '../../../store/file-store';
import { putJson } from '../../../store/object-store';

export interface FixtureCell {
  model: string;
  dataset: string;
  task: 'node' | 'link' | 'graph';
  seed: number;
  method: string;
  level?: number;
  bits?: 4 | 8;
  mode?: string;
  result: Record<string, unknown> | null;
}

function phases(energyJ: number, cpuMs: number, wallMs: number, rssMB: number) {
  const p = {
    wallMs,
    cpuMs,
    cpuPercent: (cpuMs / wallMs) * 100,
    machinePercent: 0,
    rssPeakBytes: rssMB * 2 ** 20,
    rssMeanBytes: 0,
    heapPeakBytes: 0,
    tensorPeakBytes: 0,
    energyJ,
    samples: 3,
  };
  return { prune: p, finetune: { ...p, energyJ: energyJ / 2 } };
}

export function pruningResult(acc: number, level: number, seed: number): Record<string, unknown> {
  return {
    params: 1000,
    metrics: {
      test: { accuracy: acc },
      val: { accuracy: acc },
      pruned: { accuracy: acc - 0.1 },
      finetuned: { accuracy: acc },
    },
    size: { denseBytes: 4000, sparseBytes: 4000 / (1 + 10 * level), ratio: 1 + 10 * level },
    sparsity: { overall: level, layers: { 'conv1.weight': level * 0.8, 'conv2.weight': Math.min(1, level * 1.2) } },
    inferenceMs: { mean: 1 + seed, std: 0.1 },
    resources: { phases: phases(10 + seed, 500, 1000, 100 + seed), energy: { joules: 15, source: 'estimate' } },
  };
}

export async function writeFixture(root: string, name: string, cells: FixtureCell[]): Promise<FileStore> {
  const store = new FileStore(root);
  const groups = new Map<string, { id: string; base: Record<string, unknown>; pool: string; cells: unknown[] }>();
  cells.forEach((c, i) => {
    const gid = `${c.model}-${c.dataset}-${c.task}-${c.seed}`;
    const g = groups.get(gid) ?? {
      id: gid,
      base: { model: c.model, dataset: c.dataset, task: c.task, seed: c.seed, preset: 'default' },
      pool: 'cpu',
      cells: [],
    };
    const id = `cell${i}`;
    g.cells.push({
      id,
      method: { name: c.method, level: c.level, bits: c.bits, mode: c.mode },
      methodVersion: '1',
      needsBase: true,
      pool: 'cpu',
    });
    groups.set(gid, g);
    if (c.result) void putJson(store, `cells/${id}/result.json`, c.result);
  });
  await new Promise((r) => setTimeout(r, 50));
  await putJson(store, `sweeps/${name}/plan.json`, {
    format: 1,
    name,
    planHash: 'abc123',
    cells: cells.length,
    groups: [...groups.values()],
    execution: {},
    catalog: 'test',
  });
  return store;
}
