/** The S3 store against the real bucket of the local SeaweedFS. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { InvalidInputError } from '../../../core/errors';
import { getJson, putJson } from '../../../store/object-store';
import { openStore } from '../../../store/open-store';
import { S3Store } from '../../../store/s3-store';
import { useServices } from '../../support/services';

const services = useServices();

test('S3Store writes, lists, reads and deletes objects in the real bucket', async () => {
  const s = await services;
  const prefix = `test-${randomUUID()}`;
  const store = new S3Store({ ...s.s3, prefix });
  try {
    assert.equal(store.describe(), `s3://${s.s3.bucket}/${prefix}/`);
    assert.equal(await store.get('cells/a/result.json'), null);
    assert.equal(await store.exists('cells/a/result.json'), false);
    await putJson(store, 'sweeps/smoke/plan.json', { cells: 2 });
    await putJson(store, 'cells/a/result.json', { accuracy: 0.8 });
    await putJson(store, 'cells/b/result.json', { accuracy: 0.7 });
    await store.put('bases/h/checkpoint.bin', new Uint8Array([1, 2, 3, 0, 255]));
    assert.deepEqual(await store.list('cells/'), ['cells/a/result.json', 'cells/b/result.json']);
    assert.deepEqual((await store.list('')).length, 4);
    assert.deepEqual(await getJson(store, 'cells/b/result.json'), { accuracy: 0.7 });
    assert.deepEqual([...(await store.get('bases/h/checkpoint.bin'))!], [1, 2, 3, 0, 255]);
    assert.equal(await store.exists('sweeps/smoke/plan.json'), true);
    await store.delete('cells/a/result.json');
    assert.deepEqual(await store.list('cells/'), ['cells/b/result.json']);
    await assert.rejects(store.put('../escape', 'x'), InvalidInputError);
  } finally {
    for (const key of await store.list('')) await store.delete(key);
    store.close();
  }
});

test('list pages past 1000 keys', async () => {
  const s = await services;
  const store = new S3Store({ ...s.s3, prefix: `test-${randomUUID()}` });
  try {
    const keys = Array.from({ length: 1005 }, (_, i) => `many/${String(i).padStart(4, '0')}`);
    for (let i = 0; i < keys.length; i += 50) await Promise.all(keys.slice(i, i + 50).map((k) => store.put(k, k)));
    assert.deepEqual(await store.list('many/'), keys);
  } finally {
    const keys = await store.list('');
    for (let i = 0; i < keys.length; i += 50) await Promise.all(keys.slice(i, i + 50).map((k) => store.delete(k)));
    store.close();
  }
});

test('openStore gives the S3 store when GNNC_STORE=s3', async () => {
  const s = await services;
  const store = await openStore({
    store: { kind: 's3', dir: '/unused' },
    s3: { ...s.s3, prefix: `test-${randomUUID()}` },
  });
  assert.ok(store instanceof S3Store);
  await store.put('x', 'y');
  assert.equal(Buffer.from((await store.get('x'))!).toString(), 'y');
  await store.delete('x');
  (store as S3Store).close();
});
