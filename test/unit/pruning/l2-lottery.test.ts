import { test } from 'node:test';
import assert from 'node:assert/strict';
import '../../../gnn/methods/pruning';
import { methodRegistry } from '../../../gnn/methods/types';
import { decodeSparseModel } from '../../../gnn/methods/pruning/sparse-format';
import { pruneCount } from '../../../gnn/methods/pruning/masks';
import { FakeLab, fakeConfig, makeModel } from './fake-lab';

interface L2Fields {
  diverged: boolean;
  lambda: number;
  nearZero: { threshold: number; overall: number };
  sparsity: { overall: number };
  metrics: { test: { accuracy: number } };
}

test('l2: a larger λ drives more weights to near zero, and prunes none', async () => {
  const lab = new FakeLab();
  const run = async (level: number) =>
    (await methodRegistry.get('l2').run(lab, null, { name: 'l2', level })).fields as unknown as L2Fields;
  const none = await run(0);
  const strong = await run(1);
  assert.equal(none.diverged, false);
  assert.ok(
    strong.nearZero.overall > none.nearZero.overall + 0.1,
    `${strong.nearZero.overall} vs ${none.nearZero.overall}`,
  );
  assert.equal(none.sparsity.overall, 0);
  assert.ok(none.metrics.test.accuracy > 0.6, `unregularised accuracy ${none.metrics.test.accuracy}`);
});

test('l2: a diverging rate is a result with diverged: true, not a crash', async () => {
  const lab = new FakeLab(fakeConfig({ lr: 0.1, epochs: 30 }), true);
  const outcome = await methodRegistry.get('l2').run(lab, null, { name: 'l2', level: 1e6 });
  const f = outcome.fields as unknown as L2Fields;
  assert.equal(f.diverged, true);
  assert.equal(f.lambda, 1e6);
  assert.ok(outcome.artefacts?.['model.sparse.bin'].length);
});

interface LotteryFields {
  rounds: number;
  curve: Array<{ round: number; sparsity: number; ticket: { test: { accuracy: number } }; random: unknown }>;
  metrics: { dense: unknown; ticket: unknown; random: unknown; test: unknown };
  ticketMinusRandom: number;
  sparsity: { layers: Record<string, number> };
}

test('lottery: both curves per round, final mask at the level per layer', async () => {
  const lab = new FakeLab(fakeConfig({ epochs: 20 }));
  const outcome = await methodRegistry.get('lottery').run(lab, null, { name: 'lottery', level: 0.64, rounds: 2 });
  const f = outcome.fields as unknown as LotteryFields;
  assert.equal(f.rounds, 2);
  assert.deepEqual(
    f.curve.map((r) => r.round),
    [0, 1, 2],
  );
  assert.equal(f.curve[0].random, null);
  assert.ok(f.curve[1].random !== null && f.curve[2].random !== null);
  assert.equal(f.metrics.test, f.metrics.ticket);
  assert.equal(typeof f.ticketMinusRandom, 'number');
  const state = decodeSparseModel(outcome.artefacts!['model.sparse.bin']);
  for (const name of ['lin1.weight', 'lin2.weight']) {
    const w = state.tensors.find((t) => t.name === name)!.data;
    assert.equal(w.filter((v) => v === 0).length, pruneCount(0.64, w.length), name);
  }
  assert.deepEqual(
    lab.phases.filter((p) => p.startsWith('lottery')),
    ['lottery-ticket-1', 'lottery-random-1', 'lottery-ticket-2', 'lottery-random-2'],
  );
});

test('lottery: survivors are rewound to θ₀ (with no retraining the ticket is θ₀ ⊙ mask)', async () => {
  const lab = new FakeLab(fakeConfig({ epochs: 0 }));
  const outcome = await methodRegistry.get('lottery').run(lab, null, { name: 'lottery', level: 0.5, rounds: 1 });
  const theta0 = makeModel(lab.spec.seed).params.get('lin1.weight')!.dataSync();
  const w = decodeSparseModel(outcome.artefacts!['model.sparse.bin']).tensors.find(
    (t) => t.name === 'lin1.weight',
  )!.data;
  let kept = 0;
  w.forEach((v, i) => {
    if (v !== 0) {
      kept++;
      assert.equal(v, theta0[i]);
    }
  });
  assert.equal(kept, w.length - pruneCount(0.5, w.length));
});
