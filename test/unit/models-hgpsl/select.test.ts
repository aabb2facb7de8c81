import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { batchGraphs, initBackend } from '../../../gnn/engine';
import { loadProteins, type GraphDataset } from '../../../gnn/data';
import { hgpslPool, hgpslSelect, type Stage } from '../../../gnn/models/hgpsl/pool';
import { nodeInformationScore } from '../../../gnn/models/hgpsl/info-score';

let ds: GraphDataset;

before(async () => {
  await initBackend('wasm');
  ds = await loadProteins();
});

test('pool-3 selection keeps per graph the ⌈n_g/2⌉ most informative rows, as the full pool does', () => {
  const batch = batchGraphs(ds.graphs.slice(20, 30));
  const stage: Stage = { edges: batch.edges, weight: null, graphIndex: batch.graphIndex, numGraphs: batch.numGraphs };
  tf.tidy(() => {
    const x = tf.randomNormal([batch.numNodes, 6], 0, 1, 'float32', 7) as tf.Tensor2D;
    const sel = hgpslSelect(x, stage, 0.5);
    const full = hgpslPool(x, stage, tf.randomNormal([12, 1], 0, 0.5, 'float32', 8) as tf.Tensor2D, {
      ratio: 0.5,
      hops: 3,
      lambda: 1,
      slope: 0.2,
    });
    assert.deepEqual(Array.from(sel.graphIndex), Array.from(full.stage.graphIndex));
    assert.deepEqual(Array.from(sel.x.dataSync()), Array.from(full.x.dataSync()));
    const score = nodeInformationScore(x.dataSync() as Float32Array, 6, { ...batch.edges, w: null });
    const rows = x.arraySync();
    const keptRows = new Set(sel.x.arraySync().map((r) => r.join(',')));
    for (let g = 0; g < batch.numGraphs; g++) {
      const nodes = [...batch.graphIndex.keys()].filter((i) => batch.graphIndex[i] === g);
      const kept = nodes.filter((i) => keptRows.has(rows[i].join(',')));
      assert.equal(kept.length, Math.ceil(nodes.length / 2), `graph ${g}`);
      const minKept = Math.min(...kept.map((i) => score[i]));
      const dropped = nodes.filter((i) => !kept.includes(i));
      for (const i of dropped) assert.ok(score[i] <= minKept, `graph ${g}: dropped node ${i} outscores a kept one`);
    }
  });
});
