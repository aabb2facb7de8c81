/**
 * `gnnc dev up|down|status|env`: the local services (Temporal, SeaweedFS S3, Prometheus) for a
 * developer's machine, through the same launcher the tests use. The launcher loads lazily.
 */
import type { Command } from 'commander';

type Launcher = typeof import('../../infra/launcher');

/** require, not import(): bin/gnnc.js registers tsx's CommonJS hook only, and import() of a .ts path needs the ESM one. */
function launcher(): Launcher {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../../infra/launcher') as Launcher;
}

interface StateFlag {
  stateDir?: string;
}

interface UpFlags extends StateFlag {
  portBase?: string;
  temporalPort?: string;
  temporalUiPort?: string;
  s3Port?: string;
  prometheusPort?: string;
  headless?: boolean;
  scrapeInterval?: string;
  timeout?: string;
  json?: boolean;
}

/** Thrown when a port flag is not an integer in 1..65535. */
export class InvalidFlagError extends Error {
  override readonly name = 'InvalidFlagError';
}

function portFlag(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535)
    throw new InvalidFlagError(`--${flag}: '${value}' is not a port (1-65535)`);
  return n;
}

async function up(flags: UpFlags): Promise<void> {
  const { startServices } = launcher();
  const ports = Object.fromEntries(
    Object.entries({
      temporal: portFlag('temporal-port', flags.temporalPort),
      temporalUi: portFlag('temporal-ui-port', flags.temporalUiPort),
      s3: portFlag('s3-port', flags.s3Port),
      prometheus: portFlag('prometheus-port', flags.prometheusPort),
    }).filter(([, v]) => v !== undefined),
  );
  const timeout = flags.timeout === undefined ? undefined : Number(flags.timeout) * 1000;
  if (timeout !== undefined && !(timeout > 0))
    throw new InvalidFlagError(`--timeout: '${flags.timeout}' is not a number of seconds`);
  const info = await startServices({
    stateDir: flags.stateDir,
    portBase: portFlag('port-base', flags.portBase),
    ports,
    headless: flags.headless,
    scrapeInterval: flags.scrapeInterval,
    readyTimeoutMs: timeout,
    log: flags.json ? undefined : (line) => process.stderr.write(`${line}\n`),
  });
  if (flags.json) {
    process.stdout.write(JSON.stringify(info, null, 2) + '\n');
    return;
  }
  for (const s of info.services)
    process.stdout.write(`${s.name.padEnd(10)} ${s.address}  (pid ${s.pid}, log ${s.log})\n`);
  process.stdout.write(
    `state: ${info.stateDir}\nclient env: eval "$(npx gnnc dev env${flags.stateDir ? ` --state-dir ${flags.stateDir}` : ''})"\n`,
  );
}

async function down(flags: StateFlag): Promise<void> {
  const { stopServices } = launcher();
  const outcome = await stopServices({ stateDir: flags.stateDir });
  for (const [name, how] of Object.entries(outcome)) process.stdout.write(`${name.padEnd(10)} ${how}\n`);
}

async function status(flags: StateFlag & { json?: boolean }): Promise<void> {
  const { servicesStatus } = launcher();
  const info = await servicesStatus({ stateDir: flags.stateDir });
  const byName = Object.fromEntries(info.services.map(({ name, ...rest }) => [name, rest]));
  if (flags.json) {
    process.stdout.write(JSON.stringify({ stateDir: info.stateDir, ...byName }, null, 2) + '\n');
  } else {
    for (const s of info.services) {
      const what = s.ready ? 'ready' : `NOT READY (${s.detail ?? 'unknown'})`;
      process.stdout.write(`${s.name.padEnd(10)} ${what.padEnd(10)} ${s.address}  pid ${s.pid ?? '-'}\n`);
    }
  }
  if (!info.services.every((s) => s.ready)) process.exitCode = 1;
}

async function env(flags: StateFlag): Promise<void> {
  const { servicesEnv } = launcher();
  for (const [name, value] of Object.entries(servicesEnv({ stateDir: flags.stateDir }))) {
    process.stdout.write(`export ${name}=${shellQuote(value)}\n`);
  }
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

export function registerDevCommand(program: Command): void {
  const dev = program.command('dev').description('local services: Temporal dev server, SeaweedFS S3, Prometheus');
  const stateOpt = [
    '--state-dir <dir>',
    'state folder (pid files, logs, data) [env GNNC_STATE_DIR, default ./.state/dev]',
  ] as const;
  dev
    .command('up')
    .description('start the services (those not already running) and wait until each is ready')
    .option(...stateOpt)
    .option('--port-base <port>', 'use the port block base..base+20 [env GNNC_DEV_PORT_BASE]')
    .option('--temporal-port <port>', 'Temporal gRPC port [default 7233, env GNNC_DEV_TEMPORAL_PORT]')
    .option('--temporal-ui-port <port>', 'Temporal web UI port [default 8233]')
    .option('--headless', 'no Temporal web UI')
    .option('--s3-port <port>', 'S3 gateway port [default 8333, env GNNC_DEV_S3_PORT]')
    .option('--prometheus-port <port>', 'Prometheus port [default 9090, env GNNC_DEV_PROMETHEUS_PORT]')
    .option('--scrape-interval <duration>', 'Prometheus scrape interval [default 5s, env GNNC_SCRAPE_INTERVAL]')
    .option('--timeout <seconds>', 'time each service has to become ready [default 120]')
    .option('--json', 'print addresses and client env as JSON')
    .action(up);
  dev
    .command('down')
    .description('stop every service of the state folder')
    .option(...stateOpt)
    .action(down);
  dev
    .command('status')
    .description('probe each service; exit 1 unless all are ready')
    .option(...stateOpt)
    .option('--json', 'machine-readable: { temporal: {ready, pid, address, …}, s3: …, prometheus: … }')
    .action(status);
  dev
    .command('env')
    .description('print `export GNNC_…=` lines for clients')
    .option(...stateOpt)
    .action(env);
}
