/**
 * The launcher's memory between commands: `<state>/services.json` records the ports, bucket and S3
 * keys chosen by `dev up`, so `status`, `env` and `down` need no flags and a restart reuses them.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { NotStartedError } from './errors';
import type { ServicePorts } from './ports';

const portsSchema = z.record(z.number().int().min(0).max(65535));

const stateSchema = z.object({
  version: z.literal(1),
  host: z.string(),
  ports: portsSchema,
  scrapeInterval: z.string(),
  s3: z.object({ bucket: z.string(), accessKeyId: z.string(), secretAccessKey: z.string(), region: z.string() }),
});

export interface LaunchState {
  version: 1;
  /** absolute state folder (not stored: the file's own folder) */
  stateDir: string;
  host: string;
  ports: ServicePorts;
  scrapeInterval: string;
  s3: { bucket: string; accessKeyId: string; secretAccessKey: string; region: string };
}

export function stateFile(stateDir: string): string {
  return path.join(stateDir, 'services.json');
}

/** null when `dev up` never ran with this state folder. */
export function readState(stateDir: string): LaunchState | null {
  let body: string;
  try {
    body = fs.readFileSync(stateFile(stateDir), 'utf8');
  } catch {
    return null;
  }
  const parsed = stateSchema.parse(JSON.parse(body));
  return { ...parsed, ports: parsed.ports as unknown as ServicePorts, stateDir };
}

export function requireState(stateDir: string): LaunchState {
  const state = readState(stateDir);
  if (!state) throw new NotStartedError(stateDir);
  return state;
}

/** Written 0600: it holds the S3 secret. */
export function writeState(state: LaunchState): void {
  fs.mkdirSync(state.stateDir, { recursive: true });
  const { stateDir: _omit, ...stored } = state;
  fs.writeFileSync(stateFile(state.stateDir), JSON.stringify(stored, null, 2) + '\n', { mode: 0o600 });
}

/** A fresh random secret for a new state folder, so no two stacks share a well-known key. */
export function newSecret(): string {
  return randomBytes(20).toString('hex');
}

/** The variables a client (worker, CLI, test) needs to reach these services. */
export function clientEnv(state: LaunchState): Record<string, string> {
  const { host, ports } = state;
  return {
    GNNC_TEMPORAL_ADDRESS: `${host}:${ports.temporal}`,
    GNNC_TEMPORAL_NAMESPACE: 'default',
    GNNC_S3_ENDPOINT: `http://${host}:${ports.s3}`,
    GNNC_S3_BUCKET: state.s3.bucket,
    GNNC_S3_ACCESS_KEY: state.s3.accessKeyId,
    GNNC_S3_SECRET_KEY: state.s3.secretAccessKey,
    GNNC_S3_REGION: state.s3.region,
    GNNC_PROMETHEUS_URL: `http://${host}:${ports.prometheus}`,
    GNNC_PROMETHEUS_TARGETS_DIR: path.join(state.stateDir, 'prometheus', 'targets'),
  };
}
