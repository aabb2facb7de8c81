/**
 * Cora from the LINQS text files (cora.content, cora.cites). Nodes are numbered in cora.content row
 * order; classes are sorted by name; the citation graph is symmetrised, deduplicated, self-loops dropped.
 */
import { DataFormatError } from '../../core/errors';
import { loadWithCache } from './cached-load';
import type { LoadedFile, LoadOptions } from './resolve';
import { matchPlanetoid } from './planetoid';
import { CORA_LINQS_SOURCE, CORA_SOURCE } from './sources';
import { intToken, sortEdges, textLines } from './text';
import type { NodeDataset } from './types';

/** Bump when the parsed output changes, so cached copies are rebuilt. */
const CORA_PARSER_VERSION = 2;

export interface CoraOptions extends LoadOptions {
  /** also read the Planetoid pickles and attach the public split (`publicSplit`, `planetoidIndex`) @default true */
  planetoid?: boolean;
}

export async function loadCora(opts: CoraOptions = {}): Promise<NodeDataset> {
  const withPlanetoid = opts.planetoid !== false;
  return loadWithCache(withPlanetoid ? CORA_SOURCE : CORA_LINQS_SOURCE, CORA_PARSER_VERSION, opts, (files) => {
    const f = (path: string) => files.get(path) as LoadedFile;
    const ds = parseCora(f('cora/linqs/cora.content'), f('cora/linqs/cora.cites'));
    if (!withPlanetoid) return ds;
    const p = (ext: string) => f(`cora/planetoid/ind.cora.${ext}`);
    const match = matchPlanetoid(
      { allx: p('allx'), tx: p('tx'), ally: p('ally'), ty: p('ty'), graph: p('graph'), testIndex: p('test.index') },
      ds,
    );
    return { ...ds, publicSplit: match.split, planetoidIndex: match.nodeOf };
  });
}

/** Parses the two LINQS files; thrown DataFormatError names file and line of the first defect. */
export function parseCora(content: LoadedFile, cites: LoadedFile): NodeDataset {
  const rows = textLines(content);
  const width = rows[0].split('\t').length;
  if (width < 3) throw new DataFormatError(content.path, 1, `expected id, features, label; got ${width} columns`);
  const numFeatures = width - 2;
  const idToNode = new Map<number, number>();
  const nodeIds = new Int32Array(rows.length);
  const labelNames: string[] = new Array<string>(rows.length);
  const fr: number[] = [];
  const fc: number[] = [];
  rows.forEach((row, i) => {
    const cols = row.split('\t');
    if (cols.length !== width)
      throw new DataFormatError(content.path, i + 1, `expected ${width} columns, got ${cols.length}`);
    const id = intToken(cols[0], content.path, i + 1, 'paper id');
    if (idToNode.has(id)) throw new DataFormatError(content.path, i + 1, `duplicate paper id ${id}`);
    idToNode.set(id, i);
    nodeIds[i] = id;
    for (let j = 1; j <= numFeatures; j++) {
      const v = cols[j];
      if (v === '1') {
        fr.push(i);
        fc.push(j - 1);
      } else if (v !== '0') throw new DataFormatError(content.path, i + 1, `feature ${j} is '${v}', expected 0 or 1`);
    }
    labelNames[i] = cols[width - 1];
  });
  const classNames = [...new Set(labelNames)].sort();
  const classIndex = new Map(classNames.map((c, k) => [c, k]));
  const labels = Int32Array.from(labelNames, (c) => classIndex.get(c) as number);
  const edges = parseCites(cites, idToNode);
  return {
    name: 'cora',
    numNodes: rows.length,
    numFeatures,
    numClasses: classNames.length,
    features: { numRows: rows.length, numCols: numFeatures, rows: Int32Array.from(fr), cols: Int32Array.from(fc) },
    labels,
    edges: { ...edges, numNodes: rows.length },
    classNames,
    nodeIds,
  };
}

/** cora.cites lines are `<cited>\t<citing>`; both directions are kept, each pair once. */
function parseCites(cites: LoadedFile, idToNode: Map<number, number>): { src: Int32Array; dst: Int32Array } {
  const n = idToNode.size;
  const seen = new Set<number>();
  const src: number[] = [];
  const dst: number[] = [];
  textLines(cites).forEach((row, i) => {
    const cols = row.split('\t');
    if (cols.length !== 2) throw new DataFormatError(cites.path, i + 1, `expected 2 columns, got ${cols.length}`);
    const [a, b] = cols.map((c) => {
      const id = intToken(c, cites.path, i + 1, 'paper id');
      const node = idToNode.get(id);
      if (node === undefined) throw new DataFormatError(cites.path, i + 1, `paper id ${id} is not in cora.content`);
      return node;
    });
    if (a === b) return;
    for (const [u, v] of [
      [a, b],
      [b, a],
    ]) {
      const key = u * n + v;
      if (seen.has(key)) continue;
      seen.add(key);
      src.push(u);
      dst.push(v);
    }
  });
  return sortEdges(Int32Array.from(src), Int32Array.from(dst), n);
}
