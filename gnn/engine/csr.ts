/**
 * Compressed sparse rows over an edge (or non-zero) list. Grouping edges by the row they write lets a
 * kernel accumulate each output row once, in order, instead of scattering into random rows.
 */

export interface Csr {
  /** number of output rows */
  numRows: number;
  /** row r's entries are positions ptr[r] … ptr[r+1]-1 */
  ptr: Int32Array;
  /** the row each entry reads from, in grouped order */
  other: Int32Array;
  /** original position of each grouped entry (to address per-edge tensors given in input order) */
  pos: Int32Array;
  /** static entry values in grouped order (all ones when the input had none) */
  weight: Float32Array;
}

/**
 * Groups entries by `rows` with a counting sort (stable: entries of one row keep input order).
 * @param rows output row of each entry, each in [0, numRows)
 * @param others input row each entry reads
 */
export function buildCsr(rows: Int32Array, others: Int32Array, numRows: number, weight?: Float32Array): Csr {
  const n = rows.length;
  const ptr = new Int32Array(numRows + 1);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    if (r < 0 || r >= numRows) throw new RangeError(`row index ${r} at position ${i} outside [0, ${numRows})`);
    ptr[r + 1]++;
  }
  for (let r = 0; r < numRows; r++) ptr[r + 1] += ptr[r];
  const fill = ptr.slice(0, numRows);
  const other = new Int32Array(n);
  const pos = new Int32Array(n);
  const w = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const k = fill[rows[i]]++;
    other[k] = others[i];
    pos[k] = i;
    w[k] = weight ? weight[i] : 1;
  }
  return { numRows, ptr, other, pos, weight: w };
}

/** Throws when an index list addresses rows outside [0, numRows). */
export function checkIndices(idx: Int32Array, numRows: number, what: string): void {
  for (let i = 0; i < idx.length; i++) {
    const v = idx[i];
    if (v < 0 || v >= numRows) throw new RangeError(`${what}[${i}] = ${v} outside [0, ${numRows})`);
  }
}

/** The same grouping with new entry values (given in input order): O(entries), no sort. */
export function reweightCsr(csr: Csr, values: Float32Array): Csr {
  const weight = new Float32Array(csr.pos.length);
  for (let k = 0; k < weight.length; k++) weight[k] = values[csr.pos[k]];
  return { ...csr, weight };
}
