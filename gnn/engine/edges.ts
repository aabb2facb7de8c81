/**
 * Edge lists and what the kernels precompute from them. A graph's edges are directed pairs
 * src[e] → dst[e]; messages flow from src to dst and are aggregated at dst (PyG's source_to_target).
 * Preparing once and reusing across epochs keeps index work out of the training loop.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InvalidInputError } from '../../core/errors';
import { buildCsr, checkIndices, reweightCsr, type Csr } from './csr';

export interface EdgeList {
  src: Int32Array;
  dst: Int32Array;
  numNodes: number;
  /** per-edge weight (A's entries); absent = all ones */
  weight?: Float32Array;
}

/** Index tensors for backends the JS kernels cannot address (tfjs-node); built on first use. */
export interface EdgeTensors {
  src: tf.Tensor1D;
  dst: tf.Tensor1D;
  weight?: tf.Tensor1D;
}

/** An edge list with both CSR groupings; reused across epochs. Call dispose() when done. */
export class PreparedEdges {
  readonly numNodes: number;
  readonly numEdges: number;
  /** edges grouped by destination: drives the forward propagate */
  readonly byDst: Csr;
  /** edges grouped by source: drives the gradient (propagate over reversed edges) */
  readonly bySrc: Csr;
  private cached?: EdgeTensors;

  /** @param structure groupings of the same (src, dst) to reuse (see withWeights) */
  constructor(
    readonly edges: EdgeList,
    structure?: { byDst: Csr; bySrc: Csr },
  ) {
    const { src, dst, numNodes, weight } = edges;
    if (src.length !== dst.length)
      throw new InvalidInputError(`src has ${src.length} entries, dst ${dst.length}`, 'edges');
    if (weight && weight.length !== src.length)
      throw new InvalidInputError(`weight has ${weight.length} entries for ${src.length} edges`, 'edges.weight');
    this.numNodes = numNodes;
    this.numEdges = src.length;
    if (structure) {
      const w = weight ?? new Float32Array(src.length).fill(1);
      this.byDst = reweightCsr(structure.byDst, w);
      this.bySrc = reweightCsr(structure.bySrc, w);
      return;
    }
    checkIndices(src, numNodes, 'src');
    checkIndices(dst, numNodes, 'dst');
    this.byDst = buildCsr(dst, src, numNodes, weight);
    this.bySrc = buildCsr(src, dst, numNodes, weight);
  }

  /** The same edges with new static weights (edge order), reusing the groupings: O(edges), no sort. */
  withWeights(weight: Float32Array): PreparedEdges {
    return new PreparedEdges({ ...this.edges, weight }, this);
  }

  /** Index tensors for the stock-op path; kept until dispose(). */
  tensors(): EdgeTensors {
    if (!this.cached) {
      const { src, dst, weight } = this.edges;
      this.cached = tf.tidy(() => ({
        src: tf.keep(tf.tensor1d(src, 'int32')),
        dst: tf.keep(tf.tensor1d(dst, 'int32')),
        weight: weight ? tf.keep(tf.tensor1d(weight, 'float32')) : undefined,
      }));
    }
    return this.cached;
  }

  dispose(): void {
    if (!this.cached) return;
    this.cached.src.dispose();
    this.cached.dst.dispose();
    this.cached.weight?.dispose();
    this.cached = undefined;
  }
}

/** Builds the groupings the propagate kernels need. Throws RangeError on out-of-range node ids. */
export function prepareEdges(edges: EdgeList): PreparedEdges {
  return new PreparedEdges(edges);
}

/** Number of edges arriving at each node (what aggregation at dst sums over). */
export function inDegree(edges: EdgeList): Int32Array {
  const deg = new Int32Array(edges.numNodes);
  for (let e = 0; e < edges.dst.length; e++) deg[edges.dst[e]]++;
  return deg;
}

/**
 * Removes self-loops and appends one per node, as PyG's add_remaining_self_loops: a node that had a
 * self-loop keeps its weight on the new one, others get 1. Loops come after the other edges, in node order.
 */
export function addRemainingSelfLoops(edges: EdgeList): EdgeList {
  const { src, dst, numNodes, weight } = edges;
  const loopWeight = new Float32Array(numNodes).fill(1);
  let kept = 0;
  for (let e = 0; e < src.length; e++) {
    if (src[e] === dst[e]) loopWeight[src[e]] = weight ? weight[e] : 1;
    else kept++;
  }
  const n = kept + numNodes;
  const out = { src: new Int32Array(n), dst: new Int32Array(n), numNodes, weight: new Float32Array(n) };
  let k = 0;
  for (let e = 0; e < src.length; e++) {
    if (src[e] === dst[e]) continue;
    out.src[k] = src[e];
    out.dst[k] = dst[e];
    out.weight[k++] = weight ? weight[e] : 1;
  }
  for (let i = 0; i < numNodes; i++, k++) {
    out.src[k] = i;
    out.dst[k] = i;
    out.weight[k] = loopWeight[i];
  }
  return out;
}

/**
 * GCN's symmetric normalisation D^-1/2 (A+I) D^-1/2 as PyG's gcn_norm: degrees are weighted in-degrees
 * (sums at dst); a node of degree 0 gets 0, not Inf.
 * @param opts.selfLoops add remaining self-loops first @default true
 */
export function gcnNorm(edges: EdgeList, opts: { selfLoops?: boolean } = {}): EdgeList {
  const base =
    (opts.selfLoops ?? true)
      ? addRemainingSelfLoops(edges)
      : { ...edges, weight: edges.weight ?? new Float32Array(edges.src.length).fill(1) };
  const w = base.weight as Float32Array;
  const deg = new Float64Array(base.numNodes);
  for (let e = 0; e < base.dst.length; e++) deg[base.dst[e]] += w[e];
  const inv = deg.map((d) => (d > 0 ? 1 / Math.sqrt(d) : 0));
  const weight = new Float32Array(w.length);
  for (let e = 0; e < w.length; e++) weight[e] = inv[base.src[e]] * w[e] * inv[base.dst[e]];
  return { src: base.src, dst: base.dst, numNodes: base.numNodes, weight };
}
