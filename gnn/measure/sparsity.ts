/**
 * Actual sparsity of a model's weights, measured on the values (not on the masks), so that a
 * report shows what is really zero after fine-tuning — the paper's Figure 2 is per-layer sparsity.
 */

export interface SparsityReport {
  /** zero fraction over all measured tensors together */
  overall: number;
  /** zero fraction per tensor name */
  layers: Record<string, number>;
}

export interface NonZeroReport {
  /** non-zero elements over all measured tensors */
  total: number;
  /** elements over all measured tensors */
  elements: number;
  layers: Record<string, number>;
}

/** Elements with |v| ≤ threshold (threshold 0: exact zeros, -0 included). NaN is never zero. */
export function countAtMost(values: Float32Array, threshold: number): number {
  let z = 0;
  for (const v of values) if (Math.abs(v) <= threshold) z++;
  return z;
}

/**
 * Zero (or near-zero, with `threshold`) fractions per tensor and overall, plus non-zero counts.
 * @param threshold magnitude at or below which a weight counts as zero @default 0
 */
export function measureSparsity(
  values: Map<string, Float32Array>,
  names: string[],
  threshold = 0,
): { sparsity: SparsityReport; nonzero: NonZeroReport } {
  const layers: Record<string, number> = {};
  const nonzeroLayers: Record<string, number> = {};
  let zeros = 0;
  let elements = 0;
  for (const name of names) {
    const a = values.get(name);
    if (a === undefined) throw new RangeError(`no values for tensor '${name}'`);
    const z = countAtMost(a, threshold);
    layers[name] = a.length === 0 ? 0 : z / a.length;
    nonzeroLayers[name] = a.length - z;
    zeros += z;
    elements += a.length;
  }
  return {
    sparsity: { overall: elements === 0 ? 0 : zeros / elements, layers },
    nonzero: { total: elements - zeros, elements, layers: nonzeroLayers },
  };
}
