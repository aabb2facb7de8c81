import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { loadConfig } from '../../../core/config';
import { createLogger } from '../../../telemetry/logger';

function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

test('the S3 secret in a logged configuration is redacted', () => {
  const secret = 'very-secret-value-123';
  const config = loadConfig({
    GNNC_STORE: 's3',
    GNNC_S3_ENDPOINT: 'http://127.0.0.1:8333',
    GNNC_S3_ACCESS_KEY: 'access-id-42',
    GNNC_S3_SECRET_KEY: secret,
  });
  const out = capture();
  const log = createLogger({ destination: out.stream, level: 'info' });
  log.info(config, 'config at start-up');
  log.info({ config }, 'nested config');
  log.child({ worker: 'w1' }).info({ s3: config.s3 }, 'store opened');
  const text = out.text();
  assert.equal(text.split('\n').filter(Boolean).length, 3);
  assert.ok(!text.includes(secret), 'secret must not appear in log output');
  assert.ok(!text.includes('access-id-42'), 'access key id must not appear either');
  assert.ok(text.includes('[redacted]'));
  assert.ok(text.includes('http://127.0.0.1:8333'), 'non-secret fields are kept');
});
