/**
 * `qat` and `dq`: fixed-width INT4/INT8 quantisation-aware training, trained from scratch.
 * Degree-Quant prescribes its optimiser (INT8 lr 0.005, wd 2e-4; INT4 lr 0.001, wd 4e-5) and
 * overrides the preset with it; QAT keeps the preset's lr and weight decay.
 */
import type { MethodSpec } from '../../types';
import { methodRegistry, type CompressionMethod, type Lab, type MethodOutcome } from '../types';
import { defaultProtect } from './dq-protect';
import { createIntHooks } from './int-hooks';
import { packIntModel } from './model-pack';
import { runQuantised, withOptimiser } from './run-quant';
import { validateIntSpec } from './validate';

/** Degree-Quant's published optimiser settings per width. */
export const DQ_OPTIMISER = { 8: { lr: 0.005, weightDecay: 2e-4 }, 4: { lr: 0.001, weightDecay: 4e-5 } } as const;

function intMethod(name: 'qat' | 'dq'): CompressionMethod {
  return {
    name,
    version: '1',
    needsBase: false,
    validate: (spec: MethodSpec) => void validateIntSpec(spec),
    async run(lab: Lab, _base, spec: MethodSpec): Promise<MethodOutcome> {
      const { bits, mode } = validateIntSpec(spec);
      const dq = name === 'dq';
      const hooks = createIntHooks({
        bits,
        mode,
        seed: lab.spec.seed,
        ...(dq ? { protect: defaultProtect(bits) } : {}),
      });
      const opt = dq ? DQ_OPTIMISER[bits] : undefined;
      return runQuantised(lab, spec, {
        hooks,
        config: withOptimiser(lab.config, opt?.lr, opt?.weightDecay),
        pack: (model) => packIntModel(model, hooks),
        extraFields: () =>
          dq ? { dq: { ...defaultProtect(bits), protectedFraction: hooks.protectedFraction() } } : {},
      });
    },
  };
}

export const qatMethod = methodRegistry.register('qat', intMethod('qat'));
export const dqMethod = methodRegistry.register('dq', intMethod('dq'));
