/**
 * Spec checks shared by the quantisation methods, run before any training so that a bad flag fails
 * in a second with a message naming the field.
 */
import { InvalidInputError } from '../../../core/errors';
import type { MethodSpec } from '../../types';
import { parseMode, MODES, type QuantMode } from './mode';

/** qat / dq: bits ∈ {4, 8} and one of the six modes, both required. */
export function validateIntSpec(spec: MethodSpec): { bits: 4 | 8; mode: QuantMode } {
  if (spec.bits === undefined) throw new InvalidInputError(`${spec.name} needs --bits 4 or 8`, 'method.bits');
  if (spec.bits !== 4 && spec.bits !== 8) {
    throw new InvalidInputError(
      `${spec.name} supports INT4 and INT8 only, got bits ${String(spec.bits)}`,
      'method.bits',
    );
  }
  if (spec.mode === undefined || spec.mode === '') {
    throw new InvalidInputError(`${spec.name} needs --mode, one of: ${MODES.join(', ')}`, 'method.mode');
  }
  return { bits: spec.bits, mode: parseMode(spec.mode) };
}

/** a2q learns its ranges and widths: a mode makes no sense; bits, when given, is the initial width. */
export function validateA2qSpec(spec: MethodSpec): { initBits: number } {
  if (spec.mode !== undefined) {
    throw new InvalidInputError(
      `a2q learns its own step sizes and bit-widths; drop --mode '${spec.mode}'`,
      'method.mode',
    );
  }
  if (spec.bits !== undefined && spec.bits !== 4 && spec.bits !== 8) {
    throw new InvalidInputError(`a2q's initial bit-width must be 4 or 8, got ${String(spec.bits)}`, 'method.bits');
  }
  return { initBits: spec.bits ?? 4 };
}

/** fp32 is the unquantised baseline: bits and mode are contradictions, not defaults. */
export function validateFp32Spec(spec: MethodSpec): void {
  if (spec.bits !== undefined) throw new InvalidInputError('fp32 is not quantised; drop --bits', 'method.bits');
  if (spec.mode !== undefined) throw new InvalidInputError('fp32 is not quantised; drop --mode', 'method.mode');
}
