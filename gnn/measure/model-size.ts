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
 * (its pseudo-code stores no mask, so such a file cannot be decoded). Counted, never written: it is
 * the lower bound the paper's Table 5 ratios track, reported beside our decodable file.
 */
export function valuesOnlyBytes(nonzero: number, denseElements: number, denseBytes: number): number {
  return denseBytes - 4 * (denseElements - nonzero);
}
