/**
 * Link prediction on Cora for `gae` and `ness`. The split is PyG's RandomLinkSplit equivalent
 * (gnn/data linkSplit: val/test positives removed from the message graph, 1:1 negatives), features are
 * row-normalised (NormalizeFeatures), the model returns node embeddings and the decoder is the inner
 * product. Loss: BCE on positives plus as many freshly sampled negatives per step (GAE.recon_loss).
 *
 * With `subgraphs` k > 1 this is NESS's procedure: the training edges are cut once into k disjoint
 * static subgraphs; each epoch every subgraph loses `edgeDropout` of its edges, is encoded alone and
 * scored on its own positives; the step minimises the mean of the k losses. At evaluation the
 * embedding is the mean of the k subgraph embeddings (on the undropped subgraphs).
 */
import * as tf from '@tensorflow/tfjs-core';
import { InvalidInputError } from '../../../core/errors';
import { isNodeDataset, linkSplit, type LinkPairs, type LinkSplit, type NodeDataset } from '../../data';
import { prepareEdges, prepareSparse, type PreparedSparse } from '../../engine';
import { releaseDerived } from '../../models/graph-cache';
import type { NodeInput, TaskModel } from '../../models/model-def';
import type { ForwardCtx, SplitMetrics } from '../../types';
import { averagePrecision, binaryAccuracy, rocAuc } from '../metrics';
import { taskRegistry, type TaskOpenArgs, type TaskSession } from '../task';
import { graphInfo, loadFor } from './common';
import { linkOptions, pairLogits, reconLoss, type LinkOptions } from './link-parts';
import { bothDirections, dropEdges, edgeKeySet, partitionPairs, sampleNegatives, type PairSet } from './link-sampling';

/** One training step's data: per subgraph, the (dropped) graph, its positives and fresh negatives. */
interface LinkBatch {
  inputs: NodeInput[];
  pos: PairSet[];
  neg: PairSet[];
}

/** Seed of epoch e, subgraph s, stream k: distinct per (seed, epoch, subgraph), stable across resumes. */
function streamSeed(seed: number, epoch: number, s: number, k: number): number {
  return (
    (Math.imul(seed + 1, 0x9e3779b1) ^ Math.imul(epoch + 1, 0x85ebca6b) ^ Math.imul(s * 4 + k + 1, 0xc2b2ae35)) >>> 0
  );
}

class LinkSession implements TaskSession {
  readonly info;
  private readonly x: PreparedSparse;
  /** the undropped graphs: the whole training graph (k = 1) or the k subgraphs */
  private readonly graphs: NodeInput[];
  private readonly parts: PairSet[];
  private readonly existing: Set<number>;

  constructor(
    private readonly ds: NodeDataset,
    private readonly split: LinkSplit,
    private readonly opts: LinkOptions,
    private readonly seed: number,
  ) {
    this.info = { numFeatures: ds.numFeatures, numClasses: 2 };
    this.x = prepareSparse(ds.features, { rowNormalize: true });
    this.existing = edgeKeySet(split.messageEdges.src, split.messageEdges.dst, ds.numNodes);
    this.parts = opts.subgraphs > 1 ? partitionPairs(split.train, opts.subgraphs, seed) : [split.train];
    this.graphs = this.parts.map((p) => this.input(bothDirections(p)));
  }

  private input(e: PairSet): NodeInput {
    const edgeList = { src: e.src, dst: e.dst, numNodes: this.ds.numNodes };
    return {
      kind: 'nodes',
      x: this.x,
      numNodes: this.ds.numNodes,
      edges: prepareEdges(edgeList),
      edgeList,
      info: graphInfo(edgeList, new Int32Array(this.ds.numNodes), 1),
    };
  }

  epochBatches(epoch: number): LinkBatch[] {
    const batch: LinkBatch = { inputs: [], pos: [], neg: [] };
    this.parts.forEach((p, s) => {
      const dropped = this.opts.edgeDropout > 0 ? this.dropped(p, epoch, s) : null;
      batch.inputs.push(dropped ? this.input(dropped) : this.graphs[s]);
      batch.pos.push(p);
      const [src, dst] = sampleNegatives(
        this.ds.numNodes,
        this.existing,
        p.src.length,
        streamSeed(this.seed, epoch, s, 1),
      );
      batch.neg.push({ src, dst });
    });
    return [batch];
  }

  /** Subgraph `s` after this epoch's edge dropout (compounded over epochs 0..epoch when cumulative). */
  private dropped(p: PairSet, epoch: number, s: number): PairSet {
    let e = bothDirections(p);
    const first = this.opts.cumulativeDropout ? 0 : epoch;
    for (let t = first; t <= epoch && e.src.length > 0; t++)
      e = dropEdges(e, this.opts.edgeDropout, streamSeed(this.seed, t, s, 0));
    return e;
  }

  batchLoss(model: TaskModel, batch: unknown, ctx: ForwardCtx): tf.Scalar {
    const b = batch as LinkBatch;
    return tf.tidy(() => {
      const losses = b.inputs.map((input, s) => {
        const z = model.forward(input, ctx);
        return reconLoss(pairLogits(z, b.pos[s]), pairLogits(z, b.neg[s]));
      });
      return tf.div(tf.addN(losses), losses.length) as tf.Scalar;
    });
  }

  releaseBatch(batch: unknown): void {
    for (const input of (batch as LinkBatch).inputs) {
      if (this.graphs.includes(input)) continue;
      releaseDerived(input.edges);
      input.edges.dispose();
    }
  }

  /** Node embeddings for evaluation: the mean over the undropped (sub)graphs. */
  private embed(model: TaskModel, ctx: ForwardCtx): tf.Tensor2D {
    return tf.tidy(() => {
      const zs = this.graphs.map((g) => model.forward(g, ctx));
      return zs.length === 1 ? zs[0] : (tf.div(tf.addN(zs), zs.length) as tf.Tensor2D);
    });
  }

  evaluate(model: TaskModel, split: 'train' | 'val' | 'test', ctx: ForwardCtx): SplitMetrics {
    const pairs: LinkPairs = split === 'train' ? this.trainPairs() : this.split[split];
    const [pos, neg, loss] = tf.tidy(() => {
      const z = this.embed(model, ctx);
      const p = pairLogits(z, { src: pairs.pos[0], dst: pairs.pos[1] });
      const n = pairLogits(z, { src: pairs.neg[0], dst: pairs.neg[1] });
      return [p.dataSync() as Float32Array, n.dataSync() as Float32Array, reconLoss(p, n).dataSync()[0]] as const;
    });
    const scores = new Float32Array(pos.length + neg.length);
    scores.set(pos);
    scores.set(neg, pos.length);
    const labels = new Uint8Array(scores.length).fill(1, 0, pos.length);
    return {
      accuracy: binaryAccuracy(scores, labels),
      auc: rocAuc(scores, labels),
      ap: averagePrecision(scores, labels),
      loss,
    };
  }

  /** Training positives with a seeded, fixed set of negatives (for train-split metrics). */
  private trainPairs(): LinkPairs {
    const [ns, nd] = sampleNegatives(
      this.ds.numNodes,
      this.existing,
      this.split.train.src.length,
      streamSeed(this.seed, -1, 0, 2),
    );
    return { pos: [this.split.train.src, this.split.train.dst], neg: [ns, nd] };
  }

  infer(model: TaskModel, ctx: ForwardCtx): void {
    const t = this.split.test;
    tf.tidy(() => {
      const z = this.embed(model, ctx);
      pairLogits(z, { src: t.pos[0], dst: t.pos[1] }).dataSync();
      pairLogits(z, { src: t.neg[0], dst: t.neg[1] }).dataSync();
    });
  }

  monitor(val: SplitMetrics): number {
    return val.auc ?? Number.NaN;
  }

  dispose(): void {
    for (const g of this.graphs) {
      releaseDerived(g.edges);
      g.edges.dispose();
    }
    releaseDerived(this.x);
    this.x.dispose();
  }
}

async function open({ spec, config, dataDir }: TaskOpenArgs): Promise<TaskSession> {
  const ds = await loadFor(spec.dataset, 'node', 'link', dataDir);
  if (!isNodeDataset(ds)) throw new InvalidInputError(`'${spec.dataset}' is not a node data set`, 'dataset');
  const opts = linkOptions(config.model);
  const split = linkSplit(ds, { val: opts.valRatio, test: opts.testRatio, seed: spec.seed });
  return new LinkSession(ds, split, opts, spec.seed);
}

export const linkTask = taskRegistry.register('link', { task: 'link', datasets: ['cora'], open });
