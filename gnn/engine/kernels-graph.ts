/**
 * Message-passing kernels over CSR groupings: propagate (sum of weighted neighbour rows), its
 * per-edge weight gradient (edge dot products) and sparse × dense products. The gradient of a
 * propagate is a propagate over the reversed edges, so forward and backward are the same loop.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Csr } from './csr';
import type { PreparedEdges } from './edges';
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

/**
 * out[r, :] = Σ_k w_k · x[other[k], :] over row r's entries. `edgeW` (input order, via csr.pos)
 * overrides the CSR's static weights.
 */
export function csrMultiply(csr: Csr, xs: Float32Array, f: number, out: Float32Array, edgeW?: Float32Array): void {
  const { ptr, other, pos, weight } = csr;
  for (let r = 0; r < csr.numRows; r++) {
    const o = r * f;
    for (let j = 0; j < f; j++) out[o + j] = 0;
    for (let k = ptr[r]; k < ptr[r + 1]; k++) {
      const w = edgeW ? edgeW[pos[k]] : weight ? weight[k] : 1;
      const s = other[k] * f;
      for (let j = 0; j < f; j++) out[o + j] += w * xs[s + j];
    }
  }
}

function propagateWith(args: KernelArgs, withWeight: boolean): tf.TensorInfo {
  const { edges, reverse } = args.attrs as unknown as PropagateAttrs;
  const { x } = args.inputs;
  const f = x.shape[1];
  const csr = reverse ? edges.bySrc : edges.byDst;
  const o = alloc(args.backend, [csr.numRows, f]);
  const out = outF32(args.backend, o);
  const w = withWeight ? viewF32(args.backend, args.inputs.w) : undefined;
  csrMultiply(csr, viewF32(args.backend, x), f, out, w);
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
  csrMultiply(csr, viewF32(backend, w), f, out);
  return o.info;
}
