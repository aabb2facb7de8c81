/**
 * pino JSON logging. One root logger per process; rooms take child loggers bound to their ids
 * (`log.child({ sweep, group, cell })`). Secrets (S3 keys, tokens, passwords) are redacted wherever
 * they appear in a logged object.
 */
import pino, { type Logger } from 'pino';

export type { Logger };

/** Paths pino censors; covers config objects and AWS SDK credential shapes. */
export const REDACT_PATHS = [
  '*.secretAccessKey',
  '*.accessKeyId',
  '*.sessionToken',
  '*.password',
  '*.token',
  '*.*.secretAccessKey',
  '*.*.accessKeyId',
  '*.*.password',
  'secretAccessKey',
  'accessKeyId',
  'password',
  'token',
  'credentials',
  '*.credentials',
];

/**
 * @param level pino level @default process.env.GNNC_LOG_LEVEL ?? 'info'
 * @param destination where JSON lines go @default stderr (stdout is kept for command output)
 */
export function createLogger(
  opts: { level?: string; destination?: pino.DestinationStream; name?: string } = {},
): Logger {
  return pino(
    {
      name: opts.name ?? 'gnnc',
      level: opts.level ?? process.env.GNNC_LOG_LEVEL ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    },
    opts.destination ?? pino.destination(2),
  );
}

let root: Logger | undefined;

/** The process-wide root logger (created on first use). */
export function logger(): Logger {
  root ??= createLogger();
  return root;
}
