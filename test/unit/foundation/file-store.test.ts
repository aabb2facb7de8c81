import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { InvalidInputError } from '../../../core/errors';
import { getJson, putJson } from '../../../store/object-store';
import { FileStore } from '../../../store/file-store';
import { openStore } from '../../../store/open-store';
import { loadConfig } from '../../../core/config';

function tempStore(): FileStore {
  return new FileStore(fs.mkdtempSync(path.join(os.tmpdir(), 'gnnc-filestore-')));
}

test('put, get, exists and delete round-trip bytes and strings', async () => {
  const store = tempStore();
  assert.equal(await store.get('cells/abc/result.json'), null);
  assert.equal(await store.exists('cells/abc/result.json'), false);
  await store.put('cells/abc/result.json', '{"accuracy":0.81}');
  await store.put('bases/h1/checkpoint.bin', new Uint8Array([0, 1, 2, 255]));
  assert.equal(Buffer.from((await store.get('cells/abc/result.json'))!).toString(), '{"accuracy":0.81}');
  assert.deepEqual([...(await store.get('bases/h1/checkpoint.bin'))!], [0, 1, 2, 255]);
  assert.equal(await store.exists('cells/abc/result.json'), true);
  await store.delete('cells/abc/result.json');
  assert.equal(await store.exists('cells/abc/result.json'), false);
  await store.delete('cells/abc/result.json');
});

test('list returns every key under a string prefix, sorted, like S3', async () => {
  const store = tempStore();
  for (const key of [
    'cells/b2/result.json',
    'cells/a1/result.json',
    'cells/a1/model.bin',
    'bases/x/result.json',
    'cellsx/y',
  ]) {
    await store.put(key, key);
  }
  assert.deepEqual(await store.list('cells/'), ['cells/a1/model.bin', 'cells/a1/result.json', 'cells/b2/result.json']);
  assert.deepEqual(await store.list('cells/a'), ['cells/a1/model.bin', 'cells/a1/result.json']);
  assert.deepEqual(await store.list('cells'), [
    'cells/a1/model.bin',
    'cells/a1/result.json',
    'cells/b2/result.json',
    'cellsx/y',
  ]);
  assert.equal((await store.list('')).length, 5);
  assert.deepEqual(await store.list('nothing/'), []);
});

test('writes are atomic: concurrent writers leave one whole value and no temp files', async () => {
  const store = tempStore();
  const big = (c: string) => c.repeat(1 << 20);
  await Promise.all(['a', 'b', 'c', 'd'].map((c) => store.put('sweeps/s/plan.json', big(c))));
  const value = Buffer.from((await store.get('sweeps/s/plan.json'))!).toString();
  assert.equal(value.length, 1 << 20);
  assert.ok(['a', 'b', 'c', 'd'].includes(value[0]) && value === big(value[0]), 'value is one writer’s whole body');
  assert.deepEqual(fs.readdirSync(path.join(store.root, 'sweeps', 's')), ['plan.json']);
});

test('list hides in-flight temporary files', async () => {
  const store = tempStore();
  await store.put('cells/a/result.json', '1');
  fs.writeFileSync(path.join(store.root, 'cells', 'a', 'result.json.tmp-123-abcd'), 'partial');
  assert.deepEqual(await store.list('cells/'), ['cells/a/result.json']);
});

test('keys cannot escape the store root', async () => {
  const store = tempStore();
  for (const key of ['../evil', 'a/../../b', '/etc/passwd', 'a//b', '', 'a\\b']) {
    await assert.rejects(store.put(key, 'x'), InvalidInputError, `key ${JSON.stringify(key)}`);
  }
  await assert.rejects(store.list('../'), InvalidInputError);
});

test('putJson/getJson and describe', async () => {
  const store = tempStore();
  await putJson(store, 'cells/h/result.json', { acc: 0.5, nan: false });
  assert.deepEqual(await getJson(store, 'cells/h/result.json'), { acc: 0.5, nan: false });
  assert.equal(await getJson(store, 'cells/none/result.json'), null);
  assert.match(store.describe(), /^file:\/\/\/.*gnnc-filestore-/);
});

test('openStore gives the file store by default, rooted at GNNC_STORE_DIR', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gnnc-open-'));
  const store = await openStore(loadConfig({ GNNC_STORE_DIR: dir }));
  assert.ok(store instanceof FileStore);
  await store.put('x/y', 'z');
  assert.equal(fs.readFileSync(path.join(dir, 'x', 'y'), 'utf8'), 'z');
});
