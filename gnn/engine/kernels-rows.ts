/**
 * Row kernels: gather rows, scatter-add rows into segments, segment max, and a linear-time
 * UnsortedSegmentSum. Each is one pass over the data on the backend's own memory (see heap.ts).
 * Index lists travel as kernel attributes (plain Int32Arrays), so no index tensor is uploaded per call.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { alloc, outF32, outI32, view, viewF32, type KernelArgs } from './heap';

/** Attributes of the row kernels. */
export interface RowAttrs {
  /** row index per data row (gather: rows of x to take; scatter/segment: output row of each input row) */
  index: Int32Array;
  /** rows of the output (scatter/segment) or of x (gather, for its gradient) */
  numRows: number;
}

function rowAttrs(attrs: tf.NamedAttrMap | undefined): RowAttrs {
  return attrs as unknown as RowAttrs;
}

function width(t: tf.TensorInfo): number {
  return t.shape.slice(1).reduce((a, b) => a * b, 1);
}

/** out[i, :] = x[index[i], :] */
export function gatherRowsKernel({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { index } = rowAttrs(attrs);
  const x = inputs.x;
  const f = width(x);
  const o = alloc(backend, [index.length, ...x.shape.slice(1)]);
  const out = outF32(backend, o);
  const xs = viewF32(backend, x);
  for (let i = 0; i < index.length; i++) {
    const s = index[i] * f;
    const d = i * f;
    for (let j = 0; j < f; j++) out[d + j] = xs[s + j];
  }
  return o.info;
}

/** out[index[i], :] += x[i, :] over a zeroed [numRows, …] output. Works for float32 and int32. */
export function scatterRowsKernel({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { index, numRows } = rowAttrs(attrs);
  const x = inputs.x;
  const f = width(x);
  const dtype = x.dtype === 'int32' ? 'int32' : 'float32';
  const o = alloc(backend, [numRows, ...x.shape.slice(1)], dtype);
  const out = dtype === 'int32' ? outI32(backend, o) : outF32(backend, o);
  const xs = view(backend, x);
  out.fill(0);
  for (let i = 0; i < index.length; i++) {
    const d = index[i] * f;
    if (d < 0) continue;
    const s = i * f;
    for (let j = 0; j < f; j++) out[d + j] += xs[s + j];
  }
  return o.info;
}

/** For each (segment, column): the input row holding the maximum, or -1 for an empty segment. */
function segmentArgmax(xs: Float32Array, index: Int32Array, numRows: number, f: number): Int32Array {
  const arg = new Int32Array(numRows * f).fill(-1);
  for (let i = 0; i < index.length; i++) {
    const d = index[i] * f;
    const s = i * f;
    for (let j = 0; j < f; j++) {
      const a = arg[d + j];
      if (a < 0 || xs[s + j] > xs[a * f + j]) arg[d + j] = i;
    }
  }
  return arg;
}

/** out[s, j] = max over rows i of segment s of x[i, j]; 0 for an empty segment. */
export function segmentMaxKernel({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { index, numRows } = rowAttrs(attrs);
  const x = inputs.x;
  const f = width(x);
  const o = alloc(backend, [numRows, f]);
  const out = outF32(backend, o);
  const xs = viewF32(backend, x);
  const arg = segmentArgmax(xs, index, numRows, f);
  for (let k = 0; k < arg.length; k++) out[k] = arg[k] < 0 ? 0 : xs[arg[k] * f + (k % f)];
  return o.info;
}

/** Gradient of segment max: dy[s, j] goes to the argmax row of (s, j) only (first one on ties). */
export function segmentMaxGradKernel({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { index, numRows } = rowAttrs(attrs);
  const { x, dy } = inputs;
  const f = width(x);
  const o = alloc(backend, x.shape);
  const out = outF32(backend, o);
  const xs = viewF32(backend, x);
  const dys = viewF32(backend, dy);
  const arg = segmentArgmax(xs, index, numRows, f);
  out.fill(0);
  for (let k = 0; k < arg.length; k++) if (arg[k] >= 0) out[arg[k] * f + (k % f)] += dys[k];
  return o.info;
}

/**
 * tfjs UnsortedSegmentSum in one pass: wasm has none, cpu's is O(segments × rows). Handles 1-D
 * segment ids (what tf.gather's gradient emits); `fallback` takes anything else.
 */
export function unsortedSegmentSumKernel(fallback?: (args: KernelArgs) => tf.TensorInfo | tf.TensorInfo[]) {
  return (args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] => {
    const { x, segmentIds } = args.inputs;
    const numSegments = (args.attrs as { numSegments: number }).numSegments;
    if (segmentIds.shape.length !== 1 || x.shape.length < 1 || x.shape[0] !== segmentIds.shape[0]) {
      if (fallback) return fallback(args);
      throw new Error(
        'UnsortedSegmentSum: only 1-D segment ids matching the first dimension are supported on this backend',
      );
    }
    const ids = view(args.backend, segmentIds);
    const index = Int32Array.from(ids);
    return scatterRowsKernel({
      inputs: { x },
      backend: args.backend,
      attrs: { index, numRows: numSegments } as unknown as tf.NamedAttrMap,
    });
  };
}
