/**
 * A small gnnc cluster for integration tests: `gnnc worker` child processes (the real CLI), a private
 * Temporal namespace per test (services may be shared), an S3 prefix per test, and helpers that count
 * what the store holds. Every process started here is stopped by `stopAll`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { storeKeys } from '../../../activities/types';
import type { S3Config } from '../../../core/config';
import { openStore } from '../../../store/open-store';
import { getJson, type ObjectStore } from '../../../store/object-store';
import type { SweepPlan } from '../../../sweep/plan-types';
import { temporalBinary } from '../../../workers/temporal-binary';

export const ROOT = resolve(__dirname, '../../..');
const GNNC = join(ROOT, 'bin', 'gnnc.js');

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** Register a namespace (temporal CLI) so this test's queues cannot meet another test's workers. */
export async function registerNamespace(address: string, namespace: string): Promise<void> {
  const r = spawnSync(
    temporalBinary(),
    ['operator', 'namespace', 'create', '--address', address, '--namespace', namespace, '--retention', '24h'],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`namespace create failed: ${r.stderr}`);
  // the frontend caches namespaces for a moment: wait until describe succeeds
  const c = await Connection.connect({ address });
  try {
    for (let i = 0; i < 50; i++) {
      try {
        await c.workflowService.describeNamespace({ namespace });
        return;
      } catch {
        await new Promise((r2) => setTimeout(r2, 200));
      }
    }
  } finally {
    await c.close();
  }
}

export function clusterEnv(opts: {
  temporalAddress: string;
  namespace: string;
  s3: S3Config;
  prefix: string;
}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GNNC_TEMPORAL_ADDRESS: opts.temporalAddress,
    GNNC_TEMPORAL_NAMESPACE: opts.namespace,
    GNNC_STORE: 's3',
    GNNC_S3_ENDPOINT: opts.s3.endpoint,
    GNNC_S3_BUCKET: opts.s3.bucket,
    GNNC_S3_ACCESS_KEY: opts.s3.accessKeyId,
    GNNC_S3_SECRET_KEY: opts.s3.secretAccessKey,
    GNNC_S3_REGION: opts.s3.region,
    GNNC_S3_PREFIX: opts.prefix,
    GNNC_LOG_LEVEL: process.env.GNNC_LOG_LEVEL ?? 'info',
    GNNC_PROMETHEUS_TARGETS_DIR: '',
  };
}

export async function testStore(s3: S3Config, prefix: string): Promise<ObjectStore> {
  return openStore({ store: { kind: 's3', dir: '' }, s3: { ...s3, prefix } });
}

export class Cluster {
  readonly procs = new Set<ChildProcess>();
  constructor(
    readonly env: NodeJS.ProcessEnv,
    readonly logDir: string,
  ) {
    mkdirSync(logDir, { recursive: true });
  }

  /** `gnnc <args>` as a child process, output appended to `<logDir>/<name>.log` */
  spawn(name: string, args: string[]): ChildProcess {
    const log = openSync(join(this.logDir, `${name}.log`), 'a');
    const child = spawn(process.execPath, [GNNC, ...args], { env: this.env, stdio: ['ignore', log, log], cwd: ROOT });
    this.procs.add(child);
    child.once('exit', () => this.procs.delete(child));
    return child;
  }

  orchestrator(name = 'orchestrator'): ChildProcess {
    return this.spawn(name, ['worker', '--role', 'orchestrator']);
  }

  compute(name: string, slots = 1): ChildProcess {
    return this.spawn(name, ['worker', '--role', 'compute', '--pool', 'cpu', '--slots', String(slots)]);
  }

  /** run `gnnc <args>` to completion; stdout returned, stderr to the log */
  async run(name: string, args: string[]): Promise<{ code: number | null; stdout: string }> {
    const log = openSync(join(this.logDir, `${name}.log`), 'a');
    const child = spawn(process.execPath, [GNNC, ...args], {
      env: this.env,
      stdio: ['ignore', 'pipe', log],
      cwd: ROOT,
    });
    this.procs.add(child);
    let stdout = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    this.procs.delete(child);
    return { code, stdout };
  }

  static async kill(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill(signal);
    await exited;
  }

  async stopAll(): Promise<void> {
    await Promise.all(
      [...this.procs].map(async (p) => {
        const t = setTimeout(() => p.kill('SIGKILL'), 15_000);
        await Cluster.kill(p, 'SIGTERM');
        clearTimeout(t);
      }),
    );
  }
}

export function writeSpec(dir: string, name: string, yaml: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, yaml);
  return file;
}

/** For every planned cell and base: how many results and execution markers the store holds. */
export async function storeCounts(store: ObjectStore, sweep: string) {
  const plan = await getJson<SweepPlan>(store, storeKeys.current(sweep));
  if (!plan) throw new Error(`no plan for ${sweep} in ${store.describe()}`);
  const cells = plan.groups.flatMap((g) => g.cells.map((c) => c.id));
  const bases = plan.groups.filter((g) => g.cells.some((c) => c.needsBase)).map((g) => g.id);
  const results = await Promise.all(cells.map((id) => store.exists(storeKeys.cellResult(id))));
  const cellMarkers = await Promise.all(cells.map((id) => store.list(storeKeys.executions(id))));
  const baseMarkers = await Promise.all(bases.map((id) => store.list(storeKeys.executions(id))));
  const markerPids = new Set<string>();
  for (const keys of [...cellMarkers, ...baseMarkers])
    for (const k of keys) {
      const m = await getJson<{ pid: number; host: string }>(store, k);
      if (m) markerPids.add(`${m.host}:${m.pid}`);
    }
  return {
    plan,
    cells: cells.length,
    withResult: results.filter(Boolean).length,
    cellMarkers: cellMarkers.map((m) => m.length),
    baseMarkers: baseMarkers.map((m) => m.length),
    totalMarkers: [...cellMarkers, ...baseMarkers].reduce((a, m) => a + m.length, 0),
    executors: markerPids.size,
  };
}

/** A sweep of `seeds.length` × 6 cells over gcn and spline on Cora (smoke preset, tiny epochs). */
export function coraSpec(
  name: string,
  opts: { seeds: number[]; epochs: number; heartbeat?: string; attempts?: number; groups?: number },
): string {
  return `name: ${name}
seeds: [${opts.seeds.join(', ')}]
preset: smoke
overrides: { epochs: ${opts.epochs} }
inFlight: { groups: ${opts.groups ?? 4}, cellsPerGroup: 2 }
execution: { checkpointEvery: 1, heartbeatTimeout: ${opts.heartbeat ?? '30s'}, maxAttempts: ${opts.attempts ?? 3} }
grid:
  - model: gcn
    dataset: cora
    task: node
    methods:
      none: {}
      global: { sparsity: [0.3, 0.6, 0.9] }
  - model: spline
    dataset: cora
    task: node
    methods:
      none: {}
      finegrained: { sparsity: [0.5] }
`;
}
