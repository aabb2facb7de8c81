/** Number helpers shared by the engine and the methods. */

/**
 * Round half to even, as Python's round(), tf.round and torch.round do, so JS code and tensor ops agree
 * on ties (torch's prune rounds `amount · n` this way; quantisation rounds onto its grid this way).
 */
export function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
