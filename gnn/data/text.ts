/** Line-level helpers shared by the text parsers; every failure names file and 1-based line. */
import { DataFormatError } from '../../core/errors';
import type { LoadedFile } from './resolve';

/**
 * The file's lines without line endings (LF or CRLF). Every published file ends with a newline, so a
 * missing final newline means the file was cut short: thrown as DataFormatError rather than parsed.
 */
export function textLines(file: LoadedFile): string[] {
  const text = file.data.toString('utf8');
  if (text.length === 0) throw new DataFormatError(file.path, 1, 'file is empty');
  if (!text.endsWith('\n')) {
    const lines = text.split('\n').length;
    throw new DataFormatError(file.path, lines, 'file is truncated (last line has no newline)');
  }
  const lines = text.slice(0, -1).split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].endsWith('\r')) lines[i] = lines[i].slice(0, -1);
  }
  return lines;
}

/** Parses a base-10 integer token; thrown as DataFormatError naming `what` when it is not one. */
export function intToken(token: string, file: string, line: number, what: string): number {
  const s = token.trim();
  if (!/^[+-]?\d+$/.test(s)) throw new DataFormatError(file, line, `${what} '${token}' is not an integer`);
  return Number(s);
}

/** Parses a finite float token. */
export function floatToken(token: string, file: string, line: number, what: string): number {
  const s = token.trim();
  const v = Number(s);
  if (s === '' || !Number.isFinite(v)) throw new DataFormatError(file, line, `${what} '${token}' is not a number`);
  return v;
}

/** Sorts (src, dst) pairs by src then dst, in place on fresh arrays; keeps edge order canonical. */
export function sortEdges(src: Int32Array, dst: Int32Array, numNodes: number): { src: Int32Array; dst: Int32Array } {
  const keys = new Float64Array(src.length);
  for (let i = 0; i < src.length; i++) keys[i] = src[i] * numNodes + dst[i];
  keys.sort();
  const s = new Int32Array(src.length);
  const d = new Int32Array(src.length);
  for (let i = 0; i < keys.length; i++) {
    s[i] = Math.floor(keys[i] / numNodes);
    d[i] = keys[i] - s[i] * numNodes;
  }
  return { src: s, dst: d };
}
