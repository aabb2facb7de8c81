/**
 * The SpecCatalog backed by the lab's registries (models, data sets, methods, presets). A registry
 * that is still empty (its room has not landed) falls back to the study's names, and the catalog's
 * `source` says so, so a plan never silently pretends to know more than it does. Importing this
 * module loads the lab (TensorFlow.js): require it lazily.
 */
import '../gnn/methods';
import { methodRegistry } from '../gnn/methods/types';
import '../gnn/models';
import { modelRegistry } from '../gnn/models/registry';
import { datasets } from '../gnn/data/registry';
import * as presets from '../gnn/train/presets';
import type { BaseSpec, Task } from '../gnn/types';
import { studyCatalog, type NameSet, type SpecCatalog } from '../sweep/catalog';

function registrySet(r: { has(n: string): boolean; names(): string[] }): NameSet {
  return { has: (n) => r.has(n), names: () => r.names() };
}

export function loadLabCatalog(): SpecCatalog {
  const fallback = studyCatalog();
  const fromLab: string[] = [];
  const pick = (kind: string, r: { has(n: string): boolean; names(): string[] }, fb: NameSet): NameSet => {
    if (r.names().length === 0) return fb;
    fromLab.push(kind);
    return registrySet(r);
  };
  const models = pick('models', modelRegistry, fallback.models);
  const datasetNames = pick('datasets', datasets, fallback.datasets);
  const labModels = models !== fallback.models;
  const methodsLoaded = methodRegistry.names().length > 0;
  if (methodsLoaded) fromLab.push('methods');
  return {
    source:
      fromLab.length === 3
        ? 'lab registries'
        : `lab registries (${fromLab.join(', ') || 'none'}), study list for the rest`,
    models,
    datasets: datasetNames,
    methods: methodsLoaded ? { ...registrySet(methodRegistry), get: (n) => methodRegistry.get(n) } : fallback.methods,
    modelTasks: (m: string): readonly Task[] | undefined =>
      labModels && modelRegistry.has(m) ? modelRegistry.get(m).tasks : undefined,
    trainConfig: labModels ? (base: BaseSpec) => presets.resolveTrainConfig(base) : undefined,
  };
}
