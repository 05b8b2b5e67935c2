/**
 * redemptionRate: the share of points earned that were redeemed.
 *
 * @module
 */
import { IssueList } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { Dec } from '../money/decimal.js';
import type { Period } from '../time/period.js';
import { pointsText } from '../entities/points.js';
import { readLedger } from './_ledger.js';
import { unreadable } from './_fail.js';
import { optionalPeriod, readOptions } from './_options.js';
import type { LedgerEntry } from './types.js';

const ZERO = /* @__PURE__ */ new Dec(0);

/**
 * Options of {@link redemptionRate}.
 *
 * @example
 * ```ts
 * const o: RedemptionRateOptions = { period: yearPeriod('2026-01-01') };
 * ```
 */
export interface RedemptionRateOptions {
  /** Only entries whose `at` lies in the half-open period count; default every entry. */
  readonly period?: Period | null;
}

/**
 * The redemption rate and its parts.
 *
 * @example
 * ```ts
 * const r: RedemptionRateResult = { rate: 0.4, earned: '1000', redeemed: '400' };
 * ```
 */
export interface RedemptionRateResult {
  /** `redeemed / earned`, or `null` when nothing was earned. May exceed 1 when older points are redeemed in the period. */
  readonly rate: number | null;
  /** Points of the `earn` entries (canonical decimal text). */
  readonly earned: string;
  /** Points taken by the `redeem` entries, as a positive number (canonical decimal text). */
  readonly redeemed: string;
}

/**
 * The redemption rate of a ledger: points redeemed ÷ points earned (the loyalty industry's "redemption
 * rate", e.g. Bond Brand Loyalty; adjustments and expiries count in neither). The parts are exact; the
 * rate is their quotient as a number. Entries of every customer count. An empty ledger gives `rate: null`.
 *
 * Returns a `Result` and never throws for its input: a bad entry (its path under `ledger`), entries out
 * of order, a bad period (`invalid_period`) or an unknown option — each a `validation_failed` issue.
 *
 * @example
 * ```ts
 * const ledger = [
 *   { customerId: 'c1', kind: 'earn', points: '600', at: '2026-01-10T00:00:00Z' },
 *   { customerId: 'c2', kind: 'earn', points: '400', at: '2026-02-10T00:00:00Z' },
 *   { customerId: 'c1', kind: 'redeem', points: '-400', at: '2026-03-01T00:00:00Z' },
 * ] as const;
 * const r = redemptionRate(ledger);
 * unwrap(r); //=> { rate: 0.4, earned: '1000', redeemed: '400' }
 * ```
 */
export function redemptionRate(
  ledger: readonly LedgerEntry[],
  options?: RedemptionRateOptions | null,
): Result<RedemptionRateResult> {
  try {
    const issues = new IssueList();
    const o = readOptions(options, ['period'], issues);
    const p = optionalPeriod(o, issues);
    if (issues.count > 0) return err(issues.error('redemptionRate'));
    let earned = ZERO;
    let redeemed = ZERO;
    readLedger(
      ledger,
      issues,
      (e) => {
        if (p !== null && (e.at < p.start || e.at >= p.end)) return;
        if (e.kind === 'earn') earned = earned.plus(e.points);
        else if (e.kind === 'redeem') redeemed = redeemed.minus(e.points);
      },
      ['ledger'],
    );
    if (issues.count > 0) return err(issues.error('redemptionRate'));
    const rate = earned.isZero() ? null : redeemed.dividedBy(earned).toNumber();
    return ok(Object.freeze({ rate, earned: pointsText(earned), redeemed: pointsText(redeemed) }));
  } catch (e) {
    return err(unreadable('redemptionRate', e));
  }
}
