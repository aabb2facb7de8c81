import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import { DataFormatError } from '../../../core/errors';
import { loadCora, loadProteins } from '../../../gnn/data';
import { dataDirOf } from '../../../gnn/data/resolve';

const SHARED = dataDirOf({});

/** Serves the shared data folder on 127.0.0.1, recording requests; `corrupt` paths get one flipped byte. */
async function mirror(corrupt: string[] = []): Promise<{ url: string; requests: string[]; server: Server }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const rel = normalize(decodeURIComponent((req.url ?? '/').slice(1)));
    requests.push(rel);
    const abs = join(SHARED, rel);
    if (rel.startsWith('..') || !existsSync(abs)) {
      res.writeHead(404).end();
      return;
    }
    const body = Buffer.from(readFileSync(abs));
    if (corrupt.includes(rel)) body[body.length >> 1] ^= 1;
    res.writeHead(200, { 'content-length': body.length }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}

function emptyDirs(): { dataDir: string; cacheDir: string } {
  const root = mkdtempSync(join(tmpdir(), 'gnnc-dl-'));
  return { dataDir: join(root, 'empty'), cacheDir: join(root, 'cache') };
}

test('missing files are fetched from the mirror (loose files and a zip archive), verified and cached', async () => {
  const m = await mirror();
  try {
    const dirs = emptyDirs();
    const cora = await loadCora({ ...dirs, mirror: m.url });
    assert.equal(cora.edges.src.length, 10556);
    assert.deepEqual(m.requests.sort(), [
      'cora/linqs/cora.cites',
      'cora/linqs/cora.content',
      ...['allx', 'ally', 'graph', 'test.index', 'tx', 'ty'].map((e) => `cora/planetoid/ind.cora.${e}`),
    ]);
    assert.equal(cora.publicSplit?.test.length, 1000);
    assert.ok(existsSync(join(dirs.cacheDir, 'raw', 'cora/linqs/cora.content')));
    const proteins = await loadProteins({ ...dirs, mirror: m.url });
    assert.equal(proteins.graphs.length, 1113);
    assert.ok(m.requests.includes('proteins/_archives/PROTEINS.zip'), 'PROTEINS comes from the zip');
    m.requests.length = 0;
    await loadCora({ ...dirs, mirror: m.url, cache: false });
    assert.deepEqual(m.requests, [], 'second load uses the download cache');
  } finally {
    m.server.close();
  }
});

test('a corrupted download is rejected with the URL named and nothing cached', async () => {
  const m = await mirror(['cora/linqs/cora.cites', 'proteins/_archives/PROTEINS.zip']);
  try {
    const dirs = emptyDirs();
    await assert.rejects(
      loadCora({ ...dirs, mirror: m.url }),
      (e: unknown) => e instanceof DataFormatError && /cora\.cites.*sha256 mismatch/.test(e.message),
    );
    assert.ok(!existsSync(join(dirs.cacheDir, 'raw', 'cora/linqs/cora.cites')));
    await assert.rejects(
      loadProteins({ ...dirs, mirror: m.url }),
      (e: unknown) => e instanceof DataFormatError && /PROTEINS\.zip.*sha256 mismatch/.test(e.message),
    );
  } finally {
    m.server.close();
  }
});

test('with download off, missing files are a DataFormatError naming the path', async () => {
  await assert.rejects(
    loadCora({ ...emptyDirs(), download: false }),
    (e: unknown) => e instanceof DataFormatError && /cora\.content.*download is off/.test(e.message),
  );
});
