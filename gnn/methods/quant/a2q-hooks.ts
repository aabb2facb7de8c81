/**
 * LayerHooks for A²Q: each linear layer's weight is quantised per output column with learnable
 * (s, b); node features (each linear layer's input and the features entering message passing) are
 * quantised per row with (s, b) taken from a learnable pool — one entry per node for node tasks, a
 * pool of `poolSize` entries chosen by nearest max-magnitude for graph tasks. Quantiser variables
 * are created on the first forward pass (initialised from that batch) and then trained with the model.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayerHooks } from '../../types';
import { a2qQuantize, a2qQuantizePooled, effectiveBits, nearestPoolIndex } from './a2q-quantizer';

export interface A2qOptions {
  /** 'node': one (s, b) per node (rows must equal the node count); 'graph': shared pool */
  task: 'node' | 'graph';
  /** initial bit-width of every quantiser @default 4 */
  initBits?: number;
  /** pool entries for graph tasks @default 1000 */
  poolSize?: number;
}

interface FeatureSite {
  s: tf.Variable<tf.Rank.R2>;
  b: tf.Variable<tf.Rank.R2>;
  /** feature values counted per pool entry in the current pass (rows × columns) */
  usage: Float64Array;
  /** the same, summed over every pass since `resetTotals` (for the reported average width) */
  totals: Float64Array;
}

interface WeightSite {
  s: tf.Variable<tf.Rank.R2>;
  b: tf.Variable<tf.Rank.R2>;
  weight: tf.Tensor2D;
}

export interface A2qHooks extends LayerHooks {
  training?: boolean;
  readonly features: Map<string, FeatureSite>;
  readonly weights: Map<string, WeightSite>;
  /** every learnable step size and bit-width (TrainOptions.extraVars) */
  variables(): tf.Variable[];
  /** graphs in the last forward pass (memory is reported per graph) */
  numGraphs: number;
  /** clears the per-pass feature usage counts */
  resetUsage(): void;
  /** clears the running totals behind `averageBits` */
  resetTotals(): void;
  /** frees every quantiser variable */
  dispose(): void;
}

let created = 0;
/** tfjs variable names are global to the engine: two models in one process must not share them */
function uniqueName(key: string): string {
  return `a2q/${key}/${created++}`;
}

export function createA2qHooks(opts: A2qOptions): A2qHooks {
  const initBits = opts.initBits ?? 4;
  const poolSize = opts.poolSize ?? 1000;
  const features = new Map<string, FeatureSite>();
  const weights = new Map<string, WeightSite>();
  const q0 = 2 ** (initBits - 1) - 1;

  const featureSite = (key: string, x: tf.Tensor2D, rowMax: Float32Array): FeatureSite => {
    let site = features.get(key);
    if (site !== undefined) return site;
    const size = opts.task === 'node' ? x.shape[0] : poolSize;
    const sorted = Float32Array.from(rowMax).sort();
    // data-informed init: entry k reaches the k-th quantile of this batch's row magnitudes
    const init = Float32Array.from({ length: size }, (_, k) => {
      const m =
        opts.task === 'node' ? rowMax[k]! : sorted[Math.floor((k / Math.max(1, size - 1)) * (sorted.length - 1))]!;
      return Math.max(m, 1e-3) / q0;
    });
    site = {
      s: tf.variable(tf.tensor2d(init, [size, 1]), true, uniqueName(key)),
      b: tf.variable(tf.fill([size, 1], initBits), true, uniqueName(key)) as tf.Variable<tf.Rank.R2>,
      usage: new Float64Array(size),
      totals: new Float64Array(size),
    };
    features.set(key, site);
    return site;
  };

  const seen = new Set<string>();
  /** sites whose first input was binary (one-hot / bag-of-words features): exact at 1 bit, left as is */
  const binary = new Set<string>();
  const quantFeatures = (key: string, x: tf.Tensor2D): tf.Tensor2D => {
    if (binary.has(key)) return x;
    if (!features.has(key) && isBinary(x)) {
      binary.add(key);
      return x;
    }
    if (seen.has(key)) {
      // a site seen twice means a new forward pass: usage always describes the latest pass
      seen.clear();
      hooks.resetUsage();
    }
    seen.add(key);
    const rowMax = tf.tidy(() => tf.max(tf.abs(x), 1)).dataSync() as Float32Array;
    const site = featureSite(key, x, rowMax);
    const idx =
      opts.task === 'node' && x.shape[0] === site.usage.length
        ? Int32Array.from(rowMax.keys())
        : nearestPoolIndex(rowMax, site.s.dataSync() as Float32Array, site.b.dataSync() as Float32Array);
    for (const k of idx) {
      site.usage[k]! += x.shape[1];
      site.totals[k]! += x.shape[1];
    }
    return a2qQuantizePooled(x, site.s, site.b, idx, true);
  };

  const quantWeight = (key: string, w: tf.Tensor2D): tf.Tensor2D => {
    let site = weights.get(key);
    if (site === undefined) {
      const colMax = tf.tidy(() => tf.maximum(tf.max(tf.abs(w), 0, true), 1e-3));
      site = {
        s: tf.variable(tf.div(colMax, q0) as tf.Tensor2D, true, uniqueName(key)),
        b: tf.variable(tf.fill([1, w.shape[1]], initBits), true, uniqueName(key)) as tf.Variable<tf.Rank.R2>,
        weight: w,
      };
      colMax.dispose();
      weights.set(key, site);
    }
    site.weight = w;
    return a2qQuantize(w, site.s, site.b, false, 'column');
  };

  const hooks: A2qHooks = {
    features,
    weights,
    numGraphs: 1,
    variables: () => [...features.values(), ...weights.values()].flatMap((v) => [v.s, v.b]),
    resetUsage: () => features.forEach((f) => f.usage.fill(0)),
    resetTotals: () => features.forEach((f) => f.totals.fill(0)),
    dispose: () => hooks.variables().forEach((v) => v.dispose()),
    linear(name, x, w, b, apply) {
      return apply(quantFeatures(`${name}.input`, x), quantWeight(`${name}.weight`, w), b);
    },
    nodes(name, stage, h, info) {
      hooks.numGraphs = Math.max(1, info.numGraphs);
      return stage === 'message' ? quantFeatures(`${name}.message`, h) : h;
    },
  };
  return hooks;
}

/** Feature memory of the counted passes in KB per graph, with its bits rounded (the reported M). */
export function featureMemoryKb(hooks: A2qHooks): number {
  let bits = 0;
  for (const f of hooks.features.values()) {
    const b = f.b.dataSync();
    f.usage.forEach((u, k) => (bits += u * effectiveBits(b[k]!)));
  }
  return bits / 8 / 1024 / hooks.numGraphs;
}

/** Mean learned bit-width over the feature values quantised since resetTotals, and over the weights' values. */
export function averageBits(hooks: A2qHooks): { features: number; weights: number } {
  let fb = 0;
  let fn = 0;
  for (const f of hooks.features.values()) {
    const b = f.b.dataSync();
    f.totals.forEach((u, k) => {
      fb += u * effectiveBits(b[k]!);
      fn += u;
    });
  }
  let wb = 0;
  let wn = 0;
  for (const w of hooks.weights.values()) {
    const rows = w.weight.shape[0];
    for (const b of w.b.dataSync()) {
      wb += rows * effectiveBits(b);
      wn += rows;
    }
  }
  return { features: fn === 0 ? 0 : fb / fn, weights: wn === 0 ? 0 : wb / wn };
}

/** true when every value is 0 or 1 (A²Q leaves such inputs unquantised, as Degree-Quant does) */
function isBinary(x: tf.Tensor): boolean {
  return tf.tidy(() => tf.all(tf.logicalOr(tf.equal(x, 0), tf.equal(x, 1))).dataSync()[0] === 1);
}
