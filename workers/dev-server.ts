/**
 * A private Temporal dev server (`temporal server start-dev`) on a free port, its output in a log
 * file (never on stdout, which `--json` keeps for the summary). With `dbFile` it persists to SQLite,
 * so the chaos test can kill it and restart it on the same file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import { Connection } from '@temporalio/client';
import { temporalBinary } from './temporal-binary';

export interface DevServer {
  address: string;
  port: number;
  process: ChildProcess;
  /** SIGTERM, then SIGKILL after `graceMs` @default 5000 */
  stop(graceMs?: number): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Wait until a client can reach the server's gRPC API. @param timeoutMs @default 60000 */
export async function waitForTemporal(address: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const c = await Connection.connect({ address, connectTimeout: 2000 });
      await c.workflowService.getSystemInfo({});
      await c.close();
      return;
    } catch (err) {
      if (Date.now() > deadline)
        throw new Error(`Temporal at ${address} not ready after ${timeoutMs} ms: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

/**
 * @param opts.port @default a free port
 * @param opts.dbFile SQLite file for durability @default in memory
 * @param opts.logFile where the server's output goes @default discarded
 */
export async function startDevServer(
  opts: { port?: number; dbFile?: string; logFile?: string } = {},
): Promise<DevServer> {
  const port = opts.port ?? (await freePort());
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--headless',
    '--log-level',
    'warn',
  ];
  if (opts.dbFile) {
    mkdirSync(dirname(opts.dbFile), { recursive: true });
    args.push('--db-filename', opts.dbFile);
  }
  let out: number | 'ignore' = 'ignore';
  if (opts.logFile) {
    mkdirSync(dirname(opts.logFile), { recursive: true });
    out = openSync(opts.logFile, 'a');
  }
  const child = spawn(temporalBinary(), args, { stdio: ['ignore', out, out] });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const address = `127.0.0.1:${port}`;
  const stop = async (graceMs = 5000) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitForTemporal(address);
  } catch (err) {
    await stop(0);
    throw err;
  }
  return { address, port, process: child, stop };
}
