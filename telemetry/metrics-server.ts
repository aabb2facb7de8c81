/**
 * Serves a registry on HTTP `/metrics` and, when a Prometheus file_sd folder is given, announces itself
 * there (one JSON target file per server, removed on close) so Prometheus finds workers without edits.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Registry } from 'prom-client';

export interface MetricsServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * @param opts.port TCP port; 0 picks a free one
 * @param opts.host bind address @default '127.0.0.1'
 * @param opts.targetsDir Prometheus file_sd folder @default process.env.GNNC_PROMETHEUS_TARGETS_DIR
 * @param opts.job job label of the announced target (`gnnc-worker`, `temporal-sdk`)
 * @param opts.labels extra target labels (pool, host)
 */
export async function serveMetrics(
  registry: Registry,
  opts: { port: number; host?: string; targetsDir?: string; job: string; labels?: Record<string, string> },
): Promise<MetricsServer> {
  const bind = opts.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end('not found: try /metrics\n');
      return;
    }
    registry.metrics().then(
      (body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body),
      (err: unknown) => res.writeHead(500).end(String(err)),
    );
  });
  await listen(server, opts.port, bind);
  const port = (server.address() as AddressInfo).port;
  const shownHost = bind === '0.0.0.0' ? hostname() : bind;
  const url = `http://${shownHost}:${port}/metrics`;
  const targetsDir = opts.targetsDir ?? process.env.GNNC_PROMETHEUS_TARGETS_DIR;
  const targetFile = targetsDir ? join(targetsDir, `${opts.job}-${hostname()}-${process.pid}-${port}.json`) : null;
  if (targetsDir && targetFile) {
    await mkdir(targetsDir, { recursive: true });
    const body = JSON.stringify([{ targets: [`${shownHost}:${port}`], labels: { job: opts.job, ...opts.labels } }]);
    const tmp = `${targetFile}.${randomUUID()}.tmp`;
    await writeFile(tmp, body);
    await rename(tmp, targetFile);
  }
  return {
    url,
    port,
    close: async () => {
      if (targetFile) await rm(targetFile, { force: true });
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new Error(`metrics port ${port} on ${host} is already in use`) : err),
    );
    server.listen(port, host, () => resolve());
  });
}
