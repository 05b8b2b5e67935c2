/**
 * Renewal rate: of the subscriptions up for renewal in a period, the share renewed.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { ok, type Result } from '../core/result.js';
import type { CurrencyCode } from '../money/currencies.js';
import { Dec } from '../money/decimal.js';
import { fromDecimal, type Money } from '../money/money.js';
import { quoteValue } from '../_lib/show.js';
import { countIssue, invalid, isIssue, isValidDate, issue, optionsIssue, periodIssue } from './_checks.js';
import { moneyIssue } from './_money.js';
import type { PeriodOptions } from './subscriptionSpan.js';
import { guarded } from './_guard.js';

/**
 * The fields of a subscription {@link renewalRate} reads. A `Subscription` entity fits.
 *
 * @example
 * ```ts
 * const s: RenewableSubscription = { id: 's1', endsAt: new Date('2026-03-31T00:00:00Z'), renewalOfId: null, mrr: money('99', 'USD') };
 * ```
 */
export interface RenewableSubscription {
  readonly id: string;
  readonly endsAt: Date | null;
  readonly renewalOfId: string | null;
  /** Needed for `basis: 'value'`. */
  readonly mrr?: Money;
}

/**
 * Renewal counts (or values) of one period: how many subscriptions came up for renewal and how many
 * of them were renewed.
 *
 * @example
 * ```ts
 * const c: RenewalCounts = { upForRenewal: 40, renewed: 34 };
 * ```
 */
export interface RenewalCounts {
  readonly upForRenewal: number;
  readonly renewed: number;
}

/**
 * Renewal values of one period, in one currency.
 *
 * @example
 * ```ts
 * const v: RenewalValues = { upForRenewal: money('4000', 'USD'), renewed: money('3400', 'USD') };
 * ```
 */
export interface RenewalValues {
  readonly upForRenewal: Money;
  readonly renewed: Money;
}

/**
 * A renewal rate: renewed / up for renewal (`null` when nothing was up; `total` is the number up).
 * With `basis: 'value'`, `upForRenewalValue`/`renewedValue` carry the exact sums of the expiring
 * subscriptions' MRR and `rate` is their ratio.
 *
 * @example
 * ```ts
 * const r: RenewalResult = unwrap(renewalRate({ upForRenewal: 0, renewed: 0 }));
 * r.rate; //=> null
 * ```
 */
export interface RenewalResult {
  readonly basis: 'count' | 'value';
  readonly rate: number | null;
  readonly upForRenewal: number;
  readonly renewed: number;
  readonly total: number;
  readonly upForRenewalValue: Money | null;
  readonly renewedValue: Money | null;
}

/**
 * Options of {@link renewalRate}: the `period` and `basis` of the record form.
 *
 * @example
 * ```ts
 * const o: RenewalRateOptions = { period: quarterPeriod('2026-01-01'), basis: 'value' };
 * ```
 */
export interface RenewalRateOptions extends PeriodOptions {
  /** `'count'` (default) or `'value'` (weights each expiring subscription by its MRR). */
  readonly basis?: 'count' | 'value';
}

/**
 * Options of the record-level {@link renewalRate}.
 *
 * @deprecated Use {@link RenewalRateOptions}.
 *
 * @example
 * ```ts
 * const o: RenewalOptions = { period: quarterPeriod('2026-01-01') };
 * ```
 */
export type RenewalOptions = RenewalRateOptions;

/**
 * Renewal rate: of the subscriptions up for renewal in the period (their `endsAt`, the end of the
 * term, lies in [start, end)), the share renewed — some subscription in the list has
 * `renewalOfId` equal to its `id`. By count (default) or by value (the expiring subscriptions'
 * MRR, so the rate stays ≤ 1; upsell on renewal shows in net revenue retention instead).
 * Also accepts counts `{ upForRenewal, renewed }` or values `{ upForRenewal: Money, renewed: Money }`.
 * Bad input (renewed > upForRenewal, mixed currencies, missing `mrr` for the value basis):
 * `validation_failed` naming the index; nothing up for renewal: `rate: null`, `total: 0`.
 *
 * @example
 * ```ts
 * unwrap(renewalRate({ upForRenewal: 40, renewed: 34 })).rate; //=> 0.85
 * const subscriptions: RenewableSubscription[] = [
 *   { id: 's1', endsAt: new Date('2026-02-01T00:00:00Z'), renewalOfId: null, mrr: money('100', 'USD') },
 *   { id: 's2', endsAt: new Date('2026-03-01T00:00:00Z'), renewalOfId: null, mrr: money('300', 'USD') },
 *   { id: 's3', endsAt: null, renewalOfId: 's2', mrr: money('350', 'USD') },
 * ];
 * unwrap(renewalRate(subscriptions, { period: quarterPeriod('2026-01-01') })).rate;                   //=> 0.5
 * unwrap(renewalRate(subscriptions, { period: quarterPeriod('2026-01-01'), basis: 'value' })).rate; //=> 0.75
 * ```
 */
export function renewalRate(
  input: RenewalCounts | RenewalValues,
  options?: Partial<RenewalRateOptions> | null,
): Result<RenewalResult>;
export function renewalRate(
  input: readonly RenewableSubscription[],
  options: RenewalRateOptions,
): Result<RenewalResult>;
export function renewalRate(
  input: RenewalCounts | RenewalValues | readonly RenewableSubscription[],
  options?: Partial<RenewalRateOptions> | null,
): Result<RenewalResult> {
  return guarded('renewalRate', () => {
    const keys = optionsIssue(options, ['period', 'basis']);
    if (keys !== null) return invalid('renewalRate', [keys]);
    const basis = options?.basis ?? 'count';
    if (basis !== 'count' && basis !== 'value')
      return invalid('renewalRate', [
        issue(['options', 'basis'], `must be 'count' or 'value'; received ${quoteValue(basis)}`),
      ]);
    if (Array.isArray(input) || options?.period !== undefined) {
      const p = periodIssue(options?.period);
      if (p !== null) return invalid('renewalRate', [p]);
    }
    if (!Array.isArray(input)) {
      const r = checkRenewalCounts(input);
      return isIssue(r) ? invalid('renewalRate', [r]) : ok(r);
    }
    const subs = input as readonly RenewableSubscription[];
    const renewedIds = new Set<string>();
    for (let i = 0; i < subs.length; i++) {
      const s = subs[i];
      if (typeof s !== 'object' || s === null)
        return invalid('renewalRate', [
          issue([i], 'expected a subscription { id, endsAt, renewalOfId }', 'invalid_type'),
        ]);
      if (typeof s.id !== 'string')
        return invalid('renewalRate', [issue([i, 'id'], 'must be a string', 'invalid_type')]);
      if (s.renewalOfId !== null && s.renewalOfId !== undefined) renewedIds.add(s.renewalOfId);
    }
    const from = options!.period!.start.getTime();
    const to = options!.period!.end.getTime();
    let up = 0;
    let renewed = 0;
    let upValue = new Dec(0);
    let renewedValue = new Dec(0);
    let currency: CurrencyCode | null = null;
    for (let i = 0; i < subs.length; i++) {
      const s = subs[i]!;
      if (s.endsAt === null || s.endsAt === undefined) continue;
      if (!isValidDate(s.endsAt))
        return invalid('renewalRate', [issue([i, 'endsAt'], 'must be a valid Date or null', 'invalid_date')]);
      const t = s.endsAt.getTime();
      if (t < from || t >= to) continue;
      up++;
      const isRenewed = renewedIds.has(s.id);
      if (isRenewed) renewed++;
      if (basis === 'value') {
        const mi = moneyIssue(s.mrr, [i, 'mrr'], currency, true);
        if (mi !== null) return invalid('renewalRate', [mi]);
        currency ??= s.mrr!.currency;
        upValue = upValue.plus(s.mrr!.amount);
        if (isRenewed) renewedValue = renewedValue.plus(s.mrr!.amount);
      }
    }
    if (basis === 'count')
      return ok(
        Object.freeze({
          basis,
          rate: up === 0 ? null : renewed / up,
          upForRenewal: up,
          renewed,
          total: up,
          upForRenewalValue: null,
          renewedValue: null,
        }),
      );
    const c = currency ?? 'USD';
    return ok(
      Object.freeze({
        basis,
        rate: upValue.isZero() ? null : renewedValue.div(upValue).toNumber(),
        upForRenewal: up,
        renewed,
        total: up,
        upForRenewalValue: fromDecimal(upValue, c),
        renewedValue: fromDecimal(renewedValue, c),
      }),
    );
  });
}

/** @internal Checks renewal counts or values; returns their result. */
export function checkRenewalCounts(input: unknown): RenewalResult | CrmIssue {
  if (typeof input !== 'object' || input === null)
    return issue(
      [],
      'expected { upForRenewal, renewed } counts or Money values, or an array of subscriptions',
      'invalid_type',
    );
  const x = input as { upForRenewal: unknown; renewed: unknown };
  if (typeof x.upForRenewal === 'object' && x.upForRenewal !== null) {
    const i = moneyIssue(x.upForRenewal, ['upForRenewal'], null, true);
    if (i !== null) return i;
    const up = x.upForRenewal as Money;
    const j = moneyIssue(x.renewed, ['renewed'], up.currency, true);
    if (j !== null) return j;
    const rn = x.renewed as Money;
    const u = new Dec(up.amount);
    const r = new Dec(rn.amount);
    if (r.greaterThan(u)) return issue(['renewed'], `renewed (${rn.amount}) cannot exceed upForRenewal (${up.amount})`);
    return Object.freeze({
      basis: 'value' as const,
      rate: u.isZero() ? null : r.div(u).toNumber(),
      upForRenewal: 0,
      renewed: 0,
      total: 0,
      upForRenewalValue: fromDecimal(u, up.currency),
      renewedValue: fromDecimal(r, up.currency),
    });
  }
  const i = countIssue(x.upForRenewal, ['upForRenewal']) ?? countIssue(x.renewed, ['renewed']);
  if (i !== null) return i;
  const up = x.upForRenewal as number;
  const rn = x.renewed as number;
  if (rn > up) return issue(['renewed'], `renewed (${rn}) cannot exceed upForRenewal (${up}); allowed 0..${up}`);
  return Object.freeze({
    basis: 'count' as const,
    rate: up === 0 ? null : rn / up,
    upForRenewal: up,
    renewed: rn,
    total: up,
    upForRenewalValue: null,
    renewedValue: null,
  });
}
