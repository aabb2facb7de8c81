/**
 * `gnnc doctor [--json]`: what this machine can run — Node, TensorFlow.js backends, service binaries,
 * Docker, data sets. Exits 1 when something a sweep needs is missing, so CI can gate on it.
 */
import type { Command } from 'commander';
import path from 'node:path';
import { loadConfig, REPO_ROOT } from '../../core/config';
import { isDockerReachable } from '../../infra/docker-probe';
import type { BinaryName } from '../../infra/launcher/binaries';
import { binaryReport, dataDirReport, type BinaryReport, type DataDirReport } from './doctor-checks';

export interface DoctorReport {
  node: { version: string; ok: boolean };
  backends: { name: string; available: boolean; error?: string }[];
  backend: string | null;
  /** on wasm: XNNPACK threads (GNNC_WASM_THREADS) and whether the SIMD kernels loaded */
  wasm?: { threads: number; simdKernels: boolean };
  binaries: Record<BinaryName, BinaryReport>;
  docker: boolean;
  dataDir: DataDirReport;
  problems: string[];
}

type Engine = typeof import('../../gnn/engine');

/** Loads TensorFlow.js only now: doctor's other checks must not wait for it. */
async function backendFacts(
  preference: string,
): Promise<Pick<DoctorReport, 'backends' | 'backend' | 'wasm'> & { error?: string }> {
  // require, not import(): bin/gnnc.js registers tsx's CommonJS hook only
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const engine = require('../../gnn/engine') as Engine;
  const backends = await engine.probeBackends();
  try {
    const chosen = await engine.initBackend(
      preference === 'auto' ? undefined : (preference as Parameters<Engine['initBackend']>[0]),
    );
    const wasm =
      chosen.name === 'wasm'
        ? { threads: engine.wasmThreadsInUse(), simdKernels: engine.simdKernelsActive() }
        : undefined;
    return { backends, backend: chosen.name, ...(wasm ? { wasm } : {}) };
  } catch (err) {
    return { backends, backend: null, error: (err as Error).message };
  }
}

export async function runDoctor(env: NodeJS.ProcessEnv = process.env): Promise<DoctorReport> {
  const config = loadConfig(env);
  const venvDir = path.resolve(env.GNNC_VENV_DIR || path.join(REPO_ROOT, '.venv'));
  const [docker, engine] = await Promise.all([isDockerReachable(), backendFacts(config.backend)]);
  const binaries = {
    temporal: binaryReport('temporal', venvDir),
    weed: binaryReport('weed', venvDir),
    prometheus: binaryReport('prometheus', venvDir),
  };
  const nodeMajor = Number(process.versions.node.split('.')[0]);
  const report: DoctorReport = {
    node: { version: process.version, ok: nodeMajor >= 20 },
    backends: engine.backends,
    backend: engine.backend,
    ...(engine.wasm ? { wasm: engine.wasm } : {}),
    binaries,
    docker,
    dataDir: dataDirReport(config.dataDir),
    problems: [],
  };
  if (!report.node.ok) report.problems.push(`Node ${process.version} is too old; need >= 20.19`);
  if (engine.error) report.problems.push(engine.error);
  for (const [name, b] of Object.entries(binaries)) if (b.error) report.problems.push(`${name}: ${b.error}`);
  for (const [name, present] of Object.entries(report.dataDir.datasets)) {
    if (!present) report.problems.push(`data set ${name} missing under ${config.dataDir} (set GNNC_DATA_DIR)`);
  }
  return report;
}

function printHuman(r: DoctorReport): void {
  const out = (s: string) => process.stdout.write(s + '\n');
  const mark = (ok: boolean) => (ok ? 'ok ' : '-- ');
  out(`${mark(r.node.ok)}node        ${r.node.version}`);
  for (const b of r.backends)
    out(
      `${mark(b.available)}backend     ${b.name}${b.available ? '' : `  (${(b.error ?? '').split('\n')[0].slice(0, 100)})`}`,
    );
  const wasm = r.wasm
    ? `  (${r.wasm.threads} thread${r.wasm.threads > 1 ? 's' : ''}, ${r.wasm.simdKernels ? 'SIMD kernels' : 'JS kernels: the SIMD module did not load'})`
    : '';
  out(`${mark(r.backend !== null)}chosen      ${r.backend ?? 'none'}${wasm}`);
  for (const [name, b] of Object.entries(r.binaries))
    out(`${mark(b.path !== null && !b.error)}${name.padEnd(12)}${b.path ?? 'not found'}  ${b.version ?? ''}`);
  out(`${mark(r.docker)}docker      ${r.docker ? 'reachable' : 'not reachable (tests use local processes)'}`);
  out(`${mark(r.dataDir.exists)}data dir    ${r.dataDir.path}`);
  for (const [name, present] of Object.entries(r.dataDir.datasets)) out(`${mark(present)}  ${name}`);
  for (const p of r.problems) out(`problem: ${p}`);
}

export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('check Node, TensorFlow.js backends, service binaries, Docker and data sets')
    .option('--json', 'machine-readable report')
    .action(async (flags: { json?: boolean }) => {
      const report = await runDoctor();
      if (flags.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
      else printHuman(report);
      if (report.problems.length > 0) process.exitCode = 1;
    });
}
