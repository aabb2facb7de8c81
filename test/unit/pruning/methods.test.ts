import { test } from 'node:test';
import assert from 'node:assert/strict';
import '../../../gnn/methods/pruning';
import { methodRegistry, type MethodOutcome } from '../../../gnn/methods/types';
import { decodeSparseModel } from '../../../gnn/methods/pruning/sparse-format';
import { pruneCount } from '../../../gnn/methods/pruning/masks';
import type { GnnModel } from '../../../gnn/types';
import { FakeLab } from './fake-lab';

interface Fields {
  sparsity: { overall: number; layers: Record<string, number> };
  nonzero: { total: number; elements: number; layers: Record<string, number> };
  size: { denseBytes: number; sparseBytes: number; ratio: number };
  metrics: Record<string, { accuracy: number }>;
  durations: { pruneMs: number; finetuneMs: number };
  inferenceMs: { mean: number; std: number };
}

async function trainedBase(lab: FakeLab): Promise<GnnModel> {
  const base = lab.createModel();
  await lab.train(base, { config: lab.config });
  return base;
}

function weightsOf(outcome: MethodOutcome): Map<string, Float32Array> {
  const state = decodeSparseModel(outcome.artefacts!['model.sparse.bin']);
  return new Map(state.tensors.map((t) => [t.name, t.data as Float32Array]));
}

function baseValues(base: GnnModel, name: string): Float32Array {
  return base.params.get(name)!.dataSync() as Float32Array;
}

test('global: pruned weights are exactly zero after fine-tuning, overall sparsity is the level', async () => {
  const lab = new FakeLab();
  const base = await trainedBase(lab);
  const before = new Map(base.prunable.map((n) => [n, Float32Array.from(baseValues(base, n))]));
  const outcome = await methodRegistry.get('global').run(lab, base, { name: 'global', level: 0.7 });
  const f = outcome.fields as unknown as Fields;
  const total = f.nonzero.elements;
  assert.equal(total - f.nonzero.total, pruneCount(0.7, total));
  assert.ok(Math.abs(f.sparsity.overall - 0.7) <= 1 / total);
  const after = weightsOf(outcome);
  // the pruned set is the one chosen on the base weights: the global 70 % smallest |w|
  const all = [...before.values()].flatMap((a) => [...a].map(Math.abs)).sort((a, b) => a - b);
  const threshold = all[pruneCount(0.7, total) - 1];
  for (const [name, b] of before) {
    after.get(name)!.forEach((w, i) => {
      if (Math.abs(b[i]) < threshold) assert.equal(w, 0, `${name}[${i}] should stay pruned`);
    });
  }
  assert.deepEqual(
    base.params.get('lin1.weight')!.dataSync(),
    before.get('lin1.weight'),
    'the base model is not pruned in place',
  );
  assert.ok(lab.phases.includes('finetune'));
  assert.ok(f.metrics.finetuned.accuracy >= 0 && f.metrics.test === f.metrics.finetuned);
  assert.ok(f.durations.finetuneMs > 0 && f.inferenceMs.mean > 0);
});

test('finegrained: every prunable tensor at the level to within one element, after fine-tuning', async () => {
  const lab = new FakeLab();
  const base = await trainedBase(lab);
  for (const p of [0.3, 0.9]) {
    const outcome = await methodRegistry.get('finegrained').run(lab, base, { name: 'finegrained', level: p });
    const after = weightsOf(outcome);
    for (const name of base.prunable) {
      const w = after.get(name)!;
      const zeros = w.filter((v) => v === 0).length;
      assert.ok(Math.abs(zeros - p * w.length) <= 1, `${name}: ${zeros} zeros of ${w.length} at ${p}`);
    }
  }
});

test('the sparse artefact decodes to the final model, and is smaller than the dense one at 0.9', async () => {
  const lab = new FakeLab();
  const base = await trainedBase(lab);
  const outcome = await methodRegistry.get('global').run(lab, base, { name: 'global', level: 0.9, finetune: false });
  const f = outcome.fields as unknown as Fields;
  assert.equal(f.size.sparseBytes, outcome.artefacts!['model.sparse.bin'].length);
  assert.equal(f.size.denseBytes, outcome.artefacts!['model.dense.bin'].length);
  // 360 weights: the JSON header weighs as much as the values, so the ratio stays far below 9×
  assert.ok(f.size.ratio > 1.2 && f.size.sparseBytes < f.size.denseBytes, `ratio ${f.size.ratio}`);
  assert.equal(f.metrics.finetuned, undefined);
  assert.equal(f.metrics.test, f.metrics.pruned);
  const weights = weightsOf(outcome);
  const state = decodeSparseModel(outcome.artefacts!['model.sparse.bin']);
  assert.deepEqual(state.config, base.config);
  assert.equal(state.tensors.find((t) => t.kind === 'buffer')?.name, 'steps');
  // biases are not prunable: they come back exactly as the base had them (no fine-tuning here)
  assert.deepEqual(weights.get('lin1.bias'), Float32Array.from(baseValues(base, 'lin1.bias')));
});

test('level 0 changes nothing', async () => {
  const lab = new FakeLab();
  const base = await trainedBase(lab);
  const outcome = await methodRegistry
    .get('finegrained')
    .run(lab, base, { name: 'finegrained', level: 0, finetune: false });
  const f = outcome.fields as unknown as Fields;
  assert.equal(f.sparsity.overall, 0);
  assert.deepEqual(weightsOf(outcome).get('lin1.weight'), Float32Array.from(baseValues(base, 'lin1.weight')));
});
