import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataFormatError } from '../../../core/errors';
import { loadBbbp, loadCora, loadProteins } from '../../../gnn/data';
import { BBBP, CORA_CONTENT, fixtureDir } from './fixtures';

/** Asserts a DataFormatError whose message names `file` (and `line` when given). */
async function rejectsWith(p: Promise<unknown>, file: string, line: number | null, detail: RegExp): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof DataFormatError, `expected DataFormatError, got ${String(err)}`);
    assert.ok(err.file.endsWith(file), `file ${err.file} should end with ${file}`);
    if (line !== null) assert.equal(err.line, line);
    assert.match(err.message, detail);
    return true;
  });
}

test('the fixtures themselves load (so each failure below is due to its defect)', async () => {
  const cora = await loadCora(fixtureDir());
  assert.equal(cora.numNodes, 3);
  assert.equal(cora.edges.src.length, 4);
  const proteins = await loadProteins(fixtureDir());
  assert.deepEqual(
    proteins.graphs.map((g) => g.numNodes),
    [3, 2],
  );
  assert.deepEqual(Array.from(proteins.graphs[1].x), [4, 1, 0, 0, 5, 0, 1, 0]);
});

test('a truncated file (no final newline) is a DataFormatError naming file and line', async () => {
  const cut = CORA_CONTENT.slice(0, CORA_CONTENT.length - 5);
  await rejectsWith(loadCora(fixtureDir({ 'cora/linqs/cora.content': cut })), 'cora.content', 3, /truncated/);
  await rejectsWith(loadBbbp(fixtureDir({ 'bbbp/BBBP.csv': BBBP.slice(0, -6) })), 'BBBP.csv', null, /truncated/);
});

test('a per-node TU file with too few lines is reported as such', async () => {
  await rejectsWith(
    loadProteins(fixtureDir({ 'proteins/PROTEINS/PROTEINS_node_labels.txt': '0\n1\n2\n' })),
    'PROTEINS_node_labels.txt',
    4,
    /3 lines, expected 5/,
  );
});

test('a wrong column count names the line', async () => {
  const bad = CORA_CONTENT.replace('20\t0\t1\t0\tB', '20\t0\t1\tB');
  await rejectsWith(
    loadCora(fixtureDir({ 'cora/linqs/cora.content': bad })),
    'cora.content',
    2,
    /expected 5 columns, got 4/,
  );
  await rejectsWith(
    loadCora(fixtureDir({ 'cora/linqs/cora.cites': '10\t20\n20\t30\t40\n' })),
    'cora.cites',
    2,
    /expected 2 columns/,
  );
});

test('an id out of range is an error, not a silently wrong graph', async () => {
  await rejectsWith(
    loadCora(fixtureDir({ 'cora/linqs/cora.cites': '10\t20\n99\t10\n' })),
    'cora.cites',
    2,
    /paper id 99 is not in cora.content/,
  );
  await rejectsWith(
    loadProteins(fixtureDir({ 'proteins/PROTEINS/PROTEINS_A.txt': '1, 2\n2, 6\n' })),
    'PROTEINS_A.txt',
    2,
    /node id 6 out of range 1..5/,
  );
  await rejectsWith(
    loadProteins(fixtureDir({ 'proteins/PROTEINS/PROTEINS_A.txt': '1, 2\n3, 4\n' })),
    'PROTEINS_A.txt',
    2,
    /crosses graphs 1 and 2/,
  );
  await rejectsWith(
    loadProteins(fixtureDir({ 'proteins/PROTEINS/PROTEINS_graph_indicator.txt': '1\n1\n1\n2\n3\n' })),
    'PROTEINS_graph_indicator.txt',
    5,
    /out of range 1..2/,
  );
});

test('a non-binary feature or non-numeric token is rejected', async () => {
  await rejectsWith(
    loadCora(fixtureDir({ 'cora/linqs/cora.content': CORA_CONTENT.replace('10\t1\t0', '10\t2\t0') })),
    'cora.content',
    1,
    /expected 0 or 1/,
  );
  await rejectsWith(
    loadProteins(fixtureDir({ 'proteins/PROTEINS/PROTEINS_node_attributes.txt': ' 1.0\n x\n 3.0\n 4.0\n 5.0\n' })),
    'PROTEINS_node_attributes.txt',
    2,
    /not a number/,
  );
});

test('an unparsable SMILES is skipped with exactly one warning; a CSV row with the wrong field count is an error', async () => {
  const warnings: string[] = [];
  const ds = await loadBbbp({ ...fixtureDir(), warn: (m) => warnings.push(m) });
  assert.equal(ds.graphs.length, 2);
  assert.deepEqual(ds.skipped, [{ row: 3, name: 'bad', smiles: 'c1cc' }]);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /skipped 1 rows.*line 3 \(bad\)/);
  const badCsv = BBBP.replace('3,B,0,', '3,B,0,extra,');
  await rejectsWith(loadBbbp(fixtureDir({ 'bbbp/BBBP.csv': badCsv })), 'BBBP.csv', 4, /expected 4 fields, got 5/);
  await rejectsWith(
    loadBbbp(fixtureDir({ 'bbbp/BBBP.csv': BBBP.replace(',1,CCO', ',yes,CCO') })),
    'BBBP.csv',
    2,
    /p_np 'yes'/,
  );
});

test('a wrong checksum names the file and both hashes', async () => {
  const opts = fixtureDir();
  const checksums = { ...opts.checksums, 'cora/linqs/cora.cites': 'a'.repeat(64) };
  await rejectsWith(
    loadCora({ ...opts, checksums }),
    'cora.cites',
    null,
    /sha256 mismatch: expected a{64}, got [0-9a-f]{64}/,
  );
  // the real table: the fixture bytes are not the published file
  await rejectsWith(loadCora({ ...opts, checksums: {} }), 'cora.content', null, /sha256 mismatch: expected b8ebed0f/);
});
