import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { dockerEndpoint, isDockerReachable } from '../../../infra/docker-probe';

test('DOCKER_HOST forms map to socket or tcp endpoints', () => {
  assert.deepEqual(dockerEndpoint(undefined), { socketPath: '/var/run/docker.sock' });
  assert.deepEqual(dockerEndpoint('unix:///run/user/1000/docker.sock'), { socketPath: '/run/user/1000/docker.sock' });
  assert.deepEqual(dockerEndpoint('tcp://10.1.2.3:2376'), { host: '10.1.2.3', port: 2376 });
  assert.equal(dockerEndpoint('ssh://me@host'), null);
});

test('an engine answering OK on /_ping is reachable; a missing socket is not', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gnnc-docker-'));
  const socket = path.join(dir, 'docker.sock');
  const engine = http.createServer((req, res) => res.end(req.url === '/_ping' ? 'OK' : 'no'));
  await new Promise<void>((r) => engine.listen(socket, r));
  try {
    assert.equal(await isDockerReachable(1000, `unix://${socket}`), true);
  } finally {
    engine.close();
  }
  assert.equal(await isDockerReachable(1000, `unix://${path.join(dir, 'absent.sock')}`), false);
  assert.equal(await isDockerReachable(1000, 'tcp://127.0.0.1:1'), false);
});
