/**
 * Child process of test/unit/engine/wasm-threads.test.ts: starts the wasm backend (GNNC_WASM_THREADS
 * from the parent), trains a small two-layer net for a few Adam-free gradient steps and prints one JSON
 * line: the thread count in use and the final weights' bits. It must exit by itself (no process.exit):
 * the test fails on a timeout if the pthread pool keeps the process alive.
 */
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, wasmThreadsInUse } from '../../gnn/engine';

async function main(): Promise<void> {
  await initBackend('wasm');
  const x = tf.randomNormal([3000, 64], 0, 1, 'float32', 1);
  const y = tf.randomNormal([3000, 8], 0, 1, 'float32', 2);
  const w1 = tf.variable(tf.randomNormal([64, 64], 0, 0.1, 'float32', 3));
  const w2 = tf.variable(tf.randomNormal([64, 8], 0, 0.1, 'float32', 4));
  for (let step = 0; step < 5; step++) {
    const { grads } = tf.variableGrads(
      () => tf.mean(tf.square(tf.sub(tf.matMul(tf.relu(tf.matMul(x, w1)), w2), y))),
      [w1, w2],
    );
    w1.assign(tf.sub(w1, tf.mul(grads[w1.name], 0.1)));
    w2.assign(tf.sub(w2, tf.mul(grads[w2.name], 0.1)));
    tf.dispose(grads);
  }
  const bits = (t: tf.Tensor) => Buffer.from((t.dataSync() as Float32Array).buffer).toString('base64');
  process.stdout.write(`${JSON.stringify({ threads: wasmThreadsInUse(), w1: bits(w1), w2: bits(w2) })}\n`);
}

void main();
