/**
 * Reading a GnnModel's tensors off the backend: values for mask selection and measurement, and the
 * full state (params, buffers, config) that the sparse file stores.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArtefactError } from '../../../core/errors';
import type { GnnModel } from '../../types';
import { TensorMismatchError } from './errors';
import type { ModelState, StateTensor } from './sparse-format';

const SPARSE_FILE = 'model.sparse.bin';

/** A copy of each named parameter's values (copies: cpu's dataSync may hand out its own buffer). */
export function readValues(model: GnnModel, names: string[] = [...model.params.keys()]): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const name of names) {
    const v = model.params.get(name);
    if (v === undefined) throw new TensorMismatchError(name, `model '${model.modelName}' has no such parameter`);
    out.set(name, Float32Array.from(v.dataSync() as Float32Array));
  }
  return out;
}

function toStateTensor(name: string, kind: StateTensor['kind'], v: tf.Variable): StateTensor {
  const data = v.dataSync();
  if (v.dtype === 'int32')
    return { name, kind, shape: v.shape, dtype: 'int32', data: Int32Array.from(data as Int32Array) };
  if (v.dtype !== 'float32')
    throw new TensorMismatchError(name, `dtype ${v.dtype}; the sparse file stores float32 and int32`);
  return { name, kind, shape: v.shape, dtype: 'float32', data: Float32Array.from(data as Float32Array) };
}

/** Everything a checkpoint holds: parameters, buffers and the build config. */
export function readModelState(model: GnnModel): ModelState {
  const tensors: StateTensor[] = [];
  for (const [name, v] of model.params) tensors.push(toStateTensor(name, 'param', v));
  for (const [name, v] of model.buffers) tensors.push(toStateTensor(name, 'buffer', v));
  return { modelName: model.modelName, config: { ...model.config }, tensors };
}

/** Overwrite the named parameters with `values` (rewinding to a saved initialisation). */
export function writeValues(model: GnnModel, values: Map<string, Float32Array>): void {
  for (const [name, data] of values) {
    const v = model.params.get(name);
    if (v === undefined) throw new TensorMismatchError(name, `model '${model.modelName}' has no such parameter`);
    const t = tf.tensor(data, v.shape, 'float32');
    v.assign(t);
    t.dispose();
  }
}

/** Free a model's variables once no result needs it (lottery rounds make many models). */
export function disposeModel(model: GnnModel): void {
  for (const v of model.params.values()) v.dispose();
  for (const v of model.buffers.values()) v.dispose();
}

/**
 * Load a decoded sparse file into a built model of the same architecture: every parameter and buffer
 * must be present with its shape, so a stored pruned model can be evaluated again.
 */
export function loadModelState(model: GnnModel, state: ModelState): void {
  if (state.modelName !== model.modelName)
    throw new ArtefactError(SPARSE_FILE, `holds model '${state.modelName}', not '${model.modelName}'`);
  const byName = new Map(state.tensors.map((t) => [`${t.kind}:${t.name}`, t]));
  for (const [kind, vars] of [
    ['param', model.params],
    ['buffer', model.buffers],
  ] as const) {
    for (const [name, v] of vars) {
      const t = byName.get(`${kind}:${name}`);
      if (t === undefined || t.shape.join('x') !== v.shape.join('x'))
        throw new ArtefactError(SPARSE_FILE, `lacks ${kind} '${name}' of shape [${v.shape.join(', ')}]`);
      const value = tf.tensor(t.data, t.shape, t.dtype);
      v.assign(value);
      value.dispose();
    }
  }
}
