/**
 * The binary container every gnnc checkpoint uses (format in docs/checkpoint-format.md):
 *
 *   "GNNC" | u32 version | u32 header bytes | header JSON (UTF-8) | zero pad to 4 | float32 data (LE)
 *
 * The header lists every tensor (group, name, shape, offset in floats) and a CRC-32 of the data, so a
 * truncated or corrupted file is refused with an ArtefactError instead of loading wrong weights.
 * Plain bytes and little-endian floats: readable on any backend and by any language.
 */
import { ArtefactError } from '../../core/errors';

export const MAGIC = 'GNNC';
export const FORMAT_VERSION = 1;

export interface TensorRecord {
  group: string;
  name: string;
  shape: number[];
  values: Float32Array;
}

interface TensorEntry {
  group: string;
  name: string;
  shape: number[];
  offset: number;
}

interface Header {
  kind: string;
  meta: unknown;
  tensors: TensorEntry[];
  floats: number;
  crc32: number;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE, as zlib) of `bytes`. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Serialises tensors plus a JSON-able `meta` under a `kind` ('model', 'train-state', …). */
export function encodeContainer(kind: string, meta: unknown, tensors: TensorRecord[]): Uint8Array {
  const entries: TensorEntry[] = [];
  let floats = 0;
  for (const t of tensors) {
    const n = t.shape.reduce((a, b) => a * b, 1);
    if (n !== t.values.length)
      throw new Error(`tensor ${t.group}/${t.name}: shape ${t.shape} needs ${n} values, got ${t.values.length}`);
    entries.push({ group: t.group, name: t.name, shape: t.shape, offset: floats });
    floats += n;
  }
  const data = new Float32Array(floats);
  tensors.forEach((t, i) => data.set(t.values, entries[i].offset));
  const dataBytes = new Uint8Array(data.buffer);
  const header: Header = { kind, meta, tensors: entries, floats, crc32: crc32(dataBytes) };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const pad = (4 - ((12 + json.length) % 4)) % 4;
  const out = new Uint8Array(12 + json.length + pad + dataBytes.length);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint32(4, FORMAT_VERSION, true);
  view.setUint32(8, json.length, true);
  out.set(json, 12);
  out.set(dataBytes, 12 + json.length + pad);
  return out;
}

export interface Container {
  kind: string;
  meta: unknown;
  tensors: TensorRecord[];
}

/**
 * Parses and verifies a container. `where` names the artefact in errors (a path or a role).
 * Thrown ArtefactError: bad magic, unknown version, truncated, unparsable header, CRC mismatch.
 */
export function decodeContainer(bytes: Uint8Array, where: string): Container {
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC)
    throw new ArtefactError(where, 'not a gnnc checkpoint (bad magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== FORMAT_VERSION)
    throw new ArtefactError(where, `checkpoint format version ${version}; this build reads version ${FORMAT_VERSION}`);
  const headerLen = view.getUint32(8, true);
  if (12 + headerLen > bytes.length)
    throw new ArtefactError(where, `truncated: header needs ${headerLen} bytes, file has ${bytes.length - 12}`);
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(12, 12 + headerLen))) as Header;
  } catch (e) {
    throw new ArtefactError(where, `corrupt header: ${(e as Error).message}`);
  }
  if (!Array.isArray(header.tensors) || typeof header.floats !== 'number')
    throw new ArtefactError(where, 'corrupt header: no tensor table');
  const start = 12 + headerLen + ((4 - ((12 + headerLen) % 4)) % 4);
  const need = start + header.floats * 4;
  if (bytes.length !== need)
    throw new ArtefactError(where, `truncated or padded: expected ${need} bytes, found ${bytes.length}`);
  const dataBytes = bytes.slice(start, need);
  if (crc32(dataBytes) !== header.crc32) throw new ArtefactError(where, 'corrupt data: CRC-32 mismatch');
  const data = new Float32Array(dataBytes.buffer);
  const tensors = header.tensors.map((e) => {
    const n = e.shape.reduce((a, b) => a * b, 1);
    if (e.offset < 0 || e.offset + n > header.floats)
      throw new ArtefactError(where, `corrupt header: tensor ${e.name} out of range`);
    return { group: e.group, name: e.name, shape: e.shape, values: data.slice(e.offset, e.offset + n) };
  });
  return { kind: header.kind, meta: header.meta, tensors };
}
