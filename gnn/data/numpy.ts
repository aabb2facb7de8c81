/** numpy arrays and scipy CSR matrices out of unpickled `PyObject` records (Planetoid files). */
import { DataFormatError } from '../../core/errors';
import { PyObject } from './pickle';

const DTYPES: Record<string, [number, (b: Buffer, i: number) => number]> = {
  i4: [4, (b, i) => b.readInt32LE(i)],
  i8: [8, (b, i) => Number(b.readBigInt64LE(i))],
  f4: [4, (b, i) => b.readFloatLE(i)],
  f8: [8, (b, i) => b.readDoubleLE(i)],
};

/** A numpy ndarray (little-endian i4/i8/f4/f8) as shape + flat numbers. */
export function toNdarray(obj: unknown, file: string): { shape: number[]; data: Float64Array } {
  if (!(obj instanceof PyObject) || !obj.cls.endsWith('_reconstruct'))
    throw new DataFormatError(file, null, 'expected a numpy array');
  const [, shape, dtype, , raw] = obj.state as [number, number[], PyObject, boolean, Buffer];
  const code = (dtype.args[0] as Buffer).toString('latin1');
  const spec = DTYPES[code];
  if (!spec) throw new DataFormatError(file, null, `unsupported numpy dtype ${code}`);
  const n = shape.reduce((a, b) => a * b, 1);
  if (raw.length !== n * spec[0])
    throw new DataFormatError(file, null, `array data has ${raw.length} bytes, expected ${n * spec[0]}`);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = spec[1](raw, i * spec[0]);
  return { shape, data };
}

/** A scipy CSR matrix: shape, indptr, indices (values ignored: Planetoid's are all 1). */
export function toCsr(
  obj: unknown,
  file: string,
): { rows: number; cols: number; indptr: Float64Array; indices: Float64Array } {
  const state = obj instanceof PyObject ? (obj.state as Map<string, unknown>) : null;
  if (!state || !(state instanceof Map) || !state.has('indptr'))
    throw new DataFormatError(file, null, 'expected a scipy CSR matrix');
  const [rows, cols] = state.get('_shape') as [number, number];
  return {
    rows,
    cols,
    indptr: toNdarray(state.get('indptr'), file).data,
    indices: toNdarray(state.get('indices'), file).data,
  };
}
