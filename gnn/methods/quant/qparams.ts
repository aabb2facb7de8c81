/**
 * Affine integer quantisation parameters (METHODS.md "Quantization"), computed in plain numbers so
 * that the fake-quant op, the packer and the tests share one definition.
 */
import { roundHalfEven } from '../../../core/numbers';

/** Smallest scale: keeps a constant tensor (x_max = x_min) from dividing by zero. */
export const SCALE_EPS = 1.1920928955078125e-7;

export interface IntRange {
  qmin: number;
  qmax: number;
}

export interface QParams extends IntRange {
  scale: number;
  zeroPoint: number;
  bits: number;
  signed: boolean;
}

/** signed [−2^{b−1}, 2^{b−1}−1], unsigned [0, 2^b−1] */
export function intRange(bits: number, signed: boolean): IntRange {
  const qmin = signed ? -(2 ** (bits - 1)) : 0;
  return { qmin, qmax: qmin + 2 ** bits - 1 };
}

export function clampNumber(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

/**
 * s = max((x_max − x_min)/(q_max − q_min), ε); z = clamp(q_min − round(x_min/s)); the range is first
 * extended to include 0 so that zero (padding, ReLU output) is exactly representable.
 */
export function computeQParams(xMin: number, xMax: number, bits: number, signed: boolean): QParams {
  const { qmin, qmax } = intRange(bits, signed);
  const lo = Math.min(0, xMin);
  const hi = Math.max(0, xMax);
  const scale = Math.max((hi - lo) / (qmax - qmin), SCALE_EPS);
  const zeroPoint = clampNumber(qmin - roundHalfEven(lo / scale), qmin, qmax);
  return { qmin, qmax, scale, zeroPoint, bits, signed };
}

/** q = clamp(round(x/s + z)) — the stored integer of one value. */
export function quantizeValue(x: number, p: QParams): number {
  return clampNumber(roundHalfEven(x / p.scale + p.zeroPoint), p.qmin, p.qmax) + 0; // + 0 turns −0 into 0
}

/** x̂ = (q − z)·s */
export function dequantizeValue(q: number, p: QParams): number {
  return (q - p.zeroPoint) * p.scale;
}
