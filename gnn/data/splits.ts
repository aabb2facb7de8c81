/**
 * Index splits. Every split is a pure function of (data, arguments, seed) through mulberry32, so a
 * cell's split is reproducible on any worker; returned index arrays are sorted ascending.
 */
import { InvalidInputError } from '../../core/errors';
import { mulberry32, shuffleInPlace } from './rng';
import type { IndexSplit, NodeDataset } from './types';

export type NodeSplitKind = 'public' | 'full' | 'random-public';

const sorted = (xs: number[]): Int32Array => Int32Array.from(xs).sort();

/** Node indices grouped by label, each group in ascending order. */
function byClass(labels: Int32Array): number[][] {
  const groups: number[][] = [];
  labels.forEach((c, i) => (groups[c] ??= []).push(i));
  return groups.map((g) => g ?? []);
}

/**
 * Cora node splits.
 * - `full`: the full-supervised split of SplineCNN/PyG — a seeded permutation, 500 val, 500 test, the rest train.
 * - `public`: the Planetoid public split (140/500/1,000) as reconstructed at load time (planetoid.ts);
 *   fixed, so `seed` is ignored. Thrown InvalidInputError when the data set was loaded without it.
 * - `random-public`: Planetoid-*style* — 20 train nodes per class, then 500 val and 1,000 test from the
 *   remaining nodes, seeded: the public split's sizes and class balance, for seed-variance studies.
 */
export function nodeSplit(ds: NodeDataset, kind: NodeSplitKind, seed: number): IndexSplit {
  const n = ds.numNodes;
  const rand = mulberry32(seed);
  if (kind === 'full') {
    if (n < 1001) throw new InvalidInputError(`full split needs more than 1,000 nodes, have ${n}`, 'split');
    const perm = shuffleInPlace(
      Array.from({ length: n }, (_, i) => i),
      rand,
    );
    return { val: sorted(perm.slice(0, 500)), test: sorted(perm.slice(500, 1000)), train: sorted(perm.slice(1000)) };
  }
  if (kind === 'public') {
    const s = ds.publicSplit;
    if (!s)
      throw new InvalidInputError(
        `${ds.name} was loaded without the Planetoid files; use 'random-public' or 'full'`,
        'split',
      );
    return { train: s.train.slice(), val: s.val.slice(), test: s.test.slice() };
  }
  if (kind !== 'random-public')
    throw new InvalidInputError(`unknown node split '${String(kind)}'; choose public, random-public or full`, 'split');
  const train: number[] = [];
  const rest: number[] = [];
  for (const group of byClass(ds.labels)) {
    const g = shuffleInPlace(group.slice(), rand);
    if (g.length < 20) throw new InvalidInputError(`a class has ${g.length} nodes, fewer than 20`, 'split');
    train.push(...g.slice(0, 20));
    rest.push(...g.slice(20));
  }
  rest.sort((a, b) => a - b);
  shuffleInPlace(rest, rand);
  return { train: sorted(train), val: sorted(rest.slice(0, 500)), test: sorted(rest.slice(500, 1500)) };
}

function checkFractions(fr: readonly number[]): void {
  const sum = fr.reduce((a, b) => a + b, 0);
  if (fr.some((f) => f < 0) || Math.abs(sum - 1) > 1e-6)
    throw new InvalidInputError(`fractions ${fr.join('/')} must be ≥ 0 and sum to 1`, 'split');
}

/**
 * Stratified random split: within each class, a seeded shuffle; round(n_c·val) to val, round(n_c·test)
 * to test, the rest to train. Class proportions in each part match the whole to within one item per class.
 */
export function stratifiedSplit(labels: Int32Array, fractions: [number, number, number], seed: number): IndexSplit {
  checkFractions(fractions);
  const rand = mulberry32(seed);
  const out = { train: [] as number[], val: [] as number[], test: [] as number[] };
  for (const group of byClass(labels)) {
    const g = shuffleInPlace(group.slice(), rand);
    const nVal = Math.round(g.length * fractions[1]);
    const nTest = Math.min(g.length - nVal, Math.round(g.length * fractions[2]));
    out.val.push(...g.slice(0, nVal));
    out.test.push(...g.slice(nVal, nVal + nTest));
    out.train.push(...g.slice(nVal + nTest));
  }
  return { train: sorted(out.train), val: sorted(out.val), test: sorted(out.test) };
}

export interface Fold {
  train: Int32Array;
  val?: Int32Array;
  test: Int32Array;
}

/**
 * Stratified k-fold: each class is shuffled (seeded) and dealt round-robin into k folds, continuing the
 * deal across classes so fold sizes differ by at most one. Fold i is the test set; with `withVal`
 * (default true) fold (i+1) mod k is the validation set — stratified too, and every graph is in
 * exactly one test fold and one val fold — and the other k−2 folds train.
 */
export function stratifiedKFold(labels: Int32Array, k: number, seed: number, withVal = true): Fold[] {
  if (!Number.isInteger(k) || k < (withVal ? 3 : 2))
    throw new InvalidInputError(`k must be an integer ≥ ${withVal ? 3 : 2}, got ${k}`, 'folds');
  if (k > labels.length) throw new InvalidInputError(`k = ${k} exceeds ${labels.length} items`, 'folds');
  const rand = mulberry32(seed);
  const foldOf = new Int32Array(labels.length);
  let deal = 0;
  for (const group of byClass(labels)) {
    for (const i of shuffleInPlace(group.slice(), rand)) foldOf[i] = deal++ % k;
  }
  const folds: Fold[] = [];
  for (let f = 0; f < k; f++) {
    const v = (f + 1) % k;
    const train: number[] = [];
    const val: number[] = [];
    const test: number[] = [];
    foldOf.forEach((g, i) => (g === f ? test : withVal && g === v ? val : train).push(i));
    folds.push(
      withVal
        ? { train: sorted(train), val: sorted(val), test: sorted(test) }
        : { train: sorted(train), test: sorted(test) },
    );
  }
  return folds;
}
