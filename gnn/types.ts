/**
 * The contracts between the lab's rooms: data → models → training → methods → the cell runner
 * that activities and `gnnc train` call. Keep this file small and stable; each room implements
 * its side in its own folder.
 */
import type * as tf from '@tensorflow/tfjs-core';

export type Task = 'node' | 'link' | 'graph';

/** What a cell (or a base model) is: everything that decides its numbers, nothing else. */
export interface BaseSpec {
  model: string;
  dataset: string;
  task: Task;
  seed: number;
  /** name of a registered preset (training configuration) for (model, dataset) */
  preset: string;
  /** preset fields overridden by the sweep spec or CLI flags, e.g. { epochs: 5 } */
  overrides?: Partial<TrainConfig>;
}

/** A compression method applied to (or trained instead of) a base model. */
export interface MethodSpec {
  /** registered method name: none | fp32 | global | finegrained | l2 | lottery | qat | dq | a2q */
  name: string;
  /** sparsity in [0,1) for pruning, λ for l2, final sparsity in [0,1) for lottery (see each method) */
  level?: number;
  bits?: 4 | 8;
  /** quantization mode: ste-abs | ste-mom | ste-per | gc-abs | gc-mom | gc-per */
  mode?: string;
  /** fine-tune after pruning with masks fixed @default true */
  finetune?: boolean;
  /** lottery: prune-rewind-retrain rounds @default enough rounds of at most 20 % each to reach `level` */
  rounds?: number;
}

export interface CellSpec extends BaseSpec {
  method: MethodSpec;
}

/** Training hyper-parameters; presets fill every field. */
export interface TrainConfig {
  epochs: number;
  lr: number;
  weightDecay: number;
  /** graphs per mini-batch (graph tasks) */
  batchSize: number;
  /** stop when the monitored validation value has not improved for this many epochs; 0 = never */
  patience: number;
  /** multiply lr by `lrDecay` every `lrStep` epochs; lrStep 0 = constant */
  lrStep: number;
  lrDecay: number;
  /** clip the global gradient norm; 0 = off */
  clipNorm: number;
  optimizer: 'adam' | 'adamw';
  /** split scheme: public|full (cora node), random|scaffold (bbbp), random|kfold (proteins) */
  split: string;
  /** fold index when split = kfold */
  fold: number;
  /** model-specific hyper-parameters (hidden size, dropout, …) */
  model: Record<string, number | string | boolean>;
}

/** Metrics of one split. accuracy always; auc/ap for link prediction and BBBP. */
export interface SplitMetrics {
  accuracy: number;
  loss?: number;
  auc?: number;
  ap?: number;
}

/** Context of one forward pass: training flag and optional layer hooks (quantization). */
export interface ForwardCtx {
  training: boolean;
  hooks?: LayerHooks;
}

/**
 * Hooks a method can install into a model's forward pass. Every linear layer of a model goes through
 * `linear`; node-level message passing goes through `nodes` (Degree-Quant protection, A²Q per-node bits).
 * Absent hooks mean plain FP32.
 */
export interface LayerHooks {
  linear(
    name: string,
    x: tf.Tensor2D,
    w: tf.Tensor2D,
    b: tf.Tensor1D | null,
    apply: (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D | null) => tf.Tensor2D,
  ): tf.Tensor2D;
  /** node features entering (`stage`='message') or leaving (`'aggregate'`) a message-passing layer */
  nodes?(name: string, stage: 'message' | 'aggregate', h: tf.Tensor2D, graph: GraphBatchInfo): tf.Tensor2D;
  /**
   * State the hooks keep outside variables (observed quantisation ranges). Training saves it with the
   * best validation epoch and restores it with that epoch's weights, so the model evaluated after
   * early stopping is the one that was validated. Plain JSON data: resumable training stores it in
   * training-state checkpoints, and `restore` must accept it before any forward pass (fresh hooks).
   * `for`: 'resume' (continuing a run: everything comes back, sampler positions and running counts
   * too) or 'best' (the validated epoch's ranges go back with its weights; counts over the whole run stay).
   */
  snapshot?(): unknown;
  restore?(state: unknown, for_?: 'resume' | 'best'): void;
}

/** What hooks may know of the graph(s) in the current forward pass. */
export interface GraphBatchInfo {
  numNodes: number;
  /** in-degree per node */
  inDegree: Int32Array;
  /** graph index per node (graph tasks), else all zeros */
  graphIndex: Int32Array;
  numGraphs: number;
}

/** A trained or training model: named variables plus a forward function. */
export interface GnnModel {
  readonly modelName: string;
  /** every trainable variable, keyed by the paper's layer names: `conv1.weight`, `gnn_layers.0.mlp.0.weight`, … */
  readonly params: Map<string, tf.Variable>;
  /** names (keys of params) that pruning may touch: weight matrices, not biases or BatchNorm */
  readonly prunable: string[];
  /** names of linear layers whose inputs/weights/outputs quantization wraps */
  readonly quantizable: string[];
  /** non-trainable state that must be saved (BatchNorm running stats), keyed like params */
  readonly buffers: Map<string, tf.Variable>;
  /** model config as built (hidden sizes, …): saved in checkpoints */
  readonly config: Record<string, number | string | boolean>;
  /** the model's random streams (dropout): their positions go into training checkpoints */
  readonly randomStreams?: readonly { state: number }[];
}
