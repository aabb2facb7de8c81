import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArtefactError, DataFormatError } from '../../../core/errors';
import { encodeCached, readCached, writeCached } from '../../../gnn/data/binary-cache';
import { parseCsv, type GraphDataset } from '../../../gnn/data';
import { GRAPH_CODEC } from '../../../gnn/data/graph-pack';
import { readZip } from '../../../gnn/data/zip';
import { dataDirOf, sha256 } from '../../../gnn/data/resolve';

test('binary cache round-trips typed arrays and plain data, with aligned views', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'gnnc-cache-')), 'x.bin');
  const value = {
    a: Int32Array.from([1, -2, 3]),
    b: [{ x: Float32Array.from([0.5, 1.5]), y: 1, s: 'é"' }],
    u: Uint8Array.from([7]),
  };
  writeCached(path, value, { key: 'k' });
  const hit = readCached<typeof value, { key: string }>(path);
  assert.ok(hit);
  assert.deepEqual(hit.meta, { key: 'k' });
  assert.deepEqual(hit.value, value);
  assert.ok(hit.value.b[0].x instanceof Float32Array);
  writeFileSync(path, encodeCached(value, {}).subarray(0, 30));
  assert.throws(() => readCached(path), ArtefactError);
});

test('zip reader extracts the TU archive byte-identically to the loose files', () => {
  const data = dataDirOf({});
  const entries = readZip(readFileSync(join(data, 'proteins/_archives/PROTEINS.zip')), 'PROTEINS.zip');
  const a = entries.find((e) => e.name.endsWith('/PROTEINS_A.txt'));
  assert.ok(a);
  assert.equal(sha256(a.data), '4c4b33e272fc95cac6d27ed6d5d12b9a852c8610e91fff59f8f0dbdd5a20df67');
  assert.throws(() => readZip(Buffer.from('not a zip at all, definitely not'), 'x.zip'), DataFormatError);
});

test('CSV reader: quotes, doubled quotes, commas, CRLF; unterminated quote is an error', () => {
  const rows = parseCsv('a,b\r\n1,"""x, y"""\r\n2,"multi\nline"\r\n', 'f.csv');
  assert.deepEqual(
    rows.map((r) => r.fields),
    [
      ['a', 'b'],
      ['1', '"x, y"'],
      ['2', 'multi\nline'],
    ],
  );
  assert.deepEqual(
    rows.map((r) => r.line),
    [1, 2, 3],
  );
  assert.throws(() => parseCsv('a,b\n1,"open\n', 'f.csv'), /f\.csv:2: unterminated/);
  assert.throws(() => parseCsv('a,"b"c\n', 'f.csv'), /after a closing quote/);
});

test('graph packing round-trips every field through the binary cache', () => {
  const ds: GraphDataset = {
    name: 'bbbp',
    numFeatures: 2,
    numClasses: 2,
    atomFeatureDims: [3, 4],
    skipped: [{ row: 3, name: 'x', smiles: 'c1cc' }],
    graphs: [
      {
        numNodes: 2,
        x: Float32Array.from([1, 2, 3, 4]),
        numFeatures: 2,
        src: Int32Array.from([0, 1]),
        dst: Int32Array.from([1, 0]),
        edgeAttr: Float32Array.from([1, 0, 1, 0]),
        edgeFeatures: 2,
        y: 1,
        smiles: 'CC',
        scaffold: '',
      },
      {
        numNodes: 1,
        x: Float32Array.from([5, 6]),
        numFeatures: 2,
        src: new Int32Array(0),
        dst: new Int32Array(0),
        edgeAttr: new Float32Array(0),
        edgeFeatures: 2,
        y: 0,
        smiles: 'C',
        scaffold: '',
      },
    ],
  };
  const path = join(mkdtempSync(join(tmpdir(), 'gnnc-pack-')), 'g.bin');
  writeCached(path, GRAPH_CODEC.encode(ds), {});
  const back = GRAPH_CODEC.decode((readCached(path) as { value: unknown }).value);
  assert.deepEqual(back, ds);
});
