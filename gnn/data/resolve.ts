/**
 * Finds a data set's files: the data folder first, then the download cache, then a mirror or the
 * public URL (fetched, verified, cached). Every file is checked against its sha256 before a parser
 * sees it; a mismatch names the file.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { DataFormatError } from '../../core/errors';
import type { DatasetSource, SourceFile } from './sources';
import { readZip } from './zip';

/** Options every loader accepts; tests point them at temporary folders and fixture checksums. */
export interface LoadOptions {
  /** folder holding the published files @default env GNNC_DATA_DIR, else `<repo>/../shared/datasets` */
  dataDir?: string;
  /** download and parsed-data cache @default env GNNC_CACHE_DIR, else `<repo>/.cache/datasets` */
  cacheDir?: string;
  /** base URL that replaces public URLs: files are fetched as `<mirror>/<path>` @default env GNNC_DATA_MIRROR */
  mirror?: string;
  /** expected sha256 per file path, overriding the source table (fixtures); `null` skips the check @default the table */
  checksums?: Record<string, string | null>;
  /** read and write the parsed binary cache @default true */
  cache?: boolean;
  /** fetch missing files from the mirror or the public URL @default true */
  download?: boolean;
}

/** A verified file's bytes and the absolute path errors should name. */
export interface LoadedFile {
  path: string;
  data: Buffer;
}

const REPO_ROOT = resolve(__dirname, '..', '..');

export function dataDirOf(opts: LoadOptions): string {
  return resolve(opts.dataDir ?? process.env.GNNC_DATA_DIR ?? join(REPO_ROOT, '..', 'shared', 'datasets'));
}

export function cacheDirOf(opts: LoadOptions): string {
  return resolve(opts.cacheDir ?? process.env.GNNC_CACHE_DIR ?? join(REPO_ROOT, '.cache', 'datasets'));
}

/** The expected sha256 of a file, after overrides; null = do not check. */
export function expectedSha(file: SourceFile, opts: LoadOptions): string | null {
  const o = opts.checksums;
  return o && file.path in o ? o[file.path] : file.sha256;
}

export function sha256(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex');
}

/** Thrown as DataFormatError when a file's bytes do not hash to the expected value. */
export function verifyBytes(buf: Buffer, expected: string | null, file: string): void {
  if (expected === null) return;
  const got = sha256(buf);
  if (got !== expected) throw new DataFormatError(file, null, `sha256 mismatch: expected ${expected}, got ${got}`);
}

/** Absolute path of each source file where it lies now, without fetching; null when any is missing. */
export function locateFiles(src: DatasetSource, opts: LoadOptions): Map<string, string> | null {
  for (const root of [dataDirOf(opts), join(cacheDirOf(opts), 'raw')]) {
    const found = new Map(src.files.map((f) => [f.path, join(root, f.path)]));
    if ([...found.values()].every((p) => existsSync(p))) return found;
  }
  return null;
}

/**
 * Makes every file of `src` available locally and verified; returns source path → bytes.
 * Thrown: DataFormatError on a checksum mismatch or a corrupt archive; Error when a fetch fails.
 */
export async function fetchSourceFiles(src: DatasetSource, opts: LoadOptions): Promise<Map<string, LoadedFile>> {
  let located = locateFiles(src, opts);
  if (!located) {
    if (opts.download === false) {
      throw new DataFormatError(
        join(dataDirOf(opts), src.files[0].path),
        null,
        `${src.name} files are missing and download is off`,
      );
    }
    await downloadSource(src, opts);
    located = locateFiles(src, opts);
    if (!located) throw new Error(`${src.name}: files still missing after download`);
  }
  const out = new Map<string, LoadedFile>();
  for (const f of src.files) {
    const abs = located.get(f.path) as string;
    const data = readFileSync(abs);
    verifyBytes(data, expectedSha(f, opts), abs);
    out.set(f.path, { path: abs, data });
  }
  return out;
}

async function httpGet(url: string): Promise<Buffer> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

function writeAtomic(path: string, data: Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/** Fetches loose files and/or the archive into `<cache>/raw/<path>`, verifying each before it lands. */
async function downloadSource(src: DatasetSource, opts: LoadOptions): Promise<void> {
  const mirror = (opts.mirror ?? process.env.GNNC_DATA_MIRROR)?.replace(/\/+$/, '');
  const raw = join(cacheDirOf(opts), 'raw');
  const fromArchive = src.files.filter((f) => !f.url);
  for (const f of src.files.filter((x) => !fromArchive.includes(x))) {
    const url = mirror ? `${mirror}/${f.path}` : (f.url as string);
    const buf = await httpGet(url);
    verifyBytes(buf, expectedSha(f, opts), url);
    writeAtomic(join(raw, f.path), buf);
  }
  if (fromArchive.length === 0) return;
  const archive = src.archive;
  if (!archive) throw new Error(`${src.name}: no URL and no archive for ${fromArchive[0].path}`);
  const url = mirror ? `${mirror}/${archive.path}` : archive.url;
  const zip = await httpGet(url);
  verifyBytes(
    zip,
    opts.checksums && archive.path in opts.checksums ? opts.checksums[archive.path] : archive.sha256,
    url,
  );
  const members = readZip(zip, url);
  for (const f of fromArchive) {
    const m = members.find((e) => basename(e.name) === basename(f.path));
    if (!m) throw new DataFormatError(url, null, `archive has no member ${basename(f.path)}`);
    verifyBytes(m.data, expectedSha(f, opts), `${url}!${m.name}`);
    writeAtomic(join(raw, f.path), m.data);
  }
}
