/** gcnNorm against values worked by hand, degree, batching, per-graph top-k and induced subgraphs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidInputError } from '../../../core/errors';
import {
  addRemainingSelfLoops,
  batchGraphs,
  filterEdges,
  gcnNorm,
  inDegree,
  topkPerGraph,
  type GraphData,
} from '../../../gnn/engine';
import { assertClose } from './helpers';

const i32 = (...v: number[]) => Int32Array.from(v);

test('gcnNorm: D^-1/2 (A+I) D^-1/2 with in-degrees, loops appended', () => {
  // 0→1, 2→1, 1→0; with loops the in-degrees are 2, 3, 1
  const out = gcnNorm({ src: i32(0, 2, 1), dst: i32(1, 1, 0), numNodes: 3 });
  assert.deepEqual(Array.from(out.src), [0, 2, 1, 0, 1, 2]);
  assert.deepEqual(Array.from(out.dst), [1, 1, 0, 0, 1, 2]);
  assertClose(
    out.weight as Float32Array,
    [1 / Math.sqrt(6), 1 / Math.sqrt(3), 1 / Math.sqrt(6), 1 / 2, 1 / 3, 1],
    1e-6,
  );
});

test('gcnNorm: an existing self-loop keeps its weight, edge weights count in degrees', () => {
  const out = gcnNorm({ src: i32(0, 2), dst: i32(1, 2), numNodes: 3, weight: Float32Array.from([1, 4]) });
  assert.deepEqual(Array.from(out.src), [0, 0, 1, 2]);
  // degrees: node0 1 (loop), node1 2, node2 4 (kept loop weight)
  assertClose(out.weight as Float32Array, [1 / Math.sqrt(2), 1, 1 / 2, 1], 1e-6);
});

test('gcnNorm without self-loops: isolated nodes get no Inf', () => {
  const out = gcnNorm({ src: i32(0, 1), dst: i32(1, 0), numNodes: 3 }, { selfLoops: false });
  assert.equal(out.src.length, 2);
  assertClose(out.weight as Float32Array, [1, 1]);
});

test('addRemainingSelfLoops and inDegree', () => {
  const e = addRemainingSelfLoops({ src: i32(0, 1, 1), dst: i32(1, 1, 2), numNodes: 3 });
  assert.deepEqual(Array.from(e.src), [0, 1, 0, 1, 2]);
  assert.deepEqual(Array.from(inDegree(e)), [1, 2, 2]);
});

const g = (n: number, f: number, src: number[], dst: number[], y: number, attr?: number[]): GraphData => ({
  numNodes: n,
  numFeatures: f,
  x: Float32Array.from({ length: n * f }, (_, i) => y * 100 + i),
  src: Int32Array.from(src),
  dst: Int32Array.from(dst),
  y,
  ...(attr ? { edgeAttr: Float32Array.from(attr), edgeFeatures: 1 } : {}),
});

test('batchGraphs: disjoint union with shifted ids', () => {
  const b = batchGraphs([g(2, 2, [0], [1], 1, [7]), g(3, 2, [0, 2], [2, 1], 0, [8, 9])]);
  assert.equal(b.numGraphs, 2);
  assert.equal(b.numNodes, 5);
  assert.deepEqual(Array.from(b.edges.src), [0, 2, 4]);
  assert.deepEqual(Array.from(b.edges.dst), [1, 4, 3]);
  assert.deepEqual(Array.from(b.graphIndex), [0, 0, 1, 1, 1]);
  assert.deepEqual(Array.from(b.nodeOffset), [0, 2, 5]);
  assert.deepEqual(Array.from(b.y), [1, 0]);
  assert.deepEqual(Array.from(b.x.slice(0, 6)), [100, 101, 102, 103, 0, 1]);
  assert.deepEqual(Array.from(b.edgeAttr as Float32Array), [7, 8, 9]);
  assert.equal(b.edges.numNodes, 5);
});

test('batchGraphs rejects mixed feature widths and empty input', () => {
  assert.throws(() => batchGraphs([g(2, 2, [], [], 0), g(2, 3, [], [], 0)]), InvalidInputError);
  assert.throws(() => batchGraphs([g(2, 2, [0], [1], 0, [1]), g(2, 2, [0], [1], 0)]), InvalidInputError);
  assert.throws(() => batchGraphs([]), InvalidInputError);
});

test('topkPerGraph: ceil(ratio·n) per graph, best first, ties to the lower id', () => {
  const scores = Float32Array.from([0.5, 0.9, 0.5, 0.1, 3, 2, 2]);
  const gi = i32(0, 0, 0, 0, 1, 1, 1);
  // graph 0: ceil(0.5·4) = 2 → 1 (0.9), then 0 (0.5, tie with 2); graph 1: ceil(1.5) = 2 → 4, 5
  assert.deepEqual(Array.from(topkPerGraph(scores, gi, 2, 0.5)), [1, 0, 4, 5]);
  // 0.7 · 10 is 7.000000000000001 in doubles: must keep 7, not 8
  const ten = Float32Array.from({ length: 10 }, (_, i) => i);
  assert.equal(topkPerGraph(ten, new Int32Array(10), 1, 0.7).length, 7);
  // a tiny ratio still keeps one node; an empty graph keeps none
  assert.deepEqual(Array.from(topkPerGraph(Float32Array.from([1, 2]), i32(0, 2), 3, 0.01)), [0, 1]);
  assert.throws(() => topkPerGraph(ten, new Int32Array(10), 1, 0), InvalidInputError);
});

test('filterEdges: induced subgraph renumbered by position in keep', () => {
  const edges = {
    src: i32(0, 1, 2, 3, 3),
    dst: i32(1, 2, 3, 0, 2),
    numNodes: 4,
    weight: Float32Array.from([1, 2, 3, 4, 5]),
  };
  const { edges: out, edgeIndex } = filterEdges(edges, i32(3, 0, 2));
  assert.deepEqual(Array.from(edgeIndex), [2, 3, 4]);
  assert.deepEqual(Array.from(out.src), [2, 0, 0]);
  assert.deepEqual(Array.from(out.dst), [0, 1, 2]);
  assert.deepEqual(Array.from(out.weight as Float32Array), [3, 4, 5]);
  assert.equal(out.numNodes, 3);
});
