/** Lazy, memoised RDKit.js (wasm): loading it costs ~0.1–0.3 s, so only BBBP parsing pays for it. */
import type { MainModule } from '@rdkit/rdkit';

let rdkit: Promise<MainModule> | null = null;

export function getRdkit(): Promise<MainModule> {
  if (!rdkit) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const factory = require('@rdkit/rdkit') as (opts?: unknown) => Promise<MainModule>;
    rdkit = factory();
  }
  return rdkit;
}

export type RdkitModule = MainModule;
