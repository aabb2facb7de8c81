/**
 * `none`: the trained base model evaluated unchanged — the uncompressed reference row of every table
 * (FP32 *as a quantization baseline* is the quantization room's `fp32`).
 */
import { InvalidInputError } from '../../core/errors';
import type { MethodSpec } from '../types';
import { methodRegistry, type CompressionMethod } from './types';

function validate(spec: MethodSpec): void {
  for (const f of ['level', 'bits', 'mode'] as const) {
    if (spec[f] !== undefined) throw new InvalidInputError(`method 'none' takes no ${f}`, `method.${f}`);
  }
}

export const noneMethod: CompressionMethod = methodRegistry.register('none', {
  name: 'none',
  version: '1',
  needsBase: true,
  validate,
  async run(lab, base) {
    if (!base) throw new InvalidInputError("method 'none' needs the trained base model", 'base');
    lab.progress({ phase: 'evaluate', epoch: 0, epochs: 0 });
    const metrics = { val: lab.evaluate(base, 'val'), test: lab.evaluate(base, 'test') };
    lab.progress({ phase: 'infer', epoch: 0, epochs: 0 });
    const inferenceMs = lab.inferenceMs(base);
    return { fields: { metrics, inferenceMs, size: { denseBytes: lab.denseBytes(base).byteLength } } };
  },
});
