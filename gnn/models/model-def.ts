/**
 * The model contract shared by every model file (gcn, spline, gnnnet, gin, and the link / HGP-SL
 * models of the other model room). A model is built from a `ModelDef` by name, and its forward pass
 * takes one `ModelInput`: a whole graph for node and link tasks, a mini-batch of graphs for graph tasks.
 * Inputs are prepared once by the task plug-in (gnn/train/tasks/*) so a model never re-uploads data.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { GraphBatch, PreparedEdges, PreparedSparse } from '../engine';
import type { EdgeList } from '../data/types';
import type { ForwardCtx, GnnModel, GraphBatchInfo, Task } from '../types';

/** One whole graph (Cora): node and link tasks. */
export interface NodeInput {
  kind: 'nodes';
  /** node features: dense, or Cora's binary sparse features prepared for spmm */
  x: tf.Tensor2D | PreparedSparse;
  numNodes: number;
  /** the edges message passing may use (for link tasks: training edges only) */
  edges: PreparedEdges;
  /** the same edges as plain arrays (pseudo-coordinates, subgraph sampling) */
  edgeList: EdgeList;
  info: GraphBatchInfo;
}

/** A mini-batch of graphs (PROTEINS, BBBP): graph tasks. */
export interface GraphInput {
  kind: 'graphs';
  batch: GraphBatch;
  /** node features of the whole batch, [numNodes, numFeatures] */
  x: tf.Tensor2D;
  edges: PreparedEdges;
  info: GraphBatchInfo;
}

export type ModelInput = NodeInput | GraphInput;

/**
 * A model a task can run. The output depends on the task:
 * node task → logits [N, C]; graph task → logits [G, C] (or [G, 1] for a single-logit BCE model);
 * link task → node embeddings [N, D].
 */
export interface TaskModel extends GnnModel {
  forward(input: ModelInput, ctx: ForwardCtx): tf.Tensor2D;
}

/** What a model needs to know of its data set to size its layers. */
export interface DataInfo {
  numFeatures: number;
  numClasses: number;
  /** continuous attribute columns at the front of x (PROTEINS: 1); the rest are one-hot node labels */
  numAttributes?: number;
  /** cardinality of each categorical atom feature (BBBP), for embedding tables */
  atomFeatureDims?: number[];
  /** number of edge features per edge, when the data set has any */
  edgeFeatures?: number;
}

export type ModelConfig = Record<string, number | string | boolean>;

/** A registered model: a name, the tasks it serves, and a seeded builder. */
export interface ModelDef {
  name: string;
  tasks: Task[];
  /** parameter count the paper reports for this model, printed beside ours by bench/baselines.ts */
  paperParams?: number;
  /** one-line description for `gnnc train --help` and error messages */
  description?: string;
  /** `cfg` overrides the model's defaults (hidden size, dropout, …); unknown keys are ignored */
  build(info: DataInfo, cfg: ModelConfig, seed: number): TaskModel;
}

/** Thrown when a task model is given the wrong kind of input (a node model fed a batch of graphs). */
export class ModelInputError extends Error {
  override readonly name = 'ModelInputError';
  constructor(
    readonly model: string,
    readonly expected: ModelInput['kind'],
  ) {
    super(`model '${model}' expects ${expected} input`);
  }
}

/** Total number of scalar trainable parameters of a model (what the paper's parameter counts count). */
export function countParams(model: GnnModel): number {
  let n = 0;
  for (const v of model.params.values()) n += v.size;
  return n;
}
