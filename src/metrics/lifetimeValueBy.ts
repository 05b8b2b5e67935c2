/**
 * Historical (realized) customer value per group or segment.
 *
 * @module
 */
import type { Result } from '../core/result.js';
import type { CrmIssue } from '../core/errors.js';
import type { CurrencyCode } from '../money/currencies.js';
import { Dec } from '../money/decimal.js';
import { metricBy, type Tally } from './_by.js';
import { transactionIssue } from './_transactionSums.js';
import {
  historicalCustomerValue,
  historicalFrom,
  type HistoricalCustomerValueOptions,
  type HistoricalValueResult,
} from './historicalCustomerValue.js';
import type { ValueTransaction } from './valueTransaction.js';
import type { GroupKey, GroupingOptions } from './groupKey.js';

/**
 * One group of {@link lifetimeValueBy}: its key (`null` for the null group; a segment's id) and the result of
 * {@link historicalCustomerValue} for its records.
 *
 * @example
 * ```ts
 * const g: LifetimeValueGroup = { key: 'eu', lifetimeValue: unwrap(historicalCustomerValue([{ customerId: 'c1', amount: money('10', 'EUR') }])) };
 * ```
 */
export interface LifetimeValueGroup {
  readonly key: string | null;
  readonly lifetimeValue: HistoricalValueResult;
}

/**
 * Options of {@link lifetimeValueBy}: as {@link HistoricalCustomerValueOptions} (`grossMargin`), plus the `context` of
 * segment conditions.
 *
 * @example
 * ```ts
 * const o: LifetimeValueByOptions = { grossMargin: 0.7 };
 * ```
 */
export type LifetimeValueByOptions = HistoricalCustomerValueOptions & GroupingOptions;

interface ValueSums {
  total: Dec;
  currency: CurrencyCode | null;
  readonly ids: Set<string>;
  n: number;
}

/**
 * {@link historicalCustomerValue} as a tally: each transaction checked as `sumTransactions` checks it
 * (`transactionIssue`: its shape, then its currency against the group's first one), summed exactly,
 * and `historicalFrom`.
 */
function valueTally(options: unknown): Tally<{ t: ValueTransaction; i: number }, ValueSums, HistoricalValueResult> {
  const grossMargin = (options as HistoricalCustomerValueOptions | null | undefined)?.grossMargin;
  return {
    read: (t, i) => {
      const p = transactionIssue(t as ValueTransaction, i, null);
      return p === null ? { t: t as ValueTransaction, i } : p;
    },
    empty: () => ({ total: new Dec(0), currency: null, ids: new Set(), n: 0 }),
    add: (sums, { t, i }): CrmIssue | null => {
      if (sums.currency !== null) {
        const p = transactionIssue(t, i, sums.currency);
        if (p !== null) return p;
      }
      sums.currency ??= t.amount.currency;
      sums.total = sums.total.plus(t.amount.amount);
      if (typeof t.customerId === 'string') sums.ids.add(t.customerId);
      sums.n++;
      return null;
    },
    result: (s) => historicalFrom(s.total, s.currency, s.ids.size, s.n, grossMargin),
  };
}

const LIFETIME_VALUE_BY = {
  name: 'lifetimeValueBy',
  field: 'lifetimeValue',
  records: 'transactions',
  optionKeys: ['grossMargin'],
  measure: (records: readonly unknown[], options: unknown) =>
    historicalCustomerValue(records as ValueTransaction[], options as HistoricalCustomerValueOptions),
  tally: valueTally,
};

/**
 * Historical (realized) customer value per group — per region, channel, segment, … — of value
 * transactions: each row is `{ key, lifetimeValue }` with `lifetimeValue` exactly what
 * {@link historicalCustomerValue} returns for the group's transactions and these options: the exact
 * sum (× `grossMargin`), the distinct customers and the value per customer. The row's field is named
 * `lifetimeValue` (not `value`, which would read `g.value.value`). Each group's amounts must share one
 * currency (the base metric's rule); different groups may hold different currencies. Segment
 * conditions test the transactions themselves: to group by the customer's segments, pass a function
 * of the transaction returning the ids of its customer's segments.
 *
 * The key ({@link GroupKey}) is a field name (the record's own property; a missing or `null` value is
 * the null group, an array value puts the record in each of its groups), a function of the record
 * (a group value, `null`/`undefined`, or an array of them; `[]` = no group) or a list of segments
 * `{ id, where }` (a record is in every segment whose condition holds for it, evaluated in
 * `options.context`). Groups come sorted by key (`null` last; with a segment list, by segment id, every segment
 * getting a row — its base result on no records when none is in it); a record in several groups counts in each.
 * Bad input is `validation_failed`: an unknown option key (the allowed ones are the base metric's and
 * `context`), a bad key (neither a field name, a function nor a segment list; a group value that is
 * an object or a Date; a segment id listed twice; a condition needing what `options.context` lacks,
 * at `['options', 'context', …]`), and whatever the base metric refuses, at the record's index in the
 * input; every record is checked so, before its key is read (the first bad one is the error). Empty input gives an empty list (a segment list: a row
 * per segment). Never throws (a key function's own exception propagates). docs/metrics.md, "Per group
 * and per segment".
 *
 * @example
 * ```ts
 * const transactions = [
 *   { customerId: 'c1', amount: money('10.00', 'USD'), region: 'eu' },
 *   { customerId: 'c2', amount: money('5.10', 'USD'), region: 'us' },
 *   { customerId: 'c1', amount: money('2.50', 'USD'), region: 'eu' },
 * ];
 * unwrap(lifetimeValueBy(transactions, 'region')).map((g) => [g.key, g.lifetimeValue.value?.amount]); //=> [['eu', '12.50'], ['us', '5.10']]
 * unwrap(lifetimeValueBy(transactions, (t) => (t.customerId === 'c1' ? ['vip', 'eu'] : []))).map((g) => g.key); //=> ['eu', 'vip']
 * ```
 */
export function lifetimeValueBy<T extends ValueTransaction>(
  transactions: readonly T[],
  key: GroupKey<T>,
  options?: LifetimeValueByOptions | null,
): Result<readonly LifetimeValueGroup[]> {
  return metricBy(LIFETIME_VALUE_BY, transactions, key, options) as Result<readonly LifetimeValueGroup[]>;
}
