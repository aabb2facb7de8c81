import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { locateBinary, requireBinary } from '../../../infra/launcher/binaries';
import { resolveOptions } from '../../../infra/launcher/options';
import { assertPortsFree, DEFAULT_PORTS, isPortFree, portsFromBase } from '../../../infra/launcher/ports';
import { renderTemplate, SERVICES } from '../../../infra/launcher/services';
import { clientEnv, type LaunchState } from '../../../infra/launcher/state';

const tmp = (p: string) => fs.mkdtempSync(path.join(os.tmpdir(), p));

test('a port base yields distinct ports that stay inside base..base+20', () => {
  const ports = Object.values(portsFromBase(30000));
  assert.equal(new Set(ports).size, ports.length);
  assert.ok(ports.every((p) => p >= 30000 && p <= 30020));
  assert.equal(new Set(Object.values(DEFAULT_PORTS)).size, Object.values(DEFAULT_PORTS).length);
});

test('options: flags beat environment, environment beats defaults', () => {
  const env = { GNNC_DEV_PORT_BASE: '31000', GNNC_DEV_S3_PORT: '31555', GNNC_STATE_DIR: '/tmp/x-state' };
  const fromEnv = resolveOptions({}, env);
  assert.equal(fromEnv.ports.temporal, 31000);
  assert.equal(fromEnv.ports.s3, 31555);
  assert.equal(fromEnv.stateDir, '/tmp/x-state');
  const fromFlags = resolveOptions(
    { portBase: 32000, ports: { prometheus: 32999 }, headless: true, stateDir: '/tmp/y' },
    env,
  );
  assert.equal(fromFlags.ports.temporal, 32000);
  assert.equal(fromFlags.ports.prometheus, 32999);
  assert.equal(fromFlags.ports.temporalUi, 0);
  assert.equal(fromFlags.stateDir, '/tmp/y');
  assert.equal(resolveOptions({}, {}).ports.temporal, 7233);
  assert.throws(() => resolveOptions({}, { GNNC_DEV_S3_PORT: 'abc' }), /GNNC_DEV_S3_PORT: 'abc'/);
  assert.throws(() => resolveOptions({ scrapeInterval: 'soon' }, {}), /scrape interval 'soon'/);
});

test('a busy port is reported by number and purpose', async () => {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const busy = (server.address() as net.AddressInfo).port;
  try {
    assert.equal(await isPortFree(busy, '127.0.0.1'), false);
    const ports = { ...portsFromBase(33000), s3: busy };
    await assert.rejects(assertPortsFree(ports, ['s3'], '127.0.0.1'), {
      name: 'PortInUseError',
      message: new RegExp(`^port ${busy} \\(s3 gateway\\) is already in use`),
    });
  } finally {
    server.close();
  }
  assert.equal(await isPortFree(busy, '127.0.0.1'), true);
});

test('binaries: the venv wins over PATH; a miss says to run setup', () => {
  const venv = tmp('gnnc-venv-');
  const other = tmp('gnnc-path-');
  fs.mkdirSync(path.join(venv, 'bin'));
  for (const dir of [path.join(venv, 'bin'), other]) {
    fs.writeFileSync(path.join(dir, 'weed'), '#!/bin/sh\n', { mode: 0o755 });
  }
  fs.writeFileSync(path.join(other, 'temporal'), '#!/bin/sh\n', { mode: 0o755 });
  fs.writeFileSync(path.join(other, 'prometheus'), 'not executable', { mode: 0o644 });
  assert.equal(locateBinary('weed', venv, other), path.join(venv, 'bin', 'weed'));
  assert.equal(locateBinary('temporal', venv, other), path.join(other, 'temporal'));
  assert.equal(locateBinary('prometheus', venv, other), null);
  assert.throws(() => requireBinary('prometheus', venv, other), {
    name: 'MissingBinaryError',
    message: `'prometheus' not found in ${path.join(venv, 'bin')} or PATH; run \`npm run setup\``,
  });
});

function fakeState(stateDir: string): LaunchState {
  return {
    version: 1,
    stateDir,
    host: '127.0.0.1',
    ports: portsFromBase(34000),
    scrapeInterval: '2s',
    s3: { bucket: 'b', accessKeyId: 'k', secretAccessKey: 's', region: 'us-east-1' },
  };
}

test('prometheus config: file_sd over <state>/prometheus/targets, scrape interval applied', () => {
  const state = fakeState(tmp('gnnc-state-'));
  const prometheus = SERVICES.find((s) => s.name === 'prometheus')!;
  const args = prometheus.prepare(state);
  const config = fs.readFileSync(path.join(state.stateDir, 'prometheus', 'prometheus.yml'), 'utf8');
  const targets = path.join(state.stateDir, 'prometheus', 'targets');
  assert.ok(config.includes(`files: ['${targets}/*.json']`));
  assert.match(config, /scrape_interval: 2s/);
  assert.ok(!config.includes('${'), 'no placeholder left');
  assert.ok(args.includes('--web.listen-address=127.0.0.1:34020'));
  const own = JSON.parse(fs.readFileSync(path.join(targets, 'services.json'), 'utf8')) as { targets: string[] }[];
  assert.deepEqual(
    own.map((t) => t.targets[0]),
    ['127.0.0.1:34002', '127.0.0.1:34018'],
  );
  assert.throws(() => renderTemplate('${NOPE}', {}), /NOPE/);
});

test('seaweedfs gets an identity file with the S3 keys and every port explicitly', () => {
  const state = fakeState(tmp('gnnc-state-'));
  const args = SERVICES.find((s) => s.name === 's3')!.prepare(state);
  const identities = JSON.parse(fs.readFileSync(path.join(state.stateDir, 'seaweedfs', 's3-identities.json'), 'utf8'));
  assert.deepEqual(identities.identities[0].credentials, [{ accessKey: 'k', secretKey: 's' }]);
  for (const port of [34010, 34011, 34012, 34013, 34014, 34015, 34016, 34017, 34018]) {
    assert.ok(
      args.some((a) => a.endsWith(`=${port}`)),
      `port ${port} passed`,
    );
  }
  const env = clientEnv(state);
  assert.equal(env.GNNC_S3_ENDPOINT, 'http://127.0.0.1:34010');
  assert.equal(env.GNNC_TEMPORAL_ADDRESS, '127.0.0.1:34000');
  assert.equal(env.GNNC_PROMETHEUS_TARGETS_DIR, path.join(state.stateDir, 'prometheus', 'targets'));
});
