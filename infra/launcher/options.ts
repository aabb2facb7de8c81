/**
 * Launcher options from code, flags and environment, validated with zod. Precedence: explicit
 * option > environment variable > default.
 */
import path from 'node:path';
import { z } from 'zod';
import { loadConfig, REPO_ROOT } from '../../core/config';
import { DEFAULT_PORTS, portsFromBase, type ServicePorts } from './ports';

export interface LauncherOptions {
  /** where pid files, logs, data and services.json live @default GNNC_STATE_DIR or `<repo>/.state/dev` */
  stateDir?: string;
  /** use the 21-port block starting here instead of the customary ports @default GNNC_DEV_PORT_BASE */
  portBase?: number;
  /** single-port overrides @default GNNC_DEV_TEMPORAL_PORT, GNNC_DEV_S3_PORT, GNNC_DEV_PROMETHEUS_PORT */
  ports?: Partial<ServicePorts>;
  /** no Temporal web UI @default false */
  headless?: boolean;
  /** Prometheus scrape (and file_sd refresh) interval @default GNNC_SCRAPE_INTERVAL or '5s' */
  scrapeInterval?: string;
  /** per-service time to become ready @default 120000 */
  readyTimeoutMs?: number;
  /** project venv searched before PATH @default GNNC_VENV_DIR or `<repo>/.venv` */
  venvDir?: string;
  /** bucket created at start-up @default GNNC_S3_BUCKET or 'gnnc' */
  bucket?: string;
  /** progress lines ("temporal ready at …") @default none */
  log?: (line: string) => void;
}

const port = z.coerce.number().int().min(1).max(65535);
const envSchema = z.object({
  GNNC_DEV_PORT_BASE: z.coerce
    .number()
    .int()
    .min(1024)
    .max(65535 - 20)
    .optional(),
  GNNC_DEV_TEMPORAL_PORT: port.optional(),
  GNNC_DEV_S3_PORT: port.optional(),
  GNNC_DEV_PROMETHEUS_PORT: port.optional(),
  GNNC_SCRAPE_INTERVAL: z
    .string()
    .regex(/^\d+(ms|s|m)$/, "must be a duration such as '5s'")
    .optional(),
  GNNC_VENV_DIR: z.string().min(1).optional(),
});

export interface ResolvedOptions {
  stateDir: string;
  ports: ServicePorts;
  scrapeInterval: string;
  readyTimeoutMs: number;
  venvDir: string;
  bucket: string;
  log: (line: string) => void;
}

/** Thrown when a GNNC_DEV_* variable or launcher option is malformed. */
export class LauncherOptionError extends Error {
  override readonly name = 'LauncherOptionError';
}

export function resolveOptions(opts: LauncherOptions = {}, env: NodeJS.ProcessEnv = process.env): ResolvedOptions {
  const clean = Object.fromEntries(Object.entries(env).filter(([k, v]) => k in envSchema.shape && v !== ''));
  const parsed = envSchema.safeParse(clean);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue.path[0]);
    throw new LauncherOptionError(`${name}: '${env[name]}' ${issue.message}`);
  }
  const e = parsed.data;
  const base = opts.portBase ?? e.GNNC_DEV_PORT_BASE;
  const ports: ServicePorts = { ...(base !== undefined ? portsFromBase(base) : DEFAULT_PORTS) };
  if (e.GNNC_DEV_TEMPORAL_PORT) ports.temporal = e.GNNC_DEV_TEMPORAL_PORT;
  if (e.GNNC_DEV_S3_PORT) ports.s3 = e.GNNC_DEV_S3_PORT;
  if (e.GNNC_DEV_PROMETHEUS_PORT) ports.prometheus = e.GNNC_DEV_PROMETHEUS_PORT;
  Object.assign(ports, opts.ports ?? {});
  if (opts.headless) ports.temporalUi = 0;
  const interval = opts.scrapeInterval ?? e.GNNC_SCRAPE_INTERVAL ?? '5s';
  if (!/^\d+(ms|s|m)$/.test(interval))
    throw new LauncherOptionError(`scrape interval '${interval}' must be a duration such as '5s'`);
  return {
    stateDir: path.resolve(opts.stateDir ?? loadConfig(env).stateDir),
    ports,
    scrapeInterval: interval,
    readyTimeoutMs: opts.readyTimeoutMs ?? 120_000,
    venvDir: path.resolve(opts.venvDir ?? e.GNNC_VENV_DIR ?? path.join(REPO_ROOT, '.venv')),
    bucket: opts.bucket ?? env.GNNC_S3_BUCKET ?? 'gnnc',
    log: opts.log ?? (() => {}),
  };
}
