/**
 * Seeded data splits for model validation: `trainTestSplit` and `kFold`.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { err, fail, ok, type Result } from '../core/result.js';
import { crmIssue, invalidInput } from '../core/issues.js';
import { createRng, shuffled } from '../math/random.js';
import { readOptions } from './rows.js';

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
  // An index loop, not forEach: a hole is a row (undefined) like any other and lands in one part.
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (testSet.has(i)) {
      test.push(r);
      testIndices.push(i);
    } else {
      train.push(r);
      trainIndices.push(i);
    }
  }
  return Object.freeze({
    train: Object.freeze(train),
    test: Object.freeze(test),
    trainIndices: Object.freeze(trainIndices),
    testIndices: Object.freeze(testIndices),
  });
}

/**
 * Options of {@link trainTestSplit}: the share of rows that go to the test part, strictly between 0 and
 * 1, and the `seed` of the shuffle.
 *
 * @example
 * ```ts
 * const o: TrainTestSplitOptions = { testFraction: 0.25, seed: 42 };
 * ```
 */
export interface TrainTestSplitOptions {
  readonly testFraction: number;
  readonly seed: number;
}

/**
 * Options of {@link kFold}: the number of folds `k` (an integer, `2 ≤ k ≤ rows.length`) and the `seed`
 * of the shuffle.
 *
 * @example
 * ```ts
 * const o: KFoldOptions = { k: 5, seed: 7 };
 * ```
 */
export interface KFoldOptions {
  readonly k: number;
  readonly seed: number;
}

function readSeed(v: unknown, issues: CrmIssue[]): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  issues.push(crmIssue.invalidType(['seed'], 'a finite number', v));
  return 0;
}

/**
 * The rows read once into a plain array (the split hands these values back), or the error: `rows` is not
 * an array, or reading an element threw (a getter or proxy of the caller's).
 */
function readRows<T>(rows: readonly T[]): Result<readonly T[]> {
  if (!Array.isArray(rows)) return err(invalidInput('Split rows', [crmIssue.invalidType(['rows'], 'an array', rows)]));
  try {
    return ok(Array.from({ length: rows.length }, (_, i) => rows[i]!));
  } catch {
    return err(
      invalidInput('Split rows', [crmIssue.invalidType(['rows'], 'readable rows (reading one threw)', undefined)]),
    );
  }
}

/**
 * Splits rows into train and test at random, reproducibly from `seed`: `round(n × testFraction)` rows
 * go to test. Every row lands in exactly one part; both keep the input order. The rows are not copied
 * or changed.
 *
 * Fails with `validation_failed` when `rows` is not an array, an option key is unknown (the allowed ones
 * are named), `testFraction` is not strictly between 0 and 1, or `seed` is not a finite number
 * (`null` options mean none, so both are then missing). Never throws for its input.
 *
 * @example
 * ```ts
 * const rows = Array.from({ length: 20 }, (_, i) => ({ id: i }));
 * const s = unwrap(trainTestSplit(rows, { testFraction: 0.25, seed: 42 }));
 * s.test.length; //=> 5
 * s.train.length + s.test.length === rows.length; //=> true
 * ```
 */
export function trainTestSplit<T>(rows: readonly T[], options: TrainTestSplitOptions): Result<Split<T>> {
  const read = readRows(rows);
  if (!read.ok) return read;
  const issues: CrmIssue[] = [];
  const o = readOptions(options, ['testFraction', 'seed'] as const, issues);
  if (issues.length) return err(invalidInput('trainTestSplit options', issues));
  const f = o.testFraction;
  if (!(typeof f === 'number' && f > 0 && f < 1))
    issues.push(crmIssue.invalidValue(['testFraction'], 'testFraction must be strictly between 0 and 1', f));
  const seed = readSeed(o.seed, issues);
  if (issues.length) return err(invalidInput('trainTestSplit options', issues));
  const n = rows.length;
  const order = shuffled(
    Array.from({ length: n }, (_, i) => i),
    createRng(seed),
  );
  return ok(build(read.value, new Set(order.slice(0, Math.round(n * (f as number))))));
}

/**
 * `k` train/test folds for cross-validation, reproducibly from `seed`: the rows are shuffled once and
 * cut into `k` test parts whose sizes differ by at most one; each fold trains on the rest. Every row
 * is in exactly one test part. Needs `2 ≤ k ≤ rows.length`.
 *
 * Fails with `validation_failed` when `rows` is not an array, an option key is unknown, `k` is not an
 * integer ≥ 2 or `seed` not a finite number; with `insufficient_data` when `k` exceeds the row count.
 * Never throws for its input.
 *
 * @example
 * ```ts
 * const rows = Array.from({ length: 20 }, (_, i) => ({ id: i }));
 * const folds = unwrap(kFold(rows, { k: 5, seed: 7 }));
 * folds.length; //=> 5
 * ```
 */
export function kFold<T>(rows: readonly T[], options: KFoldOptions): Result<readonly Split<T>[]> {
  const read = readRows(rows);
  if (!read.ok) return read;
  const issues: CrmIssue[] = [];
  const o = readOptions(options, ['k', 'seed'] as const, issues);
  if (issues.length) return err(invalidInput('kFold options', issues));
  const k = o.k;
  if (!(typeof k === 'number' && Number.isSafeInteger(k) && k >= 2))
    issues.push(crmIssue.invalidValue(['k'], 'k must be an integer ≥ 2', k));
  const seed = readSeed(o.seed, issues);
  if (issues.length) return err(invalidInput('kFold options', issues));
  if ((k as number) > rows.length)
    return fail('insufficient_data', `k (${k as number}) exceeds the number of rows (${rows.length})`, [
      crmIssue.of('insufficient_data', ['k'], 'too few rows for k folds'),
    ]);
  const n = rows.length;
  const order = shuffled(
    Array.from({ length: n }, (_, i) => i),
    createRng(seed),
  );
  const folds: Split<T>[] = [];
  let start = 0;
  const kk = k as number;
  for (let f = 0; f < kk; f++) {
    const size = Math.floor(n / kk) + (f < n % kk ? 1 : 0);
    folds.push(build(read.value, new Set(order.slice(start, start + size))));
    start += size;
  }
  return ok(Object.freeze(folds));
}
