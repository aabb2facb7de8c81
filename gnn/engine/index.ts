/**
 * The compute engine: backend selection and the message-passing kernels every model builds on.
 * Models import from here only (`gnn/engine`), never from the files behind it.
 */
export {
  BACKEND_ORDER,
  currentBackend,
  initBackend,
  probeBackends,
  type BackendName,
  type BackendProbe,
} from './backend';
export { wasmThreads, wasmThreadsInUse } from './wasm-threads';
export { loadSimdKernels, simdKernelsActive, useSimdKernels } from './simd';
export {
  addRemainingSelfLoops,
  gcnNorm,
  inDegree,
  prepareEdges,
  PreparedEdges,
  type EdgeList,
  type EdgeTensors,
} from './edges';
export { propagate } from './propagate';
export { gatherRows, segmentMax, segmentMean, segmentSoftmax, segmentSum, type IndexLike } from './segment';
export {
  prepareSparse,
  PreparedSparse,
  rowNormalize,
  spmm,
  toDense,
  type PrepareSparseOptions,
  type SparseFeatures,
} from './sparse';
export { batchGraphs, filterEdges, globalPool, topkPerGraph, type GraphBatch, type GraphData } from './batch';
export { fusedFakeQuant, registerEngineKernels, useStockOps } from './kernels';

import { registerEngineKernels } from './kernels';

// On import, so stock ops that need the fixed kernels (tf.gather's gradient on wasm) work even before
// the first engine call or initBackend().
registerEngineKernels();
