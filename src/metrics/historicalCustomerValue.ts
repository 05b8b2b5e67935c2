/**
 * Historical (realized) customer value: the exact sum of past transactions.
 *
 * @module
 */
import { ok, type Result } from '../core/result.js';
import type { CurrencyCode } from '../money/currencies.js';
import type { Dec } from '../money/decimal.js';
import { fromDecimal, type Money } from '../money/money.js';
import { invalid, isIssue, issue, optionsIssue } from './_checks.js';
import { decOf, fractionIssue, round } from './_money.js';
import { sumTransactions } from './_transactionSums.js';
import type { ValueTransaction } from './valueTransaction.js';
import { guarded } from './_guard.js';

/**
 * Historical customer value: the exact sum of past transactions (× gross margin when given), and
 * its average over distinct customers. Empty input: `value`, `perCustomer` `null`, `total` 0.
 *
 * @example
 * ```ts
 * const r: HistoricalValueResult = unwrap(historicalCustomerValue([{ customerId: 'a', amount: money('10', 'USD') }]));
 * r.customers; //=> 1
 * ```
 */
export interface HistoricalValueResult {
  readonly value: Money | null;
  /** `value` / distinct customers, rounded half-even to minor units; `null` without customer ids. */
  readonly perCustomer: Money | null;
  readonly customers: number;
  /** Number of transactions. */
  readonly total: number;
}

/**
 * Options of {@link historicalCustomerValue}.
 *
 * @example
 * ```ts
 * const o: HistoricalCustomerValueOptions = { grossMargin: 0.7 };
 * ```
 */
export interface HistoricalCustomerValueOptions {
  /** Gross margin in [0, 1] applied to the sum (a number or decimal string); default 1. */
  readonly grossMargin?: number | string;
}

/** @internal The historical value of an exact sum. */
export function historicalFrom(
  total: Dec,
  currency: CurrencyCode | null,
  customers: number,
  transactions: number,
  grossMargin: number | string | undefined,
): HistoricalValueResult {
  if (currency === null || transactions === 0)
    return Object.freeze({ value: null, perCustomer: null, customers: 0, total: 0 });
  const value = total.times(grossMargin === undefined ? 1 : decOf(grossMargin));
  return Object.freeze({
    value: fromDecimal(value, currency),
    perCustomer: customers === 0 ? null : round(value.div(customers), currency),
    customers,
    total: transactions,
  });
}

/**
 * Historical (realized) customer value: Σ amounts × grossMargin over the transactions, exact.
 * All amounts must share one currency (else `validation_failed` naming the index); refunds may be
 * negative. A bad or unknown option is `validation_failed`. Never throws.
 *
 * @example
 * ```ts
 * const r = historicalCustomerValue([
 *   { customerId: 'a', amount: money('10.10', 'USD') },
 *   { customerId: 'b', amount: money('5', 'USD') },
 * ]);
 * unwrap(r).value; //=> { amount: '15.10', currency: 'USD' }
 * ```
 */
export function historicalCustomerValue(
  transactions: readonly ValueTransaction[],
  options?: HistoricalCustomerValueOptions | null,
): Result<HistoricalValueResult> {
  return guarded('historicalCustomerValue', () => {
    const keys = optionsIssue(options, ['grossMargin']);
    if (keys !== null) return invalid('historicalCustomerValue', [keys]);
    if (options?.grossMargin !== undefined) {
      const g = fractionIssue(options.grossMargin, ['options', 'grossMargin'], 0, 1);
      if (g !== null) return invalid('historicalCustomerValue', [g]);
    }
    if (!Array.isArray(transactions))
      return invalid('historicalCustomerValue', [
        issue([], 'expected an array of { amount: Money, customerId? }', 'invalid_type'),
      ]);
    const summed = sumTransactions(transactions);
    if (isIssue(summed)) return invalid('historicalCustomerValue', [summed]);
    return ok(
      historicalFrom(summed.total, summed.currency, summed.customers, transactions.length, options?.grossMargin),
    );
  });
}
