/**
 * Batch BG/NBD predictions over customer columns.
 *
 * @module
 */
import { IssueList } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import type { BgNbdParams } from './bgNbd.js';
import { bgNbdAlive, bgNbdFactor, bgNbdPmf, conditionalPmf } from './bgNbdKernels.js';
import { Cache, checkPredictOptions, guarded, notConvergedAt, overflowAt } from './batch.js';
import { readRfmColumns, type RfmColumns } from './columns.js';
import { paramsIssues } from './rows.js';

/**
 * Options of {@link predictBgNbd}: the horizon `t` (in the model's time unit) of the expected purchases and
 * purchase probabilities, and, on request, the purchase counts n whose probabilities P(Y(t) = n | x, tₓ, T)
 * to compute (at most 32 counts, each at most 10⁷).
 *
 * @example
 * ```ts
 * const options: PredictBgNbdOptions = { t: 39, purchaseCounts: [0, 1, 2] };
 * ```
 */
export interface PredictBgNbdOptions {
  readonly t: number;
  readonly purchaseCounts?: readonly number[];
}

/**
 * Batch predictions, one value per customer in input order. The arrays are new and belong to the caller
 * (typed arrays cannot be frozen; the object holding them is).
 *
 * @example
 * ```ts
 * const p: TransactionPredictions = {
 *   expectedPurchases: new Float64Array([1.226]), probabilityAlive: new Float64Array([0.7266]), purchaseProbabilities: [],
 * };
 * ```
 */
export interface TransactionPredictions {
  /** E[Y(t) | x, tₓ, T]: expected purchases in the next t time units. */
  readonly expectedPurchases: Float64Array;
  /** P(alive | x, tₓ, T). */
  readonly probabilityAlive: Float64Array;
  /** One array per requested purchase count n (in the order asked): P(Y(t) = n | x, tₓ, T). */
  readonly purchaseProbabilities: readonly Float64Array[];
}

const NAMES = ['r', 'alpha', 'a', 'b'] as const;

/**
 * BG/NBD predictions for many customers at once, over columns `{ frequency, recency, T }`
 * (`Float64Array`s are read in place; plain arrays are accepted): E[Y(t) | x, tₓ, T] (FHL 2005 eq. 10),
 * P(alive | x, tₓ, T), and on request P(Y(t) = n | x, tₓ, T). The same kernels as
 * `bgNbdConditionalExpectedPurchases`, `bgNbdProbabilityAlive` and `bgNbdConditionalPurchaseProbability`,
 * so every value equals theirs; no object is allocated per customer, and the expectation's series, which
 * depends on (x, T) only, is summed once per distinct (x, T) (a bounded cache) and multiplied by each
 * customer's P(alive).
 *
 * Use it rather than a loop over the per-customer functions for more than a few hundred customers; see the
 * guide for figures.
 *
 * Returns `validation_failed` for bad parameters, options or columns (each bad value by column and
 * position), and for parameters at which a value overflows (`too_big`); `not_converged` when t is so long
 * compared with α + T that a series needs more than 10⁷ terms. Empty columns give empty arrays. Never
 * throws for its input.
 *
 * @example
 * ```ts
 * const columns = { frequency: new Float64Array([2, 0, 5]), recency: new Float64Array([30.43, 0, 6.86]), T: new Float64Array([38.86, 38.86, 38]) };
 * const r = predictBgNbd({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, columns, { t: 39 });
 * if (r.ok) r.value.expectedPurchases; //=> Float64Array [1.226, 0.195, 0.0299]
 * ```
 */
export function predictBgNbd(
  params: BgNbdParams,
  columns: RfmColumns,
  options: PredictBgNbdOptions,
): Result<TransactionPredictions> {
  const fn = 'predictBgNbd';
  return guarded(() => {
    const issues = new IssueList();
    issues.push(...paramsIssues(params, NAMES));
    const settings = checkPredictOptions(options, issues);
    const cols = readRfmColumns(columns, { monetary: false, rfm: true }, issues, ['columns']);
    if (issues.count > 0 || settings === undefined || cols === undefined) return err(issues.error(fn));
    const { r, alpha, a, b } = params;
    const { t, counts } = settings;
    const { size, x: X, tx: TX, T: TT } = cols;
    const nc = counts.length;
    const expected = new Float64Array(size);
    const alive = new Float64Array(size);
    const probabilities = counts.map(() => new Float64Array(size));
    const cache = new Cache(size, 1 + nc);
    const { table, values } = cache;
    const width = 1 + nc;
    for (let i = 0; i < size; i++) {
      const x = X[i]!,
        tx = TX[i]!,
        T = TT[i]!;
      const al = bgNbdAlive(r, alpha, a, b, x, tx, T);
      let f: number;
      if (t === 0 && nc === 0) f = 0;
      else {
        const k = table.slotOf(x, T, 0);
        if (k >= 0 && !table.inserted) f = values[k * width]!;
        else {
          f = t === 0 ? 0 : bgNbdFactor(r, a, b, x, t / (alpha + T + t), (alpha + T) / (alpha + T + t));
          if (Number.isNaN(f)) return notConvergedAt(fn, i, 'the expectation series');
          if (k >= 0) {
            values[k * width] = f;
            for (let j = 0; j < nc; j++)
              values[k * width + 1 + j] = t === 0 ? Number.NaN : bgNbdPmf(r + x, alpha + T, a, b + x, counts[j]!, t);
          }
        }
        for (let j = 0; j < nc; j++) {
          const n = counts[j]!;
          const p =
            t === 0
              ? n === 0
                ? 1
                : 0
              : k >= 0
                ? values[k * width + 1 + j]!
                : bgNbdPmf(r + x, alpha + T, a, b + x, n, t);
          const v = conditionalPmf(al, p, n);
          if (!Number.isFinite(v)) return overflowAt(fn, i, 'P(Y(t) = n)');
          probabilities[j]![i] = v;
        }
      }
      const e = f * al;
      if (!Number.isFinite(e) || !Number.isFinite(al)) return overflowAt(fn, i, 'E[Y(t)]');
      expected[i] = e;
      alive[i] = al;
    }
    return ok(
      Object.freeze({
        expectedPurchases: expected,
        probabilityAlive: alive,
        purchaseProbabilities: Object.freeze(probabilities),
      }),
    );
  });
}
