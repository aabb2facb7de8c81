/**
 * Load-or-parse: the parsed cache is keyed by the expected source checksums and the parser version,
 * so a new parser or a different file never reuses stale data. The header also records each source
 * file's size and mtime: when they still match, the (already verified) files are not re-hashed.
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { ArtefactError } from '../../core/errors';
import { dirname, join } from 'node:path';
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

/** How a value is stored in the cache; identity unless given (graph data sets pack their arrays). */
export interface CacheCodec<T> {
  encode(value: T): unknown;
  decode(stored: unknown): T;
}

/** Removes cache files of the same source with another parser version: they can never be read again. */
function pruneOldVersions(path: string, name: string, version: number): void {
  const dir = dirname(path);
  for (const f of readdirSync(dir)) {
    const m = /^(.+)-v(\d+)-[0-9a-f]{16}\.bin$/.exec(f);
    if (m && m[1] === name && Number(m[2]) !== version) rmSync(join(dir, f), { force: true });
  }
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
  codec?: CacheCodec<T>,
): Promise<T> {
  const useCache = opts.cache !== false;
  const { path, key } = cachePathOf(src, version, opts);
  if (useCache) {
    const hit = readCachedOrNull<unknown>(path);
    if (hit && hit.meta.key === key) {
      const located = locateFiles(src, opts);
      if (!located || JSON.stringify(statsOf(located)) === JSON.stringify(hit.meta.stats)) {
        return codec ? codec.decode(hit.value) : (hit.value as T);
      }
    }
  }
  const files = await fetchSourceFiles(src, opts);
  const value = await parse(files);
  if (useCache) {
    const located = locateFiles(src, opts);
    const stored = codec ? codec.encode(value) : value;
    writeCached(path, stored, { key, stats: located ? statsOf(located) : {} } satisfies CacheMeta);
    pruneOldVersions(path, src.name, version);
  }
  return value;
}
