/**
 * Sparse node features. Cora's bag-of-words matrix is 98.7 % zeros, so the first layer's X @ W is
 * done over the non-zeros only (spmm), forward and backward, instead of a dense 2708 × 1433 matmul.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InvalidInputError } from '../../core/errors';
import { buildCsr, checkIndices, reweightCsr, type Csr } from './csr';
import { hasDirectKernels, K, run } from './kernels';

/** A COO matrix; `values` absent = all ones (binary features). */
export interface SparseFeatures {
  numRows: number;
  numCols: number;
  rows: Int32Array;
  cols: Int32Array;
  values?: Float32Array;
}

/** Options of prepareSparse. */
export interface PrepareSparseOptions {
  /** divide each row by its sum (PyG NormalizeFeatures); rows summing to 0 stay 0 @default false */
  rowNormalize?: boolean;
}

/** A sparse matrix grouped by row and by column; reused across epochs. */
export class PreparedSparse {
  readonly numRows: number;
  readonly numCols: number;
  readonly nnz: number;
  /** non-zeros grouped by row: drives F @ w */
  readonly byRow: Csr;
  /** non-zeros grouped by column: drives Fᵀ @ dy (the weight gradient) */
  readonly byCol: Csr;
  private cached?: { rows: tf.Tensor1D; cols: tf.Tensor1D; values: tf.Tensor2D };

  /** @param structure groupings of the same (rows, cols) to reuse (see withValues) */
  constructor(
    readonly features: SparseFeatures,
    structure?: { byRow: Csr; byCol: Csr },
  ) {
    const { rows, cols, numRows, numCols, values } = features;
    if (rows.length !== cols.length)
      throw new InvalidInputError(`rows has ${rows.length} entries, cols ${cols.length}`, 'features');
    if (values && values.length !== rows.length)
      throw new InvalidInputError(
        `values has ${values.length} entries for ${rows.length} non-zeros`,
        'features.values',
      );
    this.numRows = numRows;
    this.numCols = numCols;
    this.nnz = rows.length;
    if (structure) {
      const v = values ?? new Float32Array(rows.length).fill(1);
      this.byRow = reweightCsr(structure.byRow, v);
      this.byCol = reweightCsr(structure.byCol, v);
      return;
    }
    checkIndices(rows, numRows, 'rows');
    checkIndices(cols, numCols, 'cols');
    this.byRow = buildCsr(rows, cols, numRows, values);
    this.byCol = buildCsr(cols, rows, numCols, values);
  }

  /**
   * The same non-zero pattern with new values (input order), reusing the groupings: O(nnz), no sort.
   * What per-epoch dropout on sparse features needs. The result has its own tensors and dispose().
   */
  withValues(values: Float32Array): PreparedSparse {
    return new PreparedSparse({ ...this.features, values }, this);
  }

  /** Index tensors for the stock-op path; kept until dispose(). */
  tensors(): { rows: tf.Tensor1D; cols: tf.Tensor1D; values: tf.Tensor2D } {
    if (!this.cached) {
      const { rows, cols, values } = this.features;
      this.cached = tf.tidy(() => ({
        rows: tf.keep(tf.tensor1d(rows, 'int32')),
        cols: tf.keep(tf.tensor1d(cols, 'int32')),
        values: tf.keep(values ? tf.tensor2d(values, [values.length, 1]) : tf.ones([rows.length, 1])),
      }));
    }
    return this.cached;
  }

  dispose(): void {
    if (!this.cached) return;
    for (const t of Object.values(this.cached)) t.dispose();
    this.cached = undefined;
  }
}

/** Divides each row by its sum (values absent count as ones); empty or zero-sum rows are left as they are. */
export function rowNormalize(f: SparseFeatures): SparseFeatures {
  const sums = new Float64Array(f.numRows);
  for (let i = 0; i < f.rows.length; i++) sums[f.rows[i]] += f.values ? f.values[i] : 1;
  const values = new Float32Array(f.rows.length);
  for (let i = 0; i < f.rows.length; i++) {
    const v = f.values ? f.values[i] : 1;
    const s = sums[f.rows[i]];
    values[i] = s !== 0 ? v / s : v;
  }
  return { ...f, values };
}

/** Groups the non-zeros for spmm. */
export function prepareSparse(f: SparseFeatures, opts: PrepareSparseOptions = {}): PreparedSparse {
  return new PreparedSparse(opts.rowNormalize ? rowNormalize(f) : f);
}

/** Dense row-major copy (numRows × numCols) of a sparse matrix, for dense-path models and tests. */
export function toDense(f: SparseFeatures): Float32Array {
  const out = new Float32Array(f.numRows * f.numCols);
  for (let i = 0; i < f.rows.length; i++) out[f.rows[i] * f.numCols + f.cols[i]] += f.values ? f.values[i] : 1;
  return out;
}

/** f (numRows × numCols) @ w (numCols × k); differentiable w.r.t. w. */
export function spmm(f: PreparedSparse, w: tf.Tensor2D): tf.Tensor2D {
  if (w.shape[0] !== f.numCols)
    throw new InvalidInputError(`w has ${w.shape[0]} rows, the sparse matrix ${f.numCols} columns`, 'w');
  if (hasDirectKernels()) return run<tf.Tensor2D>(K.spmm, { w }, { sparse: f, transpose: false });
  const t = f.tensors();
  return tf.tidy(() => tf.unsortedSegmentSum(tf.mul(tf.gather(w, t.cols), t.values), t.rows, f.numRows) as tf.Tensor2D);
}
