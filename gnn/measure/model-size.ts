/**
 * Model size on disk, as the paper's Table 5 reports it: dense FP32 file bytes over sparse file
 * bytes. Both are real serialised files (the bytes that are stored as artefacts), never estimates.
 */

export interface SizeReport {
  denseBytes: number;
  sparseBytes: number;
  /** denseBytes / sparseBytes: how many times smaller the sparse file is (Table 5's "portion") */
  ratio: number;
}

export function sizeReport(dense: Uint8Array, sparse: Uint8Array): SizeReport {
  return {
    denseBytes: dense.byteLength,
    sparseBytes: sparse.byteLength,
    ratio: sparse.byteLength === 0 ? 0 : dense.byteLength / sparse.byteLength,
  };
}

/**
 * The size the paper's Algorithm 1 literally describes: shape + non-zero values only, no positions
 * (its pseudo-code stores no mask, so such a file cannot be decoded), and an all-zero tensor kept
 * whole. Counted, never written: the paper's Table 5 ratios track it, so it is reported beside ours.
 * @param tensors non-zero and element counts of every stored tensor
 */
export function valuesOnlyBytes(denseBytes: number, tensors: Array<{ nonzero: number; elements: number }>): number {
  let dropped = 0;
  for (const t of tensors) if (t.nonzero > 0) dropped += t.elements - t.nonzero;
  return denseBytes - 4 * dropped;
}
