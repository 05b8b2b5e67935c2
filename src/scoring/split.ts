/**
 * Seeded data splits for model validation: `trainTestSplit` and `kFold`.
 *
 * @module
 */
import { fail, ok, type Result } from '../core/result.js';
import { createRng, shuffled } from '../math/random.js';
import { quoteValue } from '../_lib/show.js';

/**
 * A split of rows: the two parts in their original order, and the input positions of each.
 *
 * @example
 * ```ts
 * const s: Split<{ id: string }> = { train: [{ id: 'a' }], test: [{ id: 'b' }], trainIndices: [0], testIndices: [1] };
 * ```
 */
export interface Split<T> {
  readonly train: readonly T[];
  readonly test: readonly T[];
  readonly trainIndices: readonly number[];
  readonly testIndices: readonly number[];
}

function build<T>(rows: readonly T[], testSet: Set<number>): Split<T> {
  const train: T[] = [],
    test: T[] = [],
    trainIndices: number[] = [],
    testIndices: number[] = [];
  rows.forEach((r, i) => {
    if (testSet.has(i)) {
      test.push(r);
      testIndices.push(i);
    } else {
      train.push(r);
      trainIndices.push(i);
    }
  });
  return Object.freeze({
    train: Object.freeze(train),
    test: Object.freeze(test),
    trainIndices: Object.freeze(trainIndices),
    testIndices: Object.freeze(testIndices),
  });
}

function checkSeed(seed: number): Result<number> {
  return Number.isFinite(seed)
    ? ok(seed)
    : fail('validation_failed', `seed must be a finite number; got ${quoteValue(seed)}`, [
        { path: ['seed'], message: 'not finite', code: 'invalid_value' },
      ]);
}

/** `rows` must be an array and `options` an object (any row type is fine: splitting only moves rows). */
function splitInputProblem(rows: unknown, options: unknown): Result<never> | null {
  if (!Array.isArray(rows))
    return fail('validation_failed', `rows must be an array; got ${quoteValue(rows)}`, [
      { path: ['rows'], message: 'expected an array', code: 'invalid_type' },
    ]);
  if (options === null || typeof options !== 'object')
    return fail('validation_failed', `options must be an object; got ${quoteValue(options)}`, [
      { path: ['options'], message: 'expected an object', code: 'invalid_value' },
    ]);
  return null;
}

/**
 * Splits rows into train and test at random, reproducibly from `seed`: `round(n × testFraction)` rows
 * go to test. Every row lands in exactly one part; both keep the input order. The rows are not copied
 * or changed.
 *
 * @example
 * ```ts
 * const s = unwrap(trainTestSplit(rows, { testFraction: 0.25, seed: 42 }));
 * s.train.length + s.test.length === rows.length; //=> true
 * ```
 */
export function trainTestSplit<T>(
  rows: readonly T[],
  options: { readonly testFraction: number; readonly seed: number },
): Result<Split<T>> {
  const shape = splitInputProblem(rows, options);
  if (shape !== null) return shape;
  const f = options.testFraction;
  if (!(typeof f === 'number' && f > 0 && f < 1))
    return fail('validation_failed', `testFraction must be strictly between 0 and 1; got ${quoteValue(f)}`, [
      { path: ['testFraction'], message: 'out of range', code: 'invalid_value' },
    ]);
  const s = checkSeed(options.seed);
  if (!s.ok) return s;
  const n = rows.length;
  const order = shuffled(
    Array.from({ length: n }, (_, i) => i),
    createRng(s.value),
  );
  return ok(build(rows, new Set(order.slice(0, Math.round(n * f)))));
}

/**
 * `k` train/test folds for cross-validation, reproducibly from `seed`: the rows are shuffled once and
 * cut into `k` test parts whose sizes differ by at most one; each fold trains on the rest. Every row
 * is in exactly one test part. Needs `2 ≤ k ≤ rows.length`.
 *
 * @example
 * ```ts
 * const folds = unwrap(kFold(rows, { k: 5, seed: 7 }));
 * folds.length; //=> 5
 * ```
 */
export function kFold<T>(
  rows: readonly T[],
  options: { readonly k: number; readonly seed: number },
): Result<readonly Split<T>[]> {
  const shape = splitInputProblem(rows, options);
  if (shape !== null) return shape;
  const k = options.k;
  if (!(Number.isSafeInteger(k) && k >= 2))
    return fail('validation_failed', `k must be an integer ≥ 2; got ${quoteValue(k)}`, [
      { path: ['k'], message: 'invalid', code: 'invalid_value' },
    ]);
  if (k > rows.length)
    return fail('insufficient_data', `k (${k}) exceeds the number of rows (${rows.length})`, [
      { path: ['k'], message: 'too few rows for k folds', code: 'insufficient_data' },
    ]);
  const s = checkSeed(options.seed);
  if (!s.ok) return s;
  const n = rows.length;
  const order = shuffled(
    Array.from({ length: n }, (_, i) => i),
    createRng(s.value),
  );
  const folds: Split<T>[] = [];
  let start = 0;
  for (let f = 0; f < k; f++) {
    const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
    folds.push(build(rows, new Set(order.slice(start, start + size))));
    start += size;
  }
  return ok(Object.freeze(folds));
}
