/**
 * Training speed of the models room's models per preset: ms per training epoch (every batch's
 * forward, backward and optimiser step, through the real Lab and training loop) and per validation
 * pass, wall and process-CPU time (CPU is the steadier figure on a shared machine; the process is
 * single-threaded, so CPU ≈ wall when it has a core to itself — not so with GNNC_WASM_THREADS > 1,
 * where wall is the figure). Targets on 2 cores are printed as ratios (spline/Cora ≤ 25 ms,
 * gin/PROTEINS ≤ 400 ms); nothing fails on time.
 *
 * Run: [GNNC_WASM_THREADS=2] npx tsx bench/models.ts [epochs=5] [pairs=spline/cora,gcn/cora,gin/proteins,gin/bbbp,gnnnet/bbbp] [preset=default] [backend=wasm]
 */
import { initBackend, wasmThreadsInUse, type BackendName } from '../gnn/engine';
import type { Progress } from '../gnn/methods/types';
import { countParams } from '../gnn/models/model-def';
import { createLab } from '../gnn/train/create-lab';
import type { Task } from '../gnn/types';

const EPOCHS = Number(process.argv[2] ?? 5);
const PAIRS = (process.argv[3] ?? 'spline/cora,gcn/cora,gin/proteins,gin/bbbp,gnnnet/bbbp').split(',');
const PRESET = process.argv[4] ?? 'default';
const BACKEND = (process.argv[5] ?? 'wasm') as BackendName;
const TARGETS: Record<string, number> = { 'spline/cora': 25, 'gin/proteins': 400 };

async function bench(pair: string): Promise<void> {
  const [model, dataset] = pair.split('/');
  const task: Task = dataset === 'cora' ? 'node' : 'graph';
  const marks: { wall: number; cpu: number }[] = [];
  const mark = () => {
    const c = process.cpuUsage();
    marks.push({ wall: performance.now(), cpu: (c.user + c.system) / 1000 });
  };
  let evalCost = { wall: 0, cpu: 0 };
  const lab = await createLab(
    {
      model,
      dataset,
      task,
      seed: 0,
      preset: PRESET,
      overrides: { epochs: EPOCHS + 1, patience: 0 },
      method: { name: 'none' },
    },
    { backend: BACKEND, onProgress: (_p: Progress) => mark() },
  );
  const m = lab.createModel();
  mark();
  await lab.train(m, { config: lab.config });
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < 3; i++) lab.evaluate(m, 'val');
  const c1 = process.cpuUsage(c0);
  evalCost = { wall: (performance.now() - t0) / 3, cpu: (c1.user + c1.system) / 3000 };
  lab.dispose();
  // marks[0] = start, marks[i] = end of epoch i (train + val pass); epoch 1 is warm-up
  const span = (k: 'wall' | 'cpu') => (marks[marks.length - 1][k] - marks[1][k]) / EPOCHS;
  const trainWall = span('wall') - evalCost.wall;
  const trainCpu = span('cpu') - evalCost.cpu;
  const target = TARGETS[pair];
  const ratio = target
    ? `  target ${target} ms → wall/target ${(trainWall / target).toFixed(2)} cpu/target ${(trainCpu / target).toFixed(2)}`
    : '';
  console.log(
    `${pair.padEnd(14)} ${PRESET.padEnd(8)} params ${String(countParams(m)).padStart(7)}  ` +
      `train epoch ${trainWall.toFixed(1).padStart(7)} ms wall ${trainCpu.toFixed(1).padStart(7)} ms cpu  ` +
      `val pass ${evalCost.wall.toFixed(1).padStart(6)} ms wall ${evalCost.cpu.toFixed(1).padStart(6)} ms cpu${ratio}`,
  );
}

async function main(): Promise<void> {
  await initBackend(BACKEND);
  const threads = BACKEND === 'wasm' ? `, ${wasmThreadsInUse()} thread(s) (GNNC_WASM_THREADS)` : '';
  console.log(`backend ${BACKEND}${threads}, ${EPOCHS} timed epochs after 1 warm-up, preset ${PRESET}`);
  for (const p of PAIRS) await bench(p);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
