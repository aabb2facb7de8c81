/**
 * Shapes of the data sets every model room consumes. Plain typed arrays, no tensors: a dataset is
 * loaded once per worker and turned into tensors by the engine, so it must stay cheap to cache and copy.
 */
import type { GraphData } from '../engine/batch';

/** A directed edge list; undirected graphs list each edge in both directions. */
export interface EdgeList {
  src: Int32Array;
  dst: Int32Array;
  numNodes: number;
}

/** A binary sparse matrix as (row, col) pairs of its ones, sorted by row then column. */
export interface BinarySparse {
  numRows: number;
  numCols: number;
  rows: Int32Array;
  cols: Int32Array;
}

/** A node-classification data set (Cora). */
export interface NodeDataset {
  name: 'cora';
  numNodes: number;
  numFeatures: number;
  numClasses: number;
  features: BinarySparse;
  labels: Int32Array;
  /** both directions, deduplicated, no self-loops */
  edges: EdgeList;
  /** class index → name (sorted alphabetically, so indices are stable) */
  classNames: string[];
  /** paper id of each node (LINQS ids), in node order */
  nodeIds: Int32Array;
  /** the Planetoid public split (140/500/1,000) mapped onto these nodes; see planetoid.ts */
  publicSplit?: IndexSplit;
  /** node of each Planetoid index (0..2707), from the feature/graph match; see planetoid.ts */
  planetoidIndex?: Int32Array;
}

/** One graph of a graph-classification data set: the engine's GraphData plus where it came from. */
export interface GraphItem extends GraphData {
  smiles?: string;
  /** Bemis–Murcko scaffold SMILES (BBBP), '' for acyclic molecules; see scaffold.ts */
  scaffold?: string;
}

/** A row the loader could not turn into a graph (unparsable SMILES). */
export interface SkippedRow {
  /** 1-based line number in the source file */
  row: number;
  name: string;
  smiles: string;
}

/** A graph-classification data set (PROTEINS, BBBP). */
export interface GraphDataset {
  name: 'proteins' | 'bbbp';
  graphs: GraphItem[];
  numFeatures: number;
  /**
   * continuous node-attribute columns at the front of x, before the one-hot node labels (PROTEINS: 1,
   * as PyG's TUDataset with use_node_attr); absent = none
   */
  numAttributes?: number;
  numClasses: number;
  /** cardinality of each categorical atom feature (BBBP), for embedding tables */
  atomFeatureDims?: number[];
  /** cardinality of each categorical bond feature (BBBP) */
  bondFeatureDims?: number[];
  skipped?: SkippedRow[];
}

export type AnyDataset = NodeDataset | GraphDataset;

/** Index sets of a split; each a sorted Int32Array of node or graph indices. */
export interface IndexSplit {
  train: Int32Array;
  val: Int32Array;
  test: Int32Array;
}

/** Positive and negative node pairs of one evaluation split of a link task. */
export interface LinkPairs {
  pos: [Int32Array, Int32Array];
  neg: [Int32Array, Int32Array];
}

/** A link-prediction split (see link-split.ts for its guarantees). */
export interface LinkSplit {
  /** training edges, undirected pairs listed once with src < dst */
  train: { src: Int32Array; dst: Int32Array };
  /** training edges in both directions: the only graph message passing may see */
  messageEdges: EdgeList;
  val: LinkPairs;
  test: LinkPairs;
}
