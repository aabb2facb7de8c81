/**
 * The default store: a folder on the local disk (`./runs`). Writes go to a temporary file in the
 * target folder and are renamed into place, so a reader (or a crashed writer's successor) never sees
 * half an object.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ObjectStore } from './object-store';
import { checkKey, checkPrefix } from './keys';

/** Marks in-flight temporary files; `list` never shows them. */
const TMP_MARK = '.tmp-';

export class FileStore implements ObjectStore {
  readonly root: string;

  /** @param root folder that holds the objects @default `<repo>/runs` (resolved by openStore) */
  constructor(root: string) {
    this.root = path.resolve(root);
  }

  private pathOf(key: string): string {
    return path.join(this.root, ...checkKey(key).split('/'));
  }

  async put(key: string, body: Uint8Array | string): Promise<void> {
    const target = this.pathOf(key);
    await fs.mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}${TMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      await fs.writeFile(tmp, body);
      await fs.rename(tmp, target);
    } catch (err) {
      await fs.rm(tmp, { force: true });
      throw err;
    }
  }

  async get(key: string): Promise<Uint8Array | null> {
    try {
      return new Uint8Array(await fs.readFile(this.pathOf(key)));
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await fs.stat(this.pathOf(key))).isFile();
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
  }

  /** Same semantics as S3: a plain string prefix over keys ('cells/' or 'cells/ab'). */
  async list(prefix: string): Promise<string[]> {
    checkPrefix(prefix);
    const slash = prefix.lastIndexOf('/');
    const baseKey = slash >= 0 ? prefix.slice(0, slash) : '';
    const keys: string[] = [];
    await walk(path.join(this.root, ...baseKey.split('/').filter(Boolean)), baseKey, keys);
    return keys.filter((k) => k.startsWith(prefix)).sort();
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.pathOf(key), { force: true });
  }

  describe(): string {
    return pathToFileURL(this.root).href;
  }
}

async function walk(dir: string, keyPrefix: string, out: string[]): Promise<void> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (err) {
    if (isMissing(err)) return;
    throw err;
  }
  for (const entry of entries) {
    const key = keyPrefix ? `${keyPrefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) await walk(path.join(dir, entry.name), key, out);
    else if (entry.isFile() && !entry.name.includes(TMP_MARK)) out.push(key);
  }
}

/** ENOTDIR: a prefix of the key is a file, so the key cannot exist either. */
function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
