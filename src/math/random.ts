/**
 * Seeded pseudo-random numbers. crmkit never calls `Math.random`: everything random takes a seed.
 *
 * @module
 */
import { CrmError } from '../core/errors.js';
import { quoteValue } from '../_lib/show.js';

/**
 * A seeded source of uniform numbers in [0, 1).
 *
 * @example
 * ```ts
 * const rng: Rng = createRng(42);
 * rng.next(); //=> a number in [0, 1), the same for every run with seed 42
 * ```
 */
export interface Rng {
  /** The next uniform number in [0, 1). */
  next(): number;
  /** The next integer in [0, n) (`n` a positive safe integer; otherwise `validation_failed`). */
  nextInt(n: number): number;
}

/**
 * A deterministic generator: a SplitMix32-style mixer seeding xoshiro128** (D. Blackman and
 * S. Vigna, "Scrambled linear pseudorandom number generators", ACM TOMS 47(4), 2021), period
 * 2^128 − 1, 53 random bits per `next()`. The same seed gives the same sequence everywhere.
 * The seed is truncated to an integer and reduced to 32 bits, so `1`, `1.7` and `2 ** 32 + 1`
 * give the same sequence. A non-finite seed throws `CrmError` `validation_failed`.
 *
 * @example
 * ```ts
 * const a = createRng(7), b = createRng(7);
 * a.next() === b.next(); //=> true
 * ```
 */
export function createRng(seed: number): Rng {
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new CrmError('validation_failed', `createRng: seed must be a finite number; received ${quoteValue(seed)}`, {
      issues: [{ path: ['seed'], code: 'invalid_number', message: 'Expected a finite number' }],
    });
  }
  let x = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0;
  const split = (): number => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let s0 = split(),
    s1 = split(),
    s2 = split(),
    s3 = split();
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;
  const u32 = (): number => {
    const r = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    s0 >>>= 0;
    s1 >>>= 0;
    s2 >>>= 0;
    s3 >>>= 0;
    return r;
  };
  const next = (): number => ((u32() >>> 5) * 67108864 + (u32() >>> 6)) / 9007199254740992;
  return {
    next,
    nextInt(n: number): number {
      if (!Number.isSafeInteger(n) || n <= 0) {
        throw new CrmError('validation_failed', `nextInt: n must be a positive integer; received ${n}`, {
          issues: [{ path: ['n'], code: 'invalid_value', message: 'Expected a safe integer ≥ 1' }],
        });
      }
      return Math.floor(next() * n);
    },
  };
}

function rotl(v: number, k: number): number {
  return ((v << k) | (v >>> (32 - k))) >>> 0;
}

/**
 * A new array with the items of `items` in a seeded random order (Fisher–Yates). The input is not changed.
 *
 * @example
 * ```ts
 * shuffled([1, 2, 3, 4], createRng(1)); //=> the same permutation on every run
 * ```
 */
export function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const tmp = out[i]!;
    out[i] = out[j]!;
    out[j] = tmp;
  }
  return out;
}
