import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { mulberry32 } from '../../../gnn/data/rng';
import { protectionProbabilities, sampleProtection } from '../../../gnn/methods/quant/dq-protect';
import { createIntHooks } from '../../../gnn/methods/quant/int-hooks';
import { parseMode } from '../../../gnn/methods/quant/mode';
import type { GraphBatchInfo } from '../../../gnn/types';

const closeAll = (a: ArrayLike<number>, b: number[], tol = 1e-6): void => {
  assert.equal(a.length, b.length);
  for (let i = 0; i < b.length; i++) assert.ok(Math.abs(a[i]! - b[i]!) <= tol, `[${i}] ${a[i]} ≠ ${b[i]}`);
};

const info = (inDegree: number[], graphIndex: number[]): GraphBatchInfo => ({
  numNodes: inDegree.length,
  inDegree: Int32Array.from(inDegree),
  graphIndex: Int32Array.from(graphIndex),
  numGraphs: new Set(graphIndex).size,
});

test.before(async () => {
  await tf.setBackend('cpu');
});

test('protection probability p_min + (p_max − p_min)·F(indeg), F per graph', () => {
  // one graph, in-degrees 0,1,1,3: F = 1/4, 3/4, 3/4, 1
  closeAll(
    protectionProbabilities(info([0, 1, 1, 3], [0, 0, 0, 0]), { pMin: 0, pMax: 0.1 }),
    [0.025, 0.075, 0.075, 0.1],
  );
  // two graphs: {0, 2} → F = 1/2, 1; {5, 5} → 1, 1
  closeAll(protectionProbabilities(info([0, 2, 5, 5], [0, 0, 1, 1]), { pMin: 0.1, pMax: 0.2 }), [0.15, 0.2, 0.2, 0.2]);
});

test('protection draws follow p and repeat with the seed', () => {
  const p = Float32Array.from({ length: 20000 }, (_, i) => (i < 10000 ? 0.1 : 0.9));
  const a = sampleProtection(p, mulberry32(7));
  assert.deepEqual(a, sampleProtection(p, mulberry32(7)));
  const low = a.subarray(0, 10000).reduce((s, v) => s + v, 0) / 10000;
  const high = a.subarray(10000).reduce((s, v) => s + v, 0) / 10000;
  assert.ok(Math.abs(low - 0.1) < 0.02 && Math.abs(high - 0.9) < 0.02, `${low} ${high}`);
});

const h = tf.tensor2d([
  [0.013, -0.77],
  [0.5, 0.333],
  [-0.95, 1],
]);
const g = info([1, 1, 1], [0, 0, 0]);

test('Degree-Quant: protected nodes stay FP32 in training, everything is quantised in evaluation', () => {
  const all = createIntHooks({ bits: 4, mode: parseMode('gc-abs'), protect: { pMin: 1, pMax: 1 } });
  all.training = true;
  closeAll(all.nodes!('conv1', 'message', h, g).dataSync(), [...h.dataSync()]);
  assert.equal(all.protectedFraction(), 1);
  all.training = false;
  const evalOut = all.nodes!('conv1', 'message', h, g).dataSync();
  // range [−0.95, 1], INT4 signed: s = 1.95/15 = 0.13, z = −8 − round(−7.31) = −1
  // 0.013 → round(0.1 − 1) = −1 → 0; −0.77 → round(−6.92) = −7 → −6·s; 0.5 → round(2.85) = 3 → 4·s;
  // 0.333 → round(1.56) = 2 → 3·s; −0.95 → round(−8.31) = −8 → −7·s; 1 → round(6.69) = 7 → 8·s
  closeAll(evalOut, [0, -6 * 0.13, 4 * 0.13, 3 * 0.13, -7 * 0.13, 8 * 0.13]);
});

test('Degree-Quant with p = 0 is QAT; protected rows are left out of the observed range', () => {
  const none = createIntHooks({ bits: 4, mode: parseMode('ste-abs'), protect: { pMin: 0, pMax: 0 } });
  const qat = createIntHooks({ bits: 4, mode: parseMode('ste-abs') });
  none.training = qat.training = true;
  assert.deepEqual(
    [...none.nodes!('c', 'aggregate', h, g).dataSync()],
    [...qat.nodes!('c', 'aggregate', h, g).dataSync()],
  );
  assert.equal(none.protectedFraction(), 0);
  // every node protected: the low-precision observer never sees a value
  const half = createIntHooks({ bits: 8, mode: parseMode('ste-abs'), protect: { pMin: 1, pMax: 1 } });
  half.training = true;
  half.nodes!('c', 'message', h, g);
  assert.equal(half.quantizers.get('c.message')!.observer.range, null);
});

test('QAT linear hook quantises input, weight and output and records the weight codec', () => {
  const hooks = createIntHooks({ bits: 8, mode: parseMode('ste-mom') });
  hooks.training = true;
  const w = tf.tensor2d([
    [0.5, -0.25],
    [1, 2],
  ]);
  const y = hooks.linear('lin', h, w, null, (x, ww) => tf.matMul(x, ww));
  assert.deepEqual(y.shape, [3, 2]);
  assert.deepEqual([...hooks.quantizers.keys()].sort(), ['lin.input', 'lin.output', 'lin.weight']);
  const p = hooks.linears.get('lin')!.params!;
  assert.ok(Math.abs(p.scale - 2.25 / 255) < 1e-9); // weight range [−0.25, 2]
  assert.equal(p.bits, 8);
});

test('snapshot/restore brings back every site’s observed range and signedness', () => {
  const hooks = createIntHooks({ bits: 8, mode: parseMode('gc-abs') });
  hooks.training = true;
  const w = tf.tensor2d([[1], [-1]]);
  const run = (rows: number[][]) => hooks.linear('lin', tf.tensor2d(rows), w, null, (x, ww) => tf.matMul(x, ww));
  run([[0, 1]]);
  const ranges = () => [...hooks.quantizers].map(([k, q]) => [k, q.observer.range, q.signed]);
  const before = ranges();
  const saved = hooks.snapshot!();
  run([[-4, 9]]);
  assert.notDeepEqual(ranges(), before);
  hooks.restore!(saved);
  assert.deepEqual(ranges(), before);
  assert.equal(hooks.quantizers.get('lin.input')!.signed, false, 'first input was non-negative: unsigned grid');
});

test('restore for a resume continues the protection sampler and counts; for the best epoch it keeps the run’s counts', () => {
  const p = { pMin: 0.3, pMax: 0.6 };
  const g8 = info([0, 1, 2, 3, 0, 1, 2, 3], [0, 0, 0, 0, 1, 1, 1, 1]);
  const x = tf.tensor2d(
    Array.from({ length: 16 }, (_, i) => (i % 5) - 2),
    [8, 2],
  );
  // a pass per new batch info object: the same graph again as a fresh object
  const passes = (hooks: ReturnType<typeof createIntHooks>, n: number) => {
    for (let i = 0; i < n; i++) hooks.nodes!('c', 'message', x, { ...g8 });
  };
  const fresh = () =>
    Object.assign(createIntHooks({ bits: 4, mode: parseMode('gc-abs'), protect: p, seed: 3 }), { training: true });
  const whole = fresh();
  passes(whole, 40);
  const first = fresh();
  passes(first, 20);
  const saved = first.snapshot!();
  const resumed = fresh();
  resumed.restore!(saved, 'resume');
  passes(resumed, 20);
  assert.equal(resumed.protectedFraction(), whole.protectedFraction(), 'same draws and counts as the whole run');
  const later = whole.protectedFraction();
  whole.restore!(saved, 'best');
  assert.equal(whole.protectedFraction(), later, 'the best epoch’s ranges come back, the counts of the run stay');
  // a state saved before the sampler was (a bare list of sites) still restores the ranges
  const old = fresh();
  old.restore!((saved as { sites: unknown[] }).sites);
  assert.deepEqual([...old.quantizers.keys()], [...first.quantizers.keys()]);
  x.dispose();
});
