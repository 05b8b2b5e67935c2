/**
 * Batch Pareto/NBD predictions over customer columns.
 *
 * @module
 */
import { IssueList } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { conditionalPmf } from './bgNbdKernels.js';
import { Cache, checkPredictOptions, guarded, notConvergedAt, overflowAt } from './batch.js';
import { readRfmColumns, type RfmColumns } from './columns.js';
import type { ParetoNbdParams } from './paretoNbd.js';
import { newWork, paretoNbdAliveOf, paretoNbdFactor, paretoNbdPmf } from './paretoNbdKernels.js';
import type { TransactionPredictions } from './predictBgNbd.js';
import { paramsIssues } from './rows.js';

/**
 * Options of {@link predictParetoNbd}: the horizon `t` and, on request, the purchase counts whose
 * probabilities to compute (as for `predictBgNbd`).
 *
 * @example
 * ```ts
 * const options: PredictParetoNbdOptions = { t: 39, purchaseCounts: [0] };
 * ```
 */
export interface PredictParetoNbdOptions {
  readonly t: number;
  readonly purchaseCounts?: readonly number[];
}

const NAMES = ['r', 'alpha', 's', 'beta'] as const;

/**
 * Pareto/NBD predictions for many customers at once, over columns `{ frequency, recency, T }`:
 * E[Y(t) | x, tₓ, T] (Fader & Hardie 2005 note, eq. 19), P(alive | x, tₓ, T) (eq. 18) and on request
 * P(Y(t) = n | x, tₓ, T). The same kernels as `paretoNbdConditionalExpectedPurchases`,
 * `paretoNbdProbabilityAlive` and `paretoNbdConditionalPurchaseProbability`, so every value equals
 * theirs; no object is allocated per customer. P(alive), whose two ₂F₁ series depend on (x, tₓ, T), is
 * computed once per distinct (x, tₓ, T), and the purchase probabilities (a quadrature each) once per
 * distinct (x, T), in bounded caches.
 *
 * Returns `validation_failed` for bad parameters, options or columns and for overflowing values
 * (`too_big`), `not_converged` when a series or a quadrature does not converge. Empty columns give empty
 * arrays. Never throws for its input.
 *
 * @example
 * ```ts
 * const columns = { frequency: [2, 0], recency: [30.43, 0], T: [38.86, 38.86] };
 * const r = predictParetoNbd({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, columns, { t: 39 });
 * if (r.ok) r.value.probabilityAlive; //=> Float64Array [0.8692, 0.2953]
 * ```
 */
export function predictParetoNbd(
  params: ParetoNbdParams,
  columns: RfmColumns,
  options: PredictParetoNbdOptions,
): Result<TransactionPredictions> {
  const fn = 'predictParetoNbd';
  return guarded(() => {
    const issues = new IssueList();
    issues.push(...paramsIssues(params, NAMES));
    const settings = checkPredictOptions(options, issues);
    const cols = readRfmColumns(columns, { monetary: false, rfm: true }, issues, ['columns']);
    if (issues.count > 0 || settings === undefined || cols === undefined) return err(issues.error(fn));
    const p = { r: params.r, alpha: params.alpha, s: params.s, beta: params.beta };
    const { r, alpha, s, beta } = p;
    const { t, counts } = settings;
    const { size, x: X, tx: TX, T: TT } = cols;
    const nc = counts.length;
    const expected = new Float64Array(size);
    const alive = new Float64Array(size);
    const probabilities = counts.map(() => new Float64Array(size));
    const work = newWork();
    const aliveCache = new Cache(size, 1);
    const pmfCache = nc > 0 ? new Cache(size, nc) : undefined;
    for (let i = 0; i < size; i++) {
      const x = X[i]!,
        tx = TX[i]!,
        T = TT[i]!;
      let al: number;
      const k = aliveCache.table.slotOf(x, tx, T);
      if (k >= 0 && !aliveCache.table.inserted) al = aliveCache.values[k]!;
      else {
        al = paretoNbdAliveOf(p, x, tx, T, work);
        if (Number.isNaN(al)) return notConvergedAt(fn, i, 'a hypergeometric series');
        if (k >= 0) aliveCache.values[k] = al;
      }
      const e = paretoNbdFactor(r, alpha, s, beta, x, T, t) * al;
      if (!Number.isFinite(e)) return overflowAt(fn, i, 'E[Y(t)]');
      expected[i] = e;
      alive[i] = al;
      if (pmfCache !== undefined) {
        const j0 = pmfCache.table.slotOf(x, T, 0);
        const cached = j0 >= 0 && !pmfCache.table.inserted;
        for (let j = 0; j < nc; j++) {
          const n = counts[j]!;
          let pn: number;
          if (cached) pn = pmfCache.values[j0 * nc + j]!;
          else {
            pn = paretoNbdPmf(r + x, alpha + T, s, beta + T, n, t);
            if (j0 >= 0) pmfCache.values[j0 * nc + j] = pn;
          }
          const v = conditionalPmf(al, pn, n);
          if (!Number.isFinite(v)) return overflowAt(fn, i, 'P(Y(t) = n)');
          probabilities[j]![i] = v;
        }
      }
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
