/**
 * Is a Docker engine reachable? A `GET /_ping` on DOCKER_HOST (unix or tcp) or the default socket.
 * Cheap on purpose (no testcontainers import), so `gnnc doctor` and test fixtures can ask freely.
 */
import fs from 'node:fs';
import http from 'node:http';

/** How to reach the engine named by DOCKER_HOST; null when it names something we do not speak (ssh, npipe). */
export function dockerEndpoint(dockerHost = process.env.DOCKER_HOST): http.RequestOptions | null {
  if (!dockerHost) return { socketPath: '/var/run/docker.sock' };
  if (dockerHost.startsWith('unix://')) return { socketPath: dockerHost.slice('unix://'.length) };
  if (dockerHost.startsWith('tcp://')) {
    const url = new URL(dockerHost.replace(/^tcp:/, 'http:'));
    return { host: url.hostname, port: Number(url.port || 2375) };
  }
  return null;
}

/**
 * @param timeoutMs how long to wait for the engine's answer @default 1500
 * @returns true when the engine answers `OK` to /_ping
 */
export function isDockerReachable(timeoutMs = 1_500, dockerHost = process.env.DOCKER_HOST): Promise<boolean> {
  const endpoint = dockerEndpoint(dockerHost);
  if (!endpoint) return Promise.resolve(false);
  if (endpoint.socketPath && !fs.existsSync(endpoint.socketPath)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const req = http.get({ ...endpoint, path: '/_ping', timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(res.statusCode === 200 && body.trim() === 'OK'));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}
