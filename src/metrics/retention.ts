/**
 * Churn and retention (counts and subscription records), revenue retention (GRR, NRR), rate
 * annualization and renewal rate, with mergeable accumulators.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { ok, type Result } from '../core/result.js';
import type { Period } from '../time/period.js';
import {
  accumulatorFromJSON,
  countIssue,
  invalid,
  isIssue,
  isValidDate,
  issue,
  makeAccumulator,
  periodIssue,
  rangeIssue,
  type Accumulator,
  type AccumulatorSpec,
  type AccumulatorStateBase,
} from './_shared.js';
import { safeJson } from './survey.js';
import { quoteValue } from '../_lib/show.js';

/**
 * The fields of a subscription the churn and retention functions read: whose it is and when it
 * ran. A `Subscription` entity fits. A subscription is active at instant t when
 * `startedAt ≤ t < endedAt` (`endedAt: null` = still running); a customer (account) is active when
 * any of its subscriptions is. `status` and `canceledAt` are not read: service stops at `endedAt`.
 *
 * @example
 * ```ts
 * const s: SubscriptionSpan = { accountId: 'acc_1', startedAt: new Date('2025-01-01T00:00:00Z'), endedAt: null };
 * ```
 */
export interface SubscriptionSpan {
  readonly accountId: string;
  readonly startedAt: Date;
  readonly endedAt: Date | null;
}

/**
 * Options of the record-level churn and retention functions.
 *
 * @example
 * ```ts
 * const o: PeriodOptions = { period: monthPeriod('2026-03-01') };
 * ```
 */
export interface PeriodOptions {
  /** The half-open period [start, end) measured. */
  readonly period: Period;
}

/**
 * Customer counts for churn over one period (what a SQL query returns).
 *
 * - `atStart` (S): customers active at the period's start.
 * - `lost`: of those, the ones no longer active at its end (≤ S).
 * - `acquired` (N, default 0): customers gained during the period (not active at the start).
 * - `lostAcquired` (default 0): of those, the ones already gone again at the end (≤ N).
 *
 * The end count is E = S − lost + N − lostAcquired.
 *
 * @example
 * ```ts
 * const c: ChurnCounts = { atStart: 200, lost: 10, acquired: 30, lostAcquired: 2 };
 * ```
 */
export interface ChurnCounts {
  readonly atStart: number;
  readonly lost: number;
  readonly acquired?: number;
  readonly lostAcquired?: number;
}

/**
 * Which customers and which denominator a churn rate uses (definitions in use differ; see
 * docs/metrics.md):
 * - `'start'` (default): lost / S — only customers present at the start (cohort churn; Fader &
 *   Hardie's retention-rate view). Always in [0, 1], and 1 − it equals {@link retentionRate}.
 * - `'average'`: (lost + lostAcquired) / ((S + E) / 2) — the average-customers denominator common
 *   in SaaS reporting (e.g. Recurly, ChartMogul). Counts customers acquired and lost in the period;
 *   can exceed 1 under heavy turnover.
 * - `'exposed'`: (lost + lostAcquired) / (S + N) — everyone exposed to churn in the period; in [0, 1].
 *
 * @example
 * ```ts
 * const o: ChurnOptions = { denominator: 'average' };
 * ```
 */
export interface ChurnOptions {
  readonly denominator?: 'start' | 'average' | 'exposed';
}

/**
 * A churn rate and the counts behind it. `total` is the denominator (a customer count; a half
 * integer for `'average'`). When the denominator is 0 the rate is `null`.
 */
export interface ChurnResult {
  readonly rate: number | null;
  readonly denominator: 'start' | 'average' | 'exposed';
  readonly total: number;
  readonly atStart: number;
  readonly atEnd: number;
  readonly lost: number;
  readonly acquired: number;
  readonly lostAcquired: number;
}

interface FullCounts {
  atStart: number;
  lost: number;
  acquired: number;
  lostAcquired: number;
}

function checkChurnCounts(c: unknown): FullCounts | CrmIssue {
  if (typeof c !== 'object' || c === null)
    return issue(
      [],
      'expected counts { atStart, lost, acquired?, lostAcquired? } or an array of subscriptions',
      'invalid_type',
    );
  const x = c as ChurnCounts;
  const acquired = x.acquired ?? 0;
  const lostAcquired = x.lostAcquired ?? 0;
  const i =
    countIssue(x.atStart, ['atStart']) ??
    countIssue(x.lost, ['lost']) ??
    countIssue(acquired, ['acquired']) ??
    countIssue(lostAcquired, ['lostAcquired']);
  if (i !== null) return i;
  if (x.lost > x.atStart)
    return issue(['lost'], `lost (${x.lost}) cannot exceed atStart (${x.atStart}); allowed 0..${x.atStart}`);
  if (lostAcquired > acquired)
    return issue(
      ['lostAcquired'],
      `lostAcquired (${lostAcquired}) cannot exceed acquired (${acquired}); allowed 0..${acquired}`,
    );
  return { atStart: x.atStart, lost: x.lost, acquired, lostAcquired };
}

function churnFromCounts(c: FullCounts, denominator: 'start' | 'average' | 'exposed'): ChurnResult {
  const atEnd = c.atStart - c.lost + c.acquired - c.lostAcquired;
  let total: number;
  let lost: number;
  if (denominator === 'start') {
    total = c.atStart;
    lost = c.lost;
  } else if (denominator === 'average') {
    total = (c.atStart + atEnd) / 2;
    lost = c.lost + c.lostAcquired;
  } else {
    total = c.atStart + c.acquired;
    lost = c.lost + c.lostAcquired;
  }
  return Object.freeze({
    rate: total === 0 ? null : lost / total,
    denominator,
    total,
    atStart: c.atStart,
    atEnd,
    lost: c.lost,
    acquired: c.acquired,
    lostAcquired: c.lostAcquired,
  });
}

/**
 * Classifies customers over a period from their subscriptions. Returns full counts plus the
 * retained count, or the first issue.
 */
function classify(
  subscriptions: readonly SubscriptionSpan[],
  period: Period,
): (FullCounts & { retained: number }) | CrmIssue {
  const from = period.start.getTime();
  const to = period.end.getTime();
  // bit 1: active at start; bit 2: active at end; bit 4: a subscription started inside the period.
  const flags = new Map<string, number>();
  const n = subscriptions.length;
  for (let i = 0; i < n; i++) {
    const s = subscriptions[i]!;
    const p = spanIssue(s, i);
    if (p !== null) return p;
    const a = s.startedAt.getTime();
    const b = s.endedAt === null ? Infinity : s.endedAt.getTime();
    let f = 0;
    if (a <= from && from < b) f |= 1;
    if (a <= to && to < b) f |= 2;
    if (a >= from && a < to) f |= 4;
    flags.set(s.accountId, (flags.get(s.accountId) ?? 0) | f);
  }
  let atStart = 0;
  let lost = 0;
  let acquired = 0;
  let lostAcquired = 0;
  for (const f of flags.values()) {
    if (f & 1) {
      atStart++;
      if (!(f & 2)) lost++;
    } else if (f & 4) {
      acquired++;
      if (!(f & 2)) lostAcquired++;
    }
  }
  return { atStart, lost, acquired, lostAcquired, retained: atStart - lost };
}

function spanIssue(s: SubscriptionSpan | undefined, i: number): CrmIssue | null {
  if (typeof s !== 'object' || s === null)
    return issue([i], 'expected a subscription { accountId, startedAt, endedAt }', 'invalid_type');
  if (typeof s.accountId !== 'string') return issue([i, 'accountId'], 'must be a string', 'invalid_type');
  if (!isValidDate(s.startedAt)) return issue([i, 'startedAt'], 'must be a valid Date', 'invalid_date');
  if (s.endedAt !== null && !isValidDate(s.endedAt))
    return issue([i, 'endedAt'], 'must be a valid Date or null', 'invalid_date');
  if (s.endedAt !== null && s.endedAt.getTime() < s.startedAt.getTime())
    return issue([i, 'endedAt'], 'must not be before startedAt', 'invalid_value');
  return null;
}

function denominatorOf(options: ChurnOptions | undefined): 'start' | 'average' | 'exposed' | CrmIssue {
  const d = options?.denominator ?? 'start';
  if (d !== 'start' && d !== 'average' && d !== 'exposed')
    return issue(['options', 'denominator'], `must be 'start', 'average' or 'exposed'; received ${quoteValue(d)}`);
  return d;
}

/**
 * Customer churn rate over a period, from counts (`{ atStart, lost, acquired?, lostAcquired? }`) or
 * from subscription records and `{ period }`. Default: lost / customers at the start; other
 * denominators in {@link ChurnOptions}. Bad input (negative or fractional counts, lost > atStart,
 * a malformed subscription or period) gives `validation_failed` naming the field or index and the
 * allowed range; no customers gives `rate: null`, `total: 0`.
 *
 * @example
 * ```ts
 * churnRate({ atStart: 200, lost: 10 }).value.rate; //=> 0.05
 * churnRate({ atStart: 200, lost: 10, acquired: 30, lostAcquired: 2 }, { denominator: 'average' }).value.rate; //=> 12 / 209
 * churnRate(subscriptions, { period: monthPeriod('2026-03-01') });
 * ```
 */
export function churnRate(input: ChurnCounts, options?: ChurnOptions): Result<ChurnResult>;
export function churnRate(
  input: readonly SubscriptionSpan[],
  options: PeriodOptions & ChurnOptions,
): Result<ChurnResult>;
export function churnRate(
  input: ChurnCounts | readonly SubscriptionSpan[],
  options?: ChurnOptions & Partial<PeriodOptions>,
): Result<ChurnResult> {
  const d = denominatorOf(options);
  if (isIssue(d)) return invalid('churnRate', [d]);
  let counts: FullCounts | CrmIssue;
  if (Array.isArray(input)) {
    const p = periodIssue(options?.period);
    if (p !== null) return invalid('churnRate', [p]);
    counts = classify(input as readonly SubscriptionSpan[], options!.period!);
  } else counts = checkChurnCounts(input);
  if (isIssue(counts)) return invalid('churnRate', [counts]);
  return ok(churnFromCounts(counts, d));
}

/**
 * Counts for the customer retention rate (E − N) / S (Kotler's CRR): customers at the start (S),
 * acquired during the period (N), at the end (E); optionally `lostAcquired`, how many of the N were
 * already gone at the end. Without it the formula silently counts a new customer who left as a lost
 * old one; with it the retained count is E − N + lostAcquired.
 *
 * @example
 * ```ts
 * const c: RetentionCounts = { atStart: 200, acquired: 30, atEnd: 218 };
 * ```
 */
export interface RetentionCounts {
  readonly atStart: number;
  readonly acquired: number;
  readonly atEnd: number;
  readonly lostAcquired?: number;
}

/**
 * A retention rate: `retained / atStart`, `null` when there were no customers at the start
 * (`total` = atStart = 0).
 */
export interface RetentionResult {
  readonly rate: number | null;
  readonly retained: number;
  readonly total: number;
  readonly atStart: number;
  readonly acquired: number;
  readonly atEnd: number;
  readonly lostAcquired: number;
}

function checkRetentionCounts(c: unknown): FullCounts | CrmIssue {
  if (typeof c !== 'object' || c === null)
    return issue(
      [],
      'expected counts { atStart, acquired, atEnd, lostAcquired? } or an array of subscriptions',
      'invalid_type',
    );
  const x = c as RetentionCounts;
  const lostAcquired = x.lostAcquired ?? 0;
  const i =
    countIssue(x.atStart, ['atStart']) ??
    countIssue(x.acquired, ['acquired']) ??
    countIssue(x.atEnd, ['atEnd']) ??
    countIssue(lostAcquired, ['lostAcquired']);
  if (i !== null) return i;
  if (lostAcquired > x.acquired)
    return issue(
      ['lostAcquired'],
      `lostAcquired (${lostAcquired}) cannot exceed acquired (${x.acquired}); allowed 0..${x.acquired}`,
    );
  const retained = x.atEnd - x.acquired + lostAcquired;
  if (retained < 0 || retained > x.atStart) {
    return issue(
      ['atEnd'],
      `atEnd − acquired + lostAcquired = ${retained} must lie in 0..atStart (${x.atStart}); allowed atEnd ${x.acquired - lostAcquired}..${x.atStart + x.acquired - lostAcquired}`,
    );
  }
  return { atStart: x.atStart, lost: x.atStart - retained, acquired: x.acquired, lostAcquired };
}

function retentionFromCounts(c: FullCounts): RetentionResult {
  const retained = c.atStart - c.lost;
  const atEnd = retained + c.acquired - c.lostAcquired;
  return Object.freeze({
    rate: c.atStart === 0 ? null : retained / c.atStart,
    retained,
    total: c.atStart,
    atStart: c.atStart,
    acquired: c.acquired,
    atEnd,
    lostAcquired: c.lostAcquired,
  });
}

/**
 * Customer retention rate (E − N) / S over a period (Kotler & Keller, Marketing Management), from
 * counts or from subscription records and `{ period }` (then the retained customers are counted
 * directly: active at both the start and the end). With records, or with `lostAcquired` in the
 * counts, `rate = 1 − churnRate(…, { denominator: 'start' }).rate` exactly. Bad input:
 * `validation_failed` naming the field or index and the allowed range; no customers at the start:
 * `rate: null`, `total: 0`.
 *
 * @example
 * ```ts
 * retentionRate({ atStart: 200, acquired: 30, atEnd: 218 }).value.rate; //=> 0.94
 * ```
 */
export function retentionRate(input: RetentionCounts): Result<RetentionResult>;
export function retentionRate(input: readonly SubscriptionSpan[], options: PeriodOptions): Result<RetentionResult>;
export function retentionRate(
  input: RetentionCounts | readonly SubscriptionSpan[],
  options?: Partial<PeriodOptions>,
): Result<RetentionResult> {
  let counts: FullCounts | CrmIssue;
  if (Array.isArray(input)) {
    const p = periodIssue(options?.period);
    if (p !== null) return invalid('retentionRate', [p]);
    counts = classify(input as readonly SubscriptionSpan[], options!.period!);
  } else counts = checkRetentionCounts(input);
  if (isIssue(counts)) return invalid('retentionRate', [counts]);
  return ok(retentionFromCounts(counts));
}

function sumSpec<TIn, TOut>(
  kind: string,
  label: string,
  options: Readonly<Record<string, unknown>>,
  read: (item: TIn) => FullCounts | CrmIssue,
  result: (c: FullCounts) => TOut,
): AccumulatorSpec<TIn, TOut, FullCounts> {
  const keys = ['atStart', 'lost', 'acquired', 'lostAcquired'] as const;
  return {
    kind,
    label,
    options,
    empty: () => ({ atStart: 0, lost: 0, acquired: 0, lostAcquired: 0 }),
    add(data, item) {
      const c = read(item);
      if (isIssue(c)) return c;
      for (const k of keys) data[k] += c[k];
      return null;
    },
    mergeInto(t, s) {
      for (const k of keys) t[k] += s[k];
    },
    result: (d) => ok(result(d)),
    toJSON: (d) => ({ ...d }),
    fromJSON(j) {
      if (typeof j !== 'object' || j === null)
        return [issue([], 'expected { atStart, lost, acquired, lostAcquired }', 'invalid_type')];
      const c = checkChurnCounts(j);
      return isIssue(c) ? [c] : c;
    },
  };
}

/**
 * JSON state of a churn or retention accumulator (summed counts).
 *
 * @example
 * ```ts
 * const s: ChurnAccumulatorState = createChurnAccumulator().add({ atStart: 10, lost: 1 }).toJSON();
 * ```
 */
export interface ChurnAccumulatorState extends AccumulatorStateBase {
  readonly options: Readonly<Record<string, unknown>>;
  readonly data: {
    readonly atStart: number;
    readonly lost: number;
    readonly acquired: number;
    readonly lostAcquired: number;
  };
}

/**
 * A mergeable churn accumulator over count partials (one per shard, segment or SQL partial of
 * disjoint customers).
 *
 * @example
 * ```ts
 * const acc: ChurnAccumulator = createChurnAccumulator({ denominator: 'average' });
 * ```
 */
export type ChurnAccumulator = Accumulator<ChurnCounts, ChurnResult, ChurnAccumulatorState>;

function churnSpec(
  options: ChurnOptions | undefined,
): AccumulatorSpec<ChurnCounts, ChurnResult, FullCounts> | CrmIssue {
  const d = denominatorOf(options);
  if (isIssue(d)) return d;
  return sumSpec<ChurnCounts, ChurnResult>('churn', 'churn accumulator', { denominator: d }, checkChurnCounts, (c) =>
    churnFromCounts(c, d),
  );
}

/**
 * Creates a mergeable churn accumulator: `add` count partials of disjoint customer groups, `result()`
 * equals {@link churnRate} of their sum. O(1) memory. Throws `validation_failed` for a bad option.
 *
 * @example
 * ```ts
 * createChurnAccumulator().add({ atStart: 100, lost: 5 }).add({ atStart: 100, lost: 15 }).result().value.rate; //=> 0.1
 * ```
 */
export function createChurnAccumulator(options?: ChurnOptions): ChurnAccumulator {
  const spec = churnSpec(options);
  if (isIssue(spec)) throw invalid('churn accumulator', [spec]).error;
  return makeAccumulator(spec);
}

/**
 * Rebuilds a churn accumulator from its JSON state.
 *
 * @example
 * ```ts
 * churnAccumulatorFromJSON(createChurnAccumulator().toJSON()).ok; //=> true
 * ```
 */
export function churnAccumulatorFromJSON(json: unknown): Result<ChurnAccumulator> {
  const parsed = typeof json === 'string' ? safeJson(json) : json;
  const spec = churnSpec((parsed as { options?: ChurnOptions } | null)?.options);
  if (isIssue(spec)) return invalid('churn accumulator state', [spec]);
  return accumulatorFromJSON(spec, parsed);
}

/**
 * A mergeable retention accumulator over count partials.
 *
 * @example
 * ```ts
 * const acc: RetentionAccumulator = createRetentionAccumulator();
 * ```
 */
export type RetentionAccumulator = Accumulator<RetentionCounts, RetentionResult, ChurnAccumulatorState>;

function retentionSpec(): AccumulatorSpec<RetentionCounts, RetentionResult, FullCounts> {
  return sumSpec<RetentionCounts, RetentionResult>(
    'retention',
    'retention accumulator',
    {},
    checkRetentionCounts,
    retentionFromCounts,
  );
}

/**
 * Creates a mergeable retention accumulator: `add` count partials (`{ atStart, acquired, atEnd,
 * lostAcquired? }`) of disjoint customer groups; `result()` equals {@link retentionRate} of the
 * whole. O(1) memory.
 *
 * @example
 * ```ts
 * createRetentionAccumulator().add({ atStart: 10, acquired: 2, atEnd: 11 }).result().value.rate; //=> 0.9
 * ```
 */
export function createRetentionAccumulator(): RetentionAccumulator {
  return makeAccumulator(retentionSpec());
}

/**
 * Rebuilds a retention accumulator from its JSON state.
 *
 * @example
 * ```ts
 * retentionAccumulatorFromJSON(createRetentionAccumulator().toJSON()).ok; //=> true
 * ```
 */
export function retentionAccumulatorFromJSON(json: unknown): Result<RetentionAccumulator> {
  return accumulatorFromJSON(retentionSpec(), typeof json === 'string' ? safeJson(json) : json);
}

// ---------------------------------------------------------------------------------------------
// Compounding

/**
 * Options of {@link annualizeRate} and {@link periodRate}.
 *
 * @example
 * ```ts
 * const o: CompoundingOptions = { basis: 'growth' };
 * ```
 */
export interface CompoundingOptions {
  /**
   * `'loss'` (default) for churn-like rates: survival compounds, 1 − (1 − r)^k. `'growth'` for
   * growth rates: (1 + r)^k − 1.
   */
  readonly basis?: 'loss' | 'growth';
}

function compound(rate: number, k: number, basis: 'loss' | 'growth'): number {
  // expm1/log1p keep precision for small rates.
  if (basis === 'loss') return rate === 1 ? 1 : -Math.expm1(k * Math.log1p(-rate));
  return Math.expm1(k * Math.log1p(rate));
}

function compoundingIssues(
  rate: number,
  periodsPerYear: number,
  options: CompoundingOptions | undefined,
  what: string,
): CrmIssue | 'loss' | 'growth' {
  const basis = options?.basis ?? 'loss';
  if (basis !== 'loss' && basis !== 'growth')
    return issue(['options', 'basis'], `must be 'loss' or 'growth'; received ${quoteValue(basis)}`);
  const r = basis === 'loss' ? rangeIssue(rate, 0, 1, [what]) : rangeIssue(rate, -1, Number.MAX_VALUE, [what], true);
  if (r !== null) return r;
  return rangeIssue(periodsPerYear, 0, Number.MAX_VALUE, ['periodsPerYear'], true) ?? basis;
}

/**
 * Annualizes a per-period rate by compounding, not by multiplying: a 2% monthly churn is
 * 1 − 0.98¹² ≈ 21.5% a year, not 24%. `periodsPerYear` is 12 for months, 4 for quarters, 52 for
 * weeks. Loss rates must be in [0, 1], growth rates above −1; otherwise `validation_failed`.
 *
 * @example
 * ```ts
 * annualizeRate(0.02, 12).value;                      //=> 0.21528...
 * annualizeRate(0.01, 12, { basis: 'growth' }).value; //=> 0.12682...
 * ```
 */
export function annualizeRate(rate: number, periodsPerYear: number, options?: CompoundingOptions): Result<number> {
  const b = compoundingIssues(rate, periodsPerYear, options, 'rate');
  if (isIssue(b)) return invalid('annualizeRate', [b]);
  const v = compound(rate, periodsPerYear, b);
  return Number.isFinite(v) ? ok(v) : invalid('annualizeRate', [issue(['rate'], 'the compounded rate overflows')]);
}

/**
 * The per-period rate equivalent to an annual rate, by compounding: 1 − (1 − a)^(1/k) for losses,
 * (1 + a)^(1/k) − 1 for growth. The inverse of {@link annualizeRate}.
 *
 * @example
 * ```ts
 * periodRate(0.2, 12).value; //=> 0.018423...
 * ```
 */
export function periodRate(annualRate: number, periodsPerYear: number, options?: CompoundingOptions): Result<number> {
  const b = compoundingIssues(annualRate, periodsPerYear, options, 'annualRate');
  if (isIssue(b)) return invalid('periodRate', [b]);
  return ok(compound(annualRate, 1 / periodsPerYear, b));
}
