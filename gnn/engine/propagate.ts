/**
 * The message-passing primitive: every node sums its in-neighbours' rows, weighted per edge.
 * One fused kernel (no [edges × features] message tensor); its gradient is the same kernel over the
 * reversed edges, and the edge-weight gradient is one dot product per edge.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InvalidInputError } from '../../core/errors';
import type { PreparedEdges } from './edges';
import { hasDirectKernels, K, run } from './kernels';

/**
 * out[i] = Σ_{e: dst[e]=i} w_e · x[src[e]]. `edgeWeight` (edge order of the EdgeList, differentiable)
 * wins over the EdgeList's static `weight`; with neither, w_e = 1.
 */
export function propagate(x: tf.Tensor2D, edges: PreparedEdges, edgeWeight?: tf.Tensor1D): tf.Tensor2D {
  if (x.shape[0] !== edges.numNodes)
    throw new InvalidInputError(`x has ${x.shape[0]} rows for ${edges.numNodes} nodes`, 'x');
  if (edgeWeight && edgeWeight.shape[0] !== edges.numEdges)
    throw new InvalidInputError(
      `edgeWeight has ${edgeWeight.shape[0]} entries for ${edges.numEdges} edges`,
      'edgeWeight',
    );
  const attrs = { edges, reverse: false };
  if (hasDirectKernels()) {
    return edgeWeight
      ? run<tf.Tensor2D>(K.propagateW, { x, w: edgeWeight }, attrs)
      : run<tf.Tensor2D>(K.propagate, { x }, attrs);
  }
  const t = edges.tensors();
  return tf.tidy(() => {
    const w = edgeWeight ?? t.weight;
    let msgs = tf.gather(x, t.src) as tf.Tensor2D;
    if (w) msgs = tf.mul(msgs, tf.reshape(w, [-1, 1]));
    return tf.unsortedSegmentSum(msgs, t.dst, edges.numNodes);
  });
}
