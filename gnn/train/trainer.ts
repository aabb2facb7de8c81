/**
 * The training loop shared by every task: Adam/AdamW with step-decayed lr, optional clipping, the
 * extraLoss / afterStep / extraVars hooks methods use, early stopping on the task's validation score,
 * divergence detection (NaN/Inf loss is a result, not a crash), per-epoch progress, cancellation, and
 * resumable training-state checkpoints (with the method's extra variables and hook state). At the
 * end the best validation weights are restored.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { RunHooks } from '../cell-types';
import type { TrainOptions, TrainOutcome, Progress } from '../methods/types';
import type { TaskModel } from '../models/model-def';
import type { SplitMetrics } from '../types';
import { encodeTrainState, restoreTrainState, type BestSoFar, type Values } from './checkpoint';
import { Adam, clipByGlobalNorm, stepDecayLr } from './optimizer';
import type { TaskSession } from './task';

/** Thrown when the run's AbortSignal fires (Temporal cancellation, Ctrl-C); the run stops between epochs. */
export class TrainingAbortedError extends Error {
  override readonly name = 'TrainingAbortedError';
  constructor(readonly epoch: number) {
    super(`training cancelled after ${epoch} epochs`);
  }
}

export interface TrainDeps {
  progress(p: Progress): void;
  signal: AbortSignal;
  /** training-state checkpoints: base training, and a method's resumable trainings (the Lab picks which slot) */
  resume?: RunHooks['checkpoint'];
}

function readVars(vars: Map<string, tf.Variable>): Values {
  return new Map([...vars].map(([k, v]) => [k, (v.dataSync() as Float32Array).slice()]));
}

function writeVars(vars: Map<string, tf.Variable>, vals: Values): void {
  for (const [k, v] of vars) {
    const x = vals.get(k);
    if (x) tf.tidy(() => v.assign(tf.tensor(x, v.shape)));
  }
}

/** opts.extraVars keyed `extra.<i>`. */
function extraVarMap(opts: TrainOptions): Map<string, tf.Variable> {
  return new Map((opts.extraVars ?? []).map((v, i) => [`extra.${i}`, v]));
}

/** Trainable variables by key: the model's params, then `extra.<i>` for opts.extraVars. */
function trainableVars(model: TaskModel, opts: TrainOptions): Map<string, tf.Variable> {
  return new Map([...model.params, ...extraVarMap(opts)]);
}

/** One optimiser step on one batch; returns the batch loss (task + extra). */
function step(
  session: TaskSession,
  model: TaskModel,
  batch: unknown,
  opts: TrainOptions,
  opt: Adam,
  lr: number,
): number {
  const vars = opt.vars;
  const list = [...vars.values()].filter((v) => v.trainable);
  return tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => {
      const l = session.batchLoss(model, batch, { training: true, hooks: opts.hooks });
      return opts.extraLoss ? (tf.add(l, opts.extraLoss(model)) as tf.Scalar) : l;
    }, list);
    let g = new Map<string, tf.Tensor>();
    for (const [k, v] of vars) if (grads[v.name]) g.set(k, grads[v.name]);
    if (opts.config.clipNorm > 0) g = clipByGlobalNorm(g, opts.config.clipNorm);
    const loss = value.dataSync()[0];
    if (Number.isFinite(loss)) opt.apply(g, lr, opts.config.weightDecay);
    return loss;
  });
}

interface LoopState {
  epoch: number;
  sinceBest: number;
  best: BestSoFar | null;
}

function isBetter(score: number, val: SplitMetrics, best: BestSoFar | null): boolean {
  if (!Number.isFinite(score)) return false;
  if (!best) return true;
  return score > best.score || (score === best.score && (val.loss ?? Infinity) < best.loss);
}

/** Runs one epoch and its validation; returns the mean training loss. */
function runEpoch(session: TaskSession, model: TaskModel, opts: TrainOptions, opt: Adam, epoch: number): number {
  const c = opts.config;
  const lr = stepDecayLr(c.lr, epoch, c.lrStep, c.lrDecay);
  let sum = 0;
  const batches = session.epochBatches(epoch);
  for (const b of batches) {
    try {
      sum += step(session, model, b, opts, opt, lr);
    } finally {
      session.releaseBatch(b);
    }
    opts.afterStep?.(model);
    if (!Number.isFinite(sum)) break;
  }
  return sum / Math.max(1, batches.length);
}

/** Loads the last saved state, if any: weights, optimiser, the method's extra variables and hook state. */
async function loadResume(model: TaskModel, opts: TrainOptions, opt: Adam, deps: TrainDeps): Promise<LoopState> {
  const state: LoopState = { epoch: 0, sinceBest: 0, best: null };
  const bytes = deps.resume ? await deps.resume.load() : null;
  if (!bytes) return state;
  const s = restoreTrainState(bytes, model);
  opt.setState(s.optimizer);
  if (s.extra) writeVars(extraVarMap(opts), s.extra);
  if (s.hookState !== undefined && s.hookState !== null) opts.hooks?.restore?.(s.hookState, 'resume');
  // states written before streams were saved have none: those runs continue with fresh streams
  model.randomStreams?.forEach((r, i) => {
    const a = s.streams?.[i];
    if (a !== undefined) r.state = a;
  });
  return { epoch: s.epoch, sinceBest: s.sinceBest, best: s.best };
}

function saveState(model: TaskModel, opts: TrainOptions, opt: Adam, st: LoopState): Uint8Array {
  return encodeTrainState(model, {
    model: model.modelName,
    ...st,
    optimizer: opt.getState(),
    extra: readVars(extraVarMap(opts)),
    hookState: opts.hooks?.snapshot?.(),
    streams: model.randomStreams?.map((r) => r.state),
  });
}

/** Trains `model` on the session's training split as `opts` says. */
export async function runTraining(
  session: TaskSession,
  model: TaskModel,
  opts: TrainOptions,
  deps: TrainDeps,
): Promise<TrainOutcome> {
  const c = opts.config;
  const phase = opts.phase ?? 'train';
  const opt = new Adam(trainableVars(model, opts), { kind: c.optimizer });
  const t0 = Date.now();
  let diverged = false;
  try {
    const st = await loadResume(model, opts, opt, deps);
    while (st.epoch < c.epochs) {
      if (deps.signal.aborted) throw new TrainingAbortedError(st.epoch);
      const loss = runEpoch(session, model, opts, opt, st.epoch);
      st.epoch++;
      if (!Number.isFinite(loss)) {
        diverged = true;
        deps.progress({ phase, epoch: st.epoch, epochs: c.epochs, loss });
        break;
      }
      const val = session.evaluate(model, 'val', { training: false, hooks: opts.hooks });
      const score = session.monitor(val);
      if (isBetter(score, val, st.best)) {
        st.best = {
          epoch: st.epoch,
          score,
          loss: val.loss ?? Infinity,
          val,
          params: readVars(model.params),
          buffers: readVars(model.buffers),
          extra: readVars(extraVarMap(opts)),
          hookState: opts.hooks?.snapshot?.(),
        };
        st.sinceBest = 0;
      } else st.sinceBest++;
      deps.progress({ phase, epoch: st.epoch, epochs: c.epochs, loss, val: score });
      if (deps.resume && deps.resume.every > 0 && st.epoch % deps.resume.every === 0) {
        await deps.resume.save(saveState(model, opts, opt, st), st.epoch);
      }
      if (c.patience > 0 && st.sinceBest >= c.patience) break;
      await new Promise((r) => setImmediate(r));
    }
    if (st.best) {
      writeVars(model.params, st.best.params);
      writeVars(model.buffers, st.best.buffers);
      // the method's own state goes back with the weights it was validated with
      if (st.best.extra) writeVars(extraVarMap(opts), st.best.extra);
      if (st.best.hookState !== undefined && st.best.hookState !== null)
        opts.hooks?.restore?.(st.best.hookState, 'best');
    }
    const val = st.best ? st.best.val : session.evaluate(model, 'val', { training: false, hooks: opts.hooks });
    return { epochs: st.epoch, durationMs: Date.now() - t0, diverged, val };
  } finally {
    opt.dispose();
  }
}
