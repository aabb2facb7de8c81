/**
 * Quantisation modes: how ranges are observed (abs | mom | per) and how gradients pass the rounding
 * (ste | gc). The six published configurations are `<backward>-<observer>`.
 */
import { InvalidInputError } from '../../../core/errors';

export const OBSERVERS = ['abs', 'mom', 'per'] as const;
export const BACKWARDS = ['ste', 'gc'] as const;
export type ObserverKind = (typeof OBSERVERS)[number];
export type BackwardKind = (typeof BACKWARDS)[number];

export interface QuantMode {
  backward: BackwardKind;
  observer: ObserverKind;
}

export const MODES: readonly string[] = BACKWARDS.flatMap((b) => OBSERVERS.map((o) => `${b}-${o}`));

/** Thrown (as InvalidInputError) when a mode string is not one of the six; lists the valid ones. */
export function parseMode(mode: string, field = 'method.mode'): QuantMode {
  const [backward, observer, ...rest] = mode.split('-');
  const ok =
    rest.length === 0 &&
    (BACKWARDS as readonly string[]).includes(backward ?? '') &&
    (OBSERVERS as readonly string[]).includes(observer ?? '');
  if (!ok)
    throw new InvalidInputError(`unknown quantization mode '${mode}'; choose one of: ${MODES.join(', ')}`, field);
  return { backward: backward as BackwardKind, observer: observer as ObserverKind };
}

/** Per-batch percentile of the `per` observer: 0.001 for INT8, 0.01 for INT4 (Degree-Quant). */
export function percentileFor(bits: number): number {
  return bits >= 8 ? 0.001 : 0.01;
}
