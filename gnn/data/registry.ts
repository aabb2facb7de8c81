/** The data-set registry: sweep specs and workers name data sets; unknown names list the choices. */
import { Registry } from '../../core/registry';
import { loadBbbp } from './bbbp';
import { loadCora } from './cora';
import { loadProteins } from './proteins';
import type { LoadOptions } from './resolve';
import type { AnyDataset, GraphDataset, NodeDataset } from './types';

export interface DatasetDef {
  name: string;
  /** node: NodeDataset; graph: GraphDataset */
  kind: 'node' | 'graph';
  description: string;
  load(opts?: LoadOptions): Promise<AnyDataset>;
}

export const datasets = new Registry<DatasetDef>('dataset');

datasets.register('cora', {
  name: 'cora',
  kind: 'node',
  description: 'Cora citation graph (LINQS), node and link tasks',
  load: loadCora,
});
datasets.register('proteins', {
  name: 'proteins',
  kind: 'graph',
  description: 'PROTEINS (TU), 1,113 protein graphs',
  load: loadProteins,
});

datasets.register('bbbp', {
  name: 'bbbp',
  kind: 'graph',
  description: 'BBBP (MoleculeNet), 2,039 molecules featurised with RDKit.js',
  load: loadBbbp,
});

/** Loads a registered data set by name; thrown UnknownNameError lists the registered names. */
export async function loadDataset(name: string, opts?: LoadOptions): Promise<AnyDataset> {
  return datasets.get(name).load(opts);
}

export function isNodeDataset(ds: AnyDataset): ds is NodeDataset {
  return ds.name === 'cora';
}

export function isGraphDataset(ds: AnyDataset): ds is GraphDataset {
  return 'graphs' in ds;
}
