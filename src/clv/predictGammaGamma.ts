/**
 * Batch Gamma-Gamma expected spend over customer columns.
 *
 * @module
 */
import { IssueList } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { guarded, overflowAt } from './batch.js';
import { readRfmColumns, type MonetaryColumns } from './columns.js';
import { gammaGammaSpend, type GammaGammaParams } from './gammaGamma.js';
import { spendModelIssues } from './models.js';

/**
 * E[M | x, m̄ₓ] = (γ + m̄ₓ·x)·p/(px + q − 1) (Fader & Hardie 2013 eq. 5) for many customers at once, over
 * columns `{ frequency, monetaryValue }`, as a new `Float64Array` in input order; the same kernel as
 * `gammaGammaExpectedSpend`, with the same documented values for customers without repeat purchases
 * (the population mean) and for repeat buyers with a mean spend of 0.
 *
 * Returns `validation_failed` for bad parameters (including q ≤ 1) or columns, and for overflowing values
 * (`too_big`). Never throws for its input.
 *
 * @example
 * ```ts
 * const r = predictGammaGamma({ p: 6.25, q: 3.74, v: 15.44 }, { frequency: [2, 0], monetaryValue: [22.35, 0] });
 * if (r.ok) r.value; //=> Float64Array [24.7, 35.22]
 * ```
 */
export function predictGammaGamma(params: GammaGammaParams, columns: MonetaryColumns): Result<Float64Array> {
  const fn = 'predictGammaGamma';
  return guarded(() => {
    const issues = new IssueList();
    issues.push(...spendModelIssues({ params }).map((i) => ({ ...i, path: i.path.slice(1) })));
    if (issues.count === 0) {
      const fast = onePass(params, columns);
      if (fast !== undefined) return ok(fast);
    }
    const cols = readRfmColumns(columns, { monetary: true, rfm: false }, issues, ['columns']);
    if (issues.count > 0 || cols === undefined) return err(issues.error(fn));
    const { p, q, v } = params;
    const { size, x: X, m: M } = cols;
    const out = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      const e = gammaGammaSpend(p, q, v, X[i]!, M![i]!);
      if (!Number.isFinite(e)) return overflowAt(fn, i, 'the expected spend');
      out[i] = e;
    }
    return ok(out);
  });
}

/**
 * The common case in one pass over memory (a memory-bound kernel reads each column once): `Float64Array`
 * columns of equal length without weights, every value valid. Undefined otherwise, and the full validation
 * then reports the problems.
 */
function onePass(params: GammaGammaParams, columns: MonetaryColumns): Float64Array | undefined {
  if (typeof columns !== 'object' || columns === null) return undefined;
  const X = columns.frequency,
    M = columns.monetaryValue;
  if (!(X instanceof Float64Array) || !(M instanceof Float64Array) || X.length !== M.length) return undefined;
  if (columns.weight !== undefined) return undefined;
  const { p, q, v } = params;
  const size = X.length;
  const out = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const x = X[i]!,
      m = M[i]!;
    const e = gammaGammaSpend(p, q, v, x, m);
    if (!(x >= 0 && Number.isInteger(x) && m >= 0 && e <= Number.MAX_VALUE)) return undefined;
    out[i] = e;
  }
  return out;
}
