/** Tiny data folders in a temporary directory, for bad-input tests; checksums are switched off for them. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CoraOptions } from '../../../gnn/data';

export const CORA_CONTENT = ['10\t1\t0\t1\tA', '20\t0\t1\t0\tB', '30\t1\t1\t0\tA', ''].join('\n');
export const CORA_CITES = ['10\t20', '20\t10', '30\t10', ''].join('\n');
export const TU = {
  A: '1, 2\n2, 1\n2, 3\n3, 2\n4, 5\n5, 4\n',
  graph_indicator: '1\n1\n1\n2\n2\n',
  graph_labels: '1\n2\n',
  node_labels: '0\n1\n2\n0\n1\n',
  node_attributes: ' 1.0\n 2.0\n 3.0\n 4.0\n 5.0\n',
};
export const BBBP = ['num,name,p_np,smiles', '1,"""A, b""",1,CCO', '2,bad,0,c1cc', '3,B,0,c1ccccc1C(=O)O', ''].join(
  '\r\n',
);

const NO_CHECKS: Record<string, null> = Object.fromEntries(
  [
    'cora/linqs/cora.content',
    'cora/linqs/cora.cites',
    ...Object.keys(TU).map((p) => `proteins/PROTEINS/PROTEINS_${p}.txt`),
    'bbbp/BBBP.csv',
  ].map((p) => [p, null]),
);

/** Writes the fixture files (Cora without the Planetoid pickles) (with `patch` replacing some, by data-folder path) and returns load options for them. */
export function fixtureDir(patch: Record<string, string> = {}): CoraOptions {
  const root = mkdtempSync(join(tmpdir(), 'gnnc-data-'));
  const files: Record<string, string> = {
    'cora/linqs/cora.content': CORA_CONTENT,
    'cora/linqs/cora.cites': CORA_CITES,
    ...Object.fromEntries(Object.entries(TU).map(([k, v]) => [`proteins/PROTEINS/PROTEINS_${k}.txt`, v])),
    'bbbp/BBBP.csv': BBBP,
    ...patch,
  };
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, 'data', rel)), { recursive: true });
    writeFileSync(join(root, 'data', rel), text);
  }
  return {
    dataDir: join(root, 'data'),
    cacheDir: join(root, 'cache'),
    checksums: NO_CHECKS,
    download: false,
    cache: false,
    planetoid: false,
  };
}
