/**
 * Forward values of the engine ops against plain-JS references, on every backend, through the
 * engine's kernels and through the stock-op path (what tfjs-node runs).
 */
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import {
  gatherRows,
  globalPool,
  prepareEdges,
  prepareSparse,
  propagate,
  segmentMax,
  segmentMean,
  segmentSoftmax,
  segmentSum,
  simdKernelsActive,
  spmm,
  toDense,
  useSimdKernels,
} from '../../../gnn/engine';
import { assertClose, eachBackend, rand } from './helpers';

const src = Int32Array.from([0, 1, 2, 2, 3, 0]);
const dst = Int32Array.from([1, 2, 0, 1, 1, 0]);
const weight = Float32Array.from([0.5, 2, -1, 1.5, 3, 0.25]);
const N = 5; // node 4 has no edges: its row must come out 0
const F = 3;

/** out[dst] += w · x[src] in plain JS. */
function refPropagate(x: Float32Array, w?: Float32Array): Float32Array {
  const out = new Float32Array(N * F);
  for (let e = 0; e < src.length; e++)
    for (let j = 0; j < F; j++) out[dst[e] * F + j] += (w ? w[e] : 1) * x[src[e] * F + j];
  return out;
}

const opts = { stock: true };

eachBackend(
  'propagate sums weighted in-neighbours',
  () => {
    const edges = prepareEdges({ src, dst, numNodes: N });
    const xs = rand(N * F);
    const x = tf.tensor2d(xs, [N, F]);
    const plain = propagate(x, edges);
    assertClose(plain.dataSync(), refPropagate(xs), 1e-5, 'unweighted');
    const w = tf.tensor1d(weight);
    const weighted = propagate(x, edges, w);
    assertClose(weighted.dataSync(), refPropagate(xs, weight), 1e-5, 'tensor weights');
    const stat = prepareEdges({ src, dst, numNodes: N, weight });
    const statOut = propagate(x, stat);
    assertClose(statOut.dataSync(), refPropagate(xs, weight), 1e-5, 'static weights');
    tf.dispose([x, plain, w, weighted, statOut]);
    edges.dispose();
    stat.dispose();
  },
  opts,
);

eachBackend(
  'gatherRows and segmentSum',
  () => {
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]);
    const g = gatherRows(x, Int32Array.from([2, 0, 2]));
    assert.deepEqual(Array.from(g.dataSync()), [5, 6, 1, 2, 5, 6]);
    const s = segmentSum(x, Int32Array.from([1, 1, 3]), 4);
    assert.deepEqual(Array.from(s.dataSync()), [0, 0, 4, 6, 0, 0, 5, 6]);
    const ids = tf.tensor1d([0, 0, 0], 'int32');
    const s2 = segmentSum(x, ids, 1);
    assert.deepEqual(Array.from(s2.dataSync()), [9, 12]);
    tf.dispose([x, g, s, ids, s2]);
  },
  opts,
);

eachBackend(
  'segmentMean and segmentMax give 0 for empty segments',
  () => {
    const x = tf.tensor2d([1, -2, 3, -4, -5, 6], [3, 2]);
    const ids = Int32Array.from([0, 0, 2]);
    const mean = segmentMean(x, ids, 3);
    assertClose(mean.dataSync(), [2, -3, 0, 0, -5, 6]);
    const max = segmentMax(x, ids, 3);
    assert.deepEqual(Array.from(max.dataSync()), [3, -2, 0, 0, -5, 6]);
    tf.dispose([x, mean, max]);
  },
  opts,
);

eachBackend(
  'segmentSoftmax normalises within each segment',
  () => {
    const scores = tf.tensor1d([1, 2, 3, 100, 101]);
    const ids = Int32Array.from([0, 0, 1, 2, 2]);
    const out = segmentSoftmax(scores, ids, 3);
    const e1 = Math.exp(1) + Math.exp(2);
    const e2 = 1 + Math.exp(1);
    assertClose(out.dataSync(), [Math.exp(1) / e1, Math.exp(2) / e1, 1, 1 / e2, Math.exp(1) / e2], 1e-5);
    tf.dispose([scores, out]);
  },
  opts,
);

eachBackend(
  'spmm equals the dense product, binary and valued, row-normalised',
  () => {
    const f = {
      numRows: 4,
      numCols: 5,
      rows: Int32Array.from([0, 0, 1, 3, 3, 3]),
      cols: Int32Array.from([1, 4, 0, 0, 2, 4]),
    };
    const ws = rand(5 * 2, 3);
    const w = tf.tensor2d(ws, [5, 2]);
    for (const [sparse, dense] of [
      [f, toDense(f)],
      [
        { ...f, values: Float32Array.from([2, -1, 0.5, 1, 1, 3]) },
        toDense({ ...f, values: Float32Array.from([2, -1, 0.5, 1, 1, 3]) }),
      ],
    ] as const) {
      const prepared = prepareSparse(sparse);
      tf.tidy(() =>
        assertClose(spmm(prepared, w).dataSync(), tf.matMul(tf.tensor2d(dense, [4, 5]), w).dataSync(), 1e-5),
      );
      prepared.dispose();
    }
    const norm = prepareSparse(f, { rowNormalize: true });
    const out = spmm(norm, w);
    const row3 = [0, 2, 4].map((c) => ws.slice(c * 2, c * 2 + 2));
    assertClose(
      out.dataSync().slice(6, 8),
      [0, 1].map((j) => (row3[0][j] + row3[1][j] + row3[2][j]) / 3),
      1e-5,
    );
    assert.deepEqual(Array.from(out.dataSync().slice(4, 6)), [0, 0], 'empty row stays 0');
    tf.dispose([out, w]);
    norm.dispose();
  },
  opts,
);

eachBackend(
  'globalPool sum, mean and max per graph',
  () => {
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8], [4, 2]);
    const gi = Int32Array.from([0, 0, 1, 1]);
    const sum = globalPool(x, gi, 2, 'sum');
    const mean = globalPool(x, gi, 2, 'mean');
    const max = globalPool(x, gi, 2, 'max');
    assert.deepEqual(Array.from(sum.dataSync()), [4, 6, 12, 14]);
    assert.deepEqual(Array.from(mean.dataSync()), [2, 3, 6, 7]);
    assert.deepEqual(Array.from(max.dataSync()), [3, 4, 7, 8]);
    tf.dispose([x, sum, mean, max]);
  },
  opts,
);

eachBackend('stock tf.unsortedSegmentSum and tf.gather gradient work (registered kernels)', () => {
  const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]);
  const ids = tf.tensor1d([2, 0, 2], 'int32');
  const s = tf.unsortedSegmentSum(x, ids, 3);
  assert.deepEqual(Array.from(s.dataSync()), [3, 4, 0, 0, 6, 8]);
  const g = tf.grad((t: tf.Tensor) => tf.sum(tf.gather(t, tf.tensor1d([0, 0, 2], 'int32'))))(x);
  assert.deepEqual(Array.from(g.dataSync()), [2, 2, 0, 0, 1, 1]);
  tf.dispose([x, ids, s, g]);
});

eachBackend('rejects out-of-range indices', () => {
  const x = tf.tensor2d([1, 2], [1, 2]);
  assert.throws(() => gatherRows(x, Int32Array.from([1])), RangeError);
  assert.throws(() => segmentSum(x, Int32Array.from([3]), 2), RangeError);
  assert.throws(() => prepareEdges({ src: Int32Array.from([0]), dst: Int32Array.from([5]), numNodes: 2 }), RangeError);
  x.dispose();
});

eachBackend('propagate and spmm at widths that use every column block (JS 8, 4, 1; SIMD 32, 4)', () => {
  if (tf.getBackend() === 'wasm') assert.ok(simdKernelsActive(), 'the SIMD kernels run on wasm');
  const edges = prepareEdges({ src, dst, numNodes: N, weight });
  for (const f of [8, 13, 16, 7, 4, 36, 64, 68]) {
    const xs = rand(N * f, f);
    const ref = new Float32Array(N * f);
    for (let e = 0; e < src.length; e++)
      for (let j = 0; j < f; j++) ref[dst[e] * f + j] += weight[e] * xs[src[e] * f + j];
    tf.tidy(() => assertClose(propagate(tf.tensor2d(xs, [N, f]), edges).dataSync(), ref, 1e-5, `F=${f}`));
    const sparse = prepareSparse({ numRows: N, numCols: N, rows: dst, cols: src, values: weight });
    tf.tidy(() => assertClose(spmm(sparse, tf.tensor2d(xs, [N, f])).dataSync(), ref, 1e-5, `spmm F=${f}`));
  }
  edges.dispose();
});

eachBackend('withValues / withWeights reuse the pattern with new values', () => {
  const f = { numRows: 3, numCols: 4, rows: Int32Array.from([2, 0, 0, 1]), cols: Int32Array.from([1, 3, 0, 2]) };
  const base = prepareSparse(f);
  const values = Float32Array.from([2, -1, 0.5, 3]);
  const re = base.withValues(values);
  const fresh = prepareSparse({ ...f, values });
  const w = tf.tensor2d(rand(8, 2), [4, 2]);
  tf.tidy(() => assertClose(spmm(re, w).dataSync(), spmm(fresh, w).dataSync(), 1e-6, 'spmm'));
  const edges = prepareEdges({ src, dst, numNodes: N });
  const x = tf.tensor2d(rand(N * 2, 5), [N, 2]);
  tf.tidy(() =>
    assertClose(
      propagate(x, edges.withWeights(weight)).dataSync(),
      propagate(x, prepareEdges({ src, dst, numNodes: N, weight })).dataSync(),
      1e-6,
      'propagate',
    ),
  );
  tf.dispose([w, x]);
});

eachBackend(
  'empty inputs: no edges, no rows, no segments members',
  () => {
    const edges = prepareEdges({ src: new Int32Array(0), dst: new Int32Array(0), numNodes: 3 });
    const x = tf.tensor2d(rand(6, 11), [3, 2]);
    tf.tidy(() => assert.deepEqual(Array.from(propagate(x, edges).dataSync()), [0, 0, 0, 0, 0, 0]));
    tf.tidy(() => assert.deepEqual(gatherRows(x, new Int32Array(0)).shape, [0, 2]));
    tf.tidy(() =>
      assert.deepEqual(
        Array.from(segmentSum(tf.zeros([0, 2]) as tf.Tensor2D, new Int32Array(0), 2).dataSync()),
        [0, 0, 0, 0],
      ),
    );
    tf.tidy(() =>
      assert.deepEqual(
        Array.from(segmentMax(tf.zeros([0, 2]) as tf.Tensor2D, new Int32Array(0), 1).dataSync()),
        [0, 0],
      ),
    );
    x.dispose();
    edges.dispose();
  },
  opts,
);

eachBackend('SIMD and JS kernels agree: propagate forward and backward, column sums and means', () => {
  const edges = prepareEdges({ src, dst, numNodes: N, weight });
  const x = tf.tensor2d(rand(N * 40, 3), [N, 40]);
  const run = () =>
    tf.tidy(() => {
      const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(propagate(v as tf.Tensor2D, edges), tf.range(0, 40))))(x);
      return [propagate(x, edges), g, tf.sum(x, 0), tf.mean(x, 0)].map((t) => Array.from(t.dataSync()));
    });
  const simd = run();
  useSimdKernels(false);
  try {
    const js = run();
    simd.forEach((v, i) => assertClose(v, js[i], 1e-5, ['propagate', 'its gradient', 'sum', 'mean'][i]));
  } finally {
    useSimdKernels(true);
  }
  tf.dispose([x]);
  edges.dispose();
});
