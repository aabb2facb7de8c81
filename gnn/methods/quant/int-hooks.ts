/**
 * LayerHooks for fixed-width integer quantisation: QAT (every site quantised) and Degree-Quant (QAT
 * plus per-pass FP32 protection of degree-biased random nodes in training). Both quantise each linear
 * layer's input, weight and output, and the node features entering and leaving message passing;
 * BatchNorm, ReLU and GIN's ε never pass through a hook and stay FP32.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GraphBatchInfo, LayerHooks } from '../../types';
import { Mulberry32 } from '../../data/rng';
import { protectionProbabilities, sampleProtection, type ProtectRange } from './dq-protect';
import type { QuantMode } from './mode';
import type { QParams } from './qparams';
import { TensorQuantizer, type QuantizerState, type RowMask } from './tensor-quantizer';

export interface IntHooksOptions {
  bits: 4 | 8;
  mode: QuantMode;
  /** Degree-Quant protection; absent = plain QAT */
  protect?: ProtectRange;
  /** seed of the protection draws @default 0 */
  seed?: number;
}

/** What the packer needs of a linear layer after training: its weight's frozen quantisation. */
export interface LinearRecord {
  weight: tf.Tensor2D;
  params: QParams | null;
}

export interface IntHooks extends LayerHooks {
  /** force training/evaluation; undefined = training exactly while a gradient tape records */
  training?: boolean;
  readonly quantizers: Map<string, TensorQuantizer>;
  readonly linears: Map<string, LinearRecord>;
  /** protected fraction of nodes over all training passes so far (DQ), for the report */
  protectedFraction(): number;
}

/**
 * What `snapshot` returns (plain JSON): every quantiser site's state, and Degree-Quant's protection
 * sampler — its stream position and the node counts behind `protectedFraction`.
 */
interface HooksState {
  sites: [string, QuantizerState][];
  random?: number;
  counts?: { nodes: number; protected: number };
}

/** Builds the hooks; one set per model, since the observers hold that model's ranges. */
export function createIntHooks(opts: IntHooksOptions): IntHooks {
  const quantizers = new Map<string, TensorQuantizer>();
  const linears = new Map<string, LinearRecord>();
  const random = new Mulberry32(opts.seed ?? 0);
  const pass = { info: null as GraphBatchInfo | null, rows: null as RowMask | null, seen: new Set<string>() };
  const counts = { nodes: 0, protected: 0 };

  const site = (key: string, signed: boolean | 'auto'): TensorQuantizer => {
    let q = quantizers.get(key);
    if (q === undefined) quantizers.set(key, (q = new TensorQuantizer(opts.bits, opts.mode, signed)));
    return q;
  };
  const rowsFor = (n: number, training: boolean): RowMask | undefined =>
    training && pass.rows !== null && pass.rows.length === n ? pass.rows : undefined;

  const hooks: IntHooks = {
    quantizers,
    linears,
    protectedFraction: () => (counts.nodes === 0 ? 0 : counts.protected / counts.nodes),
    snapshot: (): HooksState => ({
      sites: [...quantizers].map(([k, q]) => [k, q.state()]),
      random: random.state,
      counts: { ...counts },
    }),
    restore(state, for_ = 'resume') {
      // states saved before the sampler's position was: a bare list of sites
      const st: HooksState = Array.isArray(state) ? { sites: state as HooksState['sites'] } : (state as HooksState);
      // sites are made on first use; a resumed run restores before any forward pass, so make them here
      for (const [k, s] of st.sites) site(k, s.signed ?? 'auto').setState(s);
      if (for_ !== 'resume') return;
      if (st.random !== undefined) random.state = st.random;
      if (st.counts) Object.assign(counts, st.counts);
    },
    linear(name, x, w, b, apply) {
      const training = hooks.training ?? tf.engine().isTapeOn();
      const mask = rowsFor(x.shape[0], training);
      const xq = site(`${name}.input`, 'auto').apply(x, training, mask);
      const wSite = site(`${name}.weight`, true);
      const wq = wSite.apply(w, training);
      linears.set(name, { weight: w, params: wSite.params() });
      const y = apply(xq, wq, b);
      return site(`${name}.output`, true).apply(y, training, rowsFor(y.shape[0], training));
    },
    nodes(name, stage, h, info) {
      const training = hooks.training ?? tf.engine().isTapeOn();
      if (training && opts.protect !== undefined) newPassIfNeeded(`${name}:${stage}`, info);
      return site(`${name}.${stage}`, true).apply(h, training, rowsFor(h.shape[0], training));
    },
  };

  /** one mask per forward pass: a new graph batch, or a site seen twice, starts the next pass */
  function newPassIfNeeded(key: string, info: GraphBatchInfo): void {
    if (pass.info === info && !pass.seen.has(key)) {
      pass.seen.add(key);
      return;
    }
    pass.info = info;
    pass.seen = new Set([key]);
    pass.rows = sampleProtection(protectionProbabilities(info, opts.protect!), () => random.next());
    counts.nodes += pass.rows.length;
    counts.protected += pass.rows.reduce((a, v) => a + v, 0);
  }
  return hooks;
}
