/**
 * The run's one checkpoint slot when a method trains several times per run (the lottery ticket): the
 * method's own progress between trainings (Lab.saveProgress) and the state of the training under way,
 * named by its `resumable` key. Layout: 'GRS1', a u32 header length, a JSON header
 * `{ trainKey, trainBytes, progressBytes }`, then the training state, then the progress. A slot that
 * does not start with the magic holds a plain training state (a method's one `resumable: true` training).
 */
import { ArtefactError } from '../../core/errors';

const MAGIC = [0x47, 0x52, 0x53, 0x31]; // 'GRS1'

export interface RunState {
  /** what the method saved after its last finished training */
  progress: Uint8Array | null;
  /** the training under way, by its `resumable` key, and its last saved state */
  trainKey: string | null;
  train: Uint8Array | null;
}

export const EMPTY_RUN_STATE: RunState = { progress: null, trainKey: null, train: null };

export function encodeRunState(s: RunState): Uint8Array {
  const header = new TextEncoder().encode(
    JSON.stringify({ trainKey: s.trainKey, trainBytes: s.train?.length ?? 0, progressBytes: s.progress?.length ?? 0 }),
  );
  const out = new Uint8Array(8 + header.length + (s.train?.length ?? 0) + (s.progress?.length ?? 0));
  out.set(MAGIC);
  new DataView(out.buffer).setUint32(4, header.length);
  out.set(header, 8);
  if (s.train) out.set(s.train, 8 + header.length);
  if (s.progress) out.set(s.progress, 8 + header.length + (s.train?.length ?? 0));
  return out;
}

/** The slot's contents, or null when it holds a plain training state (no magic). */
export function decodeRunState(bytes: Uint8Array, where = 'run checkpoint'): RunState | null {
  if (bytes.length < 8 || MAGIC.some((b, i) => bytes[i] !== b)) return null;
  const n = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4);
  let h: { trainKey: string | null; trainBytes: number; progressBytes: number };
  try {
    h = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as typeof h;
  } catch {
    throw new ArtefactError(where, 'unreadable run-state header');
  }
  const start = 8 + n;
  if (start + h.trainBytes + h.progressBytes !== bytes.length)
    throw new ArtefactError(
      where,
      `run state of ${bytes.length} bytes, its header says ${start + h.trainBytes + h.progressBytes}`,
    );
  return {
    trainKey: h.trainKey,
    train: h.trainBytes > 0 ? bytes.slice(start, start + h.trainBytes) : null,
    progress: h.progressBytes > 0 ? bytes.slice(start + h.trainBytes) : null,
  };
}
