import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { batchGraphs, initBackend, prepareEdges } from '../../../gnn/engine';
import { loadProteins, type GraphDataset } from '../../../gnn/data';
import { hgpslModel } from '../../../gnn/models/hgpsl';
import { hgpslPool, weightedGcn, type PoolOptions, type Stage } from '../../../gnn/models/hgpsl/pool';
import { countParams, type GraphInput } from '../../../gnn/models/model-def';
import { Adam } from '../../../gnn/train/optimizer';
import { crossEntropy, graphInfo, maskedTarget } from '../../../gnn/train/tasks/common';

let ds: GraphDataset;
const OPTS: PoolOptions = { ratio: 0.5, hops: 3, lambda: 1, slope: 0.2 };

before(async () => {
  await initBackend('wasm');
  ds = await loadProteins();
});

function input(first: number, count: number): GraphInput {
  const batch = batchGraphs(ds.graphs.slice(first, first + count));
  return {
    kind: 'graphs',
    batch,
    x: tf.tensor2d(batch.x, [batch.numNodes, batch.numFeatures]),
    edges: prepareEdges(batch.edges),
    info: graphInfo(batch.edges, batch.graphIndex, batch.numGraphs),
  };
}

function stageOf(g: GraphInput): Stage {
  return { edges: g.batch.edges, weight: null, graphIndex: g.batch.graphIndex, numGraphs: g.batch.numGraphs };
}

test('pooling keeps ⌈n_g/2⌉ nodes per graph and learns row-stochastic, positive, in-graph edges', () => {
  const g = input(0, 12);
  tf.tidy(() => {
    const x = tf.randomNormal([g.batch.numNodes, 8], 0, 1, 'float32', 3) as tf.Tensor2D;
    const att = tf.randomNormal([16, 1], 0, 0.5, 'float32', 4) as tf.Tensor2D;
    const { x: xk, stage } = hgpslPool(x, stageOf(g), att, OPTS);
    const counts = new Array(12).fill(0);
    stage.graphIndex.forEach((gi) => counts[gi]++);
    for (let k = 0; k < 12; k++) assert.equal(counts[k], Math.ceil(ds.graphs[k].numNodes / 2), `graph ${k}`);
    assert.equal(xk.shape[0], stage.edges.numNodes);
    const w = stage.edges.weight as Float32Array;
    assert.deepEqual(Array.from(stage.weight?.dataSync() ?? []), Array.from(w));
    const rowSum = new Float64Array(stage.edges.numNodes);
    for (let e = 0; e < w.length; e++) {
      assert.ok(w[e] > 0, 'zero-weight edges are dropped');
      assert.equal(
        stage.graphIndex[stage.edges.src[e]],
        stage.graphIndex[stage.edges.dst[e]],
        'edges stay inside a graph',
      );
      rowSum[stage.edges.src[e]] += w[e];
    }
    rowSum.forEach((s, i) => assert.ok(Math.abs(s - 1) < 1e-5, `row ${i} sums to ${s}`));
  });
});

test('learned-graph GCN: out_j = Σ_{i→j} d_i^-½ w_ij d_j^-½ (xW)_i + b, out-degree normalised, no self-loops added', () => {
  // edges 0→1 (0.5), 0→0 (0.5), 1→0 (1), 2→1 (2); out-degrees 1, 1, 2; W = I, b = [0.5]
  const edges = {
    src: Int32Array.from([0, 0, 1, 2]),
    dst: Int32Array.from([1, 0, 0, 1]),
    numNodes: 3,
    weight: Float32Array.from([0.5, 0.5, 1, 2]),
  };
  const stage: Stage = { edges, weight: tf.tensor1d(edges.weight), graphIndex: new Int32Array(3), numGraphs: 1 };
  const out = tf.tidy(() =>
    weightedGcn(
      { training: false },
      {
        lin: 'c',
        w: tf.variable(tf.eye(1)) as tf.Variable<tf.Rank.R2>,
        b: tf.variable(tf.tensor1d([0.5])) as tf.Variable<tf.Rank.R1>,
      },
      tf.tensor2d([[1], [2], [4]]),
      stage,
    ).dataSync(),
  );
  const s2 = 1 / Math.SQRT2;
  // node 0 ← 0.5·x0 (self-edge) + 1·x1; node 1 ← 0.5·x0 + 2^-½·2·x2; node 2 has no in-edges
  const expected = [0.5 * 1 + 1 * 2 + 0.5, 0.5 * 1 + s2 * 2 * 4 + 0.5, 0.5];
  out.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-5, `node ${i}: ${v} vs ${expected[i]}`));
});

test('gradient through two pools (attention and the λ·A_ij prior) matches finite differences', () => {
  const g = input(0, 4);
  const x = tf.randomNormal([g.batch.numNodes, 6], 0, 1, 'float32', 5) as tf.Tensor2D;
  const att2 = tf.randomNormal([12, 1], 0, 0.5, 'float32', 6) as tf.Tensor2D;
  const att1 = Array.from(tf.randomNormal([12, 1], 0, 0.5, 'float32', 7).dataSync());
  // loss = Σ_e c_e · w_e over the second pool's learned edges, c fixed by edge position. The learned
  // structure is piecewise: where a perturbation moves an entry across a sparsemax support boundary (or
  // changes the candidate pairs), the loss jumps, so such coordinates are skipped, not compared.
  const run = (a: tf.Tensor2D) => {
    const p1 = hgpslPool(x, stageOf(g), a, OPTS);
    const p2 = hgpslPool(p1.x, p1.stage, att2, OPTS);
    const w = p2.stage.weight as tf.Tensor1D;
    const c = tf.tensor1d(Float32Array.from({ length: w.shape[0] }, (_, e) => Math.sin(e + 1)));
    const shape = `${Array.from(p1.stage.edges.src).join()}|${Array.from(p1.stage.edges.dst).join()}|${Array.from(p2.stage.edges.dst).join()}`;
    return { loss: tf.sum(tf.mul(w, c)) as tf.Scalar, shape };
  };
  const analytic = tf.tidy(() =>
    tf
      .grad((a: tf.Tensor) => run(a as tf.Tensor2D).loss)(tf.tensor2d(att1, [12, 1]))
      .dataSync(),
  );
  const base = tf.tidy(() => run(tf.tensor2d(att1, [12, 1])).shape);
  const h = 1e-4;
  let nonZero = 0;
  let compared = 0;
  for (let i = 0; i < att1.length; i++) {
    const f = (d: number) =>
      tf.tidy(() => {
        const r = run(
          tf.tensor2d(
            att1.map((v, k) => (k === i ? v + d : v)),
            [12, 1],
          ),
        );
        return { v: r.loss.dataSync()[0], same: r.shape === base };
      });
    const up = f(h);
    const dn = f(-h);
    if (!up.same || !dn.same) continue;
    compared++;
    const numeric = (up.v - dn.v) / (2 * h);
    if (Math.abs(numeric) > 1e-3) nonZero++;
    assert.ok(
      Math.abs(numeric - analytic[i]) < 5e-3 + 0.02 * Math.abs(numeric),
      `att[${i}]: analytic ${analytic[i]} vs numeric ${numeric}`,
    );
  }
  assert.ok(compared >= att1.length / 2, `only ${compared} of ${att1.length} coordinates had a stable structure`);
  assert.ok(nonZero > 0, 'the gradient reaches the first pool through the second pool’s prior');
});

test('hgpsl: 75,458 parameters, prunable weight matrices, loss falls over a few epochs on PROTEINS', () => {
  const m = hgpslModel.build({ numFeatures: 4, numClasses: 2 }, { hidden: 32 }, 11);
  const full = hgpslModel.build({ numFeatures: 4, numClasses: 2 }, {}, 11);
  assert.equal(countParams(full), 640 + 2 * 16512 + 2 * 256 + 32896 + 8256 + 130);
  assert.deepEqual(full.prunable, [
    'conv1.lin.weight',
    'conv2.weight',
    'conv3.weight',
    'lin1.weight',
    'lin2.weight',
    'lin3.weight',
  ]);
  const batches = [input(0, 100), input(600, 100)];
  const opt = new Adam(new Map(m.params));
  const vars = [...m.params.values()];
  const epochLoss: number[] = [];
  for (let epoch = 0; epoch < 8; epoch++) {
    let sum = 0;
    for (const b of batches) {
      const target = maskedTarget(b.batch.y, Int32Array.from(b.batch.y.keys()), b.batch.numGraphs, 2);
      sum += tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => crossEntropy(m.forward(b, { training: true }), target), vars);
        opt.apply(new Map([...m.params].map(([k, v]) => [k, grads[v.name]])), 0.01, 0);
        return value.dataSync()[0];
      });
      target.dispose();
    }
    epochLoss.push(sum / batches.length);
  }
  opt.dispose();
  assert.ok(
    epochLoss[epochLoss.length - 1] < epochLoss[0] - 0.02,
    `loss ${epochLoss.map((l) => l.toFixed(3)).join(' → ')}`,
  );
  const logits = tf.tidy(() => m.forward(batches[0], { training: false }));
  assert.deepEqual(logits.shape, [100, 2]);
  assert.ok(Array.from(logits.dataSync()).every(Number.isFinite));
  logits.dispose();
});
