/**
 * Model checkpoints (weights + buffers + model config + training config + spec + metrics) and
 * training-state checkpoints (weights + optimiser moments + epoch + best-so-far) for resume, both in
 * the container of container.ts. A checkpoint loads only into a model of the same name whose every
 * tensor has the same shape; anything else is an ArtefactError naming the mismatch.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArtefactError } from '../../core/errors';
import type { DataInfo, ModelConfig, TaskModel } from '../models/model-def';
import { modelRegistry } from '../models/registry';
import type { BaseSpec, GnnModel, SplitMetrics, TrainConfig } from '../types';
import { decodeContainer, encodeContainer, type TensorRecord } from './container';
import type { AdamState } from './optimizer';

export interface ModelCheckpointMeta {
  model: string;
  modelConfig: ModelConfig;
  dataInfo: DataInfo;
  params: number;
  trainConfig?: TrainConfig;
  spec?: BaseSpec;
  metrics?: { val?: SplitMetrics; test?: SplitMetrics };
  backend?: string;
}

export type Values = Map<string, Float32Array>;

function records(group: string, vars: Map<string, tf.Variable>): TensorRecord[] {
  return [...vars].map(([name, v]) => ({ group, name, shape: v.shape, values: v.dataSync() as Float32Array }));
}

function valueRecords(group: string, vals: Values, shapes: Map<string, tf.Variable>): TensorRecord[] {
  return [...vals].map(([name, values]) => ({
    group,
    name,
    shape: shapes.get(name)?.shape ?? [values.length],
    values,
  }));
}

/** Serialises a model with its context. `extra` fills the optional meta fields. */
export function encodeModelCheckpoint(
  model: GnnModel,
  dataInfo: DataInfo,
  extra: Omit<ModelCheckpointMeta, 'model' | 'modelConfig' | 'dataInfo' | 'params'> = {},
): Uint8Array {
  let params = 0;
  for (const v of model.params.values()) params += v.size;
  const meta: ModelCheckpointMeta = { model: model.modelName, modelConfig: model.config, dataInfo, params, ...extra };
  return encodeContainer('model', meta, [...records('param', model.params), ...records('buffer', model.buffers)]);
}

export interface ModelCheckpoint {
  meta: ModelCheckpointMeta;
  params: Values;
  buffers: Values;
}

/** Parses a model checkpoint; `where` names it in errors. */
export function readModelCheckpoint(bytes: Uint8Array, where = 'model checkpoint'): ModelCheckpoint {
  const c = decodeContainer(bytes, where);
  if (c.kind !== 'model') throw new ArtefactError(where, `holds a '${c.kind}', not a model checkpoint`);
  const meta = c.meta as ModelCheckpointMeta;
  if (!meta || typeof meta.model !== 'string') throw new ArtefactError(where, 'model checkpoint without a model name');
  const pick = (g: string) => new Map(c.tensors.filter((t) => t.group === g).map((t) => [t.name, t.values]));
  return { meta, params: pick('param'), buffers: pick('buffer') };
}

/** Writes `vals` into `vars`, requiring exactly the same names and sizes. */
function assignAll(vars: Map<string, tf.Variable>, vals: Values, what: string, where: string): void {
  const missing = [...vars.keys()].filter((k) => !vals.has(k));
  const extra = [...vals.keys()].filter((k) => !vars.has(k));
  if (missing.length || extra.length) {
    throw new ArtefactError(
      where,
      `${what} do not match the model: missing [${missing.join(', ')}], unexpected [${extra.join(', ')}]`,
    );
  }
  for (const [k, v] of vars) {
    const x = vals.get(k) as Float32Array;
    if (x.length !== v.size)
      throw new ArtefactError(
        where,
        `${what} '${k}' has ${x.length} values, the model's has ${v.size} (shape ${v.shape.join('×')})`,
      );
  }
  for (const [k, v] of vars) tf.tidy(() => v.assign(tf.tensor(vals.get(k) as Float32Array, v.shape)));
}

/** Loads a parsed checkpoint into a built model of the same name and shapes. */
export function loadIntoModel(model: GnnModel, ck: ModelCheckpoint, where = 'model checkpoint'): void {
  if (ck.meta.model !== model.modelName)
    throw new ArtefactError(where, `checkpoint is of model '${ck.meta.model}', not '${model.modelName}'`);
  assignAll(model.params, ck.params, 'parameters', where);
  assignAll(model.buffers, ck.buffers, 'buffers', where);
}

/** Rebuilds the checkpoint's model from the registry (its config and data info) and loads the weights. */
export function modelFromCheckpoint(
  bytes: Uint8Array,
  where = 'model checkpoint',
): { model: TaskModel; meta: ModelCheckpointMeta } {
  const ck = readModelCheckpoint(bytes, where);
  const model = modelRegistry.get(ck.meta.model).build(ck.meta.dataInfo, ck.meta.modelConfig, 0);
  loadIntoModel(model, ck, where);
  return { model, meta: ck.meta };
}

/** Best-so-far of early stopping, with the weights at that point. */
export interface BestSoFar {
  epoch: number;
  score: number;
  loss: number;
  val: SplitMetrics;
  params: Values;
  buffers: Values;
  /** the method's extra trainable variables (A²Q step sizes and bit-widths) at that point, by `extra.<i>` */
  extra?: Values;
  /** the hooks' own state at that point (quantiser ranges), from LayerHooks.snapshot */
  hookState?: unknown;
}

/** What resuming a training run needs. `epoch` is the number of epochs completed. */
export interface TrainState {
  model: string;
  epoch: number;
  sinceBest: number;
  optimizer: AdamState;
  best: BestSoFar | null;
  /** the method's extra variables now, by `extra.<i>` (absent: the run has none) */
  extra?: Values;
  /** the hooks' state now (LayerHooks.snapshot, plain JSON) */
  hookState?: unknown;
  /** positions of the model's random streams (dropout), in `randomStreams` order */
  streams?: number[];
}

export function encodeTrainState(model: GnnModel, s: TrainState): Uint8Array {
  const { best, optimizer } = s;
  const meta = {
    model: s.model,
    epoch: s.epoch,
    sinceBest: s.sinceBest,
    step: optimizer.step,
    best: best
      ? { epoch: best.epoch, score: best.score, loss: best.loss, val: best.val, hookState: best.hookState }
      : null,
    hookState: s.hookState,
    streams: s.streams,
  };
  const all = new Map([...model.params, ...model.buffers]);
  const recs = [
    ...records('param', model.params),
    ...records('buffer', model.buffers),
    ...[...optimizer.m].map(([name, values]) => ({ group: 'opt.m', name, shape: [values.length], values })),
    ...[...optimizer.v].map(([name, values]) => ({ group: 'opt.v', name, shape: [values.length], values })),
  ];
  if (best)
    recs.push(...valueRecords('best.param', best.params, all), ...valueRecords('best.buffer', best.buffers, all));
  // extra variables have no model variable to take a shape from: they are stored flat
  const none = new Map<string, tf.Variable>();
  recs.push(...valueRecords('extra', s.extra ?? new Map(), none));
  if (best?.extra) recs.push(...valueRecords('best.extra', best.extra, none));
  return encodeContainer('train-state', meta, recs);
}

/** Parses a training state and loads its weights into `model` (same name and shapes required). */
export function restoreTrainState(bytes: Uint8Array, model: GnnModel, where = 'training checkpoint'): TrainState {
  const c = decodeContainer(bytes, where);
  if (c.kind !== 'train-state') throw new ArtefactError(where, `holds a '${c.kind}', not a training state`);
  const meta = c.meta as {
    model: string;
    epoch: number;
    sinceBest: number;
    step: number;
    best: Omit<BestSoFar, 'params' | 'buffers' | 'extra'> | null;
    hookState?: unknown;
    streams?: number[];
  };
  if (meta.model !== model.modelName)
    throw new ArtefactError(where, `training state is of model '${meta.model}', not '${model.modelName}'`);
  const group = (g: string) => new Map(c.tensors.filter((t) => t.group === g).map((t) => [t.name, t.values]));
  assignAll(model.params, group('param'), 'parameters', where);
  assignAll(model.buffers, group('buffer'), 'buffers', where);
  const best = meta.best
    ? { ...meta.best, params: group('best.param'), buffers: group('best.buffer'), extra: group('best.extra') }
    : null;
  return {
    model: meta.model,
    epoch: meta.epoch,
    sinceBest: meta.sinceBest,
    optimizer: { step: meta.step, m: group('opt.m'), v: group('opt.v') },
    best,
    extra: group('extra'),
    hookState: meta.hookState,
    streams: meta.streams,
  };
}
