/**
 * Customer retention cost and its cost-to-value warning.
 *
 * @module
 */
import { ok, type Result } from '../core/result.js';
import { Dec } from '../money/decimal.js';
import type { Money } from '../money/money.js';
import { countIssue, invalid, isIssue, issue } from './_checks.js';
import { finiteNumber, moneyIssue, round } from './_money.js';
import { guarded } from './_guard.js';

/**
 * Input of {@link customerRetentionCost}.
 *
 * @example
 * ```ts
 * const i: RetentionCostInput = { retentionSpend: money('3000', 'USD'), retainedCustomers: 100 };
 * ```
 */
export interface RetentionCostInput {
  readonly retentionSpend: Money;
  readonly retainedCustomers: number;
  readonly revenuePerRetainedCustomer?: Money;
}

/**
 * Customer retention cost and the warning sign of retention costing more than customers bring.
 *
 * @example
 * ```ts
 * const r: RetentionCostResult = unwrap(customerRetentionCost({ retentionSpend: money('100', 'USD'), retainedCustomers: 0 }));
 * r.total; //=> 0
 * ```
 */
export interface RetentionCostResult {
  /** retentionSpend / retainedCustomers, rounded half-even; `null` when no customer was retained. */
  readonly costPerRetainedCustomer: Money | null;
  readonly exactAmount: string | null;
  /** cost per retained customer / revenue per retained customer; `null` without revenue or with zero revenue. */
  readonly costToValueRatio: number | null;
  /** True when the cost per retained customer exceeds the revenue per retained customer. */
  readonly warning: boolean;
  readonly total: number;
}

/**
 * Customer retention cost: retention spend (success, support, loyalty programs) per retained
 * customer, and — given the revenue per retained customer — the cost-to-value ratio; `warning` is
 * set when retention costs more than the customer brings (ratio > 1). Money in one currency;
 * negative amounts or counts, or a ratio beyond the range of a number (`too_big`):
 * `validation_failed`; no retained customers: `null`s and `total: 0`. Never throws.
 *
 * @example
 * ```ts
 * const r = customerRetentionCost({ retentionSpend: money('3000', 'USD'), retainedCustomers: 100, revenuePerRetainedCustomer: money('20', 'USD') });
 * unwrap(r); //=> { costPerRetainedCustomer: { amount: '30.00', currency: 'USD' }, exactAmount: '30', costToValueRatio: 1.5, warning: true, total: 100 }
 * ```
 */
export function customerRetentionCost(input: RetentionCostInput): Result<RetentionCostResult> {
  return guarded('customerRetentionCost', () => {
    const i =
      typeof input === 'object' && input !== null
        ? (moneyIssue(input.retentionSpend, ['retentionSpend'], null, true) ??
          countIssue(input.retainedCustomers, ['retainedCustomers']) ??
          (input.revenuePerRetainedCustomer === undefined
            ? null
            : moneyIssue(
                input.revenuePerRetainedCustomer,
                ['revenuePerRetainedCustomer'],
                input.retentionSpend.currency,
                true,
              )))
        : issue([], 'expected { retentionSpend, retainedCustomers, revenuePerRetainedCustomer? }', 'invalid_type');
    if (i !== null) return invalid('customerRetentionCost', [i]);
    if (input.retainedCustomers === 0)
      return ok(
        Object.freeze({
          costPerRetainedCustomer: null,
          exactAmount: null,
          costToValueRatio: null,
          warning: false,
          total: 0,
        }),
      );
    const exact = new Dec(input.retentionSpend.amount).div(input.retainedCustomers);
    const revenue =
      input.revenuePerRetainedCustomer === undefined ? null : new Dec(input.revenuePerRetainedCustomer.amount);
    let ratio: number | null = null;
    if (revenue !== null && !revenue.isZero()) {
      const r = finiteNumber(exact.div(revenue), ['retentionSpend'], 'cost per retained customer / revenue');
      if (isIssue(r)) return invalid('customerRetentionCost', [r]);
      ratio = r;
    }
    const warning = revenue !== null && exact.greaterThan(revenue);
    return ok(
      Object.freeze({
        costPerRetainedCustomer: round(exact, input.retentionSpend.currency),
        exactAmount: exact.toSignificantDigits(30).toFixed(),
        costToValueRatio: ratio,
        warning,
        total: input.retainedCustomers,
      }),
    );
  });
}
