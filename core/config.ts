/**
 * Process configuration: environment variables, optionally layered over a JSON/YAML file named by
 * GNNC_CONFIG, validated once with zod. Every error names the environment variable a person would
 * set and the values it accepts, so a bad value is fixed in one step.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';

/** The repository root (where package.json lives); defaults hang off it, not off the cwd. */
export const REPO_ROOT = path.resolve(__dirname, '..');

export const STORE_KINDS = ['file', 's3'] as const;
export const BACKEND_PREFERENCES = ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;

/** Thrown when a configuration value (env or config file) is invalid; never retried. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly field: string,
    readonly detail: string,
  ) {
    super(`${field}: ${detail}`);
  }
}

/** Config key → environment variable; also the order in which errors are reported. */
const ENV_NAMES = {
  dataDir: 'GNNC_DATA_DIR',
  stateDir: 'GNNC_STATE_DIR',
  store: 'GNNC_STORE',
  storeDir: 'GNNC_STORE_DIR',
  s3Endpoint: 'GNNC_S3_ENDPOINT',
  s3Bucket: 'GNNC_S3_BUCKET',
  s3AccessKey: 'GNNC_S3_ACCESS_KEY',
  s3SecretKey: 'GNNC_S3_SECRET_KEY',
  s3Region: 'GNNC_S3_REGION',
  s3Prefix: 'GNNC_S3_PREFIX',
  temporalAddress: 'GNNC_TEMPORAL_ADDRESS',
  temporalNamespace: 'GNNC_TEMPORAL_NAMESPACE',
  prometheusUrl: 'GNNC_PROMETHEUS_URL',
  prometheusTargetsDir: 'GNNC_PROMETHEUS_TARGETS_DIR',
  backend: 'GNNC_BACKEND',
  logLevel: 'GNNC_LOG_LEVEL',
} as const;

type FlatKey = keyof typeof ENV_NAMES;

const text = z.string().trim().min(1, 'must not be empty');
const dir = text.transform((p) => path.resolve(p));
const url = text.url('must be a URL such as http://127.0.0.1:8333');

/** The flat shape validated from env + file; `loadConfig` nests it. */
const flatSchema = z.object({
  dataDir: dir.default(path.join(REPO_ROOT, '..', 'shared', 'datasets')),
  stateDir: dir.default(path.join(REPO_ROOT, '.state', 'dev')),
  store: z.enum(STORE_KINDS).default('file'),
  storeDir: dir.default(path.join(REPO_ROOT, 'runs')),
  s3Endpoint: url.optional(),
  s3Bucket: text.regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid S3 bucket name').default('gnnc'),
  s3AccessKey: text.optional(),
  s3SecretKey: text.optional(),
  s3Region: text.default('us-east-1'),
  s3Prefix: z.string().default(''),
  temporalAddress: text.regex(/^[^\s:]+:\d+$/, 'must be host:port').default('localhost:7233'),
  temporalNamespace: text.default('default'),
  prometheusUrl: url.optional(),
  prometheusTargetsDir: dir.optional(),
  backend: z.enum(BACKEND_PREFERENCES).default('auto'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

type Flat = z.infer<typeof flatSchema>;

export interface S3Config {
  endpoint: string;
  bucket: string;
  /** named like the AWS SDK's fields so telemetry/logger.ts redacts them wherever they are logged */
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  /** key prefix inside the bucket @default '' */
  prefix: string;
}

export interface GnncConfig {
  dataDir: string;
  stateDir: string;
  store: { kind: (typeof STORE_KINDS)[number]; dir: string };
  /** present whenever an endpoint is configured; required (all fields) when store.kind is s3 */
  s3?: S3Config;
  temporal: { address: string; namespace: string };
  prometheus: { url?: string; targetsDir?: string };
  backend: (typeof BACKEND_PREFERENCES)[number];
  logLevel: string;
}

/** Turns a zod issue into the one line a person needs: variable, offending value, what is allowed. */
function describeIssue(issue: z.ZodIssue, raw: Partial<Record<FlatKey, unknown>>): ConfigError {
  const key = String(issue.path[0]) as FlatKey;
  const field = ENV_NAMES[key] ?? key;
  const value = raw[key];
  if (issue.code === 'invalid_enum_value') {
    return new ConfigError(field, `'${String(value)}' is not one of ${issue.options.join(', ')}`);
  }
  return new ConfigError(field, `'${String(value)}' ${issue.message}`);
}

/** Reads GNNC_CONFIG (JSON or YAML, flat keys as in ENV_NAMES' left side). */
function readConfigFile(file: string): Partial<Record<FlatKey, unknown>> {
  let parsed: unknown;
  try {
    const body = fs.readFileSync(file, 'utf8');
    parsed = /\.json$/i.test(file) ? JSON.parse(body) : YAML.parse(body);
  } catch (err) {
    throw new ConfigError('GNNC_CONFIG', `cannot read ${file}: ${(err as Error).message}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError('GNNC_CONFIG', `${file} must hold a mapping of config keys`);
  }
  const unknown = Object.keys(parsed).filter((k) => !(k in ENV_NAMES));
  if (unknown.length > 0) {
    throw new ConfigError(
      'GNNC_CONFIG',
      `unknown key '${unknown[0]}' in ${file}; allowed: ${Object.keys(ENV_NAMES).join(', ')}`,
    );
  }
  return parsed as Partial<Record<FlatKey, unknown>>;
}

/**
 * Builds the validated configuration. Environment wins over the file; empty env values count as unset.
 * @param env the environment to read @default process.env
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): GnncConfig {
  const raw: Partial<Record<FlatKey, unknown>> = env.GNNC_CONFIG ? readConfigFile(path.resolve(env.GNNC_CONFIG)) : {};
  for (const [key, name] of Object.entries(ENV_NAMES) as [FlatKey, string][]) {
    const value = env[name];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const result = flatSchema.safeParse(raw);
  if (!result.success) throw describeIssue(result.error.issues[0], raw);
  return nest(result.data);
}

function nest(flat: Flat): GnncConfig {
  const s3 = flat.s3Endpoint
    ? {
        endpoint: flat.s3Endpoint,
        bucket: flat.s3Bucket,
        accessKeyId: flat.s3AccessKey ?? '',
        secretAccessKey: flat.s3SecretKey ?? '',
        region: flat.s3Region,
        prefix: flat.s3Prefix,
      }
    : undefined;
  if (flat.store === 's3') {
    if (!s3) throw new ConfigError('GNNC_S3_ENDPOINT', "required when GNNC_STORE is 's3' (e.g. http://127.0.0.1:8333)");
    if (!s3.accessKeyId) throw new ConfigError('GNNC_S3_ACCESS_KEY', "required when GNNC_STORE is 's3'");
    if (!s3.secretAccessKey) throw new ConfigError('GNNC_S3_SECRET_KEY', "required when GNNC_STORE is 's3'");
  }
  return {
    dataDir: flat.dataDir,
    stateDir: flat.stateDir,
    store: { kind: flat.store, dir: flat.storeDir },
    s3,
    temporal: { address: flat.temporalAddress, namespace: flat.temporalNamespace },
    prometheus: { url: flat.prometheusUrl, targetsDir: flat.prometheusTargetsDir },
    backend: flat.backend,
    logLevel: flat.logLevel,
  };
}
