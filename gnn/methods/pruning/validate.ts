/**
 * Spec checks shared by the pruning methods, run before any training so that a bad sweep entry
 * fails at once with a message naming the field (InvalidInputError is never retried).
 */
import { InvalidInputError } from '../../../core/errors';
import type { MethodSpec } from '../../types';
import { methodRegistry } from '../types';

/** `level` must be a sparsity in [0, 1): 1 would remove every weight. */
export function requireSparsity(spec: MethodSpec): number {
  const p = spec.level;
  if (p === undefined)
    throw new InvalidInputError(`method '${spec.name}' needs a sparsity level in [0, 1)`, 'method.level');
  if (typeof p !== 'number' || !Number.isFinite(p) || p < 0 || p >= 1) {
    throw new InvalidInputError(`sparsity must be a number in [0, 1), got ${String(p)}`, 'method.level');
  }
  return p;
}

/** Quantization fields on a pruning method would change the cell's hash without changing its numbers. */
export function rejectQuantizationFields(spec: MethodSpec): void {
  for (const field of ['bits', 'mode'] as const) {
    if (spec[field] !== undefined) {
      throw new InvalidInputError(`'${field}' does not apply to method '${spec.name}'`, `method.${field}`);
    }
  }
}

/** Thrown by a method handed a spec for another method: a wiring bug upstream, reported as input. */
export function requireName(spec: MethodSpec, name: string): void {
  if (spec.name !== name) throw new InvalidInputError(`method '${spec.name}' given to '${name}'`, 'method.name');
}

/**
 * Resolve and validate a method spec: an unknown name becomes an InvalidInputError listing the
 * registered methods, then the method checks its own fields.
 */
export function validateMethodSpec(spec: MethodSpec): void {
  if (!methodRegistry.has(spec.name)) {
    const choices = methodRegistry.names().join(', ') || '(none registered)';
    throw new InvalidInputError(`unknown method '${spec.name}'; choose one of: ${choices}`, 'method.name');
  }
  methodRegistry.get(spec.name).validate(spec);
}
