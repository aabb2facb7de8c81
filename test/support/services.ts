/**
 * Integration tests get the local services from here. Under `npm test` the services are already up
 * (test/run.sh started them and exported GNNC_TEMPORAL_ADDRESS & co.); a file run on its own starts
 * them through the same launcher and stops them after its tests. Nothing is mocked.
 */
import { after } from 'node:test';
import path from 'node:path';
import { loadConfig, REPO_ROOT, type S3Config } from '../../core/config';
import { isDockerReachable } from '../../infra/docker-probe';
import { servicesStatus, startServices, stopServices } from '../../infra/launcher';

export interface TestServices {
  temporalAddress: string;
  temporalNamespace: string;
  s3: S3Config;
  prometheusUrl: string;
  prometheusTargetsDir: string;
  /** the launcher's state folder, for tests that ask it for status */
  stateDir: string;
  /** how the services were provided, as logged */
  mode: 'from-environment' | 'local-processes';
}

/** Port block of standalone runs; apart from test/run.sh's 27600 so both can coexist. */
const STANDALONE_PORT_BASE = Number(process.env.GNNC_TEST_PORT_BASE ?? 27650);

let cached: Promise<TestServices> | undefined;
/** set when this process started the services, so it (and only it) stops them */
let startedIn: string | undefined;

function log(line: string): void {
  process.stderr.write(`[test services] ${line}\n`);
}

function fromEnv(env: NodeJS.ProcessEnv, stateDir: string, mode: TestServices['mode']): TestServices {
  const config = loadConfig({ ...env, GNNC_STORE: 's3' });
  if (!config.s3 || !config.prometheus.url || !config.prometheus.targetsDir) {
    throw new Error('service env incomplete: need GNNC_S3_*, GNNC_PROMETHEUS_URL, GNNC_PROMETHEUS_TARGETS_DIR');
  }
  return {
    temporalAddress: config.temporal.address,
    temporalNamespace: config.temporal.namespace,
    s3: config.s3,
    prometheusUrl: config.prometheus.url,
    prometheusTargetsDir: config.prometheus.targetsDir,
    stateDir,
    mode,
  };
}

async function provide(): Promise<TestServices> {
  if (process.env.GNNC_TEMPORAL_ADDRESS) {
    log(`using services from the environment (Temporal at ${process.env.GNNC_TEMPORAL_ADDRESS})`);
    const stateDir = process.env.GNNC_TEST_SERVICES_STATE_DIR ?? path.join(REPO_ROOT, '.state', 'test');
    return fromEnv(process.env, stateDir, 'from-environment');
  }
  const docker = await isDockerReachable();
  log(
    docker
      ? 'Docker engine reachable, but the container path is not built yet: using local processes'
      : 'no Docker engine reachable: using local processes',
  );
  const stateDir = path.join(REPO_ROOT, '.state', 'test-standalone');
  const before = await servicesStatus({ stateDir }).catch(() => null);
  const alreadyUp = before?.services.every((s) => s.ready) ?? false;
  if (alreadyUp) log(`reusing services already running in ${stateDir}`);
  else startedIn = stateDir;
  const info = await startServices({ stateDir, portBase: STANDALONE_PORT_BASE, headless: true, log });
  return fromEnv({ ...process.env, ...info.env }, stateDir, 'local-processes');
}

/**
 * The services for this test file; starts them at most once per process. Call it at the top level of
 * the file (not inside a test) so the clean-up hook belongs to the whole file.
 */
export function useServices(): Promise<TestServices> {
  if (!cached) {
    cached = provide();
    cached.catch(() => {}); // the tests that await it report the failure
    after(async () => {
      if (startedIn === undefined) return;
      log('stopping the services this file started');
      await stopServices({ stateDir: startedIn });
    });
  }
  return cached;
}
