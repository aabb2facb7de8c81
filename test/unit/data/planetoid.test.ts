import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataFormatError } from '../../../core/errors';
import { loadCora, matchPlanetoid } from '../../../gnn/data';
import { toCsr } from '../../../gnn/data/numpy';
import { unpickle } from '../../../gnn/data/pickle';
import { dataDirOf } from '../../../gnn/data/resolve';

const dir = join(dataDirOf({}), 'cora', 'planetoid');
const file = (ext: string) => ({
  path: join(dir, `ind.cora.${ext}`),
  data: readFileSync(join(dir, `ind.cora.${ext}`)),
});
const files = () => ({
  allx: file('allx'),
  tx: file('tx'),
  ally: file('ally'),
  ty: file('ty'),
  graph: file('graph'),
  testIndex: file('test.index'),
});

test('pickle reader: CSR matrix shapes and non-zeros of the Planetoid files', () => {
  const allx = toCsr(unpickle(file('allx').data, 'allx'), 'allx');
  const tx = toCsr(unpickle(file('tx').data, 'tx'), 'tx');
  assert.deepEqual([allx.rows, allx.cols, tx.rows, tx.cols], [1708, 1433, 1000, 1433]);
  assert.equal(allx.indices.length + tx.indices.length, 49216);
  assert.throws(
    () => unpickle(Buffer.from([0x80, 0x02, 0xff]), 'bad.pkl'),
    /bad\.pkl: pickle: unsupported opcode 0xff/,
  );
  assert.throws(() => unpickle(file('tx').data.subarray(0, 500), 'cut.pkl'), DataFormatError);
});

test('the Planetoid → LINQS match carries the Planetoid graph exactly onto cora.cites', async () => {
  const ds = await loadCora({ planetoid: false });
  const m = matchPlanetoid(files(), ds);
  assert.equal(new Set(m.nodeOf).size, 2708);
  assert.ok(
    m.ambiguous <= 27,
    `ambiguous ${m.ambiguous}: only exact twins (same features, label, neighbours) may stay ambiguous`,
  );
  assert.deepEqual(m.split, (await loadCora()).publicSplit);
});

test('a Planetoid graph that disagrees with cora.cites is rejected, not silently mapped', async () => {
  const ds = await loadCora({ planetoid: false });
  const cut = { ...ds, edges: { ...ds.edges, src: ds.edges.src.slice(2), dst: ds.edges.dst.slice(2) } };
  assert.throws(
    () => matchPlanetoid(files(), cut),
    (e: unknown) => e instanceof DataFormatError && /ind\.cora\.graph/.test(e.message),
  );
});
