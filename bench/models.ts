/**
 * Training speed of the models room's models per preset: ms per training epoch (every batch's
 * forward, backward and optimiser step, through the real Lab and training loop) and per validation
 * pass, wall and process-CPU time (CPU is the steadier figure on a shared machine; the process is
 * single-threaded, so CPU ≈ wall when it has a core to itself — not so with GNNC_WASM_THREADS > 1,
 * where wall is the figure). Targets on 2 cores are printed as ratios (spline/Cora ≤ 25 ms,
 * gin/PROTEINS ≤ 400 ms); nothing fails on time. A second line per pair splits the training epoch into
 * its matrix products (BatchMatMul kernels, timed around each call, with their floating-point operations
 * counted from the operand shapes: 2·M·N·K each) and everything else, which says where a target's floor is.
 *
 * Run: [GNNC_WASM_THREADS=2] npx tsx bench/models.ts [epochs=5] [pairs=spline/cora,gcn/cora,gin/proteins,gin/bbbp,gnnnet/bbbp] [preset=default] [backend=wasm]
 */
import * as tf from '@tensorflow/tfjs-core';
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

/** Time and floating-point operations spent in BatchMatMul so far (an epoch's: the difference of two marks). */
const matmul = { ms: 0, flops: 0 };

/** Wraps the backend's BatchMatMul kernel so every call adds its wall time and 2·M·N·K operations. */
function meterMatMul(backend: string): void {
  const k = tf.getKernel('BatchMatMul', backend);
  if (!k) return;
  const inner = k.kernelFunc;
  tf.unregisterKernel('BatchMatMul', backend);
  tf.registerKernel({
    ...k,
    kernelFunc: (args) => {
      const t0 = performance.now();
      const out = inner(args);
      matmul.ms += performance.now() - t0;
      const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
      const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
      const [ra, ca] = a.shape.slice(-2);
      const [rb, cb] = b.shape.slice(-2);
      const batch = Math.max(
        a.shape.slice(0, -2).reduce((x, y) => x * y, 1),
        b.shape.slice(0, -2).reduce((x, y) => x * y, 1),
      );
      matmul.flops += 2 * batch * (transposeA ? ca : ra) * (transposeA ? ra : ca) * (transposeB ? rb : cb);
      return out;
    },
  });
}

async function bench(pair: string): Promise<void> {
  const [model, dataset] = pair.split('/');
  const task: Task = dataset === 'cora' ? 'node' : 'graph';
  const marks: { wall: number; cpu: number; mmMs: number; mmFlops: number }[] = [];
  const mark = () => {
    const c = process.cpuUsage();
    marks.push({ wall: performance.now(), cpu: (c.user + c.system) / 1000, mmMs: matmul.ms, mmFlops: matmul.flops });
  };
  let evalCost = { wall: 0, cpu: 0, mmMs: 0, mmFlops: 0 };
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
  const [ms0, fl0] = [matmul.ms, matmul.flops];
  for (let i = 0; i < 3; i++) lab.evaluate(m, 'val');
  const c1 = process.cpuUsage(c0);
  evalCost = {
    wall: (performance.now() - t0) / 3,
    cpu: (c1.user + c1.system) / 3000,
    mmMs: (matmul.ms - ms0) / 3,
    mmFlops: (matmul.flops - fl0) / 3,
  };
  lab.dispose();
  // marks[0] = start, marks[i] = end of epoch i (train + val pass); epoch 1 is warm-up
  const span = (k: 'wall' | 'cpu' | 'mmMs' | 'mmFlops') => (marks[marks.length - 1][k] - marks[1][k]) / EPOCHS;
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
  const mmMs = span('mmMs') - evalCost.mmMs;
  const gflop = (span('mmFlops') - evalCost.mmFlops) / 1e9;
  console.log(
    `${''.padEnd(23)} of the train epoch: matrix products ${mmMs.toFixed(1)} ms wall (${gflop.toFixed(2)} GFLOP, ` +
      `${(gflop / (mmMs / 1000)).toFixed(1)} GFLOP/s, ${((100 * mmMs) / trainWall).toFixed(0)}%), the rest ${(trainWall - mmMs).toFixed(1)} ms`,
  );
}

async function main(): Promise<void> {
  await initBackend(BACKEND);
  meterMatMul(tf.getBackend());
  const threads = BACKEND === 'wasm' ? `, ${wasmThreadsInUse()} thread(s) (GNNC_WASM_THREADS)` : '';
  console.log(`backend ${BACKEND}${threads}, ${EPOCHS} timed epochs after 1 warm-up, preset ${PRESET}`);
  for (const p of PAIRS) await bench(p);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
