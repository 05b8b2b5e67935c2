/**
 * Revenue retention (gross and net) and renewal rate, with mergeable accumulators.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { ok, type Result } from '../core/result.js';
import type { CurrencyCode } from '../money/currencies.js';
import { Dec } from '../money/decimal.js';
import { fromDecimal, isMoney, type Money } from '../money/money.js';
import type { Period } from '../time/period.js';
import { moneyIssue } from './_money.js';
import {
  accumulatorFromJSON,
  countIssue,
  invalid,
  isIssue,
  isValidDate,
  issue,
  makeAccumulator,
  periodIssue,
  type Accumulator,
  type AccumulatorSpec,
  type AccumulatorStateBase,
} from './_shared.js';
import type { PeriodOptions, SubscriptionSpan } from './retention.js';
import { safeJson } from './survey.js';
import { quoteValue } from '../_lib/show.js';

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

interface DecMovements {
  currency: CurrencyCode | null;
  startingMrr: Dec;
  expansion: Dec;
  contraction: Dec;
  churned: Dec;
  customers: number;
}

function checkMovements(m: unknown): DecMovements | CrmIssue {
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

function revenueResult(m: DecMovements, net: boolean, fallbackCurrency: CurrencyCode): RevenueRetentionResult {
  const c = m.currency ?? fallbackCurrency;
  const ending = m.startingMrr
    .minus(m.contraction)
    .minus(m.churned)
    .plus(net ? m.expansion : 0);
  // GRR excludes expansion, so it never exceeds 1; the min() guards the cap explicitly.
  const rate = m.startingMrr.isZero()
    ? null
    : net
      ? ending.div(m.startingMrr).toNumber()
      : Math.min(1, ending.div(m.startingMrr).toNumber());
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

/**
 * Options of the record-level revenue retention functions.
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

function revenue(
  name: string,
  net: boolean,
  input: MrrMovements | readonly MrrSubscription[],
  options?: Partial<RevenueRetentionOptions>,
): Result<RevenueRetentionResult> {
  let m: DecMovements | CrmIssue;
  if (Array.isArray(input)) {
    const p = periodIssue(options?.period);
    if (p !== null) return invalid(name, [p]);
    m = movementsFromRecords(input as readonly MrrSubscription[], options!.period!);
  } else m = checkMovements(input);
  if (isIssue(m)) return invalid(name, [m]);
  return ok(revenueResult(m, net, options?.currency ?? 'USD'));
}

/**
 * Gross revenue retention: (starting MRR − contraction − churned) / starting MRR, capped at 100%
 * (expansion is left out by definition; KeyBanc/Pacific Crest SaaS survey, Bessemer "State of the
 * Cloud"). From MRR movements or from subscriptions with `mrr` and `{ period }` (per account: MRR of
 * subscriptions active at the start vs. at the end; an account whose end MRR is 0 churned).
 * Mixed currencies, negative amounts or contraction + churned above the start:
 * `validation_failed`; zero starting MRR: `rate: null`.
 *
 * @example
 * ```ts
 * grossRevenueRetention({ startingMrr: money('10000', 'USD'), contraction: money('300', 'USD'), churned: money('700', 'USD') }).value.rate; //=> 0.9
 * ```
 */
export function grossRevenueRetention(input: MrrMovements): Result<RevenueRetentionResult>;
export function grossRevenueRetention(
  input: readonly MrrSubscription[],
  options: RevenueRetentionOptions,
): Result<RevenueRetentionResult>;
export function grossRevenueRetention(
  input: MrrMovements | readonly MrrSubscription[],
  options?: RevenueRetentionOptions,
): Result<RevenueRetentionResult> {
  return revenue('grossRevenueRetention', false, input, options);
}

/**
 * Net revenue retention (net dollar retention): (starting MRR + expansion − contraction −
 * churned) / starting MRR, not capped (above 1 when expansion outweighs losses). Same inputs,
 * record-level rules and errors as {@link grossRevenueRetention}.
 *
 * @example
 * ```ts
 * netRevenueRetention({ startingMrr: money('10000', 'USD'), expansion: money('1500', 'USD'), contraction: money('300', 'USD'), churned: money('700', 'USD') }).value.rate; //=> 1.05
 * ```
 */
export function netRevenueRetention(input: MrrMovements): Result<RevenueRetentionResult>;
export function netRevenueRetention(
  input: readonly MrrSubscription[],
  options: RevenueRetentionOptions,
): Result<RevenueRetentionResult>;
export function netRevenueRetention(
  input: MrrMovements | readonly MrrSubscription[],
  options?: RevenueRetentionOptions,
): Result<RevenueRetentionResult> {
  return revenue('netRevenueRetention', true, input, options);
}

/**
 * JSON state of a revenue retention accumulator (exact decimal strings).
 *
 * @example
 * ```ts
 * const s: RevenueRetentionAccumulatorState = createRevenueRetentionAccumulator({ basis: 'net' }).toJSON();
 * ```
 */
export interface RevenueRetentionAccumulatorState extends AccumulatorStateBase {
  readonly options: { readonly basis: 'gross' | 'net'; readonly currency: string };
  readonly data: {
    readonly startingMrr: string;
    readonly expansion: string;
    readonly contraction: string;
    readonly churned: string;
  };
}

/**
 * A mergeable revenue retention accumulator over MRR-movement partials in one currency.
 *
 * @example
 * ```ts
 * const acc: RevenueRetentionAccumulator = createRevenueRetentionAccumulator({ basis: 'gross', currency: 'EUR' });
 * ```
 */
export type RevenueRetentionAccumulator = Accumulator<
  MrrMovements,
  RevenueRetentionResult,
  RevenueRetentionAccumulatorState
>;

/**
 * Options of {@link createRevenueRetentionAccumulator}.
 *
 * @example
 * ```ts
 * const o: RevenueRetentionAccumulatorOptions = { basis: 'net', currency: 'USD' };
 * ```
 */
export interface RevenueRetentionAccumulatorOptions {
  /** `'net'` (default) or `'gross'`. */
  readonly basis?: 'gross' | 'net';
  /** The one currency of every partial; default 'USD'. */
  readonly currency?: CurrencyCode;
}

function revenueSpec(
  options: RevenueRetentionAccumulatorOptions | undefined,
): AccumulatorSpec<MrrMovements, RevenueRetentionResult, DecMovements> | CrmIssue {
  const basis = options?.basis ?? 'net';
  if (basis !== 'gross' && basis !== 'net')
    return issue(['options', 'basis'], `must be 'gross' or 'net'; received ${quoteValue(basis)}`);
  const currency = options?.currency ?? 'USD';
  if (!isMoney({ amount: '0', currency }))
    return issue(
      ['options', 'currency'],
      `must be an ISO 4217 code; received ${quoteValue(currency)}`,
      'invalid_currency',
    );
  const keys = ['startingMrr', 'expansion', 'contraction', 'churned'] as const;
  return {
    kind: 'revenue_retention',
    label: 'revenue retention accumulator',
    options: { basis, currency },
    empty: () => ({
      currency,
      startingMrr: new Dec(0),
      expansion: new Dec(0),
      contraction: new Dec(0),
      churned: new Dec(0),
      customers: -1,
    }),
    add(data, item) {
      const m = checkMovements(item);
      if (isIssue(m)) return m;
      if (m.currency !== currency)
        return issue(
          ['startingMrr', 'currency'],
          `currency ${quoteValue(m.currency)} does not match the accumulator's ${currency}`,
          'currency_mismatch',
        );
      for (const k of keys) data[k] = data[k].plus(m[k]);
      return null;
    },
    mergeInto(t, s) {
      for (const k of keys) t[k] = t[k].plus(s[k]);
    },
    result: (d) => ok(revenueResult(d, basis === 'net', currency)),
    toJSON: (d) => ({
      startingMrr: d.startingMrr.toString(),
      expansion: d.expansion.toString(),
      contraction: d.contraction.toString(),
      churned: d.churned.toString(),
    }),
    fromJSON(j) {
      if (typeof j !== 'object' || j === null)
        return [issue([], 'expected { startingMrr, expansion, contraction, churned } decimal strings', 'invalid_type')];
      const out: DecMovements = {
        currency,
        startingMrr: new Dec(0),
        expansion: new Dec(0),
        contraction: new Dec(0),
        churned: new Dec(0),
        customers: -1,
      };
      for (const k of keys) {
        const v = (j as Record<string, unknown>)[k];
        if (typeof v !== 'string' || !isMoney({ amount: v, currency }) || new Dec(v).isNegative())
          return [issue([k], 'must be a non-negative decimal string', 'invalid_amount')];
        out[k] = new Dec(v);
      }
      return out;
    },
  };
}

/**
 * Creates a mergeable revenue retention accumulator: `add` MRR-movement partials of disjoint
 * customer groups; `result()` equals {@link netRevenueRetention} (or gross) of their exact sum.
 * O(1) memory. Throws `validation_failed` for bad options.
 *
 * @example
 * ```ts
 * createRevenueRetentionAccumulator()
 *   .add({ startingMrr: money('100', 'USD'), expansion: money('10', 'USD'), contraction: money('0', 'USD'), churned: money('5', 'USD') })
 *   .result().value.rate; //=> 1.05
 * ```
 */
export function createRevenueRetentionAccumulator(
  options?: RevenueRetentionAccumulatorOptions,
): RevenueRetentionAccumulator {
  const spec = revenueSpec(options);
  if (isIssue(spec)) throw invalid('revenue retention accumulator', [spec]).error;
  return makeAccumulator(spec);
}

/**
 * Rebuilds a revenue retention accumulator from its JSON state.
 *
 * @example
 * ```ts
 * revenueRetentionAccumulatorFromJSON(createRevenueRetentionAccumulator().toJSON()).ok; //=> true
 * ```
 */
export function revenueRetentionAccumulatorFromJSON(json: unknown): Result<RevenueRetentionAccumulator> {
  const parsed = typeof json === 'string' ? safeJson(json) : json;
  const spec = revenueSpec((parsed as { options?: RevenueRetentionAccumulatorOptions } | null)?.options);
  if (isIssue(spec)) return invalid('revenue retention accumulator state', [spec]);
  return accumulatorFromJSON(spec, parsed);
}

// ---------------------------------------------------------------------------------------------
// Renewal

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
 * Options of the record-level {@link renewalRate}.
 *
 * @example
 * ```ts
 * const o: RenewalOptions = { period: quarterPeriod('2026-01-01'), basis: 'value' };
 * ```
 */
export interface RenewalOptions extends PeriodOptions {
  /** `'count'` (default) or `'value'` (weights each expiring subscription by its MRR). */
  readonly basis?: 'count' | 'value';
}

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
 * renewalRate({ upForRenewal: 40, renewed: 34 }).value.rate; //=> 0.85
 * renewalRate(subscriptions, { period: quarterPeriod('2026-01-01'), basis: 'value' });
 * ```
 */
export function renewalRate(input: RenewalCounts | RenewalValues): Result<RenewalResult>;
export function renewalRate(input: readonly RenewableSubscription[], options: RenewalOptions): Result<RenewalResult>;
export function renewalRate(
  input: RenewalCounts | RenewalValues | readonly RenewableSubscription[],
  options?: RenewalOptions,
): Result<RenewalResult> {
  if (!Array.isArray(input)) {
    const r = checkRenewalCounts(input);
    return isIssue(r) ? invalid('renewalRate', [r]) : ok(r);
  }
  const p = periodIssue(options?.period);
  if (p !== null) return invalid('renewalRate', [p]);
  const basis = options?.basis ?? 'count';
  if (basis !== 'count' && basis !== 'value')
    return invalid('renewalRate', [
      issue(['options', 'basis'], `must be 'count' or 'value'; received ${quoteValue(basis)}`),
    ]);
  const subs = input as readonly RenewableSubscription[];
  const renewedIds = new Set<string>();
  for (let i = 0; i < subs.length; i++) {
    const s = subs[i];
    if (typeof s !== 'object' || s === null)
      return invalid('renewalRate', [
        issue([i], 'expected a subscription { id, endsAt, renewalOfId }', 'invalid_type'),
      ]);
    if (typeof s.id !== 'string') return invalid('renewalRate', [issue([i, 'id'], 'must be a string', 'invalid_type')]);
    if (s.renewalOfId !== null && s.renewalOfId !== undefined) renewedIds.add(s.renewalOfId);
  }
  const from = options!.period.start.getTime();
  const to = options!.period.end.getTime();
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
}

function checkRenewalCounts(input: unknown): RenewalResult | CrmIssue {
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

/**
 * JSON state of a renewal accumulator.
 *
 * @example
 * ```ts
 * const s: RenewalAccumulatorState = createRenewalAccumulator().add({ upForRenewal: 3, renewed: 2 }).toJSON();
 * ```
 */
export interface RenewalAccumulatorState extends AccumulatorStateBase {
  readonly options: Readonly<Record<string, never>>;
  readonly data: readonly [number, number];
}

/**
 * A mergeable renewal accumulator over count partials.
 *
 * @example
 * ```ts
 * const acc: RenewalAccumulator = createRenewalAccumulator();
 * ```
 */
export type RenewalAccumulator = Accumulator<RenewalCounts, RenewalResult, RenewalAccumulatorState>;

function renewalSpec(): AccumulatorSpec<RenewalCounts, RenewalResult, number[]> {
  return {
    kind: 'renewal',
    label: 'renewal accumulator',
    options: {},
    empty: () => [0, 0],
    add(data, item) {
      const r = checkRenewalCounts(item);
      if (isIssue(r)) return r;
      if (r.basis !== 'count')
        return issue(['upForRenewal'], 'the renewal accumulator sums counts; pass numbers', 'invalid_type');
      data[0]! += r.upForRenewal;
      data[1]! += r.renewed;
      return null;
    },
    mergeInto(t, s) {
      t[0]! += s[0]!;
      t[1]! += s[1]!;
    },
    result(d) {
      const r = checkRenewalCounts({ upForRenewal: d[0], renewed: d[1] });
      return isIssue(r) ? invalid('renewal accumulator', [r]) : ok(r);
    },
    toJSON: (d) => d.slice(),
    fromJSON(j) {
      if (!Array.isArray(j) || j.length !== 2) return [issue([], 'expected [upForRenewal, renewed]', 'invalid_type')];
      const i = countIssue(j[0], [0]) ?? countIssue(j[1], [1]);
      if (i !== null) return [i];
      if ((j[1] as number) > (j[0] as number)) return [issue([1], 'renewed cannot exceed upForRenewal')];
      return [j[0] as number, j[1] as number];
    },
  };
}

/**
 * Creates a mergeable renewal accumulator: `add` `{ upForRenewal, renewed }` partials; `result()`
 * equals {@link renewalRate} of their sum. O(1) memory.
 *
 * @example
 * ```ts
 * createRenewalAccumulator().add({ upForRenewal: 10, renewed: 9 }).add({ upForRenewal: 10, renewed: 7 }).result().value.rate; //=> 0.8
 * ```
 */
export function createRenewalAccumulator(): RenewalAccumulator {
  return makeAccumulator(renewalSpec());
}

/**
 * Rebuilds a renewal accumulator from its JSON state.
 *
 * @example
 * ```ts
 * renewalAccumulatorFromJSON(createRenewalAccumulator().toJSON()).ok; //=> true
 * ```
 */
export function renewalAccumulatorFromJSON(json: unknown): Result<RenewalAccumulator> {
  return accumulatorFromJSON(renewalSpec(), typeof json === 'string' ? safeJson(json) : json);
}
