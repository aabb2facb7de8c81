import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidInputError } from '../../../core/errors';
import '../../../gnn/methods/pruning';
import { validateMethodSpec } from '../../../gnn/methods/pruning/validate';
import { planLottery } from '../../../gnn/methods/pruning/lottery';
import type { MethodSpec } from '../../../gnn/types';

function rejects(spec: MethodSpec, field: string, message: RegExp): void {
  assert.throws(
    () => validateMethodSpec(spec),
    (e: unknown) => e instanceof InvalidInputError && e.field === field && message.test(e.message),
    JSON.stringify(spec),
  );
}

test('sparsity levels outside [0, 1) are rejected, naming the field', () => {
  for (const name of ['global', 'finegrained', 'lottery']) {
    for (const level of [-0.1, 1, 1.5, NaN, Infinity]) rejects({ name, level }, 'method.level', /\[0, 1\)/);
    rejects({ name }, 'method.level', /needs a sparsity level/);
    for (const level of [0, 0.5, 0.9, 0.99]) validateMethodSpec({ name, level });
  }
});

test('unknown methods are rejected with the registered choices', () => {
  rejects(
    { name: 'magnitude', level: 0.5 },
    'method.name',
    /unknown method 'magnitude'; choose one of: .*finegrained, global, l2, lottery/,
  );
});

test('l2 takes any rate λ ≥ 0 and nothing else', () => {
  for (const level of [0, 1e-6, 0.5, 1e6]) validateMethodSpec({ name: 'l2', level });
  for (const level of [-1, NaN, undefined]) rejects({ name: 'l2', level }, 'method.level', /λ ≥ 0/);
});

test('quantization fields on a pruning method are rejected', () => {
  rejects({ name: 'global', level: 0.5, bits: 8 }, 'method.bits', /does not apply/);
  rejects({ name: 'l2', level: 0.1, mode: 'ste-abs' }, 'method.mode', /does not apply/);
});

test('lottery rounds: default 20 % per round, explicit rounds split the level evenly', () => {
  const byDefault = planLottery({ name: 'lottery', level: 0.9 });
  assert.equal(byDefault.rounds, 11);
  assert.ok(byDefault.perRoundRate <= 0.2);
  assert.equal(byDefault.schedule[byDefault.rounds - 1], 0.9);
  const two = planLottery({ name: 'lottery', level: 0.64, rounds: 2 });
  assert.ok(Math.abs(two.perRoundRate - 0.4) < 1e-12);
  assert.ok(Math.abs(two.schedule[0] - 0.4) < 1e-12);
  assert.equal(planLottery({ name: 'lottery', level: 0 }).rounds, 0);
  for (const rounds of [-1, 1.5, 51]) rejects({ name: 'lottery', level: 0.5, rounds }, 'method.rounds', /integer/);
  rejects({ name: 'lottery', level: 0.5, rounds: 0 }, 'method.rounds', /at least one round/);
});
