/**
 * Engine benchmark: a two-layer GCN (hidden 16) trained full-batch on Cora, one epoch = forward +
 * backward + Adam step, per backend and per path:
 *   sparse  — engine spmm for X·W1, engine propagate (the fast path)
 *   dense   — dense X·W1 (tf.matMul), engine propagate
 *   naive   — dense X·W1, tf.gather + tf.unsortedSegmentSum (stock ops). Stock wasm has no
 *             UnsortedSegmentSum and stock cpu's is O(nodes × edges) (~85 s a call), so this runs on the
 *             engine's registered UnsortedSegmentSum kernel: it times the stock op graph, not the stock kernels.
 * Also: propagate throughput (edge·features per second) and tf.memory().numTensors before/after.
 * Prints wall and process-CPU time per epoch (CPU time is the steadier figure on a shared machine:
 * the process is single-threaded, so CPU ≈ wall when it has a core to itself). Never fails on time.   Run: npx tsx bench/engine.ts [epochs=50]
 */
import * as tf from '@tensorflow/tfjs-core';
import { loadCora } from '../gnn/data';
import {
  gcnNorm,
  initBackend,
  prepareEdges,
  prepareSparse,
  probeBackends,
  propagate,
  spmm,
  toDense,
  useStockOps,
  type BackendName,
  type PreparedEdges,
  type PreparedSparse,
} from '../gnn/engine';

const EPOCHS = Number(process.argv[2] ?? 50);
const WARMUP = 20;
const HIDDEN = 16;

interface Cora {
  edges: PreparedEdges;
  sparse: PreparedSparse;
  dense: tf.Tensor2D;
  trainIdx: tf.Tensor1D;
  trainOneHot: tf.Tensor2D;
  numClasses: number;
}

type Path = 'sparse' | 'dense' | 'naive';

/** Deterministic Glorot-uniform init, so every path starts from the same weights. */
function glorot(rows: number, cols: number, seed: number): tf.Variable<tf.Rank.R2> {
  let s = seed;
  const lim = Math.sqrt(6 / (rows + cols));
  const v = Float32Array.from({ length: rows * cols }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return ((s / 2 ** 32) * 2 - 1) * lim;
  });
  return tf.variable(tf.tensor2d(v, [rows, cols]));
}

async function prepare(): Promise<Cora> {
  const ds = await loadCora({ cache: false });
  const train = Int32Array.from({ length: 140 }, (_, i) => i);
  const labels = Array.from(train, (i) => ds.labels[i]);
  return {
    edges: prepareEdges(gcnNorm(ds.edges)),
    sparse: prepareSparse(ds.features, { rowNormalize: true }),
    dense: tf.tensor2d(toDense(prepareSparse(ds.features, { rowNormalize: true }).features), [
      ds.numNodes,
      ds.numFeatures,
    ]),
    trainIdx: tf.tensor1d(train, 'int32'),
    trainOneHot: tf.oneHot(tf.tensor1d(labels, 'int32'), ds.numClasses) as tf.Tensor2D,
    numClasses: ds.numClasses,
  };
}

/** Times `epochs` training epochs of one path; returns ms per epoch and the tensor counts around them. */
function runPath(
  cora: Cora,
  path: Path,
  epochs: number,
): {
  msPerEpoch: number;
  median: number;
  cpuMs: number;
  before: number;
  after: number;
  buffers: [number, number];
  loss: number;
} {
  useStockOps(path === 'naive');
  const w1 = glorot(cora.sparse.numCols, HIDDEN, 1);
  const b1 = tf.variable(tf.zeros([HIDDEN]));
  const w2 = glorot(HIDDEN, cora.numClasses, 2);
  const b2 = tf.variable(tf.zeros([cora.numClasses]));
  const opt = tf.train.adam(0.01);
  const lossFn = (): tf.Scalar => {
    const xw: tf.Tensor2D = path === 'sparse' ? spmm(cora.sparse, w1) : tf.matMul(cora.dense, w1);
    const h = tf.relu(tf.add(propagate(xw, cora.edges), b1)) as tf.Tensor2D;
    const logits = tf.add(propagate(tf.matMul(h, w2), cora.edges), b2) as tf.Tensor2D;
    return tf.losses.softmaxCrossEntropy(cora.trainOneHot, tf.gather(logits, cora.trainIdx));
  };
  const step = (): number => {
    const loss = opt.minimize(lossFn, true) as tf.Scalar;
    const v = loss.dataSync()[0];
    loss.dispose();
    return v;
  };
  for (let i = 0; i < WARMUP; i++) step();
  const before = tf.memory().numTensors;
  const buffers0 = tf.memory().numDataBuffers;
  const times: number[] = [];
  let loss = NaN;
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < epochs; i++) {
    const t0 = performance.now();
    loss = step();
    times.push(performance.now() - t0);
  }
  const cpu = process.cpuUsage(cpu0);
  const after = tf.memory().numTensors;
  const buffers: [number, number] = [buffers0, tf.memory().numDataBuffers];
  opt.dispose();
  tf.dispose([w1, b1, w2, b2]);
  useStockOps(false);
  const sorted = [...times].sort((a, b) => a - b);
  const cpuMs = (cpu.user + cpu.system) / 1000 / epochs;
  return {
    msPerEpoch: times.reduce((a, b) => a + b, 0) / epochs,
    median: sorted[Math.floor(epochs / 2)],
    cpuMs,
    before,
    after,
    buffers,
    loss,
  };
}

/** Forward propagate throughput on Cora's normalised edges: edge·features per second, by wall and CPU time. */
function scatterThroughput(cora: Cora, features: number, reps: number): { wall: number; cpu: number } {
  const x = tf.randomNormal([cora.edges.numNodes, features]) as tf.Tensor2D;
  for (let i = 0; i < 10; i++) propagate(x, cora.edges).dispose();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (let i = 0; i < reps; i++) {
    const y = propagate(x, cora.edges);
    y.dataSync();
    y.dispose();
  }
  const c = process.cpuUsage(c0);
  const work = cora.edges.numEdges * features * reps;
  x.dispose();
  return { wall: work / ((performance.now() - t0) / 1000), cpu: work / ((c.user + c.system) / 1e6) };
}

async function benchBackend(name: BackendName): Promise<void> {
  await initBackend(name);
  const cora = await prepare();
  const note = name.startsWith('tensorflow')
    ? ' — engine ops run as stock tfjs ops on this backend, so all three paths are stock-op graphs'
    : '';
  console.log(
    `\n== backend ${name}${note}: Cora ${cora.edges.numNodes} nodes, ${cora.edges.numEdges} edges (with self-loops), ${cora.sparse.nnz} feature non-zeros`,
  );
  const naiveEpochs = name === 'cpu' ? Math.min(EPOCHS, 10) : EPOCHS;
  const res: Partial<Record<Path, ReturnType<typeof runPath>>> = {};
  for (const path of ['sparse', 'dense', 'naive'] as const) {
    const r = runPath(cora, path, path === 'naive' ? naiveEpochs : EPOCHS);
    res[path] = r;
    console.log(
      `${path.padEnd(6)} ${r.msPerEpoch.toFixed(2).padStart(8)} ms/epoch wall (median ${r.median.toFixed(2)}), ${r.cpuMs.toFixed(2)} ms CPU  loss ${r.loss.toFixed(4)}  numTensors ${r.before} -> ${r.after}, buffers ${r.buffers[0]} -> ${r.buffers[1]}${r.after === r.before && r.buffers[0] === r.buffers[1] ? '' : '  LEAK'}`,
    );
  }
  const naive = res.naive?.msPerEpoch ?? NaN;
  const naiveCpu = res.naive?.cpuMs ?? NaN;
  const ratio = (p: Path, a: number, key: 'msPerEpoch' | 'cpuMs') => (a / (res[p]?.[key] ?? NaN)).toFixed(1);
  console.log(
    `speed-up vs naive (wall / CPU): sparse ${ratio('sparse', naive, 'msPerEpoch')}x / ${ratio('sparse', naiveCpu, 'cpuMs')}x, dense ${ratio('dense', naive, 'msPerEpoch')}x / ${ratio('dense', naiveCpu, 'cpuMs')}x`,
  );
  for (const f of [16, 64]) {
    const t = scatterThroughput(cora, f, 100);
    console.log(
      `propagate throughput F=${f}: ${(t.wall / 1e6).toFixed(1)} M edge·features/s wall, ${(t.cpu / 1e6).toFixed(1)} M per CPU-second`,
    );
  }
  cora.edges.dispose();
  cora.sparse.dispose();
  tf.dispose([cora.dense, cora.trainIdx, cora.trainOneHot]);
}

async function main(): Promise<void> {
  process.env.GNNC_LOG_LEVEL ??= 'warn';
  const probes = await probeBackends();
  console.log('backends:', probes.map((p) => `${p.name}=${p.available ? 'ok' : `no (${p.error})`}`).join('; '));
  console.log(
    `epochs timed: ${EPOCHS} after ${WARMUP} warm-up; GCN 1433→${HIDDEN}→7, Adam lr 0.01, no dropout, loss on 140 nodes`,
  );
  for (const p of probes) if (p.available) await benchBackend(p.name);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
