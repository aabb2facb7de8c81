/**
 * What a plan needs to know about the lab: which models, data sets and methods exist, each method's
 * code version (part of every cell hash), and how a preset resolves to a training config. The lab
 * (gnn/) supplies it at run time (activities/lab-catalog.ts); this file stays free of tensors.
 */
import type { BaseSpec, MethodSpec, Task, TrainConfig } from '../gnn/types';

export interface MethodInfo {
  readonly version: string;
  readonly needsBase: boolean;
  /** throws (InvalidInputError) naming the bad field */
  validate(spec: MethodSpec): void;
}

export interface NameSet {
  has(name: string): boolean;
  names(): string[];
}

export interface SpecCatalog {
  models: NameSet;
  datasets: NameSet;
  methods: NameSet & { get(name: string): MethodInfo };
  /** tasks a model supports; undefined = unknown, not checked */
  modelTasks?(model: string): readonly Task[] | undefined;
  /** training config after preset + overrides; throws for an unknown preset. Absent: the pair is hashed as given. */
  trainConfig?(base: BaseSpec): TrainConfig;
  /** where the names came from, for the plan's record ('lab registries', 'study list') */
  readonly source: string;
}

const STUDY_MODELS = ['spline', 'gcn', 'gae', 'ness', 'hgpsl', 'gnnnet', 'gin'];
const STUDY_DATASETS = ['cora', 'proteins', 'bbbp'];
/** methods that start from the group's trained base model (see CompressionMethod.needsBase) */
const STUDY_METHODS: Record<string, boolean> = {
  none: true,
  fp32: true,
  global: true,
  finegrained: true,
  l2: false,
  lottery: false,
  qat: false,
  dq: false,
  a2q: false,
};

function nameSet(names: string[]): NameSet {
  return { has: (n) => names.includes(n), names: () => [...names].sort() };
}

/**
 * The study's names without the lab: lets `gnnc sweep plan` and unit tests work before (or without)
 * the lab's registries. Methods get version 'unregistered', so hashes differ from a lab-backed plan.
 */
export function studyCatalog(): SpecCatalog {
  return {
    source: 'study list (lab registries not loaded)',
    models: nameSet(STUDY_MODELS),
    datasets: nameSet(STUDY_DATASETS),
    methods: {
      ...nameSet(Object.keys(STUDY_METHODS)),
      get: (n) => ({ version: 'unregistered', needsBase: STUDY_METHODS[n] ?? true, validate: () => undefined }),
    },
  };
}
