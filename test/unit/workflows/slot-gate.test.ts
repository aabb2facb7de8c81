import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SlotInfo } from '@temporalio/worker';
import { SlotGate } from '../../../workers/slot-gate';
import { toCsv } from '../../../workers/results';

test('the gate never runs more than `slots` bodies at once, and runs them all', async () => {
  const gate = new SlotGate(2);
  let running = 0;
  let peak = 0;
  const body = async () => {
    running++;
    peak = Math.max(peak, running);
    await new Promise((r) => setTimeout(r, 5));
    running--;
  };
  await Promise.all(Array.from({ length: 9 }, () => gate.run(body)));
  assert.equal(peak, 2);
  assert.equal(running, 0);
});

test('the slot supplier lets queues poll only while slots are free, across all its queues', async () => {
  const gate = new SlotGate(1);
  const supplier = gate.supplier<SlotInfo>();
  assert.equal(supplier.type, 'custom');
  if (supplier.type !== 'custom') return;
  const ctx = {
    slotType: 'activity' as const,
    taskQueue: 'q',
    workerIdentity: 'w',
    workerBuildId: '',
    isSticky: false,
  };
  const p1 = await supplier.reserveSlot(ctx, new AbortController().signal);
  supplier.markSlotUsed({ permit: p1, slotInfo: { type: 'activity', activityType: 'runCell' } });
  assert.equal(gate.inUse, 1);
  assert.equal(supplier.tryReserveSlot(ctx), null, 'no slot while one task runs');
  let granted = false;
  const waiting = supplier
    .reserveSlot({ ...ctx, taskQueue: 'other' }, new AbortController().signal)
    .then(() => (granted = true));
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(granted, false, 'a second queue waits');
  supplier.releaseSlot({ permit: p1, slotInfo: { type: 'activity', activityType: 'runCell' } });
  await waiting;
  assert.equal(granted, true);
  const aborted = new AbortController();
  const p2 = await supplier.reserveSlot(ctx, aborted.signal);
  supplier.markSlotUsed({ permit: p2, slotInfo: { type: 'activity', activityType: 'runCell' } });
  const pending = supplier.reserveSlot(ctx, aborted.signal);
  aborted.abort();
  await assert.rejects(pending, { name: 'AbortError' });
});

test('results CSV has the union of columns and quotes what needs it', () => {
  const csv = toCsv([
    { a: 1, b: 'x,y' },
    { a: 2, c: true },
  ]);
  assert.equal(csv, 'a,b,c\n1,"x,y",\n2,,true\n');
});
