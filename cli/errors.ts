/** One-line, actionable error output for the CLI; exit code non-zero. Stack traces only with GNNC_DEBUG=1. */
export function reportCliError(err: unknown): never {
  const e = err instanceof Error ? err : new Error(String(err));
  process.stderr.write(`gnnc: ${e.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e.message}\n`);
  if (process.env.GNNC_DEBUG === '1' && e.stack) process.stderr.write(e.stack + '\n');
  process.exit(process.exitCode && process.exitCode !== 0 ? process.exitCode : 1);
}
