/**
 * Energy and GPU readings. RAPL (`/sys/class/powercap/intel-rapl:*`) gives package energy counters in
 * µJ; NVML (through `nvidia-smi`) gives GPU power, memory and utilisation. Where neither is readable,
 * the meter estimates energy from CPU-seconds and says so.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const POWERCAP = '/sys/class/powercap';

export interface RaplDomain {
  name: string;
  energyPath: string;
  maxRangeUj: number;
}

/** Top-level package domains (intel-rapl:N, not sub-domains like intel-rapl:0:0) that are readable. */
export function findRaplDomains(root = POWERCAP): RaplDomain[] {
  let entries: string[];
  try {
    entries = readdirSync(root);
  } catch {
    return [];
  }
  const domains: RaplDomain[] = [];
  for (const entry of entries.filter((e) => /^intel-rapl:\d+$/.test(e))) {
    const dir = join(root, entry);
    try {
      readFileSync(join(dir, 'energy_uj'), 'utf8');
      const maxRange = Number(readFileSync(join(dir, 'max_energy_range_uj'), 'utf8').trim());
      const name = readFileSync(join(dir, 'name'), 'utf8').trim();
      domains.push({ name, energyPath: join(dir, 'energy_uj'), maxRangeUj: maxRange });
    } catch {
      // unreadable (permissions): not a source
    }
  }
  return domains;
}

/** Sum of all package counters in µJ, one reading per domain (kept apart for wrap-around handling). */
export function readRapl(domains: RaplDomain[]): number[] {
  return domains.map((d) => Number(readFileSync(d.energyPath, 'utf8').trim()));
}

/** Joules between two readings, counting a counter wrap once. */
export function raplJoules(domains: RaplDomain[], before: number[], after: number[]): number {
  let uj = 0;
  domains.forEach((d, i) => {
    const delta = after[i] - before[i];
    uj += delta >= 0 ? delta : delta + d.maxRangeUj;
  });
  return uj / 1e6;
}

export interface GpuSample {
  index: number;
  powerW: number;
  memoryUsedMiB: number;
  utilizationPercent: number;
}

/** One `nvidia-smi` query; null when the tool is absent or fails (no GPU here is not an error). */
export function sampleGpus(device?: number): Promise<GpuSample[] | null> {
  const args = ['--query-gpu=index,power.draw,memory.used,utilization.gpu', '--format=csv,noheader,nounits'];
  if (device !== undefined) args.push(`--id=${device}`);
  return new Promise((resolve) => {
    execFile('nvidia-smi', args, { timeout: 5000 }, (err, stdout) => {
      if (err) return resolve(null);
      const rows = stdout
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split(',').map((v) => Number(v.trim())))
        .map(([index, powerW, memoryUsedMiB, utilizationPercent]) => ({
          index,
          powerW,
          memoryUsedMiB,
          utilizationPercent,
        }));
      resolve(rows.every((r) => Number.isFinite(r.index)) ? rows : null);
    });
  });
}
