/**
 * `lottery`: the lottery-ticket test (Frankle & Carbin). θ₀ is saved, the dense network is trained,
 * then each round prunes the smallest-magnitude survivors of every prunable tensor, rewinds the
 * survivors to θ₀ and retrains with the mask fixed. The control re-initialises the same mask with a
 * fresh random init (seed + 7919·round) and trains it identically.
 *
 * `level` is the final sparsity in [0,1), the same axis as `global`/`finegrained`; `rounds` (MethodSpec)
 * sets how many rounds reach it, by default the fewest with at most 20 % of the survivors per round.
 * Each round prunes the same fraction r = 1 − (1 − level)^(1/rounds) of the survivors, so round k
 * sits at sparsity 1 − (1 − r)^k per tensor. Both curves are reported per round; the paper found
 * that tickets do not beat random re-initialisation on GNNs.
 *
 * Resumable: each training is resumable under its own name and the run's progress is saved after
 * each (lottery-progress.ts), so a retried cell repeats no finished training.
 */
import { InvalidInputError } from '../../../core/errors';
import type { GnnModel, MethodSpec, SplitMetrics } from '../../types';
import { methodRegistry, type CompressionMethod, type Lab, type MethodOutcome } from '../types';
import { MaskApplier, layerwiseMagnitudeMasks, type MaskSet } from './masks';
import { measureModel } from './measure-model';
import { decodeLotteryProgress, encodeLotteryProgress, type TrainedSummary } from './lottery-progress';
import { disposeModel, readValues, writeValues } from './model-state';
import { rejectQuantizationFields, requireName, requireSparsity } from './validate';

/** Largest fraction of survivors one default round prunes. @default 0.2 (Frankle & Carbin) */
export const DEFAULT_ROUND_RATE = 0.2;
const MAX_ROUNDS = 50;
const CONTROL_SEED_STRIDE = 7919;

export interface LotteryPlan {
  target: number;
  rounds: number;
  /** fraction of the survivors pruned each round */
  perRoundRate: number;
  /** per-tensor sparsity after each round 1..rounds */
  schedule: number[];
}

export function planLottery(spec: MethodSpec): LotteryPlan {
  const target = requireSparsity(spec);
  const fewest = target === 0 ? 0 : Math.ceil(Math.log(1 - target) / Math.log(1 - DEFAULT_ROUND_RATE) - 1e-9);
  const rounds = spec.rounds ?? fewest;
  if (!Number.isInteger(rounds) || rounds < 0 || rounds > MAX_ROUNDS) {
    throw new InvalidInputError(
      `rounds must be an integer in [0, ${MAX_ROUNDS}], got ${String(rounds)}`,
      'method.rounds',
    );
  }
  if (rounds === 0 && target > 0)
    throw new InvalidInputError('a sparsity above 0 needs at least one round', 'method.rounds');
  const perRoundRate = rounds === 0 ? 0 : 1 - Math.pow(1 - target, 1 / rounds);
  const schedule = Array.from({ length: rounds }, (_, i) =>
    i + 1 === rounds ? target : 1 - Math.pow(1 - perRoundRate, i + 1),
  );
  return { target, rounds, perRoundRate, schedule };
}

/** A finished training and its model. */
interface Trained extends TrainedSummary {
  model: GnnModel;
}

/**
 * Train `model` (masked when `mask` is given) and evaluate it on val and test. The phase also names the
 * training among the run's resumable ones: a retried cell continues it from its last saved state.
 */
async function trainAndEvaluate(lab: Lab, model: GnnModel, mask: MaskSet | null, phase: string): Promise<Trained> {
  const applier = mask ? new MaskApplier(mask, model) : null;
  try {
    applier?.apply(model);
    const out = await lab.train(model, {
      config: lab.config,
      afterStep: applier ? (m) => applier.apply(m) : undefined,
      phase,
      resumable: phase,
    });
    applier?.apply(model);
    const metrics = { val: lab.evaluate(model, 'val'), test: lab.evaluate(model, 'test') };
    return { model, metrics, epochs: out.epochs, diverged: out.diverged, durationMs: out.durationMs };
  } finally {
    applier?.dispose();
  }
}

export interface LotteryRound {
  round: number;
  /** planned per-tensor sparsity of the round */
  sparsity: number;
  ticket: { val: SplitMetrics; test: SplitMetrics };
  /** the random re-initialisation control; null for round 0 (dense) */
  random: { val: SplitMetrics; test: SplitMetrics } | null;
  epochs: { ticket: number; random: number };
}

interface RoundsOutcome {
  final: Trained;
  curve: LotteryRound[];
  trainMs: number;
  diverged: boolean;
}

/** The run so far: what `LotteryProgress` records, with the last ticket as a live model. */
interface RunSoFar {
  round: number;
  controlDone: boolean;
  curve: LotteryRound[];
  trainMs: number;
  diverged: boolean;
  current: Trained;
  mask: MaskSet | undefined;
}

async function saveRun(lab: Lab, r: RunSoFar): Promise<void> {
  const { model, ...ticket } = r.current;
  await lab.saveProgress(
    encodeLotteryProgress<LotteryRound>({
      round: r.round,
      controlDone: r.controlDone,
      curve: r.curve,
      trainMs: r.trainMs,
      diverged: r.diverged,
      ticket,
      weights: lab.snapshot(model),
      mask: r.mask ?? null,
    }),
  );
}

/** Where an earlier attempt of this cell got to, or a fresh start: the dense network trained. */
async function startRun(lab: Lab, theta0Model: GnnModel): Promise<RunSoFar> {
  const saved = await lab.loadProgress();
  if (saved) {
    disposeModel(theta0Model);
    const p = decodeLotteryProgress<LotteryRound>(saved);
    const model = lab.createModel();
    lab.restore(model, p.weights);
    return { ...p, current: { model, ...p.ticket }, mask: p.mask ?? undefined };
  }
  const current = await trainAndEvaluate(lab, theta0Model, null, 'train');
  const epochs = { ticket: current.epochs, random: 0 };
  const run: RunSoFar = {
    round: 0,
    controlDone: true,
    curve: [{ round: 0, sparsity: 0, ticket: current.metrics, random: null, epochs }],
    trainMs: current.durationMs,
    diverged: current.diverged,
    current,
    mask: undefined,
  };
  await saveRun(lab, run);
  return run;
}

/**
 * The dense training and every round, ticket then control. After each training the run's progress is
 * saved (Lab.saveProgress), and each training is resumable under its own name, so a retried cell
 * repeats no finished training and continues the one under way.
 */
async function runRounds(lab: Lab, plan: LotteryPlan): Promise<RoundsOutcome> {
  const init = lab.createModel();
  const theta0 = readValues(init);
  const run = await startRun(lab, init);
  for (const [i, sparsity] of plan.schedule.entries()) {
    const round = i + 1;
    if (round < run.round || (round === run.round && run.controlDone)) continue;
    lab.signal.throwIfAborted();
    lab.progress({ phase: 'prune', epoch: round, epochs: plan.rounds });
    if (round > run.round) {
      // prune the survivors of the last ticket, rewind them to θ₀ and train the new ticket
      const prunable = run.current.model.prunable;
      const mask = layerwiseMagnitudeMasks(readValues(run.current.model, prunable), prunable, sparsity, run.mask);
      const rewound = lab.createModel();
      writeValues(rewound, theta0);
      const ticket = await trainAndEvaluate(lab, rewound, mask, `lottery-ticket-${round}`);
      disposeModel(run.current.model);
      Object.assign(run, { round, controlDone: false, current: ticket, mask });
      run.trainMs += ticket.durationMs;
      run.diverged ||= ticket.diverged;
      await saveRun(lab, run);
    }
    const fresh = lab.createModel(lab.spec.seed + CONTROL_SEED_STRIDE * round);
    const control = await trainAndEvaluate(lab, fresh, run.mask!, `lottery-random-${round}`);
    disposeModel(control.model);
    run.trainMs += control.durationMs;
    run.diverged ||= control.diverged;
    const epochs = { ticket: run.current.epochs, random: control.epochs };
    run.curve.push({ round, sparsity, ticket: run.current.metrics, random: control.metrics, epochs });
    run.controlDone = true;
    await saveRun(lab, run);
  }
  return { final: run.current, curve: run.curve, trainMs: run.trainMs, diverged: run.diverged };
}

async function runLottery(lab: Lab, spec: MethodSpec): Promise<MethodOutcome> {
  const plan = planLottery(spec);
  const { final, curve, trainMs, diverged } = await runRounds(lab, plan);
  lab.progress({ phase: 'infer', epoch: 0, epochs: 0 });
  const m = measureModel(lab, final.model);
  const dense = curve[0].ticket;
  const last = curve[curve.length - 1];
  return {
    fields: {
      method: 'lottery',
      level: plan.target,
      rounds: plan.rounds,
      perRoundRate: plan.perRoundRate,
      epochs: curve.reduce((n, c) => n + c.epochs.ticket + c.epochs.random, 0),
      diverged,
      curve,
      sparsity: m.sparsity,
      nonzero: m.nonzero,
      size: m.size,
      metrics: {
        dense: dense.test,
        ticket: last.ticket.test,
        ...(last.random ? { random: last.random.test } : {}),
        val: last.ticket.val,
        test: last.ticket.test,
      },
      ticketMinusDense: last.ticket.test.accuracy - dense.test.accuracy,
      ticketMinusRandom: last.random ? last.ticket.test.accuracy - last.random.test.accuracy : null,
      inferenceMs: m.inferenceMs,
      durations: { trainMs, pruneMs: 0, finetuneMs: 0 },
    },
    artefacts: m.artefacts,
  };
}

export const lotteryTicket: CompressionMethod = methodRegistry.register('lottery', {
  name: 'lottery',
  version: '1',
  needsBase: false,
  validate(spec) {
    requireName(spec, 'lottery');
    planLottery(spec);
    rejectQuantizationFields(spec);
  },
  run: (lab, _base, spec) => runLottery(lab, spec),
});
