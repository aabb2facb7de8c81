/**
 * Packs a GraphDataset's thousands of small arrays into a few large ones for the binary cache, and
 * unpacks them as zero-copy subarray views: the cache header stays small and a load is a handful of
 * views instead of ~10,000 JSON-described arrays.
 */
import type { GraphDataset, GraphItem } from './types';

export interface PackedGraphs {
  meta: Omit<GraphDataset, 'graphs'>;
  /** per graph: numNodes, numEdges, y */
  counts: Int32Array;
  x: Float32Array;
  src: Int32Array;
  dst: Int32Array;
  edgeAttr: Float32Array | null;
  edgeFeatures: number;
  numFeatures: number;
  smiles: string[] | null;
  scaffold: string[] | null;
}

export function packGraphs(ds: GraphDataset): PackedGraphs {
  const { graphs, ...meta } = ds;
  const n = graphs.length;
  const counts = new Int32Array(3 * n);
  let nodes = 0;
  let edges = 0;
  graphs.forEach((g, i) => {
    counts.set([g.numNodes, g.src.length, g.y], 3 * i);
    nodes += g.numNodes;
    edges += g.src.length;
  });
  const numFeatures = ds.numFeatures;
  const edgeFeatures = graphs[0]?.edgeFeatures ?? 0;
  const x = new Float32Array(nodes * numFeatures);
  const src = new Int32Array(edges);
  const dst = new Int32Array(edges);
  const edgeAttr = edgeFeatures > 0 ? new Float32Array(edges * edgeFeatures) : null;
  let no = 0;
  let eo = 0;
  for (const g of graphs) {
    x.set(g.x, no * numFeatures);
    src.set(g.src, eo);
    dst.set(g.dst, eo);
    if (edgeAttr && g.edgeAttr) edgeAttr.set(g.edgeAttr, eo * edgeFeatures);
    no += g.numNodes;
    eo += g.src.length;
  }
  const strings = (k: 'smiles' | 'scaffold') =>
    graphs.some((g) => g[k] !== undefined) ? graphs.map((g) => g[k] ?? '') : null;
  return {
    meta,
    counts,
    x,
    src,
    dst,
    edgeAttr,
    edgeFeatures,
    numFeatures,
    smiles: strings('smiles'),
    scaffold: strings('scaffold'),
  };
}

export function unpackGraphs(p: PackedGraphs): GraphDataset {
  const graphs: GraphItem[] = [];
  let no = 0;
  let eo = 0;
  for (let i = 0; i < p.counts.length / 3; i++) {
    const [numNodes, numEdges, y] = [p.counts[3 * i], p.counts[3 * i + 1], p.counts[3 * i + 2]];
    const g: GraphItem = {
      numNodes,
      x: p.x.subarray(no * p.numFeatures, (no + numNodes) * p.numFeatures),
      numFeatures: p.numFeatures,
      src: p.src.subarray(eo, eo + numEdges),
      dst: p.dst.subarray(eo, eo + numEdges),
      y,
    };
    if (p.edgeAttr) {
      g.edgeAttr = p.edgeAttr.subarray(eo * p.edgeFeatures, (eo + numEdges) * p.edgeFeatures);
      g.edgeFeatures = p.edgeFeatures;
    }
    if (p.smiles) g.smiles = p.smiles[i];
    if (p.scaffold) g.scaffold = p.scaffold[i];
    graphs.push(g);
    no += numNodes;
    eo += numEdges;
  }
  return { ...p.meta, graphs } as GraphDataset;
}

/** The cache codec both graph loaders use. */
export const GRAPH_CODEC = { encode: packGraphs, decode: (stored: unknown) => unpackGraphs(stored as PackedGraphs) };
