/**
 * The pruning methods through the real cell runner on Cora (gcn, smoke preset: a few epochs): the
 * sparse artefact must hold exactly the final model, which the dense checkpoint also holds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCell, trainBase } from '../../../gnn/cell';
import type { RunHooks } from '../../../gnn/cell-types';
import { pruneCount } from '../../../gnn/methods/pruning/masks';
import { loadModelState } from '../../../gnn/methods/pruning/model-state';
import { decodeSparseModel } from '../../../gnn/methods/pruning/sparse-format';
import { readModelCheckpoint } from '../../../gnn/train/checkpoint';
import { createLab } from '../../../gnn/train/create-lab';
import type { BaseSpec } from '../../../gnn/types';

const hooks: RunHooks = { signal: new AbortController().signal, onProgress: () => undefined };
const base: BaseSpec = { model: 'gcn', dataset: 'cora', task: 'node', seed: 0, preset: 'smoke' };

test('global 0.8 on gcn/cora: the sparse file equals the dense checkpoint bit for bit and evaluates the same', async () => {
  const { checkpoint } = await trainBase(base, hooks);
  const spec = { ...base, method: { name: 'global', level: 0.8 } };
  const { result, artefacts } = await runCell(spec, checkpoint, hooks);
  const sparse = decodeSparseModel(artefacts['model.sparse.bin']);
  const dense = readModelCheckpoint(artefacts['model.dense.bin']);
  const prunable = Object.keys((result.sparsity as { layers: Record<string, number> }).layers);
  let zeros = 0;
  let total = 0;
  for (const t of sparse.tensors.filter((x) => x.kind === 'param')) {
    const d = dense.params.get(t.name)!;
    assert.deepEqual(new Uint32Array(t.data.buffer), new Uint32Array(d.buffer, d.byteOffset, d.length), t.name);
    if (prunable.includes(t.name)) {
      zeros += t.data.filter((v) => v === 0).length;
      total += t.data.length;
    }
  }
  assert.ok(zeros >= pruneCount(0.8, total) && zeros <= pruneCount(0.8, total) + 2, `${zeros} zeros of ${total}`);
  const lab = await createLab(spec);
  try {
    const model = lab.createModel(123);
    loadModelState(model, sparse);
    assert.equal(lab.evaluate(model, 'test').accuracy, result.metrics.test.accuracy);
  } finally {
    lab.dispose();
  }
});
