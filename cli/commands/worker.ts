/**
 * `gnnc worker --role orchestrator|compute`: one long-running Temporal worker. Orchestrators run the
 * sweep workflows; compute workers train cells of one pool (`gpu`, `cpu`) with `--slots` at once.
 * The worker modules load inside the action so `gnnc --help` stays instant.
 */
import type { Command } from 'commander';
import { InvalidInputError } from '../../core/errors';

interface WorkerFlags {
  role: string;
  pool: string;
  slots: string;
  device?: string;
  metricsPort: string;
  metricsHost: string;
  sdkMetricsPort?: string;
}

function intFlag(name: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new InvalidInputError(`'${value}' is not an integer ≥ ${min}`, `--${name}`);
  return n;
}

async function action(flags: WorkerFlags): Promise<void> {
  /* eslint-disable @typescript-eslint/no-require-imports -- lazy: bin/gnnc.js has tsx's CommonJS hook only */
  const { loadConfig } = require('../../core/config') as typeof import('../../core/config');
  const { logger } = require('../../telemetry/logger') as typeof import('../../telemetry/logger');
  const config = loadConfig();
  const sdkMetricsBind = flags.sdkMetricsPort
    ? `${flags.metricsHost}:${intFlag('sdk-metrics-port', flags.sdkMetricsPort, 1)}`
    : undefined;
  if (flags.role === 'orchestrator') {
    const { runOrchestratorProcess } =
      require('../../workers/worker-process') as typeof import('../../workers/worker-process');
    return runOrchestratorProcess({
      config,
      log: logger().child({ role: 'orchestrator' }),
      sdkMetricsBind,
      metricsPort: intFlag('metrics-port', flags.metricsPort, 0),
      metricsHost: flags.metricsHost,
    });
  }
  if (flags.role !== 'compute')
    throw new InvalidInputError(`'${flags.role}' is not one of orchestrator, compute`, '--role');
  if (!/^[a-z0-9][a-z0-9-]*$/i.test(flags.pool))
    throw new InvalidInputError(`'${flags.pool}' is not a pool name`, '--pool');
  const { runComputeProcess } =
    require('../../workers/compute-process') as typeof import('../../workers/compute-process');
  /* eslint-enable @typescript-eslint/no-require-imports */
  return runComputeProcess({
    config,
    log: logger().child({ role: 'compute', pool: flags.pool }),
    sdkMetricsBind,
    pool: flags.pool,
    slots: intFlag('slots', flags.slots, 1),
    device: flags.device === undefined ? undefined : intFlag('device', flags.device, 0),
    metricsPort: intFlag('metrics-port', flags.metricsPort, 0),
    metricsHost: flags.metricsHost,
  });
}

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('run a Temporal worker: orchestrator (sweep workflows) or compute (trains cells)')
    .requiredOption('--role <role>', 'orchestrator | compute')
    .option('--pool <pool>', 'compute pool whose queue to poll (gpu, cpu)', 'cpu')
    .option('--slots <n>', 'cells trained at once by this worker', '1')
    .option('--device <k>', 'GPU index this worker uses (sets CUDA_VISIBLE_DEVICES)')
    .option(
      '--metrics-port <port>',
      'port of /metrics (compute: cell metrics; orchestrator: sweep progress; 0: any free port)',
      '0',
    )
    .option('--metrics-host <host>', 'bind address of /metrics and the SDK metrics', '127.0.0.1')
    .option('--sdk-metrics-port <port>', "port of the Temporal SDK's own Prometheus metrics (off when absent)")
    .action(action);
}
