import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMode, MODES } from '../../../gnn/methods/quant/mode';
import { mulberry32 } from '../../../gnn/data/rng';
import { RangeObserver, percentileRange } from '../../../gnn/methods/quant/observer';
import {
  computeQParams,
  dequantizeValue,
  intRange,
  quantizeValue,
  SCALE_EPS,
} from '../../../gnn/methods/quant/qparams';
import { InvalidInputError } from '../../../core/errors';

const close = (a: number, b: number, tol = 1e-6): void => assert.ok(Math.abs(a - b) <= tol, `${a} ≠ ${b}`);

test('integer ranges: signed and unsigned INT4/INT8', () => {
  assert.deepEqual(intRange(8, true), { qmin: -128, qmax: 127 });
  assert.deepEqual(intRange(8, false), { qmin: 0, qmax: 255 });
  assert.deepEqual(intRange(4, true), { qmin: -8, qmax: 7 });
  assert.deepEqual(intRange(4, false), { qmin: 0, qmax: 15 });
});

test('INT8 signed affine parameters for [-1, 3]', () => {
  const p = computeQParams(-1, 3, 8, true);
  close(p.scale, 4 / 255); // (3 − (−1)) / (127 − (−128))
  assert.equal(p.zeroPoint, -64); // −128 − round(−1 / (4/255)) = −128 − round(−63.75)
  const q = quantizeValue(1, p); // round(63.75 − 64) = 0
  assert.equal(q, 0);
  close(dequantizeValue(q, p), 64 * (4 / 255));
});

test('range is extended to include 0 and values beyond it clamp', () => {
  const p = computeQParams(0.5, 2, 4, false); // → [0, 2]
  close(p.scale, 2 / 15);
  assert.equal(p.zeroPoint, 0);
  assert.equal(quantizeValue(0.7, p), 5); // round(5.25)
  assert.equal(quantizeValue(3, p), 15); // round(22.5) clamps at 15
  close(dequantizeValue(15, p), 2);
  const neg = computeQParams(-3, -1, 4, true); // → [−3, 0]
  close(neg.scale, 3 / 15);
  assert.equal(neg.zeroPoint, 7); // −8 − round(−15) = 7
});

test('constant tensor: scale falls back to ε', () => {
  const p = computeQParams(0, 0, 8, true);
  assert.equal(p.scale, SCALE_EPS);
  assert.equal(p.zeroPoint, -128); // clamp(−128 − round(0/ε)): 0 maps to q_min and back to exactly 0
  assert.equal(dequantizeValue(quantizeValue(0, p), p), 0);
});

test('abs observer keeps running min/max', () => {
  const o = new RangeObserver('abs');
  o.observe(Float32Array.from([1, 2, -1]));
  assert.deepEqual(o.range, { min: -1, max: 2 });
  o.observe(Float32Array.from([0, 5]));
  assert.deepEqual(o.range, { min: -1, max: 5 });
});

test('mom observer: EMA with momentum 0.01 after the first batch', () => {
  const o = new RangeObserver('mom');
  o.observe(Float32Array.from([1, 2, -1]));
  o.observe(Float32Array.from([0, 5]));
  close(o.range!.min, -1 + 0.01 * (0 - -1)); // −0.99
  close(o.range!.max, 2 + 0.01 * (5 - 2)); // 2.03
});

test('per observer: k = ⌊n·p⌋ and ⌊n·(1−p)⌋ percentiles folded into running min/max', () => {
  const values = Float32Array.from({ length: 1000 }, (_, i) => 1000 - i); // 1..1000 shuffled order
  assert.deepEqual(percentileRange(values, 0.01), { min: 10, max: 990 });
  assert.deepEqual(percentileRange(values, 0.001), { min: 1, max: 999 });
  const o = new RangeObserver('per', 0.01);
  o.observe(values);
  o.observe(Float32Array.from({ length: 1000 }, (_, i) => i - 500)); // −500..499 → [−491, 489]
  assert.deepEqual(o.range, { min: -491, max: 990 });
});

test('per percentiles are exact on large tensors (sorting reference) and see every column', () => {
  const rand = mulberry32(3);
  for (const [n, p] of [
    [5, 0.01],
    [4096, 0.01],
    [20000, 0.001],
    [320000, 0.001],
  ] as const) {
    const values = Float32Array.from({ length: n }, () => (rand() - 0.5) * 10);
    const sorted = Float32Array.from(values).sort();
    const at = (k: number) => sorted[Math.min(n, Math.max(1, k)) - 1]!;
    assert.deepEqual(
      percentileRange(values, p),
      { min: at(Math.floor(n * p)), max: at(Math.floor(n * (1 - p))) },
      `n ${n}`,
    );
  }
  // the sampled-threshold path (n ≥ 16,384) on orders and shapes a sample could misjudge
  const n = 40000;
  const shapes: [string, (i: number) => number][] = [
    ['ascending', (i) => i],
    ['descending', (i) => -i],
    ['all equal', () => 3],
    ['mostly zeros (one-hot)', (i) => (i % 97 === 0 ? 1 : 0)],
    ['heavy tail', () => 1 / (rand() + 1e-6)],
    ['NaNs', (i) => (i % 5 === 0 ? NaN : rand())],
  ];
  for (const [name, f] of shapes)
    for (const p of [0.001, 0.01]) {
      const values = Float32Array.from({ length: n }, (_, i) => f(i));
      const sorted = Float32Array.from(values.filter((v) => v === v)).sort();
      const at = (k: number) => sorted[Math.min(sorted.length, Math.max(1, k)) - 1]!;
      // kthvalue skips NaNs here, with k from the full length as Degree-Quant computes it
      const topRank = n - Math.min(n, Math.max(1, Math.floor(n * (1 - p)))) + 1;
      const want = { min: at(Math.floor(n * p)), max: sorted[sorted.length - topRank]! };
      assert.deepEqual(percentileRange(values, p), want, `${name} p ${p}`);
    }
  // [5000, 64] with one column 100× larger: its values are ~1.6 % of all, beyond the 0.1 % cut
  const rows = 5000;
  const x = Float32Array.from({ length: rows * 64 }, (_, i) => (i % 64 === 5 ? 100 : 1) * rand());
  assert.ok(percentileRange(x, 0.001).max > 90, `max ${percentileRange(x, 0.001).max}`);
});

test('modes: the six combinations parse, others are rejected', () => {
  assert.equal(MODES.length, 6);
  assert.deepEqual(parseMode('gc-per'), { backward: 'gc', observer: 'per' });
  assert.deepEqual(parseMode('ste-mom'), { backward: 'ste', observer: 'mom' });
  for (const bad of ['ste', 'gc-max', 'foo-abs', 'ste-abs-x', ''])
    assert.throws(() => parseMode(bad), InvalidInputError);
});
