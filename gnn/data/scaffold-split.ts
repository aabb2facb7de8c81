/**
 * Scaffold split for molecular data sets. Without a seed it is OGB/DeepChem's deterministic split:
 * scaffold groups sorted by size (ties: smaller first index first), each group goes to train while train
 * stays ≤ frac_train·n, else to valid while train+valid ≤ (frac_train+frac_valid)·n, else to test.
 * With a seed it is chemprop's "balanced" scaffold split: groups larger than half the valid or test
 * size go first (so big scaffolds land in train), the rest in seeded random order, same filling rule.
 */
import { InvalidInputError } from '../../core/errors';
import { mulberry32, shuffleInPlace } from './rng';
import type { GraphDataset, IndexSplit } from './types';

/** Graph indices grouped by scaffold, in order of first appearance. */
export function scaffoldGroups(ds: GraphDataset): number[][] {
  const groups = new Map<string, number[]>();
  ds.graphs.forEach((g, i) => {
    if (g.scaffold === undefined)
      throw new InvalidInputError(`${ds.name} graph ${i} has no scaffold; scaffold split needs molecules`, 'split');
    const list = groups.get(g.scaffold);
    if (list) list.push(i);
    else groups.set(g.scaffold, [i]);
  });
  return [...groups.values()];
}

export function scaffoldSplit(
  ds: GraphDataset,
  fractions: [number, number, number] = [0.8, 0.1, 0.1],
  seed?: number,
): IndexSplit {
  const sum = fractions.reduce((a, b) => a + b, 0);
  if (fractions.some((f) => f < 0) || Math.abs(sum - 1) > 1e-6)
    throw new InvalidInputError(`fractions ${fractions.join('/')} must be ≥ 0 and sum to 1`, 'split');
  const n = ds.graphs.length;
  let groups = scaffoldGroups(ds);
  if (seed === undefined) {
    groups.sort((a, b) => b.length - a.length || a[0] - b[0]);
  } else {
    const big = (g: number[]) => g.length > (fractions[1] * n) / 2 || g.length > (fractions[2] * n) / 2;
    const large = groups.filter(big);
    const small = groups.filter((g) => !big(g));
    const rand = mulberry32(seed);
    groups = [...shuffleInPlace(large, rand), ...shuffleInPlace(small, rand)];
  }
  const trainCut = fractions[0] * n;
  const validCut = (fractions[0] + fractions[1]) * n;
  const train: number[] = [];
  const val: number[] = [];
  const test: number[] = [];
  for (const g of groups) {
    if (train.length + g.length <= trainCut) train.push(...g);
    else if (train.length + val.length + g.length <= validCut) val.push(...g);
    else test.push(...g);
  }
  const sorted = (xs: number[]) => Int32Array.from(xs).sort();
  return { train: sorted(train), val: sorted(val), test: sorted(test) };
}
