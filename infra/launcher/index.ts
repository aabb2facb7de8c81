/**
 * The one launcher for local services (Temporal dev server, SeaweedFS S3, Prometheus), used by
 * `gnnc dev`, by test/run.sh and by test fixtures alike. Services run detached; their state lives in
 * one folder so a restart finds the same workflows, objects and metrics.
 */
import fs from 'node:fs';
import path from 'node:path';
import { requireBinary } from './binaries';
import { ServiceStartError } from './errors';
import { type LauncherOptions, resolveOptions } from './options';
import { assertPortsFree } from './ports';
import { isServiceProcess, lastLogLine, readPidFile, spawnDetached, stopGroup } from './processes';
import { waitReady } from './probes';
import { SERVICES, type ServiceDef, type ServiceName } from './services';
import { clientEnv, type LaunchState, newSecret, readState, requireState, writeState } from './state';

export type { LauncherOptions } from './options';
export type { ServicePorts } from './ports';
export type { ServiceName } from './services';

export interface ServiceStatus {
  name: ServiceName;
  ready: boolean;
  running: boolean;
  pid: number | null;
  address: string;
  log: string;
  /** why it is not ready, when it is not */
  detail?: string;
}

export interface ServicesInfo {
  stateDir: string;
  services: ServiceStatus[];
  /** GNNC_* variables a client needs to reach these services */
  env: Record<string, string>;
}

const pidFile = (s: LaunchState, d: ServiceDef) => path.join(s.stateDir, `${d.name}.pid`);
const logFile = (s: LaunchState, d: ServiceDef) => path.join(s.stateDir, 'logs', `${d.name}.log`);

function runningPid(s: LaunchState, d: ServiceDef): number | null {
  const pid = readPidFile(pidFile(s, d));
  return pid !== null && isServiceProcess(pid, d.binary) ? pid : null;
}

/** A state folder keeps its ports and keys once chosen; new options apply only to a fresh folder. */
function loadOrCreateState(opts: ReturnType<typeof resolveOptions>, env: NodeJS.ProcessEnv): LaunchState {
  const previous = readState(opts.stateDir);
  const anyRunning = previous !== null && SERVICES.some((d) => runningPid(previous, d) !== null);
  if (previous && anyRunning) return previous;
  return {
    version: 1,
    stateDir: opts.stateDir,
    host: '127.0.0.1',
    ports: opts.ports,
    scrapeInterval: opts.scrapeInterval,
    s3: {
      bucket: opts.bucket,
      accessKeyId: env.GNNC_S3_ACCESS_KEY || previous?.s3.accessKeyId || 'gnnc',
      secretAccessKey: env.GNNC_S3_SECRET_KEY || previous?.s3.secretAccessKey || newSecret(),
      region: 'us-east-1',
    },
  };
}

/**
 * Starts whatever is not already running and waits until every service is ready. Fails fast on a
 * busy port or a missing binary, before anything starts; on a start-up failure it stops what it started.
 */
export async function startServices(
  options: LauncherOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<ServicesInfo> {
  const opts = resolveOptions(options, env);
  const state = loadOrCreateState(opts, env);
  const toStart = SERVICES.filter((d) => runningPid(state, d) === null);
  for (const d of SERVICES)
    if (!toStart.includes(d)) opts.log(`${d.name} already running (pid ${runningPid(state, d)})`);
  for (const d of toStart) await assertPortsFree(state.ports, d.portKeys, state.host);
  const binaries = new Map(toStart.map((d) => [d.name, requireBinary(d.binary, opts.venvDir)]));
  writeState(state);
  const started: ServiceDef[] = [];
  try {
    for (const d of toStart) {
      const args = d.prepare(state);
      spawnDetached(binaries.get(d.name)!, args, {
        cwd: state.stateDir,
        logFile: logFile(state, d),
        pidFile: pidFile(state, d),
      });
      started.push(d);
    }
    await Promise.all(
      SERVICES.map(async (d) => {
        const r = await waitReady(
          () => d.probe(state),
          () => runningPid(state, d) !== null,
          opts.readyTimeoutMs,
        );
        if (!r.ready)
          throw new ServiceStartError(d.name, `${r.reason}; ${lastLogLine(logFile(state, d))}`, logFile(state, d));
        opts.log(`${d.name} ready at ${d.address(state)}`);
      }),
    );
  } catch (err) {
    await stopDefs(state, started);
    throw err;
  }
  return servicesInfo(state, true);
}

async function stopDefs(state: LaunchState, defs: ServiceDef[]): Promise<Record<string, string>> {
  const outcome: Record<string, string> = {};
  for (const d of [...defs].reverse()) {
    const pid = runningPid(state, d);
    outcome[d.name] = pid === null ? 'not-running' : await stopGroup(pid, d.stopGraceMs);
    fs.rmSync(pidFile(state, d), { force: true });
  }
  return outcome;
}

/** Stops every service of the state folder (SIGTERM, then SIGKILL); returns how each ended. */
export async function stopServices(
  options: Pick<LauncherOptions, 'stateDir'> = {},
  env = process.env,
): Promise<Record<string, string>> {
  const opts = resolveOptions(options, env);
  const state = readState(opts.stateDir);
  if (!state) return Object.fromEntries(SERVICES.map((d) => [d.name, 'not-running']));
  return stopDefs(state, SERVICES);
}

/** Probes each service (retrying for up to 15 s) and reports it; throws when `up` never ran. */
export async function servicesStatus(
  options: Pick<LauncherOptions, 'stateDir'> = {},
  env = process.env,
): Promise<ServicesInfo> {
  const opts = resolveOptions(options, env);
  return servicesInfo(requireState(opts.stateDir), false);
}

/** The client env of a state folder without probing (for `gnnc dev env`). */
export function servicesEnv(
  options: Pick<LauncherOptions, 'stateDir'> = {},
  env = process.env,
): Record<string, string> {
  return clientEnv(requireState(resolveOptions(options, env).stateDir));
}

async function servicesInfo(state: LaunchState, knownReady: boolean): Promise<ServicesInfo> {
  const services = await Promise.all(
    SERVICES.map(async (d): Promise<ServiceStatus> => {
      const pid = runningPid(state, d);
      const base = { name: d.name, pid, running: pid !== null, address: d.address(state), log: logFile(state, d) };
      if (pid === null) return { ...base, ready: false, detail: 'not running' };
      if (knownReady) return { ...base, ready: true };
      // a busy machine can miss one probe: retry within a bounded budget rather than report a live service down
      const r = await waitReady(
        () => d.probe(state, 5_000),
        () => runningPid(state, d) !== null,
        15_000,
      );
      return r.ready ? { ...base, ready: true } : { ...base, ready: false, detail: r.reason };
    }),
  );
  return { stateDir: state.stateDir, services, env: clientEnv(state) };
}
