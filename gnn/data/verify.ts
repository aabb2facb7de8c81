/**
 * `gnnc data verify`: load every data set, compute its statistics and compare them with the counts
 * verified by hand in the data folder's README, so a wrong file or a parser regression is caught before
 * a sweep trains on it.
 */
import { linkSplit } from './link-split';
import { datasets } from './registry';
import type { LoadOptions } from './resolve';
import type { AnyDataset, GraphDataset, NodeDataset } from './types';

export type Stats = Record<string, number | string>;

/** Expected statistics per data set (README.md of the data folder; cora-links: splits of 5,278 edges at val 0.05, test 0.1). */
export const EXPECTED: Record<string, Stats> = {
  cora: {
    nodes: 2708,
    edges: 5278,
    features: 1433,
    classes: 7,
    ones: 49216,
    publicTrain: 140,
    publicVal: 500,
    publicTest: 1000,
  },
  'cora-links': { train: 4488, val: 263, test: 527, messageEdges: 8976 },
  proteins: { graphs: 1113, nodes: 43471, edges: 81044, features: 4, classes: 2 },
  bbbp: { graphs: 2039, classes: 2, skipped: 11, positives: 1560 },
};

export function nodeStats(ds: NodeDataset): Stats {
  const out: Stats = {
    nodes: ds.numNodes,
    edges: ds.edges.src.length / 2,
    features: ds.numFeatures,
    classes: ds.numClasses,
    ones: ds.features.rows.length,
  };
  if (ds.publicSplit) {
    out.publicTrain = ds.publicSplit.train.length;
    out.publicVal = ds.publicSplit.val.length;
    out.publicTest = ds.publicSplit.test.length;
  }
  return out;
}

export function linkStats(ds: NodeDataset): Stats {
  const s = linkSplit(ds, { val: 0.05, test: 0.1, seed: 0 });
  return {
    train: s.train.src.length,
    val: s.val.pos[0].length,
    test: s.test.pos[0].length,
    messageEdges: s.messageEdges.src.length,
  };
}

export function graphStats(ds: GraphDataset): Stats {
  let nodes = 0;
  let edges = 0;
  let positives = 0;
  for (const g of ds.graphs) {
    nodes += g.numNodes;
    edges += g.src.length;
    if (g.y === 1) positives++;
  }
  const out: Stats = {
    graphs: ds.graphs.length,
    nodes,
    edges: edges / 2,
    features: ds.numFeatures,
    classes: ds.numClasses,
    positives,
  };
  if (ds.skipped) out.skipped = ds.skipped.length;
  return out;
}

/** The paper's order (cora, proteins, bbbp), then any other registered set. */
function defaultOrder(): string[] {
  const first = ['cora', 'proteins', 'bbbp'].filter((n) => datasets.has(n));
  return [...first, ...datasets.names().filter((n) => !first.includes(n))];
}

export interface VerifyEntry {
  name: string;
  ok: boolean;
  /** `key: got X, expected Y` for each differing statistic */
  mismatches: string[];
  loadMs: number;
  [stat: string]: number | string | boolean | string[];
}

/** Compares `stats` with `expected` (only the keys `expected` names). */
export function compareStats(stats: Stats, expected: Stats): string[] {
  return Object.entries(expected)
    .filter(([k, v]) => stats[k] !== v)
    .map(([k, v]) => `${k}: got ${stats[k]}, expected ${v}`);
}

function entry(name: string, stats: Stats, loadMs: number): VerifyEntry {
  const mismatches = compareStats(stats, EXPECTED[name] ?? {});
  return { name, ...stats, ok: mismatches.length === 0, mismatches, loadMs };
}

/** Loads each registered data set (and the Cora link split) and checks its statistics; never throws for one bad set. */
export async function verifyDatasets(
  opts: LoadOptions = {},
  names = defaultOrder(),
): Promise<{ ok: boolean; datasets: VerifyEntry[] }> {
  const out: VerifyEntry[] = [];
  for (const name of names) {
    const t0 = performance.now();
    let ds: AnyDataset;
    try {
      ds = await datasets.get(name).load(opts);
    } catch (err) {
      out.push({
        name,
        ok: false,
        mismatches: [`load failed: ${(err as Error).message}`],
        loadMs: performance.now() - t0,
      });
      continue;
    }
    const ms = Math.round(performance.now() - t0);
    if ('graphs' in ds) out.push(entry(name, graphStats(ds), ms));
    else {
      out.push(entry(name, nodeStats(ds), ms));
      out.push(entry(`${name}-links`, linkStats(ds), 0));
    }
  }
  return { ok: out.every((e) => e.ok), datasets: out };
}
