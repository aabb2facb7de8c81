import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { mulberry32 } from '../../../gnn/data/rng';
import { Adam, clipByGlobalNorm, stepDecayLr } from '../../../gnn/train/optimizer';

test('Adam first step moves each weight by lr against the gradient sign (bias-corrected)', async () => {
  await tf.setBackend('cpu');
  const w = tf.variable(tf.tensor1d([1, -2, 3]));
  const opt = new Adam(new Map([['w', w]]));
  opt.apply(new Map([['w', tf.tensor1d([0.5, -1, 0])]]), 0.1, 0);
  const v = Array.from(w.dataSync());
  assert.ok(Math.abs(v[0] - 0.9) < 1e-5 && Math.abs(v[1] + 1.9) < 1e-5 && v[2] === 3, String(v));
  opt.dispose();
  w.dispose();
});

test('AdamW decays weights even without gradient signal; Adam L2 decays through the gradient', () => {
  const a = tf.variable(tf.tensor1d([1]));
  const b = tf.variable(tf.tensor1d([1]));
  const adamw = new Adam(new Map([['a', a]]), { kind: 'adamw' });
  const adam = new Adam(new Map([['b', b]]), { kind: 'adam' });
  adamw.apply(new Map([['a', tf.tensor1d([0])]]), 0.1, 0.5);
  adam.apply(new Map([['b', tf.tensor1d([0])]]), 0.1, 0.5);
  assert.ok(Math.abs(a.dataSync()[0] - 0.95) < 1e-6, `adamw ${a.dataSync()[0]}`);
  assert.ok(Math.abs(b.dataSync()[0] - 0.9) < 1e-5, `adam ${b.dataSync()[0]}`);
});

test('host and device placements give the same float32 bits (Adam and AdamW, with weight decay)', () => {
  const rand = mulberry32(7);
  const values = (n: number) => Float32Array.from({ length: n }, () => (rand() - 0.5) * 4);
  for (const kind of ['adam', 'adamw'] as const) {
    const init = values(257);
    const grads = Array.from({ length: 6 }, () => values(257));
    const run = (placement: 'host' | 'device') => {
      const w = tf.variable(tf.tensor1d(init));
      const opt = new Adam(new Map([['w', w]]), { kind, placement });
      grads.forEach((g, i) => opt.apply(new Map([['w', tf.tensor1d(g)]]), 0.01 / (i + 1), 3e-4));
      const out = { w: Array.from(w.dataSync()), m: Array.from(opt.getState().m.get('w')!) };
      opt.dispose();
      w.dispose();
      return out;
    };
    const host = run('host');
    const device = run('device');
    assert.deepEqual(host.w, device.w, kind);
    assert.deepEqual(host.m, device.m, kind);
    assert.notDeepEqual(host.w, Array.from(init));
  }
});

test('optimizer state round-trips through getState/setState, in both placements', () => {
  const w = tf.variable(tf.tensor1d([1, 2]));
  for (const placement of ['host', 'device'] as const) {
    const o1 = new Adam(new Map([['w', w]]), { placement });
    o1.apply(new Map([['w', tf.tensor1d([1, 1])]]), 0.01, 0);
    const s = o1.getState();
    const o2 = new Adam(new Map([['w', w]]), { placement });
    o2.setState(s);
    assert.equal(o2.step, 1);
    assert.deepEqual(Array.from(o2.getState().m.get('w')!), Array.from(s.m.get('w')!), placement);
    assert.ok(s.m.get('w')![0] !== 0, placement);
  }
});

test('global-norm clipping and step decay', () => {
  const g = clipByGlobalNorm(new Map([['a', tf.tensor1d([3, 4])]]), 1);
  const v = g.get('a')!.dataSync();
  assert.ok(Math.abs(v[0] - 0.6) < 1e-4 && Math.abs(v[1] - 0.8) < 1e-4);
  assert.equal(stepDecayLr(0.01, 49, 50, 0.5), 0.01);
  assert.equal(stepDecayLr(0.01, 50, 50, 0.5), 0.005);
  assert.equal(stepDecayLr(0.01, 120, 0, 0.5), 0.01);
});
