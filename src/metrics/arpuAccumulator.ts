/**
 * The mergeable ARPU accumulator.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import type { Result } from '../core/result.js';
import type { CurrencyCode } from '../money/currencies.js';
import { defineAccumulator } from './_defineAccumulator.js';
import { currencyOptionIssue, transactionBehaviour, type TransactionSums } from './_transactionSums.js';
import type { Accumulator } from './accumulator.js';
import { arpuFrom, type ArpuResult } from './averageRevenuePerCustomer.js';
import type { ValueAccumulatorState, ValueTransaction } from './valueTransaction.js';

/**
 * A mergeable ARPU accumulator of {@link ValueTransaction}s in one currency.
 *
 * @example
 * ```ts
 * const acc: ArpuAccumulator = createArpuAccumulator({ currency: 'EUR' });
 * ```
 */
export type ArpuAccumulator = Accumulator<ValueTransaction, ArpuResult, ValueAccumulatorState>;

/**
 * Options of {@link createArpuAccumulator}.
 *
 * @example
 * ```ts
 * const o: ArpuAccumulatorOptions = { currency: 'EUR' };
 * ```
 */
export interface ArpuAccumulatorOptions {
  /** The one currency of every transaction (ISO 4217). */
  readonly currency: string;
}

const arpuKit = /* @__PURE__ */ defineAccumulator<
  ValueAccumulatorState,
  ValueTransaction,
  ArpuResult,
  TransactionSums,
  CurrencyCode
>({
  kind: 'arpu',
  label: 'ARPU accumulator',
  optionKeys: ['currency'],
  resolve: (options): CurrencyCode | CrmIssue =>
    currencyOptionIssue(options?.['currency']) ?? (options!['currency'] as CurrencyCode),
  stateOptions: (currency) => ({ currency }),
  behaviour: (currency) =>
    transactionBehaviour(currency, (d) => arpuFrom(d.total, d.n === 0 ? null : currency, d.ids.size)),
});

/**
 * Creates a mergeable ARPU accumulator: `add` transactions with `customerId` in `options.currency`,
 * merge shards; `result()` equals {@link averageRevenuePerCustomer} over every transaction (distinct
 * customers across all shards). Memory O(distinct customers).
 *
 * @throws {CrmError} `validation_failed` for a bad currency or an unknown option.
 *
 * @example
 * ```ts
 * const acc = createArpuAccumulator({ currency: 'USD' }).addAll([
 *   { customerId: 'a', amount: money('600', 'USD') },
 *   { customerId: 'b', amount: money('400', 'USD') },
 * ]);
 * unwrap(acc.result()).arpu; //=> { amount: '500.00', currency: 'USD' }
 * ```
 */
export function createArpuAccumulator(options: ArpuAccumulatorOptions): ArpuAccumulator {
  return arpuKit.create(options, undefined);
}

/**
 * Rebuilds an ARPU accumulator from its JSON state (object or text); a malformed state gives
 * `validation_failed`, never a throw.
 *
 * @example
 * ```ts
 * arpuAccumulatorFromJSON(createArpuAccumulator({ currency: 'USD' }).toJSON()).ok; //=> true
 * ```
 */
export function arpuAccumulatorFromJSON(json: unknown): Result<ArpuAccumulator> {
  return arpuKit.fromJSON(json);
}
