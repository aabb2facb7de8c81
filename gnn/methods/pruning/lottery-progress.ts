/**
 * What a lottery-ticket run keeps between its trainings (Lab.saveProgress), so that a retried cell
 * skips the trainings it finished: the rounds done, the last trained ticket (its weights, mask and
 * result) and whether that round's random control is done too. Layout: 'LTP1', a u32 header length,
 * a JSON header (the fields below, and where each array lies), then the arrays' bytes.
 */
import { ArtefactError } from '../../../core/errors';
import type { SplitMetrics } from '../../types';
import type { MaskSet } from './masks';

const MAGIC = [0x4c, 0x54, 0x50, 0x31]; // 'LTP1'
const WHERE = 'lottery progress';

/** One finished training's summary (its model is the weights beside it). */
export interface TrainedSummary {
  metrics: { val: SplitMetrics; test: SplitMetrics };
  epochs: number;
  diverged: boolean;
  durationMs: number;
}

export interface LotteryProgress<Round> {
  /** the round of the last trained ticket (0: the dense network) */
  round: number;
  /** that round's random control is trained too (always for round 0) */
  controlDone: boolean;
  /** the rounds finished, ticket and control */
  curve: Round[];
  trainMs: number;
  diverged: boolean;
  /** the last trained ticket: its result, all its parameters and buffers, and its mask (none for round 0) */
  ticket: TrainedSummary;
  weights: Map<string, Float32Array>;
  mask: MaskSet | null;
}

interface Slice {
  name: string;
  offset: number;
  length: number;
}

export function encodeLotteryProgress<R>(p: LotteryProgress<R>): Uint8Array {
  const parts: Uint8Array[] = [];
  let offset = 0;
  const place = (name: string, bytes: Uint8Array): Slice => {
    parts.push(bytes);
    offset += bytes.length;
    return { name, offset: offset - bytes.length, length: bytes.length };
  };
  const { weights, mask, ...rest } = p;
  const header = {
    ...rest,
    weights: [...weights].map(([n, v]) => place(n, new Uint8Array(v.buffer, v.byteOffset, v.byteLength))),
    mask: mask ? [...mask].map(([n, m]) => place(n, m)) : null,
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + offset);
  out.set(MAGIC);
  new DataView(out.buffer).setUint32(4, json.length);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export function decodeLotteryProgress<R>(bytes: Uint8Array): LotteryProgress<R> {
  if (bytes.length < 8 || MAGIC.some((b, i) => bytes[i] !== b))
    throw new ArtefactError(WHERE, 'not a lottery progress record');
  const n = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4);
  let h: Omit<LotteryProgress<R>, 'weights' | 'mask'> & { weights: Slice[]; mask: Slice[] | null };
  try {
    h = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as typeof h;
  } catch {
    throw new ArtefactError(WHERE, 'unreadable header');
  }
  const body = bytes.subarray(8 + n);
  const take = (s: Slice) => {
    if (s.offset + s.length > body.length) throw new ArtefactError(WHERE, `'${s.name}' runs past the end`);
    return body.slice(s.offset, s.offset + s.length);
  };
  const weights = new Map(h.weights.map((s) => [s.name, new Float32Array(take(s).buffer)] as const));
  const mask = h.mask ? new Map(h.mask.map((s) => [s.name, take(s)] as const)) : null;
  return { ...h, weights, mask };
}
