/**
 * Adam / AdamW written out by hand rather than tf.train.adam, because training needs what the stock
 * optimiser hides: a per-step learning rate (step decay), PyTorch's two weight-decay conventions,
 * global-norm clipping, and its moment estimates as plain arrays for resumable training checkpoints.
 *
 * Two placements compute the same float32 numbers: `device` keeps the moments as tf variables and
 * updates with ~12 tf ops per variable (right for a GPU, where reading gradients back stalls it);
 * `host` reads each gradient once and updates in one JS loop, rounding every step to float32
 * exactly as the element-wise kernels do. On CPU backends the ~12 ops per variable and step were
 * dispatch overhead (GIN: ~470 of ~1,240 kernels per batch), so `host` is their default.
 */
import * as tf from '@tensorflow/tfjs-core';
import { currentBackend } from '../engine/backend';

export interface AdamOptions {
  /** @default 0.9 */
  beta1?: number;
  /** @default 0.999 */
  beta2?: number;
  /** @default 1e-8 */
  eps?: number;
  /** 'adam': L2 added to the gradient (torch.optim.Adam); 'adamw': decoupled decay (torch.optim.AdamW) @default 'adam' */
  kind?: 'adam' | 'adamw';
  /** where the moments live and the update runs @default 'device' on tfjs-node-gpu, else 'host' */
  placement?: 'host' | 'device';
}

const f32 = Math.fround;

/** GPU tensors should stay put; every other backend keeps its data in (or next to) host memory. */
function defaultPlacement(): 'host' | 'device' {
  try {
    return currentBackend() === 'tensorflow-gpu' ? 'device' : 'host';
  } catch {
    return 'device';
  }
}

/** Optimiser state as plain arrays (moments keyed by variable key), for training checkpoints. */
export interface AdamState {
  step: number;
  m: Map<string, Float32Array>;
  v: Map<string, Float32Array>;
}

export class Adam {
  step = 0;
  readonly placement: 'host' | 'device';
  private readonly m = new Map<string, tf.Variable>();
  private readonly v = new Map<string, tf.Variable>();
  private readonly hostM = new Map<string, Float32Array>();
  private readonly hostV = new Map<string, Float32Array>();
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
    this.placement = opts.placement ?? defaultPlacement();
    for (const [k, x] of vars) {
      if (this.placement === 'host') {
        this.hostM.set(k, new Float32Array(x.size));
        this.hostV.set(k, new Float32Array(x.size));
        continue;
      }
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
    if (this.placement === 'host') {
      this.applyOnHost(grads, lr, weightDecay, bc1, bc2);
      return;
    }
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

  /**
   * The device update's arithmetic in JS, each operation rounded to float32 (a float64 +, −, ×, ÷ or
   * √ of float32 inputs rounded once is the correctly rounded float32 result), so both placements
   * give the same bits.
   */
  private applyOnHost(grads: Map<string, tf.Tensor>, lr: number, wd: number, bc1: number, bc2: number): void {
    const b1 = f32(this.beta1);
    const b2 = f32(this.beta2);
    const c1 = f32(1 - this.beta1);
    const c2 = f32(1 - this.beta2);
    const [fb1, fb2, eps, flr, fwd] = [f32(bc1), f32(bc2), f32(this.eps), f32(lr), f32(wd)];
    const keep = f32(1 - lr * wd);
    const l2 = wd > 0 && this.kind === 'adam';
    const decoupled = wd > 0 && this.kind === 'adamw';
    for (const [k, x] of this.vars) {
      const g0 = grads.get(k);
      if (!g0) continue;
      const g = g0.dataSync() as Float32Array;
      const w = x.dataSync() as Float32Array;
      const m = this.hostM.get(k)!;
      const v = this.hostV.get(k)!;
      const out = new Float32Array(w.length);
      for (let i = 0; i < w.length; i++) {
        const wi = w[i]!;
        const gi = l2 ? f32(g[i]! + f32(wi * fwd)) : g[i]!;
        const mi = f32(f32(m[i]! * b1) + f32(gi * c1));
        const vi = f32(f32(v[i]! * b2) + f32(f32(gi * gi) * c2));
        m[i] = mi;
        v[i] = vi;
        const denom = f32(f32(Math.sqrt(f32(vi / fb2))) + eps);
        out[i] = f32((decoupled ? f32(wi * keep) : wi) - f32(f32(f32(mi / fb1) / denom) * flr));
      }
      tf.tidy(() => x.assign(tf.tensor(out, x.shape, 'float32')));
    }
  }

  getState(): AdamState {
    if (this.placement === 'host') {
      const copy = (src: Map<string, Float32Array>) => new Map([...src].map(([k, a]) => [k, a.slice()]));
      return { step: this.step, m: copy(this.hostM), v: copy(this.hostV) };
    }
    const read = (src: Map<string, tf.Variable>) =>
      new Map([...src].map(([k, t]) => [k, t.dataSync() as Float32Array]));
    return { step: this.step, m: read(this.m), v: read(this.v) };
  }

  /** Restores moments saved by getState; keys absent from `s` keep zeros. */
  setState(s: AdamState): void {
    this.step = s.step;
    const host = this.placement === 'host';
    for (const [src, hostDst, deviceDst] of [
      [s.m, this.hostM, this.m],
      [s.v, this.hostV, this.v],
    ] as const) {
      for (const [k, vals] of src) {
        const a = hostDst.get(k);
        const t = deviceDst.get(k);
        if (host && a?.length === vals.length) a.set(vals);
        if (!host && t?.size === vals.length) tf.tidy(() => t.assign(tf.tensor(vals, t.shape)));
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
