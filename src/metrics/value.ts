/**
 * Customer value metrics in exact Money: lifetime value (CLTV), historical value, acquisition cost,
 * LTV:CAC, CAC payback, average revenue per customer and customer retention cost.
 *
 * @module
 */
import { CrmError, type CrmIssue } from '../core/errors.js';
import { err, ok, type Result } from '../core/result.js';
import { currencyMinorUnits, type CurrencyCode } from '../money/currencies.js';
import { Dec, decimalRounding } from '../money/decimal.js';
import { fromDecimal, type Money } from '../money/money.js';
import { decOf, isDecimalLike, moneyIssue } from './_money.js';
import {
  accumulatorFromJSON,
  countIssue,
  invalid,
  isIssue,
  issue,
  makeAccumulator,
  type Accumulator,
  type AccumulatorSpec,
  type AccumulatorStateBase,
} from './_shared.js';
import { safeJson } from './survey.js';
import { quoteValue } from '../_lib/show.js';

function round(d: Dec, currency: CurrencyCode): Money {
  return fromDecimal(d.toDecimalPlaces(currencyMinorUnits(currency), decimalRounding('halfEven')), currency);
}

function fractionIssue(x: unknown, path: string, min: number, max: number, exclusiveMin = false): CrmIssue | null {
  if (!isDecimalLike(x))
    return issue(
      [path],
      `must be a finite number or decimal string in ${exclusiveMin ? '(' : '['}${min}, ${max}]; received ${quoteValue(x)}`,
      'invalid_number',
    );
  const d = decOf(x);
  if ((exclusiveMin ? d.lessThanOrEqualTo(min) : d.lessThan(min)) || d.greaterThan(max))
    return issue([path], `must be in ${exclusiveMin ? '(' : '['}${min}, ${max}]; received ${quoteValue(x)}`);
  return null;
}

/**
 * Inputs of {@link customerLifetimeValue}. Rates are per period (month, year — whatever `arpu` is
 * per), as numbers (read by their shortest decimal form: 0.05 means 0.05) or decimal strings.
 *
 * @example
 * ```ts
 * const i: LifetimeValueInput = { arpu: money('100', 'USD'), grossMargin: 0.8, churnRate: 0.05 };
 * ```
 */
export interface LifetimeValueInput {
  /** Average revenue per customer per period, ≥ 0. */
  readonly arpu: Money;
  /** Gross margin in [0, 1]. */
  readonly grossMargin: number | string;
  /** Churn per period in [0, 1] (the retention rate is 1 − churn). */
  readonly churnRate: number | string;
  /** Discount rate per period, ≥ 0; default 0 (no discounting). */
  readonly discountRate?: number | string;
  /** Finite horizon in periods (a positive integer); default: unbounded. */
  readonly horizonPeriods?: number;
  /**
   * When margin arrives within a period: `'start'` (default — the customer pays at the start of each
   * period they are a customer, so the undiscounted value is margin / churn), or `'end'` (margin
   * only if retained through the period; Gupta & Lehmann 2003).
   */
  readonly timing?: 'start' | 'end';
}

/**
 * Customer lifetime value. `value` is rounded half-even to the currency's minor units;
 * `exactAmount` keeps 30 significant digits. `expectedLifetimePeriods` is the expected number of
 * (undiscounted) paying periods.
 */
export interface LifetimeValueResult {
  readonly value: Money;
  readonly exactAmount: string;
  readonly marginPerPeriod: Money;
  readonly expectedLifetimePeriods: number;
  readonly formula: string;
}

/**
 * Customer lifetime value with a geometric (constant-churn) lifetime, exact in decimal arithmetic.
 * With margin per period m = arpu × grossMargin, retention r = 1 − churn, discount d and
 * q = r / (1 + d):
 *
 * - timing `'start'` (default): CLV = m · Σₜ₌₀^{T−1} qᵗ = m (1 − q^T) / (1 − q); unbounded:
 *   m (1 + d) / (churn + d), which without discounting is the textbook m / churn
 *   (e.g. Skok, "SaaS Metrics 2.0"; Kumar & Reinartz, Customer Relationship Management).
 * - timing `'end'`: CLV = m · Σₜ₌₁^{T} qᵗ; unbounded m · r / (churn + d) — Gupta & Lehmann (2003),
 *   "Customers as assets", Journal of Interactive Marketing 17(1).
 *
 * `validation_failed` for a negative or non-Money `arpu`, rates out of range, a non-positive or
 * fractional horizon, or an unbounded horizon with churn + discount = 0 (infinite value).
 *
 * @example
 * ```ts
 * customerLifetimeValue({ arpu: money('100', 'USD'), grossMargin: 0.8, churnRate: 0.05 }).value.value;
 * //=> { amount: '1600.00', currency: 'USD' }
 * customerLifetimeValue({ arpu: money('100', 'USD'), grossMargin: 1, churnRate: 0.1, discountRate: 0.1, timing: 'end' }).value.value;
 * //=> { amount: '450.00', currency: 'USD' }
 * ```
 */
export function customerLifetimeValue(input: LifetimeValueInput): Result<LifetimeValueResult> {
  if (typeof input !== 'object' || input === null)
    return invalid('customerLifetimeValue', [
      issue([], 'expected { arpu, grossMargin, churnRate, discountRate?, horizonPeriods? }', 'invalid_type'),
    ]);
  const timing = input.timing ?? 'start';
  const i =
    moneyIssue(input.arpu, ['arpu'], null, true) ??
    fractionIssue(input.grossMargin, 'grossMargin', 0, 1) ??
    fractionIssue(input.churnRate, 'churnRate', 0, 1) ??
    (input.discountRate === undefined ? null : fractionIssue(input.discountRate, 'discountRate', 0, 1e6)) ??
    (input.horizonPeriods === undefined || (Number.isSafeInteger(input.horizonPeriods) && input.horizonPeriods > 0)
      ? null
      : issue(['horizonPeriods'], `must be a positive integer; received ${quoteValue(input.horizonPeriods)}`)) ??
    (timing === 'start' || timing === 'end'
      ? null
      : issue(['timing'], `must be 'start' or 'end'; received ${quoteValue(timing)}`));
  if (i !== null) return invalid('customerLifetimeValue', [i]);
  const currency = input.arpu.currency;
  const m = new Dec(input.arpu.amount).times(decOf(input.grossMargin));
  const c = decOf(input.churnRate);
  const d = input.discountRate === undefined ? new Dec(0) : decOf(input.discountRate);
  const r = new Dec(1).minus(c);
  const q = r.div(new Dec(1).plus(d));
  const T = input.horizonPeriods;
  let factor: Dec;
  let formula: string;
  if (T === undefined) {
    if (c.plus(d).isZero())
      return invalid('customerLifetimeValue', [
        issue(
          ['churnRate'],
          'churnRate + discountRate must be > 0 without horizonPeriods (the value would be infinite); allowed churnRate in (0, 1] or a finite horizon',
        ),
      ]);
    factor = timing === 'start' ? new Dec(1).plus(d).div(c.plus(d)) : r.div(c.plus(d));
    formula = timing === 'start' ? 'm(1 + d) / (c + d)' : 'm(1 − c) / (c + d)';
  } else {
    // Σₜ₌₀^{T−1} qᵗ (start) or Σₜ₌₁^{T} qᵗ (end); q = 1 sums to T.
    const geometric = q.equals(1) ? new Dec(T) : new Dec(1).minus(q.pow(T)).div(new Dec(1).minus(q));
    factor = timing === 'start' ? geometric : geometric.times(q);
    formula = timing === 'start' ? 'm Σ_{t=0}^{T−1} ((1 − c)/(1 + d))^t' : 'm Σ_{t=1}^{T} ((1 − c)/(1 + d))^t';
  }
  const exact = m.times(factor);
  let lifetime: Dec;
  if (T === undefined) lifetime = timing === 'start' ? new Dec(1).div(c) : r.div(c);
  else {
    const g = r.equals(1) ? new Dec(T) : new Dec(1).minus(r.pow(T)).div(c);
    lifetime = timing === 'start' ? g : g.times(r);
  }
  return ok(
    Object.freeze({
      value: round(exact, currency),
      exactAmount: exact.toSignificantDigits(30).toFixed(),
      marginPerPeriod: fromDecimal(m, currency),
      expectedLifetimePeriods: lifetime.toNumber(),
      formula,
    }),
  );
}

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
 * Historical customer value: the exact sum of past transactions (× gross margin when given), and
 * its average over distinct customers. Empty input: `value`, `perCustomer` `null`, `total` 0.
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
 * Historical (realized) customer value: Σ amounts × grossMargin over the transactions, exact.
 * All amounts must share one currency (else `validation_failed` naming the index); refunds may be
 * negative.
 *
 * @example
 * ```ts
 * historicalCustomerValue([{ customerId: 'a', amount: money('10.10', 'USD') }, { customerId: 'b', amount: money('5', 'USD') }]).value.value;
 * //=> { amount: '15.10', currency: 'USD' }
 * ```
 */
export function historicalCustomerValue(
  transactions: readonly ValueTransaction[],
  options?: { readonly grossMargin?: number | string },
): Result<HistoricalValueResult> {
  if (!Array.isArray(transactions))
    return invalid('historicalCustomerValue', [
      issue([], 'expected an array of { amount: Money, customerId? }', 'invalid_type'),
    ]);
  if (options?.grossMargin !== undefined) {
    const g = fractionIssue(options.grossMargin, 'grossMargin', 0, 1);
    if (g !== null) return invalid('historicalCustomerValue', [{ ...g, path: ['options', ...g.path] }]);
  }
  const summed = sumTransactions(transactions);
  if (isIssue(summed)) return invalid('historicalCustomerValue', [summed]);
  return ok(historicalFrom(summed.total, summed.currency, summed.customers, transactions.length, options?.grossMargin));
}

function historicalFrom(
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

function sumTransactions(
  transactions: readonly ValueTransaction[],
): { total: Dec; currency: CurrencyCode | null; customers: number } | CrmIssue {
  let total = new Dec(0);
  let currency: CurrencyCode | null = null;
  const ids = new Set<string>();
  for (let i = 0; i < transactions.length; i++) {
    const t = transactions[i];
    if (typeof t !== 'object' || t === null)
      return issue([i], 'expected { amount: Money, customerId? }', 'invalid_type');
    const mi = moneyIssue(t.amount, [i, 'amount'], currency, false);
    if (mi !== null) return mi;
    currency ??= t.amount.currency;
    total = total.plus(t.amount.amount);
    if (typeof t.customerId === 'string') ids.add(t.customerId);
  }
  return { total, currency, customers: ids.size };
}

/**
 * Average revenue per customer (ARPU/ARPA) over a period.
 */
export interface ArpuResult {
  /** revenue / customers, rounded half-even to minor units; `null` when there are no customers. */
  readonly arpu: Money | null;
  readonly exactAmount: string | null;
  readonly revenue: Money | null;
  readonly customers: number;
  readonly total: number;
}

/**
 * Average revenue per customer: revenue / customers, from totals `{ revenue, customers }` or from
 * transactions with `customerId` (distinct customers counted). No customers: `arpu: null`,
 * `total: 0`. A negative customer count or mixed currencies: `validation_failed`.
 *
 * @example
 * ```ts
 * averageRevenuePerCustomer({ revenue: money('1000', 'USD'), customers: 3 }).value.arpu; //=> { amount: '333.33', currency: 'USD' }
 * ```
 */
export function averageRevenuePerCustomer(
  input: { readonly revenue: Money; readonly customers: number } | readonly ValueTransaction[],
): Result<ArpuResult> {
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
}

function arpuFrom(revenue: Dec, currency: CurrencyCode | null, customers: number): ArpuResult {
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

/** The running state of the transaction accumulators: exact sum, distinct customer ids, transaction count. */
interface TransactionSums {
  total: Dec;
  readonly ids: Set<string>;
  n: number;
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
 * A mergeable ARPU accumulator of {@link ValueTransaction}s in one currency.
 *
 * @example
 * ```ts
 * const acc: ArpuAccumulator = createArpuAccumulator({ currency: 'EUR' });
 * ```
 */
export type ArpuAccumulator = Accumulator<ValueTransaction, ArpuResult, ValueAccumulatorState>;

function transactionSpec<R>(
  kind: string,
  label: string,
  options: ValueAccumulatorState['options'],
  result: (d: TransactionSums) => R,
): AccumulatorSpec<ValueTransaction, R, TransactionSums> {
  const currency = options.currency;
  return {
    kind,
    label,
    options,
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
      if (!Array.isArray(customers) || !customers.every((c) => typeof c === 'string'))
        return [issue(['customers'], 'must be an array of customer ids', 'invalid_type')];
      const c = countIssue(transactions, ['transactions']);
      if (c !== null) return [c];
      return { total: new Dec(total), ids: new Set(customers as string[]), n: transactions as number };
    },
  };
}

function currencyOption(options: { readonly currency: string } | undefined, label: string): string {
  const currency = options?.currency;
  if (moneyIssue({ amount: '0', currency }, [], null, false) !== null) {
    throw invalid(label, [
      issue(
        ['options', 'currency'],
        `must be an ISO 4217 code such as 'USD'; received ${quoteValue(currency)}`,
        'invalid_currency',
      ),
    ]).error;
  }
  return currency as string;
}

/**
 * Creates a mergeable historical-value accumulator: `add` transactions in `options.currency`, merge
 * shards; `result()` equals {@link historicalCustomerValue} over every transaction. The state keeps
 * the exact sum and the distinct customer ids (memory O(distinct customers): a customer seen by two
 * shards counts once). A transaction in another currency is an invalid item. Throws
 * `validation_failed` for a bad currency or gross margin.
 *
 * @example
 * ```ts
 * const acc = createHistoricalValueAccumulator({ currency: 'USD' }).add({ customerId: 'a', amount: money('10.10', 'USD') });
 * acc.merge(createHistoricalValueAccumulator({ currency: 'USD' }).add({ customerId: 'a', amount: money('5', 'USD') }));
 * acc.result().value; //=> { value: { amount: '15.10', currency: 'USD' }, perCustomer: { amount: '15.10', … }, customers: 1, total: 2 }
 * ```
 */
export function createHistoricalValueAccumulator(options: {
  readonly currency: string;
  readonly grossMargin?: number | string;
}): HistoricalValueAccumulator {
  return makeAccumulator(historicalSpec(options));
}

function historicalSpec(
  options: { readonly currency: string; readonly grossMargin?: number | string } | undefined,
): AccumulatorSpec<ValueTransaction, HistoricalValueResult, TransactionSums> {
  const label = 'historical value accumulator';
  const currency = currencyOption(options, label);
  const g = options?.grossMargin;
  if (g !== undefined) {
    const gi = fractionIssue(g, 'grossMargin', 0, 1);
    if (gi !== null) throw invalid(label, [{ ...gi, path: ['options', ...gi.path] }]).error;
  }
  const state = g === undefined ? { currency } : { currency, grossMargin: decOf(g).toString() };
  return transactionSpec('historical_value', label, state, (d) =>
    historicalFrom(d.total, currency as CurrencyCode, d.ids.size, d.n, g),
  );
}

/** Rebuilds an accumulator whose spec reads its options from the state (a bad option there is an error Result). */
function fromStateWith<R>(
  spec: () => AccumulatorSpec<ValueTransaction, R, TransactionSums>,
  state: unknown,
): Result<Accumulator<ValueTransaction, R, ValueAccumulatorState>> {
  try {
    return accumulatorFromJSON(spec(), state);
  } catch (e) {
    if (e instanceof CrmError) return err(e);
    throw e;
  }
}

/**
 * Rebuilds a historical-value accumulator from its JSON state.
 *
 * @example
 * ```ts
 * historicalValueAccumulatorFromJSON(createHistoricalValueAccumulator({ currency: 'USD' }).toJSON()).ok; //=> true
 * ```
 */
export function historicalValueAccumulatorFromJSON(json: unknown): Result<HistoricalValueAccumulator> {
  const parsed = typeof json === 'string' ? safeJson(json) : json;
  const o = (parsed as { options?: { currency?: string; grossMargin?: string } } | null)?.options;
  return fromStateWith(() => historicalSpec(o as { currency: string; grossMargin?: string }), parsed);
}

/**
 * Creates a mergeable ARPU accumulator: `add` transactions with `customerId` in `options.currency`,
 * merge shards; `result()` equals {@link averageRevenuePerCustomer} over every transaction (distinct
 * customers across all shards). Memory O(distinct customers). Throws `validation_failed` for a bad
 * currency.
 *
 * @example
 * ```ts
 * const acc = createArpuAccumulator({ currency: 'USD' }).addAll([
 *   { customerId: 'a', amount: money('600', 'USD') },
 *   { customerId: 'b', amount: money('400', 'USD') },
 * ]);
 * acc.result().value.arpu; //=> { amount: '500.00', currency: 'USD' }
 * ```
 */
export function createArpuAccumulator(options: { readonly currency: string }): ArpuAccumulator {
  return makeAccumulator(arpuSpec(options));
}

function arpuSpec(
  options: { readonly currency: string } | undefined,
): AccumulatorSpec<ValueTransaction, ArpuResult, TransactionSums> {
  const currency = currencyOption(options, 'ARPU accumulator');
  return transactionSpec('arpu', 'ARPU accumulator', { currency }, (d) =>
    arpuFrom(d.total, d.n === 0 ? null : (currency as CurrencyCode), d.ids.size),
  );
}

/**
 * Rebuilds an ARPU accumulator from its JSON state.
 *
 * @example
 * ```ts
 * arpuAccumulatorFromJSON(createArpuAccumulator({ currency: 'USD' }).toJSON()).ok; //=> true
 * ```
 */
export function arpuAccumulatorFromJSON(json: unknown): Result<ArpuAccumulator> {
  const parsed = typeof json === 'string' ? safeJson(json) : json;
  const o = (parsed as { options?: { currency?: string } } | null)?.options;
  return fromStateWith(() => arpuSpec(o as { currency: string }), parsed);
}

/**
 * Customer acquisition cost: sales and marketing spend / new customers acquired.
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
 * customers: `cac: null`, `total: 0`. Negative spend or count: `validation_failed`.
 *
 * @example
 * ```ts
 * customerAcquisitionCost({ spend: money('5000', 'USD'), newCustomers: 25 }).value.cac; //=> { amount: '200.00', currency: 'USD' }
 * ```
 */
export function customerAcquisitionCost(input: {
  readonly spend: Money;
  readonly newCustomers: number;
}): Result<AcquisitionCostResult> {
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
}

/**
 * LTV:CAC ratio. `healthy` follows the 3:1 rule of thumb (Skok, "SaaS Metrics 2.0").
 */
export interface LtvToCacResult {
  /** ltv / cac, `null` when cac is zero. */
  readonly ratio: number | null;
  readonly healthy: boolean;
}

/**
 * The ratio of lifetime value to acquisition cost, from exact decimals. Both must be non-negative
 * Money in one currency (else `validation_failed`); a zero CAC gives `ratio: null`.
 *
 * @example
 * ```ts
 * ltvToCac(money('1600', 'USD'), money('400', 'USD')).value; //=> { ratio: 4, healthy: true }
 * ```
 */
export function ltvToCac(ltv: Money, cac: Money): Result<LtvToCacResult> {
  const i = moneyIssue(ltv, ['ltv'], null, true) ?? moneyIssue(cac, ['cac'], ltv.currency, true);
  if (i !== null) return invalid('ltvToCac', [i]);
  const c = new Dec(cac.amount);
  if (c.isZero()) return ok(Object.freeze({ ratio: null, healthy: false }));
  const ratio = new Dec(ltv.amount).div(c).toNumber();
  return ok(Object.freeze({ ratio, healthy: ratio >= 3 }));
}

/**
 * Periods to recover CAC from margin: cac / (arpu × grossMargin) (Skok, "SaaS Metrics 2.0": months
 * to recover CAC). `periods` is `null` when the margin per period is zero. Bad input:
 * `validation_failed`.
 *
 * @example
 * ```ts
 * cacPaybackPeriods({ cac: money('1200', 'USD'), arpu: money('100', 'USD'), grossMargin: 0.8 }).value.periods; //=> 15
 * ```
 */
export function cacPaybackPeriods(input: {
  readonly cac: Money;
  readonly arpu: Money;
  readonly grossMargin: number | string;
}): Result<{ readonly periods: number | null }> {
  const i =
    typeof input === 'object' && input !== null
      ? (moneyIssue(input.cac, ['cac'], null, true) ??
        moneyIssue(input.arpu, ['arpu'], input.cac.currency, true) ??
        fractionIssue(input.grossMargin, 'grossMargin', 0, 1))
      : issue([], 'expected { cac, arpu, grossMargin }', 'invalid_type');
  if (i !== null) return invalid('cacPaybackPeriods', [i]);
  const margin = new Dec(input.arpu.amount).times(decOf(input.grossMargin));
  return ok(Object.freeze({ periods: margin.isZero() ? null : new Dec(input.cac.amount).div(margin).toNumber() }));
}

/**
 * Customer retention cost and the warning sign of retention costing more than customers bring.
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
 * negative amounts or counts: `validation_failed`; no retained customers: `null`s and `total: 0`.
 *
 * @example
 * ```ts
 * customerRetentionCost({ retentionSpend: money('3000', 'USD'), retainedCustomers: 100, revenuePerRetainedCustomer: money('20', 'USD') }).value;
 * //=> { costPerRetainedCustomer: { amount: '30.00', currency: 'USD' }, costToValueRatio: 1.5, warning: true, ... }
 * ```
 */
export function customerRetentionCost(input: {
  readonly retentionSpend: Money;
  readonly retainedCustomers: number;
  readonly revenuePerRetainedCustomer?: Money;
}): Result<RetentionCostResult> {
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
  const ratio = revenue === null || revenue.isZero() ? null : exact.div(revenue).toNumber();
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
}
