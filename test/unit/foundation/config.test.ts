import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig, REPO_ROOT } from '../../../core/config';

test('defaults hang off the repository root', () => {
  const c = loadConfig({});
  assert.equal(c.store.kind, 'file');
  assert.equal(c.store.dir, path.join(REPO_ROOT, 'runs'));
  assert.equal(c.stateDir, path.join(REPO_ROOT, '.state', 'dev'));
  assert.equal(c.dataDir, path.resolve(REPO_ROOT, '..', 'shared', 'datasets'));
  assert.equal(c.temporal.address, 'localhost:7233');
  assert.equal(c.temporal.namespace, 'default');
  assert.equal(c.backend, 'auto');
  assert.equal(c.s3, undefined);
});

test('a bad enum value names the variable and the allowed values', () => {
  assert.throws(() => loadConfig({ GNNC_STORE: 'x' }), {
    name: 'ConfigError',
    message: "GNNC_STORE: 'x' is not one of file, s3",
  });
  assert.throws(() => loadConfig({ GNNC_BACKEND: 'gpu' }), {
    message: "GNNC_BACKEND: 'gpu' is not one of auto, tensorflow-gpu, tensorflow, wasm, cpu",
  });
});

test('malformed values name the variable and say what is expected', () => {
  assert.throws(() => loadConfig({ GNNC_TEMPORAL_ADDRESS: 'localhost' }), {
    message: "GNNC_TEMPORAL_ADDRESS: 'localhost' must be host:port",
  });
  assert.throws(() => loadConfig({ GNNC_S3_ENDPOINT: 'not a url' }), /GNNC_S3_ENDPOINT: 'not a url' must be a URL/);
});

test('the s3 store needs an endpoint and both keys', () => {
  assert.throws(() => loadConfig({ GNNC_STORE: 's3' }), /GNNC_S3_ENDPOINT: required when GNNC_STORE is 's3'/);
  assert.throws(
    () => loadConfig({ GNNC_STORE: 's3', GNNC_S3_ENDPOINT: 'http://127.0.0.1:8333', GNNC_S3_ACCESS_KEY: 'a' }),
    /GNNC_S3_SECRET_KEY: required/,
  );
  const c = loadConfig({
    GNNC_STORE: 's3',
    GNNC_S3_ENDPOINT: 'http://127.0.0.1:8333',
    GNNC_S3_ACCESS_KEY: 'a',
    GNNC_S3_SECRET_KEY: 'b',
    GNNC_S3_BUCKET: 'my-bucket',
  });
  assert.deepEqual(c.s3, {
    endpoint: 'http://127.0.0.1:8333',
    bucket: 'my-bucket',
    accessKeyId: 'a',
    secretAccessKey: 'b',
    region: 'us-east-1',
    prefix: '',
  });
});

test('a YAML config file is read, and the environment wins over it', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gnnc-config-'));
  const file = path.join(dir, 'gnnc.yaml');
  fs.writeFileSync(
    file,
    'store: s3\ns3Endpoint: http://10.0.0.1:9000\ns3AccessKey: k\ns3SecretKey: s\ntemporalNamespace: study\n',
  );
  const c = loadConfig({ GNNC_CONFIG: file, GNNC_TEMPORAL_NAMESPACE: 'override', GNNC_STORE_DIR: dir });
  assert.equal(c.store.kind, 's3');
  assert.equal(c.s3?.endpoint, 'http://10.0.0.1:9000');
  assert.equal(c.temporal.namespace, 'override');
  assert.equal(c.store.dir, dir);
});

test('a config file with an unknown key or bad value is rejected by name', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gnnc-config-'));
  const unknown = path.join(dir, 'a.json');
  fs.writeFileSync(unknown, JSON.stringify({ stor: 'file' }));
  assert.throws(() => loadConfig({ GNNC_CONFIG: unknown }), /GNNC_CONFIG: unknown key 'stor'/);
  const bad = path.join(dir, 'b.json');
  fs.writeFileSync(bad, JSON.stringify({ store: 'ftp' }));
  assert.throws(() => loadConfig({ GNNC_CONFIG: bad }), { message: "GNNC_STORE: 'ftp' is not one of file, s3" });
  assert.throws(() => loadConfig({ GNNC_CONFIG: path.join(dir, 'missing.yaml') }), ConfigError);
});
