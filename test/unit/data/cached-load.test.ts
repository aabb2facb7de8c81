import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCora } from '../../../gnn/data';
import { CORA_CONTENT, fixtureDir } from './fixtures';

test('parsed cache: written on first load, reused, rebuilt when a source changes or the cache is damaged', async () => {
  const opts = { ...fixtureDir(), cache: true };
  const first = await loadCora(opts);
  const parsed = join(opts.cacheDir as string, 'parsed');
  const files = readdirSync(parsed);
  assert.equal(files.length, 1);
  assert.match(files[0], /^cora-linqs-v\d+-[0-9a-f]{16}\.bin$/);
  assert.deepEqual(await loadCora(opts), first);
  const content = join(opts.dataDir as string, 'cora/linqs/cora.content');
  writeFileSync(content, CORA_CONTENT + '40\t0\t0\t1\tB\n');
  assert.equal((await loadCora(opts)).numNodes, 4, 'a changed source file invalidates the cache');
  writeFileSync(join(parsed, files[0]), 'garbage');
  assert.equal((await loadCora(opts)).numNodes, 4, 'a damaged cache is rebuilt');
});
