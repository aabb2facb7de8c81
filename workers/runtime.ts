/**
 * Process-wide Temporal runtime: SDK logs go through pino (stderr, never stdout, so `--json` output
 * stays clean) and, optionally, the SDK's own metrics to a Prometheus endpoint. Must run before the
 * first connection; installing twice is a no-op here.
 */
import { DefaultLogger, makeTelemetryFilterString, Runtime } from '@temporalio/worker';
import type { Logger } from '../telemetry/logger';

let installed = false;

/** @param sdkMetricsBind e.g. `0.0.0.0:9466` @default none (SDK metrics off) */
export async function installRuntime(
  log: Logger,
  opts: { sdkMetricsBind?: string; level?: 'WARN' | 'INFO' | 'ERROR' } = {},
): Promise<void> {
  if (installed) return;
  const sdkLog = log.child({ component: 'temporal-sdk' });
  const logger = new DefaultLogger(opts.level ?? 'WARN', (entry) => {
    // a worker polling only activities (or only workflows) says so at every start: expected here
    if (/^No (activities|workflows|Nexus services) registered/.test(entry.message)) return;
    const fn = entry.level === 'ERROR' ? sdkLog.error : entry.level === 'WARN' ? sdkLog.warn : sdkLog.info;
    fn.call(sdkLog, entry.meta ?? {}, entry.message);
  });
  Runtime.install({
    logger,
    telemetryOptions: {
      // the native core logs to stdout unless forwarded: forward it, so `--json` keeps stdout clean
      logging: { forward: {}, filter: makeTelemetryFilterString({ core: opts.level ?? 'WARN' }) },
      ...(opts.sdkMetricsBind ? { metrics: { prometheus: { bindAddress: opts.sdkMetricsBind } } } : {}),
    },
  });
  installed = true;
}
