/**
 * Average revenue per customer (ARPU / ARPA).
 *
 * @module
 */
import { ok, type Result } from '../core/result.js';
import type { CurrencyCode } from '../money/currencies.js';
import { Dec } from '../money/decimal.js';
import { fromDecimal, type Money } from '../money/money.js';
import { countIssue, invalid, isIssue, issue } from './_checks.js';
import { moneyIssue, round } from './_money.js';
import { sumTransactions } from './_transactionSums.js';
import type { ValueTransaction } from './valueTransaction.js';
import { guarded } from './_guard.js';

/**
 * Average revenue per customer (ARPU/ARPA) over a period.
 *
 * @example
 * ```ts
 * const r: ArpuResult = unwrap(averageRevenuePerCustomer({ revenue: money('1000', 'USD'), customers: 4 }));
 * r.arpu; //=> { amount: '250.00', currency: 'USD' }
 * ```
 */
export interface ArpuResult {
  /** revenue / customers, rounded half-even to minor units; `null` when there are no customers. */
  readonly arpu: Money | null;
  readonly exactAmount: string | null;
  readonly revenue: Money | null;
  readonly customers: number;
  readonly total: number;
}

/** @internal The ARPU of an exact revenue. */
export function arpuFrom(revenue: Dec, currency: CurrencyCode | null, customers: number): ArpuResult {
  if (currency === null || customers === 0) {
    return Object.freeze({
      arpu: null,
      exactAmount: null,
      revenue: currency === null ? null : fromDecimal(revenue, currency),
      customers,
      total: customers,
    });
  }
  const exact = revenue.div(customers);
  return Object.freeze({
    arpu: round(exact, currency),
    exactAmount: exact.toSignificantDigits(30).toFixed(),
    revenue: fromDecimal(revenue, currency),
    customers,
    total: customers,
  });
}

/**
 * Average revenue per customer: revenue / customers, from totals `{ revenue, customers }` or from
 * transactions with `customerId` (distinct customers counted). No customers: `arpu: null`,
 * `total: 0`. A negative customer count or mixed currencies: `validation_failed`. Never throws.
 *
 * @example
 * ```ts
 * unwrap(averageRevenuePerCustomer({ revenue: money('1000', 'USD'), customers: 3 })).arpu; //=> { amount: '333.33', currency: 'USD' }
 * ```
 */
export function averageRevenuePerCustomer(
  input: { readonly revenue: Money; readonly customers: number } | readonly ValueTransaction[],
): Result<ArpuResult> {
  return guarded('averageRevenuePerCustomer', () => {
    let revenue: Dec;
    let currency: CurrencyCode | null;
    let customers: number;
    if (Array.isArray(input)) {
      const s = sumTransactions(input as readonly ValueTransaction[]);
      if (isIssue(s)) return invalid('averageRevenuePerCustomer', [s]);
      ({ total: revenue, currency, customers } = s);
    } else {
      const x = input as { revenue: Money; customers: number };
      const i =
        typeof x === 'object' && x !== null
          ? (moneyIssue(x.revenue, ['revenue'], null, false) ?? countIssue(x.customers, ['customers']))
          : issue([], 'expected { revenue, customers } or transactions', 'invalid_type');
      if (i !== null) return invalid('averageRevenuePerCustomer', [i]);
      revenue = new Dec(x.revenue.amount);
      currency = x.revenue.currency;
      customers = x.customers;
    }
    return ok(arpuFrom(revenue, currency, customers));
  });
}
