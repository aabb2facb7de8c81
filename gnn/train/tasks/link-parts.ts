/**
 * The link task's options (read from `config.model`), its inner-product decoder and its loss: the
 * pieces of gnn/train/tasks/link.ts that are pure functions, kept apart so they can be tested alone.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InvalidInputError } from '../../../core/errors';
import { gatherRows } from '../../engine';
import type { PairSet } from './link-sampling';

/** Link-task options, read from `config.model` beside the model's own fields. */
export interface LinkOptions {
  /** fraction of edges held out for validation @default 0.05 */
  valRatio: number;
  /** fraction held out for test (PyG example 0.1, NESS 0.15) @default 0.1 */
  testRatio: number;
  /** NESS static subgraphs; 1 = plain GAE training on the whole training graph @default 1 */
  subgraphs: number;
  /** per-epoch edge dropout on each subgraph (NESS p_noise) @default 0 */
  edgeDropout: number;
  /**
   * true: dropout compounds over epochs (epoch t keeps ≈ (1−p)^(t+1) of a subgraph's edges), which is
   * what the NESS reference code does in effect (it overwrites each subgraph's edge_index with the
   * dropped one every epoch); false: a fresh draw from the whole subgraph each epoch @default false
   */
  cumulativeDropout: boolean;
}

export function linkOptions(model: Record<string, number | string | boolean>): LinkOptions {
  const num = (k: string, d: number) => (model[k] === undefined ? d : Number(model[k]));
  const o = {
    valRatio: num('valRatio', 0.05),
    testRatio: num('testRatio', 0.1),
    subgraphs: num('subgraphs', 1),
    edgeDropout: num('edgeDropout', 0),
    cumulativeDropout: model.cumulativeDropout === true,
  };
  if (!Number.isInteger(o.subgraphs) || o.subgraphs < 1)
    throw new InvalidInputError(`subgraphs must be a positive integer, got ${o.subgraphs}`, 'config.model.subgraphs');
  if (!(o.edgeDropout >= 0 && o.edgeDropout < 1))
    throw new InvalidInputError(`edgeDropout must be in [0, 1), got ${o.edgeDropout}`, 'config.model.edgeDropout');
  return o;
}

/** Inner-product decoder logits z_i·z_j for pairs. */
export function pairLogits(z: tf.Tensor2D, p: PairSet): tf.Tensor1D {
  return tf.tidy(() => tf.sum(tf.mul(gatherRows(z, p.src), gatherRows(z, p.dst)), 1) as tf.Tensor1D);
}

/** −mean log σ(pos) − mean log(1 − σ(neg)), written with softplus for stability. */
export function reconLoss(pos: tf.Tensor1D, neg: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.add(tf.mean(tf.softplus(tf.neg(pos))), tf.mean(tf.softplus(neg))) as tf.Scalar);
}
