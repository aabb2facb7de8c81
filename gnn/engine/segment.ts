/**
 * Row gathers and segment reductions (sum, mean, max, softmax): the building blocks of message
 * passing, pooling and attention. Each has a gradient; on wasm/cpu they run as the engine's one-pass
 * kernels, elsewhere (tfjs-node) as stock tfjs ops.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InvalidInputError } from '../../core/errors';
import { checkIndices } from './csr';
import { hasDirectKernels, K, run } from './kernels';

/** Index lists may come as tensors or arrays; kernels want arrays (they travel as attributes). */
export type IndexLike = tf.Tensor1D | Int32Array;

function toArray(idx: IndexLike): Int32Array {
  if (idx instanceof Int32Array) return idx;
  const data = idx.dataSync();
  return data instanceof Int32Array ? data : Int32Array.from(data);
}

function checkSegments(data: tf.Tensor, ids: Int32Array, numSegments: number): void {
  if (data.shape[0] !== ids.length)
    throw new InvalidInputError(`data has ${data.shape[0]} rows, segmentIds ${ids.length}`, 'segmentIds');
  checkIndices(ids, numSegments, 'segmentIds');
}

/** out[i, :] = x[idx[i], :]; differentiable w.r.t. x. */
export function gatherRows(x: tf.Tensor2D, idx: IndexLike): tf.Tensor2D {
  const index = toArray(idx);
  checkIndices(index, x.shape[0], 'idx');
  if (hasDirectKernels()) return run<tf.Tensor2D>(K.gatherRows, { x }, { index, numRows: x.shape[0] });
  return tf.tidy(() => tf.gather(x, tf.tensor1d(index, 'int32')));
}

/** out[s, :] = Σ_{i: ids[i]=s} data[i, :]; differentiable. */
export function segmentSum(data: tf.Tensor2D, segmentIds: IndexLike, numSegments: number): tf.Tensor2D {
  const index = toArray(segmentIds);
  checkSegments(data, index, numSegments);
  if (hasDirectKernels()) return run<tf.Tensor2D>(K.scatterRows, { x: data }, { index, numRows: numSegments });
  return tf.tidy(() => tf.unsortedSegmentSum(data, tf.tensor1d(index, 'int32'), numSegments));
}

/** Segment sizes as a [numSegments, 1] tensor of max(count, 1), so empty segments divide by 1. */
function segmentCounts(index: Int32Array, numSegments: number): tf.Tensor2D {
  const counts = new Float32Array(numSegments);
  for (let i = 0; i < index.length; i++) counts[index[i]]++;
  for (let s = 0; s < numSegments; s++) counts[s] = Math.max(counts[s], 1);
  return tf.tensor2d(counts, [numSegments, 1]);
}

/** Mean over each segment; an empty segment gives 0. */
export function segmentMean(data: tf.Tensor2D, segmentIds: IndexLike, numSegments: number): tf.Tensor2D {
  const index = toArray(segmentIds);
  return tf.tidy(() => tf.div(segmentSum(data, index, numSegments), segmentCounts(index, numSegments)));
}

/** Stock-op segment max: argmax found on the host, then a differentiable gather of those elements. */
function stockSegmentMax(data: tf.Tensor2D, index: Int32Array, numSegments: number): tf.Tensor2D {
  const f = data.shape[1];
  if (data.size === 0) return tf.zeros([numSegments, f]);
  const xs = data.dataSync();
  const flat = new Int32Array(numSegments * f).fill(-1);
  for (let i = 0; i < index.length; i++) {
    for (let j = 0; j < f; j++) {
      const k = index[i] * f + j;
      if (flat[k] < 0 || xs[i * f + j] > xs[flat[k]]) flat[k] = i * f + j;
    }
  }
  const present = Float32Array.from(flat, (v) => (v < 0 ? 0 : 1));
  return tf.tidy(() => {
    const picked = tf.gather(
      tf.reshape(data, [-1]),
      tf.tensor1d(
        flat.map((v) => Math.max(v, 0)),
        'int32',
      ),
    );
    return tf.reshape(tf.mul(picked, tf.tensor1d(present)), [numSegments, f]);
  });
}

/** Max over each segment, per column; an empty segment gives 0; the gradient goes to the argmax (first on ties). */
export function segmentMax(data: tf.Tensor2D, segmentIds: IndexLike, numSegments: number): tf.Tensor2D {
  const index = toArray(segmentIds);
  checkSegments(data, index, numSegments);
  if (hasDirectKernels()) return run<tf.Tensor2D>(K.segmentMax, { x: data }, { index, numRows: numSegments });
  return stockSegmentMax(data, index, numSegments);
}

/**
 * Softmax of edge scores within each segment (attention over a node's incoming edges), shifted by
 * the segment max for stability.
 */
export function segmentSoftmax(scores: tf.Tensor1D, segmentIds: IndexLike, numSegments: number): tf.Tensor1D {
  const index = toArray(segmentIds);
  return tf.tidy(() => {
    const s = tf.reshape(scores, [-1, 1]) as tf.Tensor2D;
    const shifted = tf.sub(s, gatherRows(segmentMax(s, index, numSegments), index));
    const ex = tf.exp(shifted) as tf.Tensor2D;
    const den = gatherRows(segmentSum(ex, index, numSegments), index);
    return tf.reshape(tf.div(ex, den), [-1]) as tf.Tensor1D;
  });
}
