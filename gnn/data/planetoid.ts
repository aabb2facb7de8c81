/**
 * The Planetoid public split (Yang et al. 2016) on LINQS node numbering. No Planetoid-index → LINQS-id
 * mapping is published, so it is reconstructed: each Planetoid node (features from allx/tx in the Kipf
 * layout) is matched to the LINQS row with the same binary feature vector; the few duplicate vectors
 * are resolved by label and by already-matched neighbours. The mapping is accepted only if it carries
 * the Planetoid graph exactly onto the cora.cites graph; otherwise loading fails.
 */
import { DataFormatError } from '../../core/errors';
import { toCsr, toNdarray } from './numpy';
import { unpickle, PyObject } from './pickle';
import type { LoadedFile } from './resolve';
import type { IndexSplit, NodeDataset } from './types';

export interface PlanetoidFiles {
  allx: LoadedFile;
  tx: LoadedFile;
  ally: LoadedFile;
  ty: LoadedFile;
  graph: LoadedFile;
  testIndex: LoadedFile;
}

export interface PlanetoidMatch {
  /** LINQS node of each Planetoid index */
  nodeOf: Int32Array;
  split: IndexSplit;
  /** Planetoid nodes whose match stayed ambiguous (indistinguishable twins), assigned in index order */
  ambiguous: number;
}

interface PlanetoidData {
  keys: string[];
  labels: number[];
  adj: number[][];
  testIndex: number[];
}

function readPlanetoid(f: PlanetoidFiles, n: number): PlanetoidData {
  const testIndex = f.testIndex.data
    .toString('latin1')
    .trim()
    .split('\n')
    .map((s, i) => {
      const v = Number(s);
      if (!Number.isInteger(v) || v < 0 || v >= n)
        throw new DataFormatError(f.testIndex.path, i + 1, `index '${s}' out of range 0..${n - 1}`);
      return v;
    });
  const allx = toCsr(unpickle(f.allx.data, f.allx.path), f.allx.path);
  const tx = toCsr(unpickle(f.tx.data, f.tx.path), f.tx.path);
  const ally = toNdarray(unpickle(f.ally.data, f.ally.path), f.ally.path);
  const ty = toNdarray(unpickle(f.ty.data, f.ty.path), f.ty.path);
  if (allx.rows + tx.rows !== n || tx.rows !== testIndex.length)
    throw new DataFormatError(f.tx.path, null, `allx ${allx.rows} + tx ${tx.rows} rows do not make ${n} nodes`);
  const keys = new Array<string>(n);
  const labels = new Array<number>(n);
  const rowKey = (m: typeof allx, r: number) =>
    Array.from(m.indices.subarray(m.indptr[r], m.indptr[r + 1]))
      .sort((a, b) => a - b)
      .join(',');
  const argmax = (a: Float64Array, r: number, c: number) => a.subarray(r * c, r * c + c).indexOf(1);
  for (let i = 0; i < allx.rows; i++) [keys[i], labels[i]] = [rowKey(allx, i), argmax(ally.data, i, ally.shape[1])];
  testIndex.forEach((node, k) => ([keys[node], labels[node]] = [rowKey(tx, k), argmax(ty.data, k, ty.shape[1])]));
  if (keys.some((k) => k === undefined))
    throw new DataFormatError(f.testIndex.path, null, 'test.index leaves Planetoid nodes without features');
  const graph = unpickle(f.graph.data, f.graph.path);
  if (!(graph instanceof PyObject) || graph.items.size !== n)
    throw new DataFormatError(f.graph.path, null, `expected a dict of ${n} adjacency lists`);
  const adj = Array.from({ length: n }, (_, i) =>
    [...new Set((graph.items.get(i) as number[] | undefined) ?? [])].filter((j) => j !== i),
  );
  return { keys, labels, adj, testIndex };
}

/** Matches Planetoid nodes to LINQS nodes; thrown DataFormatError when no exact, graph-preserving match exists. */
export function matchPlanetoid(f: PlanetoidFiles, ds: NodeDataset): PlanetoidMatch {
  const n = ds.numNodes;
  const pl = readPlanetoid(f, n);
  const linqsKeys = new Array<string[]>(n).fill([]).map(() => [] as string[]);
  for (let i = 0; i < ds.features.rows.length; i++) linqsKeys[ds.features.rows[i]].push(String(ds.features.cols[i]));
  const byKey = new Map<string, number[]>();
  linqsKeys.forEach((cols, node) => {
    const k = cols.join(',');
    byKey.set(k, [...(byKey.get(k) ?? []), node]);
  });
  const cands = pl.keys.map((k, p) => {
    const c = byKey.get(k);
    if (!c) throw new DataFormatError(f.allx.path, null, `Planetoid node ${p} has a feature vector no LINQS row has`);
    return c.slice();
  });
  const classMap = new Map<number, number>();
  cands.forEach((c, p) => c.length === 1 && classMap.set(pl.labels[p], ds.labels[c[0]]));
  const linqsAdj = Array.from({ length: n }, () => new Set<number>());
  for (let e = 0; e < ds.edges.src.length; e++) linqsAdj[ds.edges.src[e]].add(ds.edges.dst[e]);
  const nodeOf = new Int32Array(n).fill(-1);
  const taken = new Set<number>();
  let changed = true;
  while (changed) {
    changed = false;
    cands.forEach((c, p) => {
      if (nodeOf[p] >= 0) return;
      const keep = c.filter(
        (node) =>
          !taken.has(node) &&
          ds.labels[node] === classMap.get(pl.labels[p]) &&
          pl.adj[p].every((q) => nodeOf[q] < 0 || linqsAdj[node].has(nodeOf[q])),
      );
      if (keep.length === 1) [nodeOf[p], changed] = [keep[0], true];
      if (keep.length === 1) taken.add(keep[0]);
      cands[p] = keep;
    });
  }
  let ambiguous = 0;
  cands.forEach((c, p) => {
    if (nodeOf[p] >= 0) return;
    const free = c.filter((node) => !taken.has(node));
    if (free.length === 0)
      throw new DataFormatError(f.graph.path, null, `no consistent LINQS node for Planetoid node ${p}`);
    [nodeOf[p], ambiguous] = [free[0], ambiguous + 1];
    taken.add(free[0]);
  });
  let edges = 0;
  pl.adj.forEach((nb, p) =>
    nb.forEach((q) => {
      edges++;
      if (!linqsAdj[nodeOf[p]].has(nodeOf[q]))
        throw new DataFormatError(
          f.graph.path,
          null,
          `Planetoid edge ${p}-${q} has no LINQS counterpart under the feature match`,
        );
    }),
  );
  if (edges !== ds.edges.src.length)
    throw new DataFormatError(
      f.graph.path,
      null,
      `Planetoid graph has ${edges} directed edges, LINQS ${ds.edges.src.length}`,
    );
  const pick = (ps: number[]) => Int32Array.from(ps, (p) => nodeOf[p]).sort();
  const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
  return {
    nodeOf,
    ambiguous,
    split: { train: pick(range(0, 140)), val: pick(range(140, 640)), test: pick(pl.testIndex) },
  };
}
