/**
 * BBBP (MoleculeNet): SMILES → OGB-style molecular graphs with RDKit.js. Rows RDKit cannot parse are
 * skipped and reported in ONE warning (11 on the published file → 2,039 graphs); a malformed CSV
 * (wrong field count, bad label, cut-off file) is an error naming file and line.
 */
import { DataFormatError } from '../../core/errors';
import { logger } from '../../telemetry/logger';
import { loadWithCache } from './cached-load';
import { GRAPH_CODEC } from './graph-pack';
import { parseCsv } from './csv';
import { ATOM_FEATURE_DIMS, BOND_FEATURE_DIMS, featurise } from './mol-features';
import { molView, type RdJson } from './mol-view';
import { getRdkit, type RdkitModule } from './rdkit';
import type { LoadedFile, LoadOptions } from './resolve';
import { murckoScaffold } from './scaffold';
import { BBBP_SOURCE } from './sources';
import type { GraphDataset, GraphItem, SkippedRow } from './types';

const BBBP_PARSER_VERSION = 2;

export interface BbbpOptions extends LoadOptions {
  /** receives the one warning listing skipped rows @default logger().warn */
  warn?: (message: string, skipped: SkippedRow[]) => void;
}

export async function loadBbbp(opts: BbbpOptions = {}): Promise<GraphDataset> {
  return loadWithCache(
    BBBP_SOURCE,
    BBBP_PARSER_VERSION,
    opts,
    async (files) => parseBbbp(files.get('bbbp/BBBP.csv') as LoadedFile, await getRdkit(), opts.warn),
    GRAPH_CODEC,
  );
}

/** Atom hybridisation index (OGB order SP, SP2, SP3, SP3D, SP3D2, misc) from RDKit's SMARTS `^n` primitives. */
function hybridisation(mol: NonNullable<ReturnType<RdkitModule['get_mol']>>, n: number, queries: QueryMols): number[] {
  const out = new Array<number>(n).fill(5);
  queries.forEach((q, k) => {
    const hits = JSON.parse(mol.get_substruct_matches(q)) as { atoms: number[] }[] | Record<string, never>;
    if (Array.isArray(hits)) for (const h of hits) out[h.atoms[0]] = k;
  });
  return out;
}

type QueryMols = NonNullable<ReturnType<RdkitModule['get_qmol']>>[];

/** Columns by header name, so a reordered file still parses; each row must have the header's width. */
export function parseBbbp(file: LoadedFile, rd: RdkitModule, warn?: BbbpOptions['warn']): GraphDataset {
  const text = file.data.toString('utf8');
  if (!text.endsWith('\n'))
    throw new DataFormatError(file.path, text.split('\n').length, 'file is truncated (last line has no newline)');
  const [header, ...rows] = parseCsv(text, file.path);
  const col = (name: string): number => {
    const i = header.fields.indexOf(name);
    if (i < 0)
      throw new DataFormatError(file.path, 1, `header lacks column '${name}' (has ${header.fields.join(',')})`);
    return i;
  };
  const [iName, iLabel, iSmiles] = [col('name'), col('p_np'), col('smiles')];
  const queries = [1, 2, 3, 4, 5].map((k) => rd.get_qmol(`[^${k}]`)) as QueryMols;
  const graphs: GraphItem[] = [];
  const skipped: SkippedRow[] = [];
  try {
    for (const row of rows) {
      if (row.fields.length !== header.fields.length) {
        throw new DataFormatError(
          file.path,
          row.line,
          `expected ${header.fields.length} fields, got ${row.fields.length}`,
        );
      }
      const label = row.fields[iLabel];
      if (label !== '0' && label !== '1')
        throw new DataFormatError(file.path, row.line, `p_np '${label}' is not 0 or 1`);
      const smiles = row.fields[iSmiles];
      const mol = rd.get_mol(smiles);
      if (!mol || !mol.is_valid()) {
        mol?.delete();
        skipped.push({ row: row.line, name: row.fields[iName], smiles });
        continue;
      }
      try {
        const view = molView(JSON.parse(mol.get_json()) as RdJson);
        const f = featurise(view, hybridisation(mol, view.z.length, queries));
        graphs.push({
          numNodes: view.z.length,
          x: f.x,
          numFeatures: 9,
          src: f.src,
          dst: f.dst,
          edgeAttr: f.edgeAttr,
          edgeFeatures: 3,
          y: Number(label),
          smiles,
          scaffold: murckoScaffold(rd, view),
        });
      } finally {
        mol.delete();
      }
    }
  } finally {
    queries.forEach((q) => q.delete());
  }
  if (skipped.length > 0) {
    const msg = `BBBP: skipped ${skipped.length} rows RDKit cannot parse: ${skipped.map((s) => `line ${s.row} (${s.name})`).join(', ')}`;
    (warn ?? ((m: string, s: SkippedRow[]) => logger().warn({ skipped: s }, m)))(msg, skipped);
  }
  return {
    name: 'bbbp',
    graphs,
    numFeatures: 9,
    numClasses: 2,
    atomFeatureDims: ATOM_FEATURE_DIMS,
    bondFeatureDims: BOND_FEATURE_DIMS,
    skipped,
  };
}
