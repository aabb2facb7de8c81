/** The data room's public surface: loaders, splits, the registry, the seeded PRNG and the shapes. */
export * from './types';
export * from './rng';
export { loadCora, parseCora, type CoraOptions } from './cora';
export { matchPlanetoid, type PlanetoidMatch } from './planetoid';
export { loadProteins, parseTu } from './proteins';
export { nodeSplit, stratifiedSplit, stratifiedKFold, type NodeSplitKind, type Fold } from './splits';
export { datasets, loadDataset, isNodeDataset, isGraphDataset, type DatasetDef } from './registry';
export type { LoadOptions } from './resolve';
export {
  CORA_SOURCE,
  PROTEINS_SOURCE,
  BBBP_SOURCE,
  PLANETOID_FILES,
  CORA_LINQS_SOURCE,
  type DatasetSource,
  type SourceFile,
} from './sources';
export { linkSplit, undirectedPairs, type LinkSplitOptions } from './link-split';
export { loadBbbp, parseBbbp, type BbbpOptions } from './bbbp';
export { scaffoldSplit, scaffoldGroups } from './scaffold-split';
export { murckoKeep, murckoScaffold } from './scaffold';
export { ATOM_FEATURE_DIMS, BOND_FEATURE_DIMS } from './mol-features';
export { parseCsv } from './csv';
