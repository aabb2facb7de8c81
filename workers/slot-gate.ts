/**
 * One slot budget for all the task queues a compute worker polls (its pools and its per-host queue).
 * Temporal's own limit is per queue, so a worker polling two queues with `slots` each could run twice
 * as many trainings as it has slots. The gate has two halves:
 *  - a custom slot supplier that lets a queue poll only while fewer than `slots` tasks are running
 *    (so an idle worker does not take work it cannot start, and other hosts get it instead);
 *  - a hard semaphore around each training, for the rare moment two queues receive a task at once;
 *    the waiting activity heartbeats so it is not mistaken for a dead one.
 */
import type { CustomSlotSupplier, SlotInfo, SlotPermit } from '@temporalio/worker';

export class SlotGate {
  private used = 0;
  private running = 0;
  private readonly pollWaiters: (() => void)[] = [];
  private readonly runWaiters: (() => void)[] = [];

  /**
   * @param slots trainings at once
   * @param prefetch tasks accepted beyond `slots`, waiting at the gate so a freed slot starts the next
   *   at once instead of after a poll round trip; worth it only for cells of well under a second
   *   (benchmarks), since a prefetched cell cannot go to another, idle worker @default 0
   */
  constructor(
    readonly slots: number,
    readonly prefetch = 0,
  ) {}

  /** tasks accepted from any queue and not yet finished */
  get inUse(): number {
    return this.used;
  }

  supplier<SI extends SlotInfo>(): CustomSlotSupplier<SI> {
    return {
      type: 'custom',
      reserveSlot: (_ctx, abort) =>
        new Promise<SlotPermit>((resolve, reject) => {
          const tryIt = () => {
            if (abort.aborted) return reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
            if (this.used < this.slots + this.prefetch) return resolve({ used: false });
            this.pollWaiters.push(tryIt);
          };
          abort.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })), {
            once: true,
          });
          tryIt();
        }),
      tryReserveSlot: () => (this.used < this.slots + this.prefetch ? { used: false } : null),
      markSlotUsed: (ctx) => {
        (ctx.permit as { used?: boolean }).used = true;
        this.used++;
      },
      releaseSlot: (ctx) => {
        if ((ctx.permit as { used?: boolean }).used) {
          this.used--;
          this.pollWaiters.splice(0).forEach((w) => w());
        }
      },
    };
  }

  /** Run `fn` holding one of the `slots`; `onWait` is called every second while waiting. */
  async run<T>(fn: () => Promise<T>, onWait?: () => void): Promise<T> {
    while (this.running >= this.slots) {
      const timer = setInterval(() => onWait?.(), 1000);
      await new Promise<void>((r) => this.runWaiters.push(r));
      clearInterval(timer);
    }
    this.running++;
    try {
      return await fn();
    } finally {
      this.running--;
      this.runWaiters.shift()?.();
    }
  }
}
