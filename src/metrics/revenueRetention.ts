/**
 * Revenue retention, gross and net: MRR movements and subscriptions with MRR, the result, and the
 * computation both `grossRevenueRetention` and `netRevenueRetention` share.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { ok, type Result } from '../core/result.js';
import type { CurrencyCode } from '../money/currencies.js';
import { Dec } from '../money/decimal.js';
import { fromDecimal, isMoney, type Money } from '../money/money.js';
import type { Period } from '../time/period.js';
import { quoteValue } from '../_lib/show.js';
import { invalid, isIssue, isValidDate, issue, optionsIssue, periodIssue } from './_checks.js';
import { finiteNumber, moneyIssue } from './_money.js';
import type { PeriodOptions, SubscriptionSpan } from './subscriptionSpan.js';

/**
 * MRR movements of the customers present at a period's start, all in one currency, amounts ≥ 0:
 * their MRR at the start, the increase of those that grew (`expansion`), the decrease of those that
 * shrank but stayed (`contraction`) and the start MRR of those that left (`churned`).
 * New customers' MRR is not part of retention.
 *
 * @example
 * ```ts
 * const m: MrrMovements = { startingMrr: money('10000', 'USD'), expansion: money('1500', 'USD'), contraction: money('300', 'USD'), churned: money('700', 'USD') };
 * ```
 */
export interface MrrMovements {
  readonly startingMrr: Money;
  readonly expansion?: Money;
  readonly contraction: Money;
  readonly churned: Money;
}

/**
 * Gross or net revenue retention. `rate` is a plain number computed from exact decimals; `null`
 * when the starting MRR is zero (no customers at the start). `endingMrr` = start + expansion −
 * contraction − churned (net) or start − contraction − churned (gross).
 *
 * @example
 * ```ts
 * const r: RevenueRetentionResult = unwrap(netRevenueRetention({ startingMrr: money('100', 'USD'), contraction: money('0', 'USD'), churned: money('10', 'USD') }));
 * r.endingMrr; //=> { amount: '90.00', currency: 'USD' }
 * ```
 */
export interface RevenueRetentionResult {
  readonly rate: number | null;
  readonly startingMrr: Money;
  readonly expansion: Money;
  readonly contraction: Money;
  readonly churned: Money;
  readonly endingMrr: Money;
  /** Customers at the start (record level), or `null` when computed from movements. */
  readonly customers: number | null;
}

/**
 * The fields of a subscription revenue retention reads: a {@link SubscriptionSpan} with its MRR.
 *
 * @example
 * ```ts
 * const s: MrrSubscription = { accountId: 'a1', startedAt: new Date('2026-01-01T00:00:00Z'), endedAt: null, mrr: money('99', 'USD') };
 * ```
 */
export interface MrrSubscription extends SubscriptionSpan {
  readonly mrr: Money;
}

/**
 * Options of the revenue retention functions: the `period` of the record form, and the currency of
 * a result without subscriptions.
 *
 * @example
 * ```ts
 * const o: RevenueRetentionOptions = { period: monthPeriod('2026-03-01'), currency: 'USD' };
 * ```
 */
export interface RevenueRetentionOptions extends PeriodOptions {
  /** Currency of the (zero) result when there are no subscriptions; default 'USD'. */
  readonly currency?: CurrencyCode;
}

/** @internal Exact MRR movements in one currency (`customers` −1 when computed from movements). */
export interface DecMovements {
  currency: CurrencyCode | null;
  startingMrr: Dec;
  expansion: Dec;
  contraction: Dec;
  churned: Dec;
  customers: number;
}

/** @internal Checks MRR movements. */
export function checkMovements(m: unknown): DecMovements | CrmIssue {
  if (typeof m !== 'object' || m === null)
    return issue(
      [],
      'expected MRR movements { startingMrr, expansion?, contraction, churned } or an array of subscriptions',
      'invalid_type',
    );
  const x = m as MrrMovements;
  const first = moneyIssue(x.startingMrr, ['startingMrr'], null, true);
  if (first !== null) return first;
  const c = x.startingMrr.currency;
  const i =
    (x.expansion === undefined ? null : moneyIssue(x.expansion, ['expansion'], c, true)) ??
    moneyIssue(x.contraction, ['contraction'], c, true) ??
    moneyIssue(x.churned, ['churned'], c, true);
  if (i !== null) return i;
  const start = new Dec(x.startingMrr.amount);
  const contraction = new Dec(x.contraction.amount);
  const churned = new Dec(x.churned.amount);
  if (contraction.plus(churned).greaterThan(start))
    return issue(
      ['churned'],
      `contraction + churned (${contraction.plus(churned).toString()}) cannot exceed startingMrr (${x.startingMrr.amount}); allowed 0..${x.startingMrr.amount}`,
    );
  return {
    currency: c,
    startingMrr: start,
    expansion: new Dec(x.expansion?.amount ?? 0),
    contraction,
    churned,
    customers: -1,
  };
}

function movementsFromRecords(subs: readonly MrrSubscription[], period: Period): DecMovements | CrmIssue {
  const from = period.start.getTime();
  const to = period.end.getTime();
  const acc = new Map<string, { start: Dec; end: Dec; atStart: boolean }>();
  let currency: CurrencyCode | null = null;
  for (let i = 0; i < subs.length; i++) {
    const s = subs[i]!;
    if (typeof s !== 'object' || s === null)
      return issue([i], 'expected a subscription { accountId, startedAt, endedAt, mrr }', 'invalid_type');
    if (typeof s.accountId !== 'string') return issue([i, 'accountId'], 'must be a string', 'invalid_type');
    if (!isValidDate(s.startedAt)) return issue([i, 'startedAt'], 'must be a valid Date', 'invalid_date');
    if (s.endedAt !== null && !isValidDate(s.endedAt))
      return issue([i, 'endedAt'], 'must be a valid Date or null', 'invalid_date');
    const mi = moneyIssue(s.mrr, [i, 'mrr'], currency, true);
    if (mi !== null) return mi;
    currency ??= s.mrr.currency;
    const a = s.startedAt.getTime();
    const b = s.endedAt === null ? Infinity : s.endedAt.getTime();
    let e = acc.get(s.accountId);
    if (e === undefined) acc.set(s.accountId, (e = { start: new Dec(0), end: new Dec(0), atStart: false }));
    if (a <= from && from < b) {
      e.start = e.start.plus(s.mrr.amount);
      e.atStart = true;
    }
    if (a <= to && to < b) e.end = e.end.plus(s.mrr.amount);
  }
  const out: DecMovements = {
    currency,
    startingMrr: new Dec(0),
    expansion: new Dec(0),
    contraction: new Dec(0),
    churned: new Dec(0),
    customers: 0,
  };
  for (const e of acc.values()) {
    if (!e.atStart) continue;
    out.customers++;
    out.startingMrr = out.startingMrr.plus(e.start);
    if (e.end.isZero()) out.churned = out.churned.plus(e.start);
    else if (e.end.greaterThan(e.start)) out.expansion = out.expansion.plus(e.end.minus(e.start));
    else out.contraction = out.contraction.plus(e.start.minus(e.end));
  }
  return out;
}

/** @internal The result of exact movements, or the `too_big` issue when the net rate overflows a number. */
export function revenueResult(
  m: DecMovements,
  net: boolean,
  fallbackCurrency: CurrencyCode,
): RevenueRetentionResult | CrmIssue {
  const c = m.currency ?? fallbackCurrency;
  const ending = m.startingMrr
    .minus(m.contraction)
    .minus(m.churned)
    .plus(net ? m.expansion : 0);
  let rate: number | null = null;
  if (!m.startingMrr.isZero()) {
    // GRR excludes expansion, so it never exceeds 1; NRR can be as large as the expansion makes it.
    const r = finiteNumber(ending.div(m.startingMrr), net ? ['expansion'] : ['startingMrr'], 'endingMrr / startingMrr');
    if (isIssue(r)) return r;
    rate = net ? r : Math.min(1, r);
  }
  return Object.freeze({
    rate,
    startingMrr: fromDecimal(m.startingMrr, c),
    expansion: fromDecimal(m.expansion, c),
    contraction: fromDecimal(m.contraction, c),
    churned: fromDecimal(m.churned, c),
    endingMrr: fromDecimal(ending, c),
    customers: m.customers < 0 ? null : m.customers,
  });
}

/** @internal Checks a currency option (an ISO 4217 code). */
export function currencyIssue(currency: unknown, path: readonly (string | number)[]): CrmIssue | null {
  return isMoney({ amount: '0', currency })
    ? null
    : issue(path, `must be an ISO 4217 code such as 'USD'; received ${quoteValue(currency)}`, 'invalid_currency');
}

/** @internal Gross or net revenue retention of movements or records. */
export function revenueRetention(
  name: string,
  net: boolean,
  input: MrrMovements | readonly MrrSubscription[],
  options: Partial<RevenueRetentionOptions> | null | undefined,
): Result<RevenueRetentionResult> {
  const keys = optionsIssue(options, ['period', 'currency']);
  if (keys !== null) return invalid(name, [keys]);
  if (options?.currency !== undefined) {
    const ci = currencyIssue(options.currency, ['options', 'currency']);
    if (ci !== null) return invalid(name, [ci]);
  }
  if (Array.isArray(input) || options?.period !== undefined) {
    const p = periodIssue(options?.period);
    if (p !== null) return invalid(name, [p]);
  }
  const m = Array.isArray(input)
    ? movementsFromRecords(input as readonly MrrSubscription[], options!.period!)
    : checkMovements(input);
  if (isIssue(m)) return invalid(name, [m]);
  const r = revenueResult(m, net, options?.currency ?? 'USD');
  return isIssue(r) ? invalid(name, [r]) : ok(r);
}
