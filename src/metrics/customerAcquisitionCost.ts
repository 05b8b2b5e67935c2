/**
 * Customer acquisition cost.
 *
 * @module
 */
import { ok, type Result } from '../core/result.js';
import { Dec } from '../money/decimal.js';
import { fromDecimal, type Money } from '../money/money.js';
import { countIssue, invalid, issue } from './_checks.js';
import { moneyIssue, round } from './_money.js';
import { guarded } from './_guard.js';

/**
 * Customer acquisition cost: sales and marketing spend / new customers acquired.
 *
 * @example
 * ```ts
 * const r: AcquisitionCostResult = unwrap(customerAcquisitionCost({ spend: money('100', 'USD'), newCustomers: 0 }));
 * r.cac; //=> null
 * ```
 */
export interface AcquisitionCostResult {
  /** Rounded half-even to minor units; `null` when no customers were acquired. */
  readonly cac: Money | null;
  readonly exactAmount: string | null;
  readonly spend: Money;
  readonly newCustomers: number;
  readonly total: number;
}

/**
 * Customer acquisition cost (CAC) = spend / new customers (Skok, "SaaS Metrics 2.0"). No new
 * customers: `cac: null`, `total: 0`. Negative spend or count: `validation_failed`. Never throws.
 *
 * @example
 * ```ts
 * unwrap(customerAcquisitionCost({ spend: money('5000', 'USD'), newCustomers: 25 })).cac; //=> { amount: '200.00', currency: 'USD' }
 * ```
 */
export function customerAcquisitionCost(input: {
  readonly spend: Money;
  readonly newCustomers: number;
}): Result<AcquisitionCostResult> {
  return guarded('customerAcquisitionCost', () => {
    const i =
      typeof input === 'object' && input !== null
        ? (moneyIssue(input.spend, ['spend'], null, true) ?? countIssue(input.newCustomers, ['newCustomers']))
        : issue([], 'expected { spend, newCustomers }', 'invalid_type');
    if (i !== null) return invalid('customerAcquisitionCost', [i]);
    const spend = fromDecimal(new Dec(input.spend.amount), input.spend.currency);
    if (input.newCustomers === 0)
      return ok(Object.freeze({ cac: null, exactAmount: null, spend, newCustomers: 0, total: 0 }));
    const exact = new Dec(input.spend.amount).div(input.newCustomers);
    return ok(
      Object.freeze({
        cac: round(exact, input.spend.currency),
        exactAmount: exact.toSignificantDigits(30).toFixed(),
        spend,
        newCustomers: input.newCustomers,
        total: input.newCustomers,
      }),
    );
  });
}
