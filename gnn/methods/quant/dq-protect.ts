/**
 * Degree-Quant protection: high in-degree nodes accumulate the largest aggregation error, so each
 * training pass keeps a random, degree-biased subset of nodes in FP32.
 */
import type { GraphBatchInfo } from '../../types';

/** p_min → p_max of the protection probability (Degree-Quant defaults: INT8 0→0.1, INT4 0.1→0.2). */
export interface ProtectRange {
  pMin: number;
  pMax: number;
}

export function defaultProtect(bits: number): ProtectRange {
  return bits >= 8 ? { pMin: 0, pMax: 0.1 } : { pMin: 0.1, pMax: 0.2 };
}

/**
 * p(v) = p_min + (p_max − p_min)·F(indeg v), F(d) = fraction of v's own graph's nodes with in-degree ≤ d
 * (per graph, as DQ's ProbabilisticHighDegreeMask does with per_graph = true).
 */
export function protectionProbabilities(info: GraphBatchInfo, range: ProtectRange): Float32Array {
  const byGraph = new Map<number, number[]>();
  for (let v = 0; v < info.numNodes; v++) {
    const g = info.graphIndex[v] ?? 0;
    let list = byGraph.get(g);
    if (list === undefined) byGraph.set(g, (list = []));
    list.push(v);
  }
  const p = new Float32Array(info.numNodes);
  for (const nodes of byGraph.values()) {
    const maxDeg = nodes.reduce((m, v) => Math.max(m, info.inDegree[v]!), 0);
    const cumulative = new Float64Array(maxDeg + 1);
    for (const v of nodes) cumulative[info.inDegree[v]!]! += 1;
    for (let d = 1; d <= maxDeg; d++) cumulative[d]! += cumulative[d - 1]!;
    for (const v of nodes) {
      const f = cumulative[info.inDegree[v]!]! / nodes.length;
      p[v] = range.pMin + (range.pMax - range.pMin) * f;
    }
  }
  return p;
}

/** One Bernoulli draw per node: 1 = protected (FP32 this pass). */
export function sampleProtection(p: Float32Array, random: () => number): Uint8Array {
  const out = new Uint8Array(p.length);
  for (let i = 0; i < p.length; i++) out[i] = random() < p[i]! ? 1 : 0;
  return out;
}
