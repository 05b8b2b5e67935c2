/**
 * The LTV:CAC ratio.
 *
 * @module
 */
import { ok, type Result } from '../core/result.js';
import { Dec } from '../money/decimal.js';
import type { Money } from '../money/money.js';
import { invalid, isIssue } from './_checks.js';
import { finiteNumber, moneyIssue } from './_money.js';
import { guarded } from './_guard.js';

/**
 * LTV:CAC ratio. `healthy` follows the 3:1 rule of thumb (Skok, "SaaS Metrics 2.0").
 *
 * @example
 * ```ts
 * const r: LtvToCacResult = unwrap(ltvToCac(money('900', 'USD'), money('300', 'USD')));
 * r.healthy; //=> true
 * ```
 */
export interface LtvToCacResult {
  /** ltv / cac, `null` when cac is zero. */
  readonly ratio: number | null;
  readonly healthy: boolean;
}

/**
 * The ratio of lifetime value to acquisition cost, from exact decimals. Both must be non-negative
 * Money in one currency (else `validation_failed`); a zero CAC gives `ratio: null`; a ratio beyond
 * the range of a number (LTV more than 1.8e308 times CAC) is `validation_failed` with a `too_big`
 * issue, never `Infinity`. Never throws.
 *
 * @example
 * ```ts
 * unwrap(ltvToCac(money('1600', 'USD'), money('400', 'USD'))); //=> { ratio: 4, healthy: true }
 * ```
 */
export function ltvToCac(ltv: Money, cac: Money): Result<LtvToCacResult> {
  return guarded('ltvToCac', () => {
    const i = moneyIssue(ltv, ['ltv'], null, true) ?? moneyIssue(cac, ['cac'], ltv.currency, true);
    if (i !== null) return invalid('ltvToCac', [i]);
    const c = new Dec(cac.amount);
    if (c.isZero()) return ok(Object.freeze({ ratio: null, healthy: false }));
    const ratio = finiteNumber(new Dec(ltv.amount).div(c), ['ltv'], 'ltv / cac');
    if (isIssue(ratio)) return invalid('ltvToCac', [ratio]);
    return ok(Object.freeze({ ratio, healthy: ratio >= 3 }));
  });
}
