/**
 * Transactions as the value metrics (`historicalCustomerValue`, `averageRevenuePerCustomer` and their
 * accumulators) read them, and the JSON state of those accumulators.
 *
 * @module
 */
import type { Money } from '../money/money.js';
import type { AccumulatorStateBase } from './accumulator.js';

/**
 * One transaction for {@link historicalCustomerValue} and {@link averageRevenuePerCustomer}.
 *
 * @example
 * ```ts
 * const t: ValueTransaction = { customerId: 'c1', amount: money('49.90', 'EUR') };
 * ```
 */
export interface ValueTransaction {
  readonly amount: Money;
  readonly customerId?: string;
}

/**
 * JSON state of the historical-value and ARPU accumulators: the exact sum as a decimal string, the
 * distinct customer ids (sorted) and the number of transactions.
 *
 * @example
 * ```ts
 * const s: ValueAccumulatorState = createArpuAccumulator({ currency: 'USD' }).toJSON();
 * ```
 */
export interface ValueAccumulatorState extends AccumulatorStateBase {
  readonly options: { readonly currency: string; readonly grossMargin?: string };
  readonly data: { readonly total: string; readonly customers: readonly string[]; readonly transactions: number };
}
