/**
 * Adam / AdamW written out in tf ops rather than tf.train.adam, because training needs what the stock
 * optimiser hides: a per-step learning rate (step decay), PyTorch's two weight-decay conventions,
 * global-norm clipping, and its moment estimates as plain arrays for resumable training checkpoints.
 */
import * as tf from '@tensorflow/tfjs-core';

export interface AdamOptions {
  /** @default 0.9 */
  beta1?: number;
  /** @default 0.999 */
  beta2?: number;
  /** @default 1e-8 */
  eps?: number;
  /** 'adam': L2 added to the gradient (torch.optim.Adam); 'adamw': decoupled decay (torch.optim.AdamW) @default 'adam' */
  kind?: 'adam' | 'adamw';
}

/** Optimiser state as plain arrays (moments keyed by variable key), for training checkpoints. */
export interface AdamState {
  step: number;
  m: Map<string, Float32Array>;
  v: Map<string, Float32Array>;
}

export class Adam {
  step = 0;
  private readonly m = new Map<string, tf.Variable>();
  private readonly v = new Map<string, tf.Variable>();
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly eps: number;
  private readonly kind: 'adam' | 'adamw';

  /** @param vars the variables to optimise, keyed by a stable name (param name, or `extra.<i>`) */
  constructor(
    readonly vars: Map<string, tf.Variable>,
    opts: AdamOptions = {},
  ) {
    this.beta1 = opts.beta1 ?? 0.9;
    this.beta2 = opts.beta2 ?? 0.999;
    this.eps = opts.eps ?? 1e-8;
    this.kind = opts.kind ?? 'adam';
    for (const [k, x] of vars) {
      this.m.set(
        k,
        tf.tidy(() => tf.variable(tf.zerosLike(x), false)),
      );
      this.v.set(
        k,
        tf.tidy(() => tf.variable(tf.zerosLike(x), false)),
      );
    }
  }

  /** One update; `grads` keyed like `vars` (missing = no gradient, variable untouched). */
  apply(grads: Map<string, tf.Tensor>, lr: number, weightDecay: number): void {
    this.step++;
    const bc1 = 1 - this.beta1 ** this.step;
    const bc2 = 1 - this.beta2 ** this.step;
    for (const [k, x] of this.vars) {
      const g0 = grads.get(k);
      if (!g0) continue;
      tf.tidy(() => {
        const m = this.m.get(k)!;
        const v = this.v.get(k)!;
        let g = g0;
        let w: tf.Tensor = x;
        if (weightDecay > 0 && this.kind === 'adam') g = tf.add(g, tf.mul(x, weightDecay));
        if (weightDecay > 0 && this.kind === 'adamw') w = tf.mul(x, 1 - lr * weightDecay);
        m.assign(tf.add(tf.mul(m, this.beta1), tf.mul(g, 1 - this.beta1)));
        v.assign(tf.add(tf.mul(v, this.beta2), tf.mul(tf.square(g), 1 - this.beta2)));
        const denom = tf.add(tf.sqrt(tf.div(v, bc2)), this.eps);
        x.assign(tf.sub(w, tf.mul(tf.div(tf.div(m, bc1), denom), lr)));
      });
    }
  }

  getState(): AdamState {
    const read = (src: Map<string, tf.Variable>) =>
      new Map([...src].map(([k, t]) => [k, t.dataSync() as Float32Array]));
    return { step: this.step, m: read(this.m), v: read(this.v) };
  }

  /** Restores moments saved by getState; keys absent from `s` keep zeros. */
  setState(s: AdamState): void {
    this.step = s.step;
    for (const [src, dst] of [
      [s.m, this.m],
      [s.v, this.v],
    ] as const) {
      for (const [k, vals] of src) {
        const t = dst.get(k);
        if (t && t.size === vals.length) tf.tidy(() => t.assign(tf.tensor(vals, t.shape)));
      }
    }
  }

  dispose(): void {
    for (const t of [...this.m.values(), ...this.v.values()]) t.dispose();
  }
}

/**
 * Scales gradients so their global L2 norm is at most `maxNorm` (torch.nn.utils.clip_grad_norm_).
 * Returns new tensors; the caller disposes both maps.
 */
export function clipByGlobalNorm(grads: Map<string, tf.Tensor>, maxNorm: number): Map<string, tf.Tensor> {
  const list = [...grads.values()];
  const norm = tf.tidy(() => tf.sqrt(tf.addN(list.map((g) => tf.sum(tf.square(g))))).dataSync()[0]);
  const scale = Math.min(1, maxNorm / (norm + 1e-6));
  return new Map([...grads].map(([k, g]) => [k, tf.mul(g, scale)]));
}

/** Step decay: lr · decay^⌊epoch / step⌋ (0-based epochs); step 0 = constant. */
export function stepDecayLr(base: number, epoch: number, step: number, decay: number): number {
  return step > 0 ? base * decay ** Math.floor(epoch / step) : base;
}
