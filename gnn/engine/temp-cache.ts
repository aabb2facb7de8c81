/**
 * Files the engine derives from its own sources (the pthread worker script, the assembled SIMD
 * module) and keeps in the OS temp folder under a hash of what they are made from, so each is made
 * once per machine rather than once per process. Written to a private name and renamed, so a process
 * never reads another's half-written file.
 */
import { createHash } from 'node:crypto';
import { renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

/** `<tmpdir>/<prefix>-<first 16 hex of sha256(key)><ext>` */
export function tempCachePath(prefix: string, key: string, ext: string): string {
  return join(os.tmpdir(), `${prefix}-${createHash('sha256').update(key).digest('hex').slice(0, 16)}${ext}`);
}

export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}
