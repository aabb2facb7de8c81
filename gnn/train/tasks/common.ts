/**
 * Pieces the node and graph tasks share: data-set lookup with a task check, GraphBatchInfo for a
 * prepared graph, and the cross-entropy losses written so that no gather (whose gradient wasm lacks)
 * sits on the backward path.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InvalidInputError } from '../../../core/errors';
import { datasets, loadDataset, type AnyDataset } from '../../data';
import { inDegree, type EdgeList } from '../../engine';
import type { GraphBatchInfo } from '../../types';

/** Loads `name` and checks it has the kind the task needs ('node' or 'graph'). */
export async function loadFor(
  name: string,
  kind: 'node' | 'graph',
  task: string,
  dataDir?: string,
): Promise<AnyDataset> {
  const def = datasets.get(name);
  if (def.kind !== kind)
    throw new InvalidInputError(
      `data set '${name}' is a ${def.kind} data set; task '${task}' needs a ${kind} data set`,
      'dataset',
    );
  return loadDataset(name, dataDir ? { dataDir } : undefined);
}

export function graphInfo(edges: EdgeList, graphIndex: Int32Array, numGraphs: number): GraphBatchInfo {
  return { numNodes: edges.numNodes, inDegree: inDegree(edges), graphIndex, numGraphs };
}

/** A [rows, numClasses] target with one-hot rows for `rows` (others zero), divided by the row count. */
export function maskedTarget(
  labels: ArrayLike<number>,
  rowsIdx: ArrayLike<number>,
  numRows: number,
  numClasses: number,
): tf.Tensor2D {
  const t = new Float32Array(numRows * numClasses);
  const w = rowsIdx.length > 0 ? 1 / rowsIdx.length : 0;
  for (let i = 0; i < rowsIdx.length; i++) t[rowsIdx[i] * numClasses + labels[rowsIdx[i]]] = w;
  return tf.tensor2d(t, [numRows, numClasses]);
}

/** Mean cross-entropy given a pre-divided one-hot target: −Σ target ⊙ log_softmax(logits). */
export function crossEntropy(logits: tf.Tensor2D, target: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.neg(tf.sum(tf.mul(target, tf.logSoftmax(logits)))) as tf.Scalar);
}

/** Mean binary cross-entropy with logits, numerically stable: max(z,0) − z·y + log(1+e^{−|z|}). */
export function bceWithLogits(logits: tf.Tensor, y: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const z = tf.reshape(logits, [-1]);
    const l = tf.add(tf.sub(tf.relu(z), tf.mul(z, y)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))));
    return tf.mean(l);
  });
}

/** Values of `all` at `idx`. */
export function pick(all: ArrayLike<number>, idx: ArrayLike<number>): Float32Array {
  const out = new Float32Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = all[idx[i]];
  return out;
}
