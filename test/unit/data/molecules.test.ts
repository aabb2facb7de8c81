import { test } from 'node:test';
import assert from 'node:assert/strict';
import { murckoScaffold } from '../../../gnn/data';
import { featurise } from '../../../gnn/data/mol-features';
import { molView, type RdJson } from '../../../gnn/data/mol-view';
import { getRdkit } from '../../../gnn/data/rdkit';

async function view(smiles: string) {
  const rd = await getRdkit();
  const mol = rd.get_mol(smiles);
  assert.ok(mol && mol.is_valid());
  const v = molView(JSON.parse(mol.get_json()) as RdJson);
  mol.delete();
  return { rd, v };
}

test('Murcko scaffolds: side chains stripped, linkers and exocyclic C=O kept, acyclic → empty', async () => {
  const cases: [string, string][] = [
    ['CC(=O)Nc1ccc(O)cc1', 'c1ccccc1'],
    ['CC1CCCC(=O)C1', 'O=C1CCCCC1'],
    ['c1ccccc1CCc1ccncc1', 'c1ccc(CCc2ccncc2)cc1'],
    ['[Cl].CC(C)NCC(O)COc1cccc2ccccc12', 'c1ccc2ccccc2c1'],
    ['CCCCO', ''],
  ];
  for (const [smiles, expected] of cases) {
    const { rd, v } = await view(smiles);
    assert.equal(murckoScaffold(rd, v), expected, smiles);
  }
});

test('OGB features: E/Z from cis/trans and CIP ranks, conjugation of a carboxylic acid, atom feature order', async () => {
  const bondStereo = async (smiles: string) => {
    const { v } = await view(smiles);
    const f = featurise(v, new Array<number>(v.z.length).fill(5));
    return [...f.edgeAttr].filter((_x, i) => i % 6 === 1);
  };
  assert.deepEqual(await bondStereo('C/C=C/Cl'), [0, 2, 0], 'trans, ranks agree → E');
  assert.deepEqual(await bondStereo('C/C=C\\Cl'), [0, 1, 0], 'cis → Z');
  assert.deepEqual(await bondStereo('F/C(Cl)=C/C'), [0, 0, 1, 0], 'F trans to C, but Cl outranks F → Z');
  const { v } = await view('CC(=O)O');
  const f = featurise(v, [2, 1, 1, 1]);
  assert.deepEqual(
    [...f.edgeAttr].filter((_x, i) => i % 6 === 2),
    [0, 1, 1],
    'C=O and C–OH conjugated, C–C not',
  );
  // methyl carbon: atomic number 6 → 5, no chirality, degree 1, charge 0 → 5, 3 H, no radical, SP3 → 2, not aromatic, not in ring
  assert.deepEqual([...f.x.slice(0, 9)], [5, 0, 1, 5, 3, 0, 2, 0, 0]);
});

test('parseBbbp: aromatic bonds typed 3 and conjugated, hybridisation from RDKit (SP2 ring, SP3 methyl)', async () => {
  const { parseBbbp } = await import('../../../gnn/data');
  const csv = Buffer.from('num,name,p_np,smiles\r\n1,toluene,1,Cc1ccccc1\r\n');
  const ds = parseBbbp({ path: 'mem.csv', data: csv }, await getRdkit(), () => assert.fail('no warning expected'));
  const g = ds.graphs[0];
  assert.equal(g.numNodes, 7);
  const hyb = Array.from({ length: 7 }, (_x, i) => g.x[i * 9 + 6]);
  assert.deepEqual(hyb, [2, 1, 1, 1, 1, 1, 1]);
  const aromatic = Array.from({ length: 7 }, (_x, i) => g.x[i * 9 + 7]);
  assert.deepEqual(aromatic, [0, 1, 1, 1, 1, 1, 1]);
  const ea = g.edgeAttr as Float32Array;
  const types = Array.from({ length: ea.length / 3 }, (_x, e) => ea[e * 3]);
  assert.deepEqual(types, [0, 0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3]);
  assert.equal(g.scaffold, 'c1ccccc1');
});
