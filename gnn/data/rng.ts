/**
 * A small seeded PRNG so every split is a pure function of its seed, on any machine and Node version
 * (Math.random cannot be seeded). mulberry32: 32-bit state, good enough for shuffles and sampling.
 */

/**
 * mulberry32 as an object whose position can be read and set: a resumable training saves the state
 * of its dropout and sampling streams and continues them where they were.
 */
export class Mulberry32 {
  private a: number;

  constructor(seed: number) {
    this.a = seed >>> 0;
  }

  /** The next float in [0, 1). */
  next(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** The stream's position: a 32-bit unsigned integer. */
  get state(): number {
    return this.a;
  }

  set state(a: number) {
    this.a = a >>> 0;
  }
}

/** Returns a function yielding floats in [0, 1), fully determined by `seed`. */
export function mulberry32(seed: number): () => number {
  const stream = new Mulberry32(seed);
  return () => stream.next();
}

/** An integer in [0, n) drawn from `rand`. */
export function randInt(rand: () => number, n: number): number {
  return Math.floor(rand() * n);
}

/** Fisher–Yates shuffle in place; returns the same array. */
export function shuffleInPlace<A extends { length: number; [i: number]: unknown }>(arr: A, rand: () => number): A {
  for (let i = arr.length - 1; i > 0; i--) {
    const j = randInt(rand, i + 1);
    const t = arr[i];
    arr[i] = arr[j];
    arr[j] = t;
  }
  return arr;
}

/** A seeded random permutation of 0..n-1. */
export function permutation(n: number, seed: number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  return shuffleInPlace(p, mulberry32(seed));
}
