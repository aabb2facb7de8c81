/**
 * The packed integer model file (`model.int.bin`): quantised weights as b-bit codes (two INT4 per
 * byte) with their scale and zero-point, everything else (biases, BatchNorm, ε) as FP32, plus the
 * activation quantisers' parameters an integer runtime needs. Its byte length is the size we report.
 *
 * Layout (little endian): "GNNQ", version u8, entries u32; each entry: name (u16 length + UTF-8),
 * kind u8, rank u8, dims u32×rank, then by kind — 0 FP32: f32×n; 1 affine: bits u8, signed u8,
 * scale f32, zero-point i32, codes (q − q_min); 2 per-column (A²Q weights [in, out]): per column
 * bits u8 + scale f32, then each column's codes (q + 2^{b−1}); 3 activation: bits u8, signed u8,
 * scale f32, zero-point i32; 4 A²Q feature pool: count u32, then bits u8 + scale f32 each.
 */
import { ArtefactError } from '../../../core/errors';
import { ByteReader, ByteWriter, packBits, unpackBits } from './bit-stream';
import { dequantizeValue, quantizeValue, type QParams } from './qparams';
import { symmetricCode } from './a2q-quantizer';

const MAGIC = 'GNNQ';
const VERSION = 1;

export type WeightCodec = { kind: 'affine'; params: QParams } | { kind: 'columns'; bits: number[]; scales: number[] };

export interface PackTensor {
  name: string;
  shape: number[];
  values: Float32Array;
  /** absent: stored as FP32 */
  codec?: WeightCodec;
}

export interface PackInput {
  tensors: PackTensor[];
  activations?: { name: string; params: QParams }[];
  pools?: { name: string; bits: number[]; scales: number[] }[];
}

export interface Packed {
  bytes: Uint8Array;
  /** mean bit-width over the quantised weight values (0 when none is quantised) */
  avgBits: number;
}

export function packModel(input: PackInput): Packed {
  const w = new ByteWriter();
  for (const c of MAGIC) w.u8(c.charCodeAt(0));
  w.u8(VERSION);
  w.u32(input.tensors.length + (input.activations?.length ?? 0) + (input.pools?.length ?? 0));
  let bitSum = 0;
  let quantCount = 0;
  for (const t of input.tensors) {
    header(w, t.name, t.codec === undefined ? 0 : t.codec.kind === 'affine' ? 1 : 2, t.shape);
    if (t.codec === undefined) for (const v of t.values) w.f32(v);
    else if (t.codec.kind === 'affine') bitSum += writeAffine(w, t.values, t.codec.params);
    else bitSum += writeColumns(w, t.values, t.shape, t.codec);
    if (t.codec !== undefined) quantCount += t.values.length;
  }
  for (const a of input.activations ?? []) {
    header(w, a.name, 3, []);
    writeParams(w, a.params);
  }
  for (const p of input.pools ?? []) {
    header(w, p.name, 4, []);
    w.u32(p.bits.length);
    p.bits.forEach((b, i) => (w.u8(b), w.f32(p.scales[i]!)));
  }
  return { bytes: w.finish(), avgBits: quantCount === 0 ? 0 : bitSum / quantCount };
}

function header(w: ByteWriter, name: string, kind: number, shape: number[]): void {
  w.str(name);
  w.u8(kind);
  w.u8(shape.length);
  for (const d of shape) w.u32(d);
}

function writeParams(w: ByteWriter, p: QParams): void {
  w.u8(p.bits);
  w.u8(p.signed ? 1 : 0);
  w.f32(p.scale);
  w.i32(p.zeroPoint);
}

function writeAffine(w: ByteWriter, values: Float32Array, p: QParams): number {
  writeParams(w, p);
  const codes = new Uint32Array(values.length);
  for (let i = 0; i < values.length; i++) codes[i] = quantizeValue(values[i]!, p) - p.qmin;
  w.bytes(packBits(codes, p.bits));
  return p.bits * values.length;
}

function writeColumns(
  w: ByteWriter,
  values: Float32Array,
  shape: number[],
  c: { bits: number[]; scales: number[] },
): number {
  const [rows, cols] = [shape[0]!, shape[1]!];
  c.bits.forEach((b, j) => (w.u8(b), w.f32(c.scales[j]!)));
  let bitSum = 0;
  for (let j = 0; j < cols; j++) {
    const b = c.bits[j]!;
    const codes = new Uint32Array(rows);
    for (let i = 0; i < rows; i++) codes[i] = symmetricCode(values[i * cols + j]!, c.scales[j]!, b) + 2 ** (b - 1);
    w.bytes(packBits(codes, b));
    bitSum += b * rows;
  }
  return bitSum;
}

export interface UnpackedTensor {
  shape: number[];
  /** dequantised values */
  values: Float32Array;
  kind: number;
}

/** Reads a packed file back (dequantised): for tests and for loading a quantised model. */
export function readPacked(bytes: Uint8Array): {
  tensors: Map<string, UnpackedTensor>;
  activations: Map<string, QParams>;
} {
  const r = new ByteReader(bytes);
  const magic = String.fromCharCode(r.u8(), r.u8(), r.u8(), r.u8());
  if (magic !== MAGIC || r.u8() !== VERSION) throw new ArtefactError('model.int.bin', 'not a GNNQ v1 file');
  const tensors = new Map<string, UnpackedTensor>();
  const activations = new Map<string, QParams>();
  for (let e = r.u32(); e > 0; e--) {
    const name = r.str();
    const kind = r.u8();
    const shape = Array.from({ length: r.u8() }, () => r.u32());
    const n = shape.reduce((a, b) => a * b, 1);
    if (kind === 3) activations.set(name, readParams(r));
    else if (kind === 4) r.bytes(r.u32() * 5);
    else
      tensors.set(name, {
        shape,
        kind,
        values: kind === 0 ? readF32(r, n) : kind === 1 ? readAffine(r, n) : readColumns(r, shape),
      });
  }
  return { tensors, activations };
}

function readParams(r: ByteReader): QParams {
  const bits = r.u8();
  const signed = r.u8() === 1;
  const scale = r.f32();
  const zeroPoint = r.i32();
  const qmin = signed ? -(2 ** (bits - 1)) : 0;
  return { bits, signed, scale, zeroPoint, qmin, qmax: qmin + 2 ** bits - 1 };
}

function readF32(r: ByteReader, n: number): Float32Array {
  return Float32Array.from({ length: n }, () => r.f32());
}

function readAffine(r: ByteReader, n: number): Float32Array {
  const p = readParams(r);
  const codes = unpackBits(r.bytes(Math.ceil((n * p.bits) / 8)), p.bits, n);
  return Float32Array.from(codes, (c) => dequantizeValue(c + p.qmin, p));
}

function readColumns(r: ByteReader, shape: number[]): Float32Array {
  const [rows, cols] = [shape[0]!, shape[1]!];
  const meta = Array.from({ length: cols }, () => ({ bits: r.u8(), scale: r.f32() }));
  const out = new Float32Array(rows * cols);
  meta.forEach(({ bits, scale }, j) => {
    const codes = unpackBits(r.bytes(Math.ceil((rows * bits) / 8)), bits, rows);
    for (let i = 0; i < rows; i++) out[i * cols + j] = (codes[i]! - 2 ** (bits - 1)) * scale;
  });
  return out;
}
