/**
 * The facts `gnnc doctor` reports, gathered without side effects on the machine: versions, paths,
 * presence. Kept apart from the command so tests can call them directly.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { locateBinary, type BinaryName } from '../../infra/launcher/binaries';

export interface BinaryReport {
  path: string | null;
  version: string | null;
  error?: string;
}

const VERSION_ARGS: Record<BinaryName, string[]> = {
  temporal: ['--version'],
  weed: ['version'],
  prometheus: ['--version'],
};

/** First non-empty output line of `<binary> <version args>`, e.g. "temporal version 1.9.1 (…)". */
export function binaryReport(name: BinaryName, venvDir: string, searchPath = process.env.PATH ?? ''): BinaryReport {
  const found = locateBinary(name, venvDir, searchPath);
  if (!found) return { path: null, version: null, error: 'not found; run `npm run setup`' };
  const run = spawnSync(found, VERSION_ARGS[name], { encoding: 'utf8', timeout: 10_000 });
  const line = `${run.stdout ?? ''}\n${run.stderr ?? ''}`.split('\n').find((l) => l.trim() !== '');
  if (run.error || run.status !== 0)
    return { path: found, version: line?.trim() ?? null, error: run.error?.message ?? `exit ${run.status}` };
  return { path: found, version: line?.trim() ?? null };
}

/** A file per data set whose presence means the loader can run (the main folders, not _archives). */
export const DATASET_MARKERS: Record<string, string[]> = {
  cora: ['cora/linqs/cora.content', 'cora/linqs/cora.cites'],
  proteins: ['proteins/PROTEINS/PROTEINS_A.txt', 'proteins/PROTEINS/PROTEINS_graph_indicator.txt'],
  bbbp: ['bbbp/BBBP.csv'],
};

export interface DataDirReport {
  path: string;
  exists: boolean;
  datasets: Record<string, boolean>;
}

export function dataDirReport(dataDir: string): DataDirReport {
  const datasets = Object.fromEntries(
    Object.entries(DATASET_MARKERS).map(([name, files]) => [
      name,
      files.every((f) => fs.existsSync(path.join(dataDir, f))),
    ]),
  );
  return { path: dataDir, exists: fs.existsSync(dataDir), datasets };
}
