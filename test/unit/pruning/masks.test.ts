import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  countZeros,
  globalMagnitudeMasks,
  layerwiseMagnitudeMasks,
  pruneCount,
} from '../../../gnn/methods/pruning/masks';
import { roundHalfEven } from '../../../core/numbers';

function seeded(n: number, seed: number, scale = 1): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return (s / 2 ** 31 - 0.5) * scale;
  });
}

const values = new Map([
  ['a', seeded(1433 * 16, 1, 0.1)],
  ['b', seeded(16 * 7, 2, 2)],
  ['c', seeded(37, 3, 1)],
]);
const names = ['a', 'b', 'c'];
const total = 1433 * 16 + 16 * 7 + 37;

test('roundHalfEven rounds like Python (torch prune uses round(amount * n))', () => {
  assert.deepEqual([0.5, 1.5, 2.5, 3.5, 2.4, 2.6, -0.5].map(roundHalfEven), [0, 2, 2, 4, 2, 3, -0]);
  assert.equal(pruneCount(0.5, 37), 18);
  assert.equal(pruneCount(0.3, 10), 3);
});

test('global prunes exactly round(p·N) weights over all tensors, unevenly per layer', () => {
  for (const p of [0, 0.1, 0.5, 0.9]) {
    const masks = globalMagnitudeMasks(values, names, p);
    const zeros = names.reduce((s, n) => s + countZeros(masks.get(n)!), 0);
    assert.equal(zeros, pruneCount(p, total), `p=${p}`);
  }
  const masks = globalMagnitudeMasks(values, names, 0.5);
  // tensor a has magnitudes ≤ 0.05, tensor b up to 1: one threshold prunes a far more than b
  assert.ok(countZeros(masks.get('a')!) / (1433 * 16) > 0.5);
  assert.ok(countZeros(masks.get('b')!) / (16 * 7) < 0.1);
});

test('global keeps every weight larger than every pruned one', () => {
  const masks = globalMagnitudeMasks(values, names, 0.7);
  let maxPruned = 0;
  let minKept = Infinity;
  for (const n of names) {
    const a = values.get(n)!;
    masks.get(n)!.forEach((m, i) => {
      if (m === 0) maxPruned = Math.max(maxPruned, Math.abs(a[i]));
      else minKept = Math.min(minKept, Math.abs(a[i]));
    });
  }
  assert.ok(maxPruned <= minKept);
});

test('finegrained hits the level in every tensor to within one element', () => {
  for (const p of [0.1, 0.25, 0.5, 0.8, 0.9]) {
    const masks = layerwiseMagnitudeMasks(values, names, p);
    for (const n of names) {
      const len = values.get(n)!.length;
      assert.ok(Math.abs(countZeros(masks.get(n)!) - p * len) <= 1, `${n} at p=${p}`);
    }
  }
});

test('finegrained prunes the smallest magnitudes and never a NaN', () => {
  const v = new Map([['t', Float32Array.from([3, -0.5, NaN, 0.1, -2, 0])]]);
  const mask = layerwiseMagnitudeMasks(v, ['t'], 0.5).get('t')!;
  assert.deepEqual([...mask], [1, 0, 1, 0, 1, 0]);
  const five = layerwiseMagnitudeMasks(v, ['t'], 0.8).get('t')!;
  assert.deepEqual([...five], [0, 0, 1, 0, 0, 0]);
});

test('iterative pruning keeps earlier pruned weights pruned even when they grew back', () => {
  const first = layerwiseMagnitudeMasks(
    new Map([['t', Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])]]),
    ['t'],
    0.2,
  );
  assert.deepEqual([...first.get('t')!], [0, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
  // weights 0 and 1 are now the largest, but stay pruned; two more survivors go
  const grown = new Map([['t', Float32Array.from([100, 100, 3, 4, 5, 6, 7, 8, 9, 10])]]);
  const second = layerwiseMagnitudeMasks(grown, ['t'], 0.4, first);
  assert.deepEqual([...second.get('t')!], [0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
});
