/**
 * A seeded equivalent of PyG's RandomLinkSplit(is_undirected=True) for link prediction: undirected
 * edges are shuffled, ⌊val·m⌋ go to validation, ⌊test·m⌋ to test, the rest train. Validation and test
 * positives are removed from the message-passing graph; each gets as many negatives as positives,
 * drawn uniformly among node pairs that are not edges of the full graph, distinct, with val and test
 * negatives disjoint. All pairs are stored with src < dst.
 */
import { InvalidInputError } from '../../core/errors';
import { mulberry32, randInt, shuffleInPlace } from './rng';
import { sortEdges } from './text';
import type { LinkPairs, LinkSplit, NodeDataset } from './types';

export interface LinkSplitOptions {
  /** fraction of undirected edges held out for validation, e.g. 0.05 */
  val: number;
  /** fraction held out for test, e.g. 0.1 */
  test: number;
  seed: number;
}

/** Undirected edges of `ds` as (u, v) pairs with u < v, in edge-list order. */
export function undirectedPairs(ds: NodeDataset): [number, number][] {
  const out: [number, number][] = [];
  const { src, dst } = ds.edges;
  for (let i = 0; i < src.length; i++) if (src[i] < dst[i]) out.push([src[i], dst[i]]);
  return out;
}

function toPairs(pairs: [number, number][]): [Int32Array, Int32Array] {
  return [Int32Array.from(pairs, (p) => p[0]), Int32Array.from(pairs, (p) => p[1])];
}

export function linkSplit(ds: NodeDataset, opts: LinkSplitOptions): LinkSplit {
  const { val, test, seed } = opts;
  if (!(val >= 0 && test >= 0 && val + test < 1))
    throw new InvalidInputError(`val ${val} + test ${test} must be in [0, 1)`, 'linkSplit');
  const n = ds.numNodes;
  const rand = mulberry32(seed);
  const pairs = undirectedPairs(ds);
  shuffleInPlace(pairs, rand);
  const m = pairs.length;
  const nVal = Math.floor(val * m);
  const nTest = Math.floor(test * m);
  const valPos = pairs.slice(0, nVal);
  const testPos = pairs.slice(nVal, nVal + nTest);
  const trainPairs = pairs.slice(nVal + nTest).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const taken = new Set<number>();
  for (let i = 0; i < ds.edges.src.length; i++)
    taken.add(Math.min(ds.edges.src[i], ds.edges.dst[i]) * n + Math.max(ds.edges.src[i], ds.edges.dst[i]));
  const maxNeg = (n * (n - 1)) / 2 - taken.size;
  if (nVal + nTest > maxNeg) throw new InvalidInputError(`graph too dense for ${nVal + nTest} negatives`, 'linkSplit');
  const negatives = (count: number): [number, number][] => {
    const out: [number, number][] = [];
    while (out.length < count) {
      const a = randInt(rand, n);
      const b = randInt(rand, n);
      if (a === b) continue;
      const key = Math.min(a, b) * n + Math.max(a, b);
      if (taken.has(key)) continue;
      taken.add(key);
      out.push([Math.min(a, b), Math.max(a, b)]);
    }
    return out;
  };
  const evalPairs = (pos: [number, number][]): LinkPairs => ({
    pos: toPairs(pos),
    neg: toPairs(negatives(pos.length)),
  });
  const valPairs = evalPairs(valPos);
  const testPairs = evalPairs(testPos);
  const [tu, tv] = toPairs(trainPairs);
  const both = sortEdges(Int32Array.from([...tu, ...tv]), Int32Array.from([...tv, ...tu]), n);
  return { train: { src: tu, dst: tv }, messageEdges: { ...both, numNodes: n }, val: valPairs, test: testPairs };
}
