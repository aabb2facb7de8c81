/**
 * Speed of the link-prediction and HGP-SL models through the real task sessions (gnn/train/tasks):
 * ms per training epoch (all batches: forward, backward, Adam step) and per validation pass, wall and
 * process-CPU time. CPU time is the steadier figure on a shared machine (the process is single-threaded,
 * so CPU ≈ wall when it has a core to itself). Also prints the parameter count beside the paper's.
 * Never fails on time; the HGP-SL target (≤ 1.5 s per epoch on 2 cores) is printed as a ratio.
 *
 * Run: npx tsx bench/link-hgpsl.ts [epochs=5] [models=gae,ness,hgpsl] [backend=wasm]
 */
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, type BackendName } from '../gnn/engine';
import '../gnn/models';
import { countParams } from '../gnn/models/model-def';
import { modelRegistry } from '../gnn/models/registry';
import { resolveTrainConfig } from '../gnn/train/presets';
import { taskRegistry } from '../gnn/train/task';
import '../gnn/train/tasks';
import { Adam } from '../gnn/train/optimizer';
import type { Task } from '../gnn/types';

const EPOCHS = Number(process.argv[2] ?? 5);
const MODELS = (process.argv[3] ?? 'gae,ness,hgpsl').split(',');
const BACKEND = (process.argv[4] ?? 'wasm') as BackendName;
const SETUP: Record<string, { dataset: string; task: Task }> = {
  gae: { dataset: 'cora', task: 'link' },
  ness: { dataset: 'cora', task: 'link' },
  hgpsl: { dataset: 'proteins', task: 'graph' },
};

interface Timing {
  wall: number;
  cpu: number;
}

function timed(f: () => void): Timing {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  f();
  const c = process.cpuUsage(c0);
  return { wall: performance.now() - t0, cpu: (c.user + c.system) / 1000 };
}

function mean(ts: Timing[]): Timing {
  return { wall: ts.reduce((s, t) => s + t.wall, 0) / ts.length, cpu: ts.reduce((s, t) => s + t.cpu, 0) / ts.length };
}

async function benchModel(name: string): Promise<void> {
  const { dataset, task } = SETUP[name];
  const spec = { model: name, dataset, task, seed: 0, preset: 'default' };
  const config = resolveTrainConfig(spec);
  const session = await taskRegistry.get(task).open({ spec, config });
  const def = modelRegistry.get(name);
  const model = def.build(session.info, config.model, 0);
  const opt = new Adam(new Map(model.params), { kind: config.optimizer });
  const vars = [...model.params.values()];
  const epoch = (e: number) => {
    for (const b of session.epochBatches(e)) {
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => session.batchLoss(model, b, { training: true }), vars);
        opt.apply(new Map([...model.params].map(([k, v]) => [k, grads[v.name]])), config.lr, config.weightDecay);
        value.dataSync();
      });
      session.releaseBatch(b);
    }
  };
  epoch(0);
  session.evaluate(model, 'val', { training: false });
  const train: Timing[] = [];
  const val: Timing[] = [];
  const tensors = tf.memory().numTensors;
  for (let e = 1; e <= EPOCHS; e++) {
    train.push(timed(() => epoch(e)));
    val.push(timed(() => session.evaluate(model, 'val', { training: false })));
  }
  const t = mean(train);
  const v = mean(val);
  const paper = def.paperParams ? `paper ${def.paperParams.toLocaleString('en')}` : 'paper —';
  console.log(
    `${name.padEnd(6)} ${dataset.padEnd(8)} params ${countParams(model).toLocaleString('en').padStart(7)} (${paper})  ` +
      `train epoch ${t.wall.toFixed(0).padStart(5)} ms wall ${t.cpu.toFixed(0).padStart(5)} ms cpu  ` +
      `val pass ${v.wall.toFixed(0).padStart(4)} ms wall ${v.cpu.toFixed(0).padStart(4)} ms cpu  ` +
      `(epoch+val)/1500 ms = ${((t.cpu + v.cpu) / 1500).toFixed(2)} (cpu)  tensors leaked/epoch ${((tf.memory().numTensors - tensors) / EPOCHS).toFixed(1)}`,
  );
  opt.dispose();
  session.dispose();
}

async function main(): Promise<void> {
  const b = await initBackend(BACKEND);
  console.log(
    `backend ${b.name}, ${EPOCHS} timed epochs after 1 warm-up; CPU time is per process (single-threaded kernels)`,
  );
  for (const m of MODELS) await benchModel(m);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
