import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadBbbp, loadCora, loadDataset, loadProteins, ATOM_FEATURE_DIMS, BOND_FEATURE_DIMS } from '../../../gnn/data';
import { UnknownNameError } from '../../../core/registry';

test('Cora: 2,708 nodes, 10,556 directed edges (5,278 undirected), 1,433 binary features, 7 classes', async () => {
  const ds = await loadCora();
  assert.equal(ds.numNodes, 2708);
  assert.equal(ds.numFeatures, 1433);
  assert.equal(ds.numClasses, 7);
  assert.equal(ds.edges.src.length, 10556);
  assert.equal(ds.features.rows.length, 49216);
  const keys = new Set<number>();
  for (let i = 0; i < ds.edges.src.length; i++) {
    const [u, v] = [ds.edges.src[i], ds.edges.dst[i]];
    assert.notEqual(u, v, 'no self-loops');
    keys.add(u * ds.numNodes + v);
  }
  assert.equal(keys.size, 10556, 'no duplicates');
  for (const k of keys) assert.ok(keys.has((k % ds.numNodes) * ds.numNodes + Math.floor(k / ds.numNodes)), 'symmetric');
  const perClass = new Map<string, number>();
  ds.labels.forEach((c) => perClass.set(ds.classNames[c], (perClass.get(ds.classNames[c]) ?? 0) + 1));
  assert.equal(perClass.get('Neural_Networks'), 818);
  assert.equal(perClass.get('Rule_Learning'), 180);
});

test('PROTEINS: 1,113 graphs, 43,471 nodes, 4 features (attribute + one-hot of 3 labels), labels 0/1', async () => {
  const ds = await loadProteins();
  assert.equal(ds.graphs.length, 1113);
  assert.equal(ds.numFeatures, 4);
  assert.equal(ds.numClasses, 2);
  let nodes = 0;
  let edges = 0;
  const labels = [0, 0];
  for (const g of ds.graphs) {
    nodes += g.numNodes;
    edges += g.src.length;
    labels[g.y]++;
    assert.equal(g.x.length, g.numNodes * 4);
    for (let i = 0; i < g.src.length; i++) assert.ok(g.src[i] < g.numNodes && g.dst[i] < g.numNodes);
    for (let r = 0; r < g.numNodes; r++) assert.equal(g.x[r * 4 + 1] + g.x[r * 4 + 2] + g.x[r * 4 + 3], 1, 'one-hot');
  }
  assert.equal(nodes, 43471);
  assert.equal(edges, 162088);
  assert.deepEqual(labels, [663, 450]);
});

test('BBBP: 2,039 molecules, 11 skipped, OGB feature ranges, bonds both ways', async () => {
  const ds = await loadBbbp({ warn: () => {} });
  assert.equal(ds.graphs.length, 2039);
  assert.equal(ds.skipped?.length, 11);
  assert.deepEqual(
    ds.skipped?.map((s) => s.name),
    ['15', '22767', 'ICI17148', '5-6', '12', '16', '17', '18', '19', '2', '9-C17'],
  );
  assert.equal(ds.graphs.filter((g) => g.y === 1).length, 1560);
  assert.deepEqual(ds.atomFeatureDims, ATOM_FEATURE_DIMS);
  for (const g of ds.graphs) {
    for (let i = 0; i < g.x.length; i++) assert.ok(g.x[i] >= 0 && g.x[i] < ATOM_FEATURE_DIMS[i % 9]);
    const ea = g.edgeAttr as Float32Array;
    for (let i = 0; i < ea.length; i++) assert.ok(ea[i] >= 0 && ea[i] < BOND_FEATURE_DIMS[i % 3]);
    for (let e = 0; e < g.src.length; e += 2) assert.deepEqual([g.src[e], g.dst[e]], [g.dst[e + 1], g.src[e + 1]]);
  }
});

test('loadDataset resolves registered names and lists them on a miss', async () => {
  assert.equal((await loadDataset('cora')).name, 'cora');
  await assert.rejects(
    loadDataset('citeseer'),
    (e: unknown) => e instanceof UnknownNameError && /bbbp, cora, proteins/.test(e.message),
  );
});
