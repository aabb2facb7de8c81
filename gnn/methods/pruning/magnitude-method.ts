/**
 * The prune → evaluate → fine-tune (masks fixed) → evaluate pipeline shared by `global` and
 * `finegrained`; they differ only in how the mask is chosen.
 */
import { InvalidInputError } from '../../../core/errors';
import type { GnnModel, MethodSpec, SplitMetrics } from '../../types';
import type { CompressionMethod, Lab, MethodOutcome } from '../types';
import { MaskApplier, type MaskSet } from './masks';
import { cloneModel, measureModel } from './measure-model';
import { readValues } from './model-state';
import { rejectQuantizationFields, requireName, requireSparsity } from './validate';

/** Chooses which weights to prune at sparsity `p` from the trained values of the prunable tensors. */
export type MaskChooser = (values: Map<string, Float32Array>, names: string[], p: number) => MaskSet;

interface FineTuneResult {
  metrics: { val: SplitMetrics; test: SplitMetrics };
  epochs: number;
  diverged: boolean;
  durationMs: number;
}

/** Fine-tune with the preset's training config; the mask is re-applied after every optimiser step. */
async function fineTune(lab: Lab, model: GnnModel, masks: MaskApplier): Promise<FineTuneResult> {
  const outcome = await lab.train(model, {
    config: lab.config,
    afterStep: (m) => masks.apply(m),
    phase: 'finetune',
    resumable: true,
  });
  // Belt and braces: whatever the trainer restores at the end (best epoch), pruned stays zero.
  masks.apply(model);
  return {
    metrics: { val: lab.evaluate(model, 'val'), test: lab.evaluate(model, 'test') },
    epochs: outcome.epochs,
    diverged: outcome.diverged,
    durationMs: outcome.durationMs,
  };
}

async function runMagnitude(
  lab: Lab,
  base: GnnModel | null,
  spec: MethodSpec,
  choose: MaskChooser,
): Promise<MethodOutcome> {
  if (base === null)
    throw new InvalidInputError(`method '${spec.name}' starts from the trained base model; none given`, 'base');
  const p = requireSparsity(spec);
  const model = cloneModel(lab, base);
  lab.progress({ phase: 'prune', epoch: 0, epochs: 0 });
  const started = performance.now();
  const masks = new MaskApplier(choose(readValues(model, model.prunable), model.prunable, p), model);
  masks.apply(model);
  const pruneMs = performance.now() - started;
  try {
    lab.progress({ phase: 'evaluate', epoch: 0, epochs: 0 });
    const pruned = { val: lab.evaluate(model, 'val'), test: lab.evaluate(model, 'test') };
    const tuned = spec.finetune === false ? null : await fineTune(lab, model, masks);
    lab.progress({ phase: 'infer', epoch: 0, epochs: 0 });
    const m = measureModel(lab, model);
    const final = tuned?.metrics ?? pruned;
    return {
      fields: {
        method: spec.name,
        level: p,
        finetune: tuned !== null,
        epochs: tuned?.epochs ?? 0,
        diverged: tuned?.diverged ?? false,
        sparsity: m.sparsity,
        nonzero: m.nonzero,
        size: m.size,
        metrics: {
          pruned: pruned.test,
          prunedVal: pruned.val,
          ...(tuned ? { finetuned: tuned.metrics.test, finetunedVal: tuned.metrics.val } : {}),
          val: final.val,
          test: final.test,
        },
        inferenceMs: m.inferenceMs,
        durations: { pruneMs, finetuneMs: tuned?.durationMs ?? 0 },
      },
      artefacts: m.artefacts,
    };
  } finally {
    masks.dispose();
  }
}

/** A pruning method of the magnitude family. @param version bump when its numbers change */
export function magnitudeMethod(name: string, version: string, choose: MaskChooser): CompressionMethod {
  return {
    name,
    version,
    needsBase: true,
    validate(spec) {
      requireName(spec, name);
      requireSparsity(spec);
      rejectQuantizationFields(spec);
    },
    run: (lab, base, spec) => runMagnitude(lab, base, spec, choose),
  };
}
