/**
 * Building blocks every model uses: seeded named parameters, the hookable `linear`, BatchNorm with
 * running statistics, and seeded dropout. Weights are stored [in, out] so the forward pass is x·W
 * without a transposed matMul (≈15× slower on wasm); PyTorch stores Linear weights [out, in], so
 * counts match the paper's but element order is transposed.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Mulberry32, mulberry32 } from '../data/rng';
import type { ForwardCtx } from '../types';

/** How a weight matrix is initialised. glorot: PyG GCNConv/GINConv-style; torch: nn.Linear's U(±1/√fanIn). */
export type WeightInit = 'glorot' | 'torch';

/** A linear layer's variables; `b` is null for bias-free layers. */
export interface LinearParams {
  name: string;
  w: tf.Variable<tf.Rank.R2>;
  b: tf.Variable<tf.Rank.R1> | null;
}

/** BatchNorm's affine parameters (trainable) and running statistics (buffers). */
export { batchNorm } from './batch-norm';

export interface BatchNormParams {
  name: string;
  gamma: tf.Variable<tf.Rank.R1>;
  beta: tf.Variable<tf.Rank.R1>;
  runningMean: tf.Variable<tf.Rank.R1>;
  runningVar: tf.Variable<tf.Rank.R1>;
  /** @default 0.1 (PyTorch's convention: new = (1−m)·old + m·batch) */
  momentum: number;
  /** @default 1e-5 */
  eps: number;
}

/** FNV-1a of the name mixed with the model seed: each tensor gets its own stream, so adding a layer never shifts the others. */
function streamSeed(seed: number, name: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Creates a model's named, seeded variables and records which are prunable and quantizable.
 * Values are generated in JS from a seeded PRNG, so the same seed gives the same model on every backend.
 */
export class ParamBuilder {
  readonly params = new Map<string, tf.Variable>();
  readonly buffers = new Map<string, tf.Variable>();
  readonly prunable: string[] = [];
  readonly quantizable: string[] = [];
  /** the model's dropout streams, whose positions training checkpoints save */
  readonly dropouts: Dropout[] = [];

  constructor(readonly seed: number) {}

  /** The model's seeded dropout (`name` picks another stream when a model wants two). */
  dropout(name = 'dropout'): Dropout {
    const d = new Dropout(this.seed, name);
    this.dropouts.push(d);
    return d;
  }

  /** U(−bound, bound) of the given shape, registered as a trainable parameter. */
  uniform(name: string, shape: number[], bound: number): tf.Variable {
    const rand = mulberry32(streamSeed(this.seed, name));
    const n = shape.reduce((a, b) => a * b, 1);
    const vals = new Float32Array(n);
    for (let i = 0; i < n; i++) vals[i] = (rand() * 2 - 1) * bound;
    return this.add(name, tf.tensor(vals, shape));
  }

  /** Glorot/Xavier uniform: U(±√(6/(fanIn+fanOut))) over the last two dimensions. */
  glorot(name: string, shape: number[]): tf.Variable {
    const fanIn = shape[shape.length - 2];
    const fanOut = shape[shape.length - 1];
    return this.uniform(name, shape, Math.sqrt(6 / (fanIn + fanOut)));
  }

  zeros(name: string, shape: number[]): tf.Variable {
    return this.add(name, tf.zeros(shape));
  }

  ones(name: string, shape: number[]): tf.Variable {
    return this.add(name, tf.ones(shape));
  }

  /** A scalar-or-tensor trainable filled with `value` (GIN's ε). */
  fill(name: string, shape: number[], value: number): tf.Variable {
    return this.add(name, tf.fill(shape, value));
  }

  /** Non-trainable state saved with the model (BatchNorm running statistics). */
  buffer(name: string, shape: number[], value: number): tf.Variable {
    if (this.buffers.has(name)) throw new Error(`buffer '${name}' defined twice`);
    const v = tf.tidy(() => tf.variable(tf.fill(shape, value), false, `${name}#${this.seed}#buf#${uid++}`));
    this.buffers.set(name, v);
    return v;
  }

  /** Marks an existing parameter as a weight matrix pruning may touch. */
  markPrunable(name: string): void {
    if (!this.params.has(name)) throw new Error(`no parameter '${name}'`);
    this.prunable.push(name);
  }

  /**
   * A linear layer `name` with `name.weight` [in, out] (prunable) and `name.bias` [out];
   * `name` is recorded as quantizable. @default init 'glorot', bias true
   */
  linear(name: string, inDim: number, outDim: number, opts: { init?: WeightInit; bias?: boolean } = {}): LinearParams {
    const init = opts.init ?? 'glorot';
    const bound = 1 / Math.sqrt(inDim);
    const w = (
      init === 'glorot'
        ? this.glorot(`${name}.weight`, [inDim, outDim])
        : this.uniform(`${name}.weight`, [inDim, outDim], bound)
    ) as tf.Variable<tf.Rank.R2>;
    this.prunable.push(`${name}.weight`);
    this.quantizable.push(name);
    let b: tf.Variable<tf.Rank.R1> | null = null;
    if (opts.bias ?? true) {
      b = (
        init === 'glorot' ? this.zeros(`${name}.bias`, [outDim]) : this.uniform(`${name}.bias`, [outDim], bound)
      ) as tf.Variable<tf.Rank.R1>;
    }
    return { name, w, b };
  }

  /** BatchNorm over features: `name.weight`/`name.bias` trainable, `name.running_mean`/`name.running_var` buffers. */
  batchNorm(name: string, dim: number, opts: { momentum?: number; eps?: number } = {}): BatchNormParams {
    return {
      name,
      gamma: this.ones(`${name}.weight`, [dim]) as tf.Variable<tf.Rank.R1>,
      beta: this.zeros(`${name}.bias`, [dim]) as tf.Variable<tf.Rank.R1>,
      runningMean: this.buffer(`${name}.running_mean`, [dim], 0) as tf.Variable<tf.Rank.R1>,
      runningVar: this.buffer(`${name}.running_var`, [dim], 1) as tf.Variable<tf.Rank.R1>,
      momentum: opts.momentum ?? 0.1,
      eps: opts.eps ?? 1e-5,
    };
  }

  private add(name: string, init: tf.Tensor): tf.Variable {
    if (this.params.has(name)) throw new Error(`parameter '${name}' defined twice`);
    const v = tf.variable(init, true, `${name}#${this.seed}#${uid++}`);
    init.dispose();
    this.params.set(name, v);
    return v;
  }
}

/** tf variable names must be unique per process; models are built many times (lottery rounds, seeds). */
let uid = 0;

/**
 * x·W + b with no transpose; the plain FP32 path of `linear`. (tf.fused.matMul is not used: its
 * gradient took ~10× longer than matMul's on wasm, measured on GIN/PROTEINS.)
 */
export function affine(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D | null): tf.Tensor2D {
  const y = tf.matMul(x, w) as tf.Tensor2D;
  return b ? (tf.add(y, b) as tf.Tensor2D) : y;
}

/** A linear layer's forward pass, routed through ctx.hooks.linear (quantization) when present. */
export function linear(
  ctx: ForwardCtx,
  name: string,
  x: tf.Tensor2D,
  w: tf.Tensor2D,
  b: tf.Tensor1D | null,
): tf.Tensor2D {
  return ctx.hooks ? ctx.hooks.linear(name, x, w, b, affine) : affine(x, w, b);
}

/** `linear` applied to a LinearParams. */
export function applyLinear(ctx: ForwardCtx, p: LinearParams, x: tf.Tensor2D): tf.Tensor2D {
  return linear(ctx, p.name, x, p.w, p.b);
}

/**
 * Seeded dropout. Each model owns one (`ParamBuilder.dropout`); the stream advances per call, so the
 * same seed and the same sequence of forward passes give the same masks on every backend, and its
 * position (`state`) goes into training checkpoints so a resumed run draws the masks it would have.
 */
export class Dropout {
  private readonly stream: Mulberry32;

  constructor(seed: number, name = 'dropout') {
    this.stream = new Mulberry32(streamSeed(seed, name));
  }

  get state(): number {
    return this.stream.state;
  }

  set state(a: number) {
    this.stream.state = a;
  }

  /** Inverted dropout (scale survivors by 1/(1−rate)); identity outside training. */
  apply(ctx: ForwardCtx, x: tf.Tensor2D, rate: number): tf.Tensor2D {
    if (!ctx.training || rate <= 0) return x;
    return tf.mul(x, this.mask(x.size, rate, x.shape));
  }

  /** A keep-mask of `n` values scaled by 1/(1−rate), as a tensor of `shape`. */
  mask(n: number, rate: number, shape: number[]): tf.Tensor {
    const keep = 1 / (1 - rate);
    const vals = new Float32Array(n);
    for (let i = 0; i < n; i++) vals[i] = this.stream.next() < rate ? 0 : keep;
    return tf.tensor(vals, shape);
  }
}
