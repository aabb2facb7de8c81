/**
 * Data-set load times: cold (verify checksums + parse; BBBP includes RDKit featurisation) versus a load
 * from the parsed binary cache, per data set. Prints figures and the ratio; gates nothing.
 * Run: npx tsx bench/data.ts [--runs 3]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { datasets } from '../gnn/data/registry';
import { getRdkit } from '../gnn/data/rdkit';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3;

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const cacheDir = mkdtempSync(join(tmpdir(), 'gnnc-bench-data-'));
  const t0 = performance.now();
  await getRdkit();
  process.stdout.write(
    `RDKit.js init: ${(performance.now() - t0).toFixed(0)} ms (once per process, not in the figures below)\n`,
  );
  process.stdout.write(
    `${'dataset'.padEnd(10)} ${'cold ms'.padStart(9)} ${'cached ms'.padStart(10)} ${'ratio'.padStart(8)}   (median of ${runs})\n`,
  );
  const warn = () => {};
  try {
    for (const name of ['cora', 'proteins', 'bbbp']) {
      const load = datasets.get(name).load as (o: object) => Promise<unknown>;
      const cold: number[] = [];
      const cached: number[] = [];
      for (let r = 0; r < runs; r++) cold.push(await time(() => load({ cacheDir, cache: false, warn })));
      await load({ cacheDir, cache: true, warn });
      for (let r = 0; r < runs; r++) cached.push(await time(() => load({ cacheDir, cache: true, warn })));
      const [c, h] = [median(cold), median(cached)];
      process.stdout.write(
        `${name.padEnd(10)} ${c.toFixed(1).padStart(9)} ${h.toFixed(1).padStart(10)} ${(c / h).toFixed(0).padStart(7)}×\n`,
      );
    }
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

void main();
