/**
 * The mergeable historical-value accumulator.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import type { Result } from '../core/result.js';
import type { CurrencyCode } from '../money/currencies.js';
import { defineAccumulator } from './_defineAccumulator.js';
import { decOf, fractionIssue } from './_money.js';
import { currencyOptionIssue, transactionBehaviour, type TransactionSums } from './_transactionSums.js';
import type { Accumulator } from './accumulator.js';
import { historicalFrom, type HistoricalValueResult } from './historicalCustomerValue.js';
import type { ValueAccumulatorState, ValueTransaction } from './valueTransaction.js';

/**
 * A mergeable accumulator of {@link ValueTransaction}s in one currency.
 *
 * @example
 * ```ts
 * const acc: HistoricalValueAccumulator = createHistoricalValueAccumulator({ currency: 'EUR' });
 * ```
 */
export type HistoricalValueAccumulator = Accumulator<ValueTransaction, HistoricalValueResult, ValueAccumulatorState>;

/**
 * Options of {@link createHistoricalValueAccumulator}.
 *
 * @example
 * ```ts
 * const o: HistoricalValueAccumulatorOptions = { currency: 'EUR', grossMargin: '0.7' };
 * ```
 */
export interface HistoricalValueAccumulatorOptions {
  /** The one currency of every transaction (ISO 4217). */
  readonly currency: string;
  /** Gross margin in [0, 1] (a number or decimal string); default 1. */
  readonly grossMargin?: number | string;
}

interface HistoricalSettings {
  readonly currency: CurrencyCode;
  /** The margin as its exact decimal text, or undefined. */
  readonly grossMargin: string | undefined;
}

function resolveHistorical(options: Readonly<Record<string, unknown>> | undefined): HistoricalSettings | CrmIssue {
  const currency = options?.['currency'];
  const ci = currencyOptionIssue(currency);
  if (ci !== null) return ci;
  const g = options?.['grossMargin'];
  if (g !== undefined) {
    const gi = fractionIssue(g, ['options', 'grossMargin'], 0, 1);
    if (gi !== null) return gi;
  }
  return {
    currency: currency as CurrencyCode,
    grossMargin: g === undefined ? undefined : decOf(g as number | string).toString(),
  };
}

const historicalKit = /* @__PURE__ */ defineAccumulator<
  ValueAccumulatorState,
  ValueTransaction,
  HistoricalValueResult,
  TransactionSums,
  HistoricalSettings
>({
  kind: 'historical_value',
  label: 'historical value accumulator',
  optionKeys: ['currency', 'grossMargin'],
  resolve: resolveHistorical,
  stateOptions: ({ currency, grossMargin }) => (grossMargin === undefined ? { currency } : { currency, grossMargin }),
  behaviour: ({ currency, grossMargin }) =>
    transactionBehaviour(currency, (d) => historicalFrom(d.total, currency, d.ids.size, d.n, grossMargin)),
});

/**
 * Creates a mergeable historical-value accumulator: `add` transactions in `options.currency`, merge
 * shards; `result()` equals {@link historicalCustomerValue} over every transaction. The state keeps
 * the exact sum and the distinct customer ids (memory O(distinct customers): a customer seen by two
 * shards counts once). A transaction in another currency is an invalid item.
 *
 * @throws {CrmError} `validation_failed` for a bad currency or gross margin, or an unknown option.
 *
 * @example
 * ```ts
 * const acc = createHistoricalValueAccumulator({ currency: 'USD' }).add({ customerId: 'a', amount: money('10.10', 'USD') });
 * acc.merge(createHistoricalValueAccumulator({ currency: 'USD' }).add({ customerId: 'a', amount: money('5', 'USD') }));
 * unwrap(acc.result()); //=> { value: { amount: '15.10', currency: 'USD' }, perCustomer: { amount: '15.10', currency: 'USD' }, customers: 1, total: 2 }
 * ```
 */
export function createHistoricalValueAccumulator(
  options: HistoricalValueAccumulatorOptions,
): HistoricalValueAccumulator {
  return historicalKit.create(options, undefined);
}

/**
 * Rebuilds a historical-value accumulator from its JSON state (object or text); a malformed state
 * gives `validation_failed`, never a throw.
 *
 * @example
 * ```ts
 * historicalValueAccumulatorFromJSON(createHistoricalValueAccumulator({ currency: 'USD' }).toJSON()).ok; //=> true
 * ```
 */
export function historicalValueAccumulatorFromJSON(json: unknown): Result<HistoricalValueAccumulator> {
  return historicalKit.fromJSON(json);
}
