/**
 * What every pruning-family cell reports about its final model: actual sparsity per layer and
 * overall, non-zero counts, the dense and sparse files with their sizes, and inference time.
 */
import { sizeReport, valuesOnlyBytes, type SizeReport } from '../../measure/model-size';
import { measureSparsity, type NonZeroReport, type SparsityReport } from '../../measure/sparsity';
import type { GnnModel } from '../../types';
import type { Lab } from '../types';
import { readModelState, readValues } from './model-state';
import { encodeSparseModel } from './sparse-format';
import { TensorMismatchError } from './errors';

export interface ModelMeasurement {
  sparsity: SparsityReport;
  nonzero: NonZeroReport;
  size: SizeReport & { valuesOnlyBytes: number; valuesOnlyRatio: number };
  inferenceMs: { mean: number; std: number };
  artefacts: { 'model.sparse.bin': Uint8Array; 'model.dense.bin': Uint8Array };
}

/** Copy `base` into a fresh model of the lab, so that a cached base model is never pruned in place. */
export function cloneModel(lab: Lab, base: GnnModel): GnnModel {
  const model = lab.createModel();
  for (const [from, to] of [
    [base.params, model.params],
    [base.buffers, model.buffers],
  ] as const) {
    for (const [name, v] of from) {
      const target = to.get(name);
      if (target === undefined) throw new TensorMismatchError(name, `fresh '${model.modelName}' lacks it`);
      target.assign(v);
    }
  }
  return model;
}

/**
 * Sparsity is measured over `model.prunable` (what pruning may touch); the files hold everything.
 * @param threshold magnitude counted as zero @default 0 (exact zeros; L2 passes a near-zero threshold separately)
 */
export function measureModel(lab: Lab, model: GnnModel, threshold = 0): ModelMeasurement {
  const { sparsity, nonzero } = measureSparsity(readValues(model, model.prunable), model.prunable, threshold);
  const dense = lab.denseBytes(model);
  const sparse = encodeSparseModel(readModelState(model));
  const size = sizeReport(dense, sparse);
  const all = measureSparsity(readValues(model), [...model.params.keys()]).nonzero;
  const perTensor = Object.entries(all.layers).map(([name, nonzero]) => ({
    nonzero,
    elements: model.params.get(name)!.size,
  }));
  const literal = valuesOnlyBytes(dense.byteLength, perTensor);
  return {
    sparsity,
    nonzero,
    size: { ...size, valuesOnlyBytes: literal, valuesOnlyRatio: dense.byteLength / literal },
    inferenceMs: lab.inferenceMs(model),
    artefacts: { 'model.sparse.bin': sparse, 'model.dense.bin': dense },
  };
}
