/**
 * A minimal zip reader (stored and deflated members) on node:zlib, so TU archives can be unpacked
 * without adding a dependency. No zip64, no encryption: the archives we fetch need neither.
 */
import { inflateRawSync } from 'node:zlib';
import { DataFormatError } from '../../core/errors';

export interface ZipEntry {
  name: string;
  data: Buffer;
}

/** Thrown (as DataFormatError) when the bytes are not a zip we can read; `file` names the archive. */
export function readZip(buf: Buffer, file: string): ZipEntry[] {
  const eocd = findEndOfCentralDirectory(buf, file);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) {
      throw new DataFormatError(file, null, `zip central directory entry ${i} is corrupt`);
    }
    const method = buf.readUInt16LE(p + 10);
    const compSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    if (name.endsWith('/')) continue;
    if (buf.readUInt32LE(local) !== 0x04034b50)
      throw new DataFormatError(file, null, `zip member ${name}: bad local header`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + compSize);
    if (raw.length !== compSize) throw new DataFormatError(file, null, `zip member ${name} is truncated`);
    const data = method === 0 ? Buffer.from(raw) : method === 8 ? inflateMember(raw, name, file) : null;
    if (data === null) throw new DataFormatError(file, null, `zip member ${name}: unsupported method ${method}`);
    if (data.length !== size)
      throw new DataFormatError(file, null, `zip member ${name}: expected ${size} bytes, got ${data.length}`);
    entries.push({ name, data });
  }
  return entries;
}

function inflateMember(raw: Buffer, name: string, file: string): Buffer {
  try {
    return inflateRawSync(raw);
  } catch (err) {
    throw new DataFormatError(file, null, `zip member ${name}: ${(err as Error).message}`);
  }
}

function findEndOfCentralDirectory(buf: Buffer, file: string): number {
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) return i;
  }
  throw new DataFormatError(file, null, 'not a zip archive (no end-of-central-directory record)');
}
