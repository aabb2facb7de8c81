/**
 * Node classification (Cora): one full-batch forward per epoch, loss over the training nodes,
 * metrics over val/test nodes. Features stay sparse (spmm); labels enter the loss as a pre-masked
 * one-hot target, so the backward pass has no gather.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InvalidInputError } from '../../../core/errors';
import { isNodeDataset, nodeSplit, type IndexSplit, type NodeDataset, type NodeSplitKind } from '../../data';
import { prepareEdges, prepareSparse } from '../../engine';
import { releaseDerived } from '../../models/graph-cache';
import type { NodeInput, TaskModel } from '../../models/model-def';
import type { ForwardCtx, SplitMetrics } from '../../types';
import { accuracyFromScores } from '../metrics';
import { taskRegistry, type TaskOpenArgs, type TaskSession } from '../task';
import { crossEntropy, graphInfo, loadFor, maskedTarget } from './common';

class NodeSession implements TaskSession {
  readonly info;
  private readonly input: NodeInput;
  private readonly targets: Record<'train' | 'val' | 'test', tf.Tensor2D>;

  constructor(
    private readonly ds: NodeDataset,
    private readonly split: IndexSplit,
    normalize: boolean,
  ) {
    this.info = { numFeatures: ds.numFeatures, numClasses: ds.numClasses };
    const edges = prepareEdges(ds.edges);
    this.input = {
      kind: 'nodes',
      x: prepareSparse(ds.features, { rowNormalize: normalize }),
      numNodes: ds.numNodes,
      edges,
      edgeList: ds.edges,
      info: graphInfo(ds.edges, new Int32Array(ds.numNodes), 1),
    };
    const t = (idx: Int32Array) => maskedTarget(ds.labels, idx, ds.numNodes, ds.numClasses);
    this.targets = { train: t(split.train), val: t(split.val), test: t(split.test) };
  }

  epochBatches(): unknown[] {
    return [this.input];
  }

  batchLoss(model: TaskModel, _batch: unknown, ctx: ForwardCtx): tf.Scalar {
    return tf.tidy(() => crossEntropy(model.forward(this.input, ctx), this.targets.train));
  }

  releaseBatch(): void {}

  evaluate(model: TaskModel, split: 'train' | 'val' | 'test', ctx: ForwardCtx): SplitMetrics {
    const [scores, loss] = tf.tidy(() => {
      const logits = model.forward(this.input, ctx);
      return [logits.dataSync() as Float32Array, crossEntropy(logits, this.targets[split]).dataSync()[0]] as const;
    });
    const idx = this.split[split];
    const labels = Int32Array.from(idx, (i) => this.ds.labels[i]);
    const rows = new Float32Array(idx.length * this.ds.numClasses);
    const c = this.ds.numClasses;
    idx.forEach((node, r) => rows.set(scores.subarray(node * c, node * c + c), r * c));
    return { accuracy: accuracyFromScores(rows, c, labels), loss };
  }

  infer(model: TaskModel, ctx: ForwardCtx): void {
    tf.tidy(() => model.forward(this.input, ctx).dataSync());
  }

  monitor(val: SplitMetrics): number {
    return val.accuracy;
  }

  dispose(): void {
    releaseDerived(this.input.edges);
    if (!(this.input.x instanceof tf.Tensor)) releaseDerived(this.input.x);
    this.input.edges.dispose();
    if (!(this.input.x instanceof tf.Tensor)) this.input.x.dispose();
    for (const t of Object.values(this.targets)) t.dispose();
  }
}

async function open({ spec, config, dataDir }: TaskOpenArgs): Promise<TaskSession> {
  const ds = await loadFor(spec.dataset, 'node', 'node', dataDir);
  if (!isNodeDataset(ds)) throw new InvalidInputError(`'${spec.dataset}' is not a node data set`, 'dataset');
  if (config.split !== 'public' && config.split !== 'full')
    throw new InvalidInputError(`split '${config.split}' is not a node split; choose public or full`, 'split');
  const split = nodeSplit(ds, config.split as NodeSplitKind, spec.seed);
  return new NodeSession(ds, split, config.model.normalizeFeatures === true);
}

export const nodeTask = taskRegistry.register('node', { task: 'node', datasets: ['cora'], open });
