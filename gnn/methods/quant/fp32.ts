/**
 * `fp32`: the quantisation table's baseline. It trains its own model (needsBase false) with the
 * same code path and preset as the quantised methods, so training duration and inference time are
 * measured the same way; its size is the dense FP32 checkpoint.
 */
import type { MethodSpec } from '../../types';
import { methodRegistry, type CompressionMethod } from '../types';
import { runQuantised } from './run-quant';
import { validateFp32Spec } from './validate';

export const fp32Method: CompressionMethod = methodRegistry.register('fp32', {
  name: 'fp32',
  version: '1',
  needsBase: false,
  validate: validateFp32Spec,
  run: (lab, _base, spec: MethodSpec) =>
    runQuantised(lab, spec, {
      config: lab.config,
      pack: () => null,
    }),
});
