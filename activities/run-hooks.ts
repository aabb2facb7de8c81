/**
 * RunHooks for one activity execution: Temporal heartbeats and cancellation, resource-meter phases,
 * per-epoch metrics, and training checkpoints backed by the store (resume after a crash or retry).
 */
import { Context } from '@temporalio/activity';
import type { RunHooks } from '../gnn/cell-types';
import type { Progress } from '../gnn/methods/types';
import type { ObjectStore } from '../store/object-store';
import type { CellLabels, WorkerMetrics } from '../telemetry/metrics';

/** what the activities need of telemetry/meter's ResourceMeter */
export interface MeterLike {
  start(): void;
  setPhase(phase: string): void;
  stop(): unknown;
}

export interface HookState {
  /** epoch the training resumed from (a checkpoint existed), else null */
  resumedFrom: number | null;
  checkpointsSaved: number;
  lastProgress: Progress | null;
}

export function createRunHooks(opts: {
  store: ObjectStore;
  stateKey: string;
  every: number;
  labels: CellLabels;
  metrics?: WorkerMetrics;
  meter?: MeterLike;
}): { hooks: RunHooks; state: HookState } {
  const ctx = Context.current();
  const state: HookState = { resumedFrom: null, checkpointsSaved: 0, lastProgress: null };
  let phase = '';
  let epochStart = Date.now();
  let lastEpoch = -1;
  const hooks: RunHooks = {
    signal: ctx.cancellationSignal,
    onProgress(p) {
      state.lastProgress = p;
      if (p.phase !== phase) {
        phase = p.phase;
        opts.meter?.setPhase(p.phase);
        lastEpoch = -1;
      }
      if (p.epoch !== lastEpoch) {
        const now = Date.now();
        if (lastEpoch >= 0) opts.metrics?.epoch(opts.labels, (now - epochStart) / 1000);
        epochStart = now;
        lastEpoch = p.epoch;
      }
      ctx.heartbeat({ ...p, resumedFrom: state.resumedFrom });
    },
    checkpoint: {
      every: opts.every,
      async load() {
        const bytes = await opts.store.get(opts.stateKey);
        if (bytes) state.resumedFrom = readEpoch(bytes);
        return stripEpoch(bytes);
      },
      async save(bytes, epoch) {
        await opts.store.put(opts.stateKey, withEpoch(bytes, epoch));
        state.checkpointsSaved++;
      },
    },
  };
  return { hooks, state };
}

/**
 * The store keeps the training state as given, followed by an 8-byte trailer (epoch, magic) so a
 * resumed run can report where it resumed without parsing the lab's format.
 */
const MAGIC = 0x676e6e63; // 'gnnc'

function withEpoch(bytes: Uint8Array, epoch: number): Uint8Array {
  const out = new Uint8Array(bytes.length + 8);
  out.set(bytes);
  const v = new DataView(out.buffer);
  v.setUint32(bytes.length, epoch);
  v.setUint32(bytes.length + 4, MAGIC);
  return out;
}

function readEpoch(bytes: Uint8Array): number | null {
  if (bytes.length < 8) return null;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return v.getUint32(bytes.length - 4) === MAGIC ? v.getUint32(bytes.length - 8) : null;
}

/** Strip the trailer before handing the state back to the lab. */
export function stripEpoch(bytes: Uint8Array | null): Uint8Array | null {
  if (!bytes || readEpoch(bytes) === null) return bytes;
  return bytes.subarray(0, bytes.length - 8);
}
