/** Helpers of the end-to-end test: where a child worker serves /metrics, stored results, the report's CSV. */
import type { ChildProcess } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { storeKeys } from '../../activities/types';
import type { CellSpec, SplitMetrics } from '../../gnn/types';
import { getJson, type ObjectStore } from '../../store/object-store';
import type { SweepPlan } from '../../sweep/plan-types';
import type { ResourceRecord } from '../../telemetry/meter';

/**
 * `host:port` a child worker announced in the file_sd folder (metrics-server names the file
 * `<job>-<hostname>-<pid>-<port>.json`); waits for it, bounded, and fails early if the child exits.
 */
export async function metricsAddress(
  targetsDir: string,
  job: string,
  child: ChildProcess,
  limitMs = 120_000,
): Promise<string> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${job} worker exited with ${child.exitCode} before serving /metrics`);
    const files = await readdir(targetsDir).catch(() => [] as string[]);
    const mine = files.find((f) => f.startsWith(`${job}-`) && f.includes(`-${child.pid}-`) && f.endsWith('.json'));
    if (mine) {
      const body = JSON.parse(await readFile(join(targetsDir, mine), 'utf8')) as { targets: string[] }[];
      return body[0].targets[0];
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${job} (pid ${child.pid}) announced no target in ${targetsDir}`);
}

export interface StoredCell {
  cellId: string;
  spec: CellSpec;
  result: { metrics: { test: SplitMetrics }; resources?: ResourceRecord; [k: string]: unknown };
}

/** every planned cell's stored result.json (throws on a missing one) */
export async function storedResults(store: ObjectStore, sweep: string): Promise<StoredCell[]> {
  const plan = await getJson<SweepPlan>(store, storeKeys.current(sweep));
  if (!plan) throw new Error(`no plan for ${sweep}`);
  const cells = plan.groups.flatMap((g) =>
    g.cells.map((c) => ({ id: c.id, spec: { ...g.base, method: c.method } as CellSpec })),
  );
  return Promise.all(
    cells.map(async (c) => {
      const result = await getJson<StoredCell['result']>(store, storeKeys.cellResult(c.id));
      if (!result) throw new Error(`cell ${c.id} has no result.json`);
      return { cellId: c.id, spec: c.spec, result };
    }),
  );
}

export interface CsvCell {
  table: string;
  row: string;
  column: string;
  mean: number;
  n: number;
}

/** report tables.csv (`table,row,column,mean,std,n,…`) → cells with a mean */
export function tableCsv(text: string): CsvCell[] {
  const out: CsvCell[] = [];
  for (const line of text.trim().split('\n').slice(1)) {
    const f = splitCsv(line);
    if (f[3] === '') continue;
    out.push({ table: f[0], row: f[1], column: f[2], mean: Number(f[3]), n: Number(f[5]) });
  }
  return out;
}

function splitCsv(line: string): string[] {
  const fields: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted && ch === '"' && line[i + 1] === '"') {
      cur += '"';
      i++;
    } else if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      fields.push(cur);
      cur = '';
    } else cur += ch;
  }
  fields.push(cur);
  return fields;
}
