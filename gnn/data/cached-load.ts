/**
 * Load-or-parse: the parsed cache is keyed by the expected source checksums and the parser version,
 * so a new parser or a different file never reuses stale data. The header also records each source
 * file's size and mtime: when they still match, the (already verified) files are not re-hashed.
 */
import { statSync } from 'node:fs';
import { ArtefactError } from '../../core/errors';
import { join } from 'node:path';
import {
  cacheDirOf,
  expectedSha,
  fetchSourceFiles,
  locateFiles,
  sha256,
  type LoadedFile,
  type LoadOptions,
} from './resolve';
import { readCached, writeCached } from './binary-cache';
import type { DatasetSource } from './sources';

interface CacheMeta {
  key: string;
  stats: Record<string, [number, number]>;
}

function statsOf(files: Map<string, string>): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (const [rel, abs] of files) {
    const s = statSync(abs);
    out[rel] = [s.size, s.mtimeMs];
  }
  return out;
}

/** A damaged cache file is not an error: it is rebuilt from the (verified) sources. */
function readCachedOrNull<T>(path: string): { value: T; meta: CacheMeta } | null {
  try {
    return readCached<T, CacheMeta>(path);
  } catch (err) {
    if (err instanceof ArtefactError || err instanceof SyntaxError) return null;
    throw err;
  }
}

/** Path of the parsed cache for `src` under `opts`, and its key. */
export function cachePathOf(src: DatasetSource, version: number, opts: LoadOptions): { path: string; key: string } {
  const ident = JSON.stringify({
    name: src.name,
    version,
    files: src.files.map((f) => [f.path, expectedSha(f, opts)]),
  });
  const key = sha256(Buffer.from(ident)).slice(0, 16);
  return { path: join(cacheDirOf(opts), 'parsed', `${src.name}-v${version}-${key}.bin`), key };
}

/**
 * Returns the parsed data set from the cache when valid, else verifies the files, parses and caches.
 * `parse` receives source path → verified bytes.
 */
export async function loadWithCache<T>(
  src: DatasetSource,
  version: number,
  opts: LoadOptions,
  parse: (files: Map<string, LoadedFile>) => T | Promise<T>,
): Promise<T> {
  const useCache = opts.cache !== false;
  const { path, key } = cachePathOf(src, version, opts);
  if (useCache) {
    const hit = readCachedOrNull<T>(path);
    if (hit && hit.meta.key === key) {
      const located = locateFiles(src, opts);
      if (!located || JSON.stringify(statsOf(located)) === JSON.stringify(hit.meta.stats)) return hit.value;
    }
  }
  const files = await fetchSourceFiles(src, opts);
  const value = await parse(files);
  if (useCache) {
    const located = locateFiles(src, opts);
    writeCached(path, value, { key, stats: located ? statsOf(located) : {} } satisfies CacheMeta);
  }
  return value;
}
