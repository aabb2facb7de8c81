/**
 * Where results and artefacts live. Keys are '/'-separated paths relative to the store root, e.g.
 * `cells/<hash>/result.json`. Implementations: FileStore (default `./runs`, atomic writes) and S3Store.
 */
export interface ObjectStore {
  /** write atomically: a reader never sees a half-written object */
  put(key: string, body: Uint8Array | string): Promise<void>;
  /** null when the key does not exist */
  get(key: string): Promise<Uint8Array | null>;
  exists(key: string): Promise<boolean>;
  /** every key under `prefix`, sorted */
  list(prefix: string): Promise<string[]>;
  delete(key: string): Promise<void>;
  /** human-readable location, e.g. `file:///…/runs` or `s3://bucket/prefix` */
  describe(): string;
}

export async function putJson(store: ObjectStore, key: string, value: unknown): Promise<void> {
  await store.put(key, JSON.stringify(value, null, 2) + '\n');
}

export async function getJson<T>(store: ObjectStore, key: string): Promise<T | null> {
  const bytes = await store.get(key);
  return bytes === null ? null : (JSON.parse(Buffer.from(bytes).toString('utf8')) as T);
}
