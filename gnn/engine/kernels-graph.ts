/**
 * Message-passing kernels over CSR groupings: propagate (sum of weighted neighbour rows), its
 * per-edge weight gradient (edge dot products) and sparse × dense products. The gradient of a
 * propagate is a propagate over the reversed edges, so forward and backward are the same loop.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Csr } from './csr';
import type { PreparedEdges } from './edges';
import { simdCsrMultiply } from './simd';
import { alloc, outF32, viewF32, type KernelArgs } from './heap';
import type { PreparedSparse } from './sparse';

/** Attributes of GnncPropagate / GnncPropagateW / GnncEdgeDot. */
export interface PropagateAttrs {
  edges: PreparedEdges;
  /** true: messages flow dst → src (the gradient of a forward propagate) */
  reverse: boolean;
}

/** Attributes of GnncSpmm. */
export interface SpmmAttrs {
  sparse: PreparedSparse;
  /** true: multiply by the transpose (numCols × numRows) */
  transpose: boolean;
}

/** Columns jb…jb+7 of out = CSR · xs, accumulated in registers (3× faster than a per-element loop). */
function block8(csr: Csr, w: Float32Array, xs: Float32Array, f: number, out: Float32Array, jb: number): void {
  const { ptr, other, numRows } = csr;
  for (let r = 0; r < numRows; r++) {
    let a0 = 0,
      a1 = 0,
      a2 = 0,
      a3 = 0,
      a4 = 0,
      a5 = 0,
      a6 = 0,
      a7 = 0;
    for (let k = ptr[r], end = ptr[r + 1]; k < end; k++) {
      const v = w[k];
      const s = other[k] * f + jb;
      a0 += v * xs[s];
      a1 += v * xs[s + 1];
      a2 += v * xs[s + 2];
      a3 += v * xs[s + 3];
      a4 += v * xs[s + 4];
      a5 += v * xs[s + 5];
      a6 += v * xs[s + 6];
      a7 += v * xs[s + 7];
    }
    const o = r * f + jb;
    out[o] = a0;
    out[o + 1] = a1;
    out[o + 2] = a2;
    out[o + 3] = a3;
    out[o + 4] = a4;
    out[o + 5] = a5;
    out[o + 6] = a6;
    out[o + 7] = a7;
  }
}

/** Columns jb…jb+3, as block8. */
function block4(csr: Csr, w: Float32Array, xs: Float32Array, f: number, out: Float32Array, jb: number): void {
  const { ptr, other, numRows } = csr;
  for (let r = 0; r < numRows; r++) {
    let a0 = 0,
      a1 = 0,
      a2 = 0,
      a3 = 0;
    for (let k = ptr[r], end = ptr[r + 1]; k < end; k++) {
      const v = w[k];
      const s = other[k] * f + jb;
      a0 += v * xs[s];
      a1 += v * xs[s + 1];
      a2 += v * xs[s + 2];
      a3 += v * xs[s + 3];
    }
    const o = r * f + jb;
    out[o] = a0;
    out[o + 1] = a1;
    out[o + 2] = a2;
    out[o + 3] = a3;
  }
}

/** Column jb alone. */
function block1(csr: Csr, w: Float32Array, xs: Float32Array, f: number, out: Float32Array, jb: number): void {
  const { ptr, other, numRows } = csr;
  for (let r = 0; r < numRows; r++) {
    let a = 0;
    for (let k = ptr[r], end = ptr[r + 1]; k < end; k++) a += w[k] * xs[other[k] * f + jb];
    out[r * f + jb] = a;
  }
}

/**
 * out[r, :] = Σ_k w[k] · xs[other[k], :] over row r's entries, w in CSR order. Column blocks of 8
 * and 4 keep the sums in registers; every output element is written once.
 */
export function csrMultiply(csr: Csr, xs: Float32Array, f: number, out: Float32Array, w: Float32Array): void {
  let jb = 0;
  for (; jb + 8 <= f; jb += 8) block8(csr, w, xs, f, out, jb);
  for (; jb + 4 <= f; jb += 4) block4(csr, w, xs, f, out, jb);
  for (; jb < f; jb++) block1(csr, w, xs, f, out, jb);
}

/** Per-edge weights in CSR order: a tensor's (input order, permuted) or the CSR's static ones. */
function csrWeights(csr: Csr, edgeW?: Float32Array): Float32Array {
  if (!edgeW) return csr.weight;
  const w = new Float32Array(csr.pos.length);
  for (let k = 0; k < w.length; k++) w[k] = edgeW[csr.pos[k]];
  return w;
}

function propagateWith(args: KernelArgs, withWeight: boolean): tf.TensorInfo {
  const { edges, reverse } = args.attrs as unknown as PropagateAttrs;
  const { x } = args.inputs;
  const f = x.shape[1];
  const csr = reverse ? edges.bySrc : edges.byDst;
  const o = alloc(args.backend, [csr.numRows, f]);
  const w = csrWeights(csr, withWeight ? viewF32(args.backend, args.inputs.w) : undefined);
  const heap = () => ({ x: viewF32(args.backend, x), out: outF32(args.backend, o) });
  if (!simdCsrMultiply(args.backend, csr, w, f, heap))
    csrMultiply(csr, viewF32(args.backend, x), f, outF32(args.backend, o), w);
  return o.info;
}

export const propagateKernel = (args: KernelArgs): tf.TensorInfo => propagateWith(args, false);
export const propagateWKernel = (args: KernelArgs): tf.TensorInfo => propagateWith(args, true);

/** out[e] = ⟨a[from_e], b[to_e]⟩: the gradient of a propagate w.r.t. its edge weights. */
export function edgeDotKernel({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { edges, reverse } = attrs as unknown as PropagateAttrs;
  const from = reverse ? edges.edges.dst : edges.edges.src;
  const to = reverse ? edges.edges.src : edges.edges.dst;
  const f = inputs.a.shape[1];
  const o = alloc(backend, [from.length]);
  const out = outF32(backend, o);
  const a = viewF32(backend, inputs.a);
  const b = viewF32(backend, inputs.b);
  for (let e = 0; e < from.length; e++) {
    const s = from[e] * f;
    const d = to[e] * f;
    let acc = 0;
    for (let j = 0; j < f; j++) acc += a[s + j] * b[d + j];
    out[e] = acc;
  }
  return o.info;
}

/** Sparse (numRows × numCols) @ dense w, or its transpose @ w. */
export function spmmKernel({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { sparse, transpose } = attrs as unknown as SpmmAttrs;
  const w = inputs.w;
  const f = w.shape[1];
  const csr = transpose ? sparse.byCol : sparse.byRow;
  const o = alloc(backend, [csr.numRows, f]);
  const out = outF32(backend, o);
  csrMultiply(csr, viewF32(backend, w), f, out, csr.weight);
  return o.info;
}
