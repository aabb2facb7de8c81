/**
 * Mini-batches of small graphs (PROTEINS, BBBP) as one disjoint-union graph, graph-level pooling, and
 * the per-graph top-k node selection plus induced subgraph that TopK/SAG pooling layers need.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { InvalidInputError } from '../../core/errors';
import type { EdgeList } from './edges';
import { segmentMax, segmentMean, segmentSum, type IndexLike } from './segment';

export interface GraphData {
  numNodes: number;
  /** numNodes × numFeatures, row-major */
  x: Float32Array;
  numFeatures: number;
  src: Int32Array;
  dst: Int32Array;
  /** numEdges × edgeFeatures, row-major */
  edgeAttr?: Float32Array;
  edgeFeatures?: number;
  y: number;
}

export interface GraphBatch {
  numGraphs: number;
  numNodes: number;
  x: Float32Array;
  numFeatures: number;
  edges: EdgeList;
  /** graph of each node */
  graphIndex: Int32Array;
  y: Int32Array;
  edgeAttr?: Float32Array;
  edgeFeatures?: number;
  /** first node of each graph, plus the total at the end (numGraphs + 1 entries) */
  nodeOffset: Int32Array;
}

function checkSameShape(graphs: GraphData[]): { numFeatures: number; edgeFeatures?: number } {
  const numFeatures = graphs[0].numFeatures;
  const edgeFeatures = graphs[0].edgeAttr ? graphs[0].edgeFeatures : undefined;
  graphs.forEach((g, i) => {
    if (g.numFeatures !== numFeatures)
      throw new InvalidInputError(`${g.numFeatures} features, graph 0 has ${numFeatures}`, `graphs[${i}].numFeatures`);
    if (g.x.length !== g.numNodes * g.numFeatures)
      throw new InvalidInputError(`x has ${g.x.length} values for ${g.numNodes} × ${g.numFeatures}`, `graphs[${i}].x`);
    if (g.src.length !== g.dst.length) throw new InvalidInputError('src and dst differ in length', `graphs[${i}]`);
    if (Boolean(g.edgeAttr) !== (edgeFeatures !== undefined) || (g.edgeAttr && g.edgeFeatures !== edgeFeatures)) {
      throw new InvalidInputError(
        'edge attributes must be present with the same width in every graph of a batch',
        `graphs[${i}].edgeAttr`,
      );
    }
  });
  return { numFeatures, edgeFeatures };
}

/** Disjoint union: node ids of graph g are shifted by the nodes of graphs before it. */
export function batchGraphs(graphs: GraphData[]): GraphBatch {
  if (graphs.length === 0) throw new InvalidInputError('cannot batch zero graphs', 'graphs');
  const { numFeatures, edgeFeatures } = checkSameShape(graphs);
  const nodeOffset = new Int32Array(graphs.length + 1);
  let numEdges = 0;
  graphs.forEach((g, i) => {
    nodeOffset[i + 1] = nodeOffset[i] + g.numNodes;
    numEdges += g.src.length;
  });
  const numNodes = nodeOffset[graphs.length];
  const x = new Float32Array(numNodes * numFeatures);
  const src = new Int32Array(numEdges);
  const dst = new Int32Array(numEdges);
  const graphIndex = new Int32Array(numNodes);
  const edgeAttr = edgeFeatures !== undefined ? new Float32Array(numEdges * edgeFeatures) : undefined;
  let e0 = 0;
  graphs.forEach((g, i) => {
    const off = nodeOffset[i];
    x.set(g.x, off * numFeatures);
    graphIndex.fill(i, off, off + g.numNodes);
    for (let e = 0; e < g.src.length; e++) {
      src[e0 + e] = g.src[e] + off;
      dst[e0 + e] = g.dst[e] + off;
    }
    if (edgeAttr && g.edgeAttr) edgeAttr.set(g.edgeAttr, e0 * (edgeFeatures as number));
    e0 += g.src.length;
  });
  const y = Int32Array.from(graphs, (g) => g.y);
  return {
    numGraphs: graphs.length,
    numNodes,
    x,
    numFeatures,
    edges: { src, dst, numNodes },
    graphIndex,
    y,
    edgeAttr,
    edgeFeatures,
    nodeOffset,
  };
}

/** Graph-level readout: sum, mean or max of each graph's node rows (empty graph → 0). */
export function globalPool(
  x: tf.Tensor2D,
  graphIndex: IndexLike,
  numGraphs: number,
  kind: 'sum' | 'mean' | 'max',
): tf.Tensor2D {
  switch (kind) {
    case 'sum':
      return segmentSum(x, graphIndex, numGraphs);
    case 'mean':
      return segmentMean(x, graphIndex, numGraphs);
    case 'max':
      return segmentMax(x, graphIndex, numGraphs);
    default:
      throw new InvalidInputError(`unknown pooling '${String(kind)}'; choose sum, mean or max`, 'kind');
  }
}

/** ceil(ratio · n) without float noise (0.7 · 10 is 7.000000000000001 in doubles). */
function keepCount(ratio: number, n: number): number {
  return Math.min(n, Math.ceil(Number((ratio * n).toPrecision(12))));
}

/**
 * Per graph, the ceil(ratio · n_g) highest-scoring nodes, highest first (ties: lower node id first);
 * graphs in order. As PyG's topk with a ratio.
 */
export function topkPerGraph(
  scores: Float32Array,
  graphIndex: Int32Array,
  numGraphs: number,
  ratio: number,
): Int32Array {
  if (!(ratio > 0 && ratio <= 1)) throw new InvalidInputError(`ratio ${ratio} must be in (0, 1]`, 'ratio');
  if (scores.length !== graphIndex.length)
    throw new InvalidInputError(`${scores.length} scores for ${graphIndex.length} nodes`, 'scores');
  const members: number[][] = Array.from({ length: numGraphs }, () => []);
  graphIndex.forEach((g, i) => {
    if (g < 0 || g >= numGraphs)
      throw new InvalidInputError(`graph ${g} outside [0, ${numGraphs})`, `graphIndex[${i}]`);
    members[g].push(i);
  });
  const kept: number[] = [];
  for (const nodes of members) {
    nodes.sort((a, b) => scores[b] - scores[a] || a - b);
    kept.push(...nodes.slice(0, keepCount(ratio, nodes.length)));
  }
  return Int32Array.from(kept);
}

/**
 * Induced subgraph on `keep` (kept node ids; node keep[i] becomes node i). `edgeIndex` maps each kept
 * edge to its position in the input, to carry edge attributes or weights along.
 */
export function filterEdges(edges: EdgeList, keep: Int32Array): { edges: EdgeList; edgeIndex: Int32Array } {
  const newId = new Int32Array(edges.numNodes).fill(-1);
  keep.forEach((old, i) => {
    if (old < 0 || old >= edges.numNodes)
      throw new InvalidInputError(`node ${old} outside [0, ${edges.numNodes})`, `keep[${i}]`);
    newId[old] = i;
  });
  const idx: number[] = [];
  for (let e = 0; e < edges.src.length; e++) if (newId[edges.src[e]] >= 0 && newId[edges.dst[e]] >= 0) idx.push(e);
  const edgeIndex = Int32Array.from(idx);
  const out: EdgeList = {
    src: edgeIndex.map((e) => newId[edges.src[e]]),
    dst: edgeIndex.map((e) => newId[edges.dst[e]]),
    numNodes: keep.length,
  };
  if (edges.weight) {
    const w = edges.weight;
    out.weight = Float32Array.from(edgeIndex, (e) => w[e]);
  }
  return { edges: out, edgeIndex };
}
