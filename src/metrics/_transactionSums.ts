/**
 * Private: sums of value transactions — the one-pass sum and the accumulator behaviour.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { ok } from '../core/result.js';
import type { CurrencyCode } from '../money/currencies.js';
import { Dec } from '../money/decimal.js';
import { quoteValue } from '../_lib/show.js';
import { countIssue, issue } from './_checks.js';
import type { AccumulatorBehaviour } from './_defineAccumulator.js';
import { isDecimalLike, moneyIssue } from './_money.js';
import type { ValueTransaction } from './valueTransaction.js';

/** The running state of the transaction accumulators: exact sum, distinct customer ids, transaction count. */
export interface TransactionSums {
  total: Dec;
  readonly ids: Set<string>;
  n: number;
}

/** Exact sum, currency and distinct customers of transactions, or the first issue. */
export function sumTransactions(
  transactions: readonly ValueTransaction[],
): { total: Dec; currency: CurrencyCode | null; customers: number } | CrmIssue {
  let total = new Dec(0);
  let currency: CurrencyCode | null = null;
  const ids = new Set<string>();
  for (let i = 0; i < transactions.length; i++) {
    const t = transactions[i]!;
    const mi = transactionIssue(t, i, currency);
    if (mi !== null) return mi;
    currency ??= t.amount.currency;
    total = total.plus(t.amount.amount);
    if (typeof t.customerId === 'string') ids.add(t.customerId);
  }
  return { total, currency, customers: ids.size };
}

/**
 * The issue of transaction `t` at index `i` (not an object, an amount that is not Money, or not in
 * `currency` when one is set), or null. The one check of a transaction, for {@link sumTransactions}
 * and `lifetimeValueBy`.
 */
export function transactionIssue(t: ValueTransaction | undefined, i: number, currency: string | null): CrmIssue | null {
  if (typeof t !== 'object' || t === null) return issue([i], 'expected { amount: Money, customerId? }', 'invalid_type');
  return moneyIssue(t.amount, [i, 'amount'], currency, false);
}

/** The behaviour of an accumulator of transactions in one currency. */
export function transactionBehaviour<R>(
  currency: string,
  result: (d: TransactionSums) => R,
): AccumulatorBehaviour<ValueTransaction, R, TransactionSums> {
  return {
    empty: () => ({ total: new Dec(0), ids: new Set(), n: 0 }),
    add(data, t) {
      if (typeof t !== 'object' || t === null)
        return issue([], 'expected { amount: Money, customerId? }', 'invalid_type');
      const mi = moneyIssue(t.amount, ['amount'], currency, false);
      if (mi !== null) return mi;
      data.total = data.total.plus(t.amount.amount);
      if (typeof t.customerId === 'string') data.ids.add(t.customerId);
      data.n++;
      return null;
    },
    mergeInto(target, source) {
      target.total = target.total.plus(source.total);
      for (const id of source.ids) target.ids.add(id);
      target.n += source.n;
    },
    result: (d) => ok(result(d)),
    toJSON: (d) => ({ total: d.total.toString(), customers: [...d.ids].sort(), transactions: d.n }),
    fromJSON(j) {
      if (typeof j !== 'object' || j === null)
        return [issue([], 'expected { total, customers, transactions }', 'invalid_type')];
      const { total, customers, transactions } = j as { total?: unknown; customers?: unknown; transactions?: unknown };
      if (typeof total !== 'string' || !isDecimalLike(total))
        return [issue(['total'], 'must be a decimal string', 'invalid_amount')];
      if (!Array.isArray(customers)) return [issue(['customers'], 'must be an array of customer ids', 'invalid_type')];
      // An index loop, not every(): every() skips the holes of a sparse array.
      for (let i = 0; i < customers.length; i++)
        if (typeof customers[i] !== 'string') return [issue(['customers', i], 'must be a customer id', 'invalid_type')];
      const c = countIssue(transactions, ['transactions']);
      if (c !== null) return [c];
      return { total: new Dec(total), ids: new Set(customers as string[]), n: transactions as number };
    },
  };
}

/** The currency option of a value accumulator, or the issue. */
export function currencyOptionIssue(currency: unknown): CrmIssue | null {
  return moneyIssue({ amount: '0', currency }, [], null, false) === null
    ? null
    : issue(
        ['options', 'currency'],
        `must be an ISO 4217 code such as 'USD'; received ${quoteValue(currency)}`,
        'invalid_currency',
      );
}
