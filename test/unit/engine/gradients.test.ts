/**
 * Gradients of every differentiable engine op against central finite differences, on every backend
 * and on the stock-op path. Small sizes: float32 differences are only good to ~1e-2 relative.
 */
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
  spmm,
} from '../../../gnn/engine';
import { checkGradient, eachBackend, rand } from './helpers';

const opts = { stock: true };
const src = Int32Array.from([0, 1, 2, 2, 3, 0, 3]);
const dst = Int32Array.from([1, 2, 0, 1, 1, 0, 3]);
const weight = Float32Array.from([0.5, 2, -1, 1.5, 3, 0.25, 0.7]);
const ids = Int32Array.from([0, 2, 0, 1, 2, 0]); // segment 3 is empty

eachBackend(
  'propagate: gradient w.r.t. x (static weights) and edge weights',
  () => {
    const edges = prepareEdges({ src, dst, numNodes: 4, weight });
    const x = tf.tensor2d(rand(4 * 3, 2), [4, 3]);
    const w = tf.tensor1d(weight);
    checkGradient((t) => propagate(t as tf.Tensor2D, edges), x);
    checkGradient((t) => propagate(t as tf.Tensor2D, edges, w), x);
    checkGradient((t) => propagate(x, edges, t as tf.Tensor1D), w);
    tf.dispose([x, w]);
    edges.dispose();
  },
  opts,
);

eachBackend(
  'gatherRows gradient (repeated rows accumulate)',
  () => {
    const x = tf.tensor2d(rand(4 * 2, 3), [4, 2]);
    checkGradient((t) => gatherRows(t as tf.Tensor2D, Int32Array.from([3, 0, 3, 3, 1])), x);
    x.dispose();
  },
  opts,
);

eachBackend(
  'segmentSum, segmentMean, segmentMax gradients',
  () => {
    const x = tf.tensor2d(rand(6 * 3, 4), [6, 3]);
    checkGradient((t) => segmentSum(t as tf.Tensor2D, ids, 4), x);
    checkGradient((t) => segmentMean(t as tf.Tensor2D, ids, 4), x);
    checkGradient((t) => segmentMax(t as tf.Tensor2D, ids, 4), x, { eps: 1e-3 });
    x.dispose();
  },
  opts,
);

eachBackend(
  'segmentSoftmax gradient',
  () => {
    const s = tf.tensor1d(rand(6, 5));
    checkGradient((t) => segmentSoftmax(t as tf.Tensor1D, ids, 4), s, { eps: 1e-2 });
    s.dispose();
  },
  opts,
);

eachBackend(
  'spmm gradient w.r.t. w',
  () => {
    const f = prepareSparse({
      numRows: 3,
      numCols: 4,
      rows: Int32Array.from([0, 0, 1, 2, 2]),
      cols: Int32Array.from([1, 3, 0, 1, 2]),
      values: Float32Array.from([1, -2, 0.5, 3, 1]),
    });
    const w = tf.tensor2d(rand(4 * 2, 6), [4, 2]);
    checkGradient((t) => spmm(f, t as tf.Tensor2D), w);
    w.dispose();
    f.dispose();
  },
  opts,
);

eachBackend(
  'globalPool gradients',
  () => {
    const x = tf.tensor2d(rand(5 * 2, 8), [5, 2]);
    const gi = Int32Array.from([0, 0, 1, 1, 1]);
    for (const kind of ['sum', 'mean', 'max'] as const)
      checkGradient((t) => globalPool(t as tf.Tensor2D, gi, 2, kind), x, { eps: 1e-3 });
    x.dispose();
  },
  opts,
);
