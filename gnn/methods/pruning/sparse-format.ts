/**
 * The sparse model file: the paper's Algorithm 1 ("Sparse Model State Compression") made decodable.
 * For each tensor: shape + non-zero values + their positions as a bit mask; an all-zero tensor is
 * stored as is (dense); non-tensor metadata (model name, config) is copied into the header.
 *
 * Layout: 8-byte magic `GNNCSPR1`, u32 LE header length, UTF-8 JSON header, then each tensor's
 * payload in header order: sparse = mask bytes then nnz little-endian 4-byte values; dense = all values.
 *
 * Two choices beyond the paper, both size-only and lossless: a tensor whose sparse form would not
 * be smaller than dense (no zeros, or very few) is stored dense, and a mask is stored deflated when
 * that is smaller (a 90 %-sparse mask deflates to about half a bit per element).
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { ArtefactError } from '../../../core/errors';

const MAGIC = 'GNNCSPR1';
export const SPARSE_FORMAT = 'gnnc-sparse-state/1';

export interface StateTensor {
  name: string;
  /** params are trained weights; buffers are non-trainable state (BatchNorm running stats) */
  kind: 'param' | 'buffer';
  shape: number[];
  dtype: 'float32' | 'int32';
  data: Float32Array | Int32Array;
}

export interface ModelState {
  modelName: string;
  config: Record<string, unknown>;
  tensors: StateTensor[];
}

interface TensorEntry {
  name: string;
  kind: StateTensor['kind'];
  shape: number[];
  dtype: StateTensor['dtype'];
  encoding: 'dense' | 'sparse';
  nnz: number;
  /** bytes of the stored mask (after deflate when maskCodec is deflate); 0 when dense */
  maskBytes: number;
  maskCodec: 'raw' | 'deflate' | 'none';
}

interface Header {
  format: string;
  modelName: string;
  config: Record<string, unknown>;
  tensors: TensorEntry[];
}

/** Bit i of the mask (LSB first within each byte) is set where element i is non-zero. */
function nonZeroBits(words: Uint32Array): { bits: Uint8Array; nnz: number } {
  const bits = new Uint8Array(Math.ceil(words.length / 8));
  let nnz = 0;
  for (let i = 0; i < words.length; i++) {
    // Compared as bits: -0 is kept as a value, so that every file round-trips bit for bit.
    if (words[i] !== 0) {
      bits[i >> 3] |= 1 << (i & 7);
      nnz++;
    }
  }
  return { bits, nnz };
}

function wordsOf(t: StateTensor): Uint32Array {
  return new Uint32Array(t.data.buffer, t.data.byteOffset, t.data.length);
}

function encodeTensor(t: StateTensor): { entry: TensorEntry; chunks: Uint8Array[] } {
  const words = wordsOf(t);
  const { bits, nnz } = nonZeroBits(words);
  const base = { name: t.name, kind: t.kind, shape: t.shape, dtype: t.dtype, nnz };
  const dense = new Uint8Array(words.buffer, words.byteOffset, words.byteLength);
  const deflated = deflateRawSync(bits, { level: 9 });
  const mask = deflated.length < bits.length ? deflated : bits;
  if (nnz === 0 || mask.length + nnz * 4 >= dense.length) {
    return { entry: { ...base, encoding: 'dense', maskBytes: 0, maskCodec: 'none' }, chunks: [dense.slice()] };
  }
  const values = new Uint32Array(nnz);
  for (let i = 0, j = 0; i < words.length; i++) if (bits[i >> 3] & (1 << (i & 7))) values[j++] = words[i];
  const codec = mask === bits ? 'raw' : 'deflate';
  return {
    entry: { ...base, encoding: 'sparse', maskBytes: mask.length, maskCodec: codec },
    chunks: [new Uint8Array(mask), new Uint8Array(values.buffer)],
  };
}

/** Serialise a model state in the sparse format. Values are copied bit for bit (little-endian hosts). */
export function encodeSparseModel(state: ModelState): Uint8Array {
  const encoded = state.tensors.map(encodeTensor);
  const header: Header = {
    format: SPARSE_FORMAT,
    modelName: state.modelName,
    config: state.config,
    tensors: encoded.map((e) => e.entry),
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const lengthBytes = Buffer.alloc(4);
  lengthBytes.writeUInt32LE(headerBytes.length);
  return Buffer.concat([Buffer.from(MAGIC, 'ascii'), lengthBytes, headerBytes, ...encoded.flatMap((e) => e.chunks)]);
}

function elementCount(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function decodeTensor(e: TensorEntry, buf: Buffer, at: number, path: string): { tensor: StateTensor; next: number } {
  const n = elementCount(e.shape);
  const words = new Uint32Array(n);
  let next = at;
  if (e.encoding === 'dense') {
    next += n * 4;
    if (next > buf.length) throw new ArtefactError(path, `tensor '${e.name}' runs past the end of the file`);
    new Uint8Array(words.buffer).set(buf.subarray(at, next));
  } else {
    const stored = buf.subarray(at, at + e.maskBytes);
    const bits = e.maskCodec === 'deflate' ? inflateRawSync(stored) : stored;
    const values = new Uint32Array(e.nnz);
    next = at + e.maskBytes + e.nnz * 4;
    if (next > buf.length || bits.length * 8 < n) throw new ArtefactError(path, `tensor '${e.name}' is truncated`);
    new Uint8Array(values.buffer).set(buf.subarray(at + e.maskBytes, next));
    let j = 0;
    for (let i = 0; i < n; i++) if (bits[i >> 3] & (1 << (i & 7))) words[i] = values[j++];
    if (j !== e.nnz) throw new ArtefactError(path, `tensor '${e.name}': mask has ${j} bits set, header says ${e.nnz}`);
  }
  const data = e.dtype === 'int32' ? new Int32Array(words.buffer) : new Float32Array(words.buffer);
  return { tensor: { name: e.name, kind: e.kind, shape: e.shape, dtype: e.dtype, data }, next };
}

/** Parse a sparse model file back into dense tensors. @param path names the file in errors */
export function decodeSparseModel(bytes: Uint8Array, path = 'model.sparse.bin'): ModelState {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 12 || buf.toString('ascii', 0, 8) !== MAGIC)
    throw new ArtefactError(path, 'not a gnnc sparse model file');
  const headerEnd = 12 + buf.readUInt32LE(8);
  const header = JSON.parse(buf.toString('utf8', 12, headerEnd)) as Header;
  if (header.format !== SPARSE_FORMAT)
    throw new ArtefactError(path, `format '${header.format}', expected '${SPARSE_FORMAT}'`);
  let at = headerEnd;
  const tensors: StateTensor[] = [];
  for (const e of header.tensors) {
    const { tensor, next } = decodeTensor(e, buf, at, path);
    tensors.push(tensor);
    at = next;
  }
  if (at !== buf.length) throw new ArtefactError(path, `${buf.length - at} trailing bytes`);
  return { modelName: header.modelName, config: header.config, tensors };
}
