import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const bin = join(__dirname, '..', '..', '..', 'bin', 'gnnc.js');
const gnnc = (...args: string[]) =>
  spawnSync(process.execPath, [bin, 'train', ...args], {
    encoding: 'utf8',
    env: { ...process.env, GNNC_BACKEND: 'wasm' },
  });

test('bad flags fail fast with one line that lists the choices', () => {
  for (const [args, pattern] of [
    [['--model', 'nope', '--dataset', 'cora'], /unknown model 'nope'; choose one of: .*spline/],
    [['--model', 'gcn', '--dataset', 'nope'], /unknown dataset 'nope'; choose one of: bbbp, cora, proteins/],
    [['--model', 'spline', '--dataset', 'proteins'], /model 'spline' does not do task 'graph'; it does: node/],
    [['--model', 'gcn', '--dataset', 'cora', '--method', 'zip'], /unknown method 'zip'; choose one of: .*none/],
    [
      ['--model', 'gcn', '--dataset', 'cora', '--preset', 'huge'],
      /unknown preset 'huge' for gcn\/cora; choose one of: default, smoke/,
    ],
    [['--model', 'gcn', '--dataset', 'cora', '--epochs', '-2'], /--epochs: must be an integer ≥ 1/],
  ] as const) {
    const r = gnnc(...args);
    assert.notEqual(r.status, 0, args.join(' '));
    assert.match(r.stderr.trim(), pattern);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});

test('--json prints the result as the last stdout line; progress goes to stderr, one line per epoch', () => {
  const r = gnnc('--model', 'gcn', '--dataset', 'cora', '--epochs', '2', '--seed', '3', '--json');
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').at(-1) as string);
  for (const k of ['model', 'dataset', 'task', 'seed', 'params', 'epochs', 'durationMs']) assert.ok(k in out, k);
  assert.equal(out.model, 'gcn');
  assert.equal(out.seed, 3);
  assert.equal(out.epochs, 2);
  assert.ok(out.metrics.test.accuracy >= 0 && out.metrics.test.accuracy <= 1);
  assert.ok(out.metrics.val.accuracy >= 0);
  assert.match(r.stderr, /train epoch 1\/2 .*\n.*train epoch 2\/2/);
});

test('pruning fine-tunes by default or with --finetune, and not with --no-finetune', () => {
  const phases = (...flags: string[]) => {
    const r = gnnc(
      '--model',
      'gcn',
      '--dataset',
      'cora',
      '--epochs',
      '2',
      '--method',
      'global',
      '--level',
      '0.5',
      '--json',
      ...flags,
    );
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1) as string);
    return { pruned: 'pruned' in out.metrics, finetuned: 'finetuned' in out.metrics };
  };
  assert.deepEqual(phases(), { pruned: true, finetuned: true });
  assert.deepEqual(phases('--finetune'), { pruned: true, finetuned: true });
  assert.deepEqual(phases('--no-finetune'), { pruned: true, finetuned: false });
});
