/**
 * The run's checkpoint slot when a method trains several times (run-state.ts) and the lottery's progress
 * record (lottery-progress.ts): round trips, plain training states told apart, damaged bytes refused.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ArtefactError } from '../../../core/errors';
import { decodeLotteryProgress, encodeLotteryProgress } from '../../../gnn/methods/pruning/lottery-progress';
import { decodeRunState, encodeRunState } from '../../../gnn/train/run-state';

test('run state: training state and progress round-trip; a plain training state is not one; damage is refused', () => {
  const s = { progress: new Uint8Array([1, 2, 3]), trainKey: 'lottery-ticket-2', train: new Uint8Array([9, 8]) };
  assert.deepEqual(decodeRunState(encodeRunState(s)), s);
  const none = { progress: null, trainKey: null, train: null };
  assert.deepEqual(decodeRunState(encodeRunState(none)), none);
  assert.equal(decodeRunState(new Uint8Array([0x47, 0x4e, 0x4e, 0x43, 0, 0, 0, 0, 1])), null, 'no magic: plain');
  const bytes = encodeRunState(s);
  assert.throws(() => decodeRunState(bytes.subarray(0, bytes.length - 1)), ArtefactError);
});

test('lottery progress: weights, mask and results round-trip; other bytes are refused', () => {
  const p = {
    round: 2,
    controlDone: false,
    curve: [{ round: 0 }, { round: 1 }],
    trainMs: 1234,
    diverged: false,
    ticket: {
      metrics: { val: { accuracy: 0.5 }, test: { accuracy: 0.25 } },
      epochs: 3,
      diverged: false,
      durationMs: 40,
    },
    weights: new Map([
      ['lin.weight', Float32Array.from([0.5, -1.25, 3e-8])],
      ['bn.running_mean', Float32Array.from([7])],
    ]),
    mask: new Map([['lin.weight', Uint8Array.from([1, 0, 1])]]),
  };
  const back = decodeLotteryProgress(encodeLotteryProgress(p));
  assert.deepEqual(back, p);
  assert.equal(decodeLotteryProgress(encodeLotteryProgress({ ...p, mask: null })).mask, null);
  assert.throws(() => decodeLotteryProgress(new Uint8Array(12)), ArtefactError);
  const bytes = encodeLotteryProgress(p);
  assert.throws(() => decodeLotteryProgress(bytes.subarray(0, bytes.length - 2)), ArtefactError);
});
