/**
 * Per-graph derived structures (normalised edge weights, pseudo-coordinates, dense copies of sparse
 * features), computed on first use and kept with the object they derive from. Inputs are prepared
 * once per data set (node tasks) or per batch (graph tasks), so a forward pass never recomputes them;
 * the task calls `releaseDerived` when it drops an input so tensors do not outlive it.
 */

interface Entry {
  value: unknown;
  dispose?: () => void;
}

const cache = new WeakMap<object, Map<string, Entry>>();

/** The value `make` builds for (`owner`, `key`), built once. */
export function derived<T>(owner: object, key: string, make: () => T, dispose?: (v: T) => void): T {
  let m = cache.get(owner);
  if (!m) {
    m = new Map();
    cache.set(owner, m);
  }
  const hit = m.get(key);
  if (hit) return hit.value as T;
  const value = make();
  m.set(key, { value, dispose: dispose ? () => dispose(value) : undefined });
  return value;
}

/** Disposes and forgets everything derived from `owner`. */
export function releaseDerived(owner: object): void {
  const m = cache.get(owner);
  if (!m) return;
  for (const e of m.values()) e.dispose?.();
  cache.delete(owner);
}
