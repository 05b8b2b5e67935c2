/**
 * Conversion: rate with a Wilson interval, ordered funnels, conversion by source or campaign, and
 * lead-to-customer time; with a mergeable accumulator.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { ok, type Result } from '../core/result.js';
import { quantileSorted } from '../math/quantile.js';
import { compensatedSum } from '../math/sum.js';
import type { Period } from '../time/period.js';
import {
  accumulatorFromJSON,
  checkConfidence,
  countIssue,
  groupKey,
  groupKeyIssue,
  countsFromJSON,
  invalid,
  isIssue,
  isValidDate,
  issue,
  makeAccumulator,
  periodIssue,
  wilson,
  type Accumulator,
  type AccumulatorSpec,
  type AccumulatorStateBase,
  type ConfidenceOptions,
  type Interval,
} from './_shared.js';
import { safeJson } from './survey.js';
import { quoteValue } from '../_lib/show.js';

/**
 * A conversion rate with its Wilson score interval (Wilson 1927; equal to R's
 * `prop.test(x, n, correct = FALSE)$conf.int`). Empty input (`total` 0): `rate` and `interval` `null`.
 */
export interface ConversionResult {
  readonly rate: number | null;
  readonly converted: number;
  readonly total: number;
  readonly interval: Interval | null;
}

/**
 * The fields of a lead the record-level conversion functions read. A `Lead` entity fits.
 *
 * @example
 * ```ts
 * const l: ConvertibleLead = { createdAt: new Date('2026-01-05T00:00:00Z'), convertedAt: null, source: 'webinar' };
 * ```
 */
export interface ConvertibleLead {
  readonly createdAt: Date;
  readonly convertedAt: Date | null;
  readonly source?: string | null;
}

/**
 * Options of record-level conversion.
 *
 * @example
 * ```ts
 * const o: ConversionOptions = { period: monthPeriod('2026-01-01'), asOf: new Date('2026-03-01T00:00:00Z') };
 * ```
 */
export interface ConversionOptions extends ConfidenceOptions {
  /** Only leads created in this half-open period form the denominator. */
  readonly period?: Period;
  /** Count a conversion only if it happened before this instant (default: any recorded conversion). */
  readonly asOf?: Date;
}

function conversionFromCounts(converted: number, total: number, z: number, confidence: number): ConversionResult {
  if (total === 0) return Object.freeze({ rate: null, converted: 0, total: 0, interval: null });
  return Object.freeze({
    rate: converted / total,
    converted,
    total,
    interval: wilson(converted, total, z, confidence),
  });
}

function countsIssue(converted: unknown, total: unknown): CrmIssue | null {
  const i = countIssue(converted, ['converted']) ?? countIssue(total, ['total']);
  if (i !== null) return i;
  if ((converted as number) > (total as number))
    return issue(
      ['converted'],
      `converted (${quoteValue(converted)}) cannot exceed total (${quoteValue(total)}); allowed 0..${quoteValue(total)}`,
    );
  return null;
}

function leadIssue(l: ConvertibleLead | undefined, i: number): CrmIssue | null {
  if (typeof l !== 'object' || l === null)
    return issue([i], 'expected a lead { createdAt, convertedAt }', 'invalid_type');
  if (!isValidDate(l.createdAt)) return issue([i, 'createdAt'], 'must be a valid Date', 'invalid_date');
  if (l.convertedAt !== null && l.convertedAt !== undefined && !isValidDate(l.convertedAt))
    return issue([i, 'convertedAt'], 'must be a valid Date or null', 'invalid_date');
  return null;
}

function leadCounts(
  leads: readonly ConvertibleLead[],
  options: ConversionOptions | undefined,
  visit?: (lead: ConvertibleLead, converted: boolean) => void,
): { converted: number; total: number } | CrmIssue {
  const period = options?.period;
  const from = period?.start.getTime() ?? -Infinity;
  const to = period?.end.getTime() ?? Infinity;
  const asOf = options?.asOf?.getTime() ?? Infinity;
  if (!Array.isArray(leads))
    return issue([], `expected an array of leads; received ${quoteValue(leads)}`, 'invalid_type');
  let converted = 0;
  let total = 0;
  for (let i = 0; i < leads.length; i++) {
    const l = leads[i];
    const p = leadIssue(l, i);
    if (p !== null) return p;
    const t = l!.createdAt.getTime();
    if (t < from || t >= to) continue;
    total++;
    const c = l!.convertedAt !== null && l!.convertedAt !== undefined && l!.convertedAt.getTime() < asOf;
    if (c) converted++;
    visit?.(l!, c);
  }
  return { converted, total };
}

function conversionOptionsIssue(options: ConversionOptions | undefined): CrmIssue | { z: number; confidence: number } {
  const conf = checkConfidence(options);
  if (isIssue(conf)) return conf;
  if (options?.period !== undefined) {
    const p = periodIssue(options.period);
    if (p !== null) return p;
  }
  if (options?.asOf !== undefined && !isValidDate(options.asOf))
    return issue(['options', 'asOf'], 'must be a valid Date', 'invalid_date');
  return conf;
}

/**
 * Conversion rate = converted / total with a Wilson 95% interval, from two counts or from lead
 * records (a lead converted when `convertedAt` is set — before `asOf` if given; only leads created
 * in `period` count when given). Bad input (negative counts, converted > total, invalid dates):
 * `validation_failed` naming the field or index; empty input: `rate: null`, `total: 0`.
 *
 * @example
 * ```ts
 * conversionRate(37, 100).value; //=> { rate: 0.37, interval: { lower: 0.28182…, upper: 0.46779…, … }, … }
 * conversionRate(leads, { period: monthPeriod('2026-01-01') });
 * ```
 */
export function conversionRate(converted: number, total: number, options?: ConfidenceOptions): Result<ConversionResult>;
export function conversionRate(
  leads: readonly ConvertibleLead[],
  options?: ConversionOptions,
): Result<ConversionResult>;
export function conversionRate(
  a: number | readonly ConvertibleLead[],
  b?: number | ConversionOptions,
  c?: ConfidenceOptions,
): Result<ConversionResult> {
  const options = (Array.isArray(a) ? b : c) as ConversionOptions | undefined;
  const conf = conversionOptionsIssue(options);
  if (isIssue(conf)) return invalid('conversionRate', [conf]);
  if (Array.isArray(a)) {
    const counts = leadCounts(a as readonly ConvertibleLead[], options);
    if (isIssue(counts)) return invalid('conversionRate', [counts]);
    return ok(conversionFromCounts(counts.converted, counts.total, conf.z, conf.confidence));
  }
  const i = countsIssue(a, b);
  if (i !== null) return invalid('conversionRate', [i]);
  return ok(conversionFromCounts(a as number, b as number, conf.z, conf.confidence));
}

/**
 * One group of {@link conversionBy}.
 *
 * @example
 * ```ts
 * const g: ConversionGroup = { key: 'webinar', conversion: unwrap(conversionRate(3, 10)) };
 * ```
 */
export interface ConversionGroup {
  readonly key: string | null;
  readonly conversion: ConversionResult;
}

/**
 * Conversion rate per source, campaign or any key of the lead (a field name or a function), each with
 * its Wilson interval; sorted by key, `null` last. Same rules as the record form of
 * {@link conversionRate}; empty input gives an empty list.
 *
 * @example
 * ```ts
 * conversionBy(leads, 'source').value.map((g) => [g.key, g.conversion.rate]);
 * conversionBy(leads, (l) => l.campaignId ?? null);
 * ```
 */
export function conversionBy<L extends ConvertibleLead>(
  leads: readonly L[],
  key: keyof L | ((lead: L) => string | null | undefined),
  options?: ConversionOptions,
): Result<readonly ConversionGroup[]> {
  const conf = conversionOptionsIssue(options);
  if (isIssue(conf)) return invalid('conversionBy', [conf]);
  const groups = new Map<string | null, [number, number]>();
  const badKey = groupKeyIssue(key);
  if (badKey !== null) return invalid('conversionBy', [badKey]);
  const keyOf = typeof key === 'function' ? key : (l: L) => l[key] as unknown;
  const counts = leadCounts(leads, options, (l, converted) => {
    const k = groupKey(keyOf(l as L));
    let g = groups.get(k);
    if (g === undefined) groups.set(k, (g = [0, 0]));
    g[1]++;
    if (converted) g[0]++;
  });
  if (isIssue(counts)) return invalid('conversionBy', [counts]);
  const keys = [...groups.keys()].sort((x, y) => (x === null ? 1 : y === null ? -1 : x < y ? -1 : x > y ? 1 : 0));
  return ok(
    Object.freeze(
      keys.map((k) =>
        Object.freeze({
          key: k,
          conversion: conversionFromCounts(groups.get(k)![0], groups.get(k)![1], conf.z, conf.confidence),
        }),
      ),
    ),
  );
}

/**
 * One step of a {@link funnel}.
 */
export interface FunnelStep {
  readonly stage: string;
  /** Records that reached this stage (or a later one). */
  readonly count: number;
  /** count / previous step's count (1 for the first step; `null` when the previous count is 0). */
  readonly stepRate: number | null;
  /** Wilson interval of `stepRate` (`null` for the first step or when undefined). */
  readonly stepInterval: Interval | null;
  /** count / first step's count (`null` when the first count is 0). */
  readonly overallRate: number | null;
}

/**
 * A record for {@link funnel}: its current stage and, optionally, the stages it moved through
 * (a `Deal`'s `stageId` and `stageHistory` fit).
 *
 * @example
 * ```ts
 * const r: FunnelRecord = { stageId: 'proposal', stageHistory: [{ to: 'qualified' }, { to: 'proposal' }] };
 * ```
 */
export interface FunnelRecord {
  readonly stageId: string;
  readonly stageHistory?: readonly { readonly to: string }[];
}

/**
 * An ordered funnel: for stages s₀ … sₖ, how many records reached each stage and the step
 * conversion from the previous stage (with a Wilson interval) and overall from the first. A record
 * reached stage sᵢ when its current stage or any stage in its history is sᵢ or a later one (an
 * ordered funnel: passing a later stage implies the earlier ones). Stages not in the list are
 * ignored (a record only at unknown stages is not counted). Also accepts counts per stage
 * (`number[]`, which must not increase). Bad input: `validation_failed` with the index; empty input:
 * counts 0 and rates `null`.
 *
 * @example
 * ```ts
 * funnel(['lead', 'qualified', 'won'], [100, 40, 10]).value.map((s) => s.stepRate); //=> [1, 0.4, 0.25]
 * funnel(['qualified', 'proposal', 'won'], deals);
 * ```
 */
export function funnel(
  stages: readonly string[],
  input: readonly number[] | readonly FunnelRecord[],
  options?: ConfidenceOptions,
): Result<readonly FunnelStep[]> {
  const conf = funnelOptions(stages, options);
  if (isIssue(conf)) return invalid('funnel', [conf]);
  if (!Array.isArray(input))
    return invalid('funnel', [
      issue(['input'], `must be an array of counts or of records; received ${quoteValue(input)}`, 'invalid_type'),
    ]);
  let counts: number[];
  if (input.length > 0 && typeof input[0] === 'number') {
    if (input.length !== stages.length)
      return invalid('funnel', [issue(['counts'], `expected ${stages.length} counts, one per stage`, 'invalid_type')]);
    counts = [];
    for (let i = 0; i < input.length; i++) {
      const c = countIssue(input[i], [i]);
      if (c !== null) return invalid('funnel', [c]);
      if (i > 0 && (input[i] as number) > (input[i - 1] as number))
        return invalid('funnel', [
          issue(
            [i],
            `count ${quoteValue(input[i])} exceeds the previous stage's ${quoteValue(input[i - 1])}; funnel counts must not increase`,
          ),
        ]);
      counts.push(input[i] as number);
    }
  } else {
    const index = new Map(stages.map((s, i) => [s, i]));
    const furthest = new Array<number>(stages.length).fill(0);
    const records = input as readonly FunnelRecord[];
    for (let i = 0; i < records.length; i++) {
      const p = addFurthest(furthest, index, records[i]);
      if (p !== null) return invalid('funnel', [{ ...p, path: [i, ...p.path] }]);
    }
    counts = cumulate(furthest);
  }
  return ok(funnelSteps(stages, counts, conf.z, conf.confidence));
}

/** Counts a record at the furthest listed stage it reached; returns an issue for a malformed record. */
function addFurthest(
  furthest: number[],
  index: ReadonlyMap<string, number>,
  r: FunnelRecord | undefined,
): CrmIssue | null {
  if (typeof r !== 'object' || r === null || typeof r.stageId !== 'string')
    return issue([], 'expected a record { stageId, stageHistory? }', 'invalid_type');
  let max = index.get(r.stageId) ?? -1;
  if (r.stageHistory !== undefined) {
    if (!Array.isArray(r.stageHistory)) return issue(['stageHistory'], 'must be an array of { to }', 'invalid_type');
    for (const h of r.stageHistory) max = Math.max(max, index.get(h?.to) ?? -1);
  }
  if (max >= 0) furthest[max]!++;
  return null;
}

/** Cumulates from the end: a record at stage i also reached every earlier stage. */
function cumulate(furthest: readonly number[]): number[] {
  const reached = furthest.slice();
  for (let i = reached.length - 2; i >= 0; i--) reached[i]! += reached[i + 1]!;
  return reached;
}

function funnelSteps(
  stages: readonly string[],
  counts: readonly number[],
  z: number,
  confidence: number,
): readonly FunnelStep[] {
  const first = counts[0]!;
  return Object.freeze(
    stages.map((stage, i) => {
      const count = counts[i]!;
      const prev = i === 0 ? count : counts[i - 1]!;
      const stepRate = i === 0 ? (count === 0 ? null : 1) : prev === 0 ? null : count / prev;
      return Object.freeze({
        stage,
        count,
        stepRate,
        stepInterval: i === 0 || prev === 0 ? null : wilson(count, prev, z, confidence),
        overallRate: first === 0 ? null : count / first,
      });
    }),
  );
}

/**
 * JSON state of a funnel accumulator: how many records stopped at each stage (furthest reached).
 *
 * @example
 * ```ts
 * const s: FunnelAccumulatorState = createFunnelAccumulator(['a', 'b']).add({ stageId: 'b' }).toJSON();
 * ```
 */
export interface FunnelAccumulatorState extends AccumulatorStateBase {
  readonly options: { readonly stages: readonly string[]; readonly confidence: number };
  readonly data: readonly number[];
}

/**
 * A mergeable funnel accumulator.
 *
 * @example
 * ```ts
 * const acc: FunnelAccumulator = createFunnelAccumulator(['qualified', 'proposal', 'won']);
 * ```
 */
export type FunnelAccumulator = Accumulator<FunnelRecord, readonly FunnelStep[], FunnelAccumulatorState>;

function funnelSpec(
  stages: readonly string[],
  z: number,
  confidence: number,
): AccumulatorSpec<FunnelRecord, readonly FunnelStep[], number[]> {
  const index = new Map(stages.map((s, i) => [s, i]));
  return {
    kind: 'funnel',
    label: 'funnel accumulator',
    options: { stages: stages.slice(), confidence },
    empty: () => new Array<number>(stages.length).fill(0),
    add: (data, r) => addFurthest(data, index, r),
    mergeInto(t, s) {
      for (let i = 0; i < t.length; i++) t[i]! += s[i]!;
    },
    result: (d) => ok(funnelSteps(stages, cumulate(d), z, confidence)),
    toJSON: (d) => d.slice(),
    fromJSON: (j) => countsFromJSON(j, stages.length),
  };
}

function funnelOptions(
  stages: unknown,
  options: ConfidenceOptions | undefined,
): { stages: string[]; z: number; confidence: number } | CrmIssue {
  const conf = checkConfidence(options);
  if (isIssue(conf)) return conf;
  // A for loop, not some(): some() skips the holes of a sparse array ([, 'a']).
  const list: readonly unknown[] = Array.isArray(stages) ? stages : [];
  let named = list.length > 0;
  for (let i = 0; named && i < list.length; i++) named = typeof list[i] === 'string';
  if (!named) return issue(['stages'], 'must be a non-empty array of stage names', 'invalid_type');
  if (new Set(list).size !== list.length) return issue(['stages'], 'stage names must be distinct', 'duplicate');
  return { stages: stages as string[], ...conf };
}

/**
 * Creates a mergeable funnel accumulator over records (`{ stageId, stageHistory? }`): memory
 * O(stages); `result()` equals {@link funnel} over every record added. Throws `validation_failed`
 * for bad stages or confidence.
 *
 * @example
 * ```ts
 * createFunnelAccumulator(['lead', 'won']).add({ stageId: 'won' }).add({ stageId: 'lead' }).result().value.map((s) => s.count); //=> [2, 1]
 * ```
 */
export function createFunnelAccumulator(stages: readonly string[], options?: ConfidenceOptions): FunnelAccumulator {
  const o = funnelOptions(stages, options);
  if (isIssue(o)) throw invalid('funnel accumulator', [o]).error;
  return makeAccumulator(funnelSpec(o.stages, o.z, o.confidence));
}

/**
 * Rebuilds a funnel accumulator from its JSON state.
 *
 * @example
 * ```ts
 * funnelAccumulatorFromJSON(createFunnelAccumulator(['a', 'b']).toJSON()).ok; //=> true
 * ```
 */
export function funnelAccumulatorFromJSON(json: unknown): Result<FunnelAccumulator> {
  const parsed = typeof json === 'string' ? safeJson(json) : json;
  const opts = (parsed as { options?: { stages?: unknown; confidence?: number } } | null)?.options;
  const o = funnelOptions(opts?.stages, { confidence: opts?.confidence ?? 0.95 });
  if (isIssue(o)) return invalid('funnel accumulator state', [o]);
  return accumulatorFromJSON(funnelSpec(o.stages, o.z, o.confidence), parsed);
}

/**
 * Time from lead creation to conversion, in days (fractional), over converted leads.
 * Empty input (no converted lead): every statistic `null`, `total` 0. Quantiles are R type 7.
 */
export interface LeadToCustomerTimeResult {
  readonly total: number;
  readonly meanDays: number | null;
  readonly medianDays: number | null;
  readonly p25Days: number | null;
  readonly p75Days: number | null;
  readonly p90Days: number | null;
}

/**
 * Lead-to-customer time: the days from `createdAt` to `convertedAt` of every converted lead
 * (created in `period` when given), summarized by mean, median and quartiles. A conversion before
 * creation is `validation_failed` naming the index.
 *
 * @example
 * ```ts
 * leadToCustomerTime([
 *   { createdAt: new Date('2026-01-01T00:00:00Z'), convertedAt: new Date('2026-01-11T00:00:00Z') },
 *   { createdAt: new Date('2026-01-01T00:00:00Z'), convertedAt: new Date('2026-01-21T00:00:00Z') },
 * ]).value.medianDays; //=> 15
 * ```
 */
export function leadToCustomerTime(
  leads: readonly ConvertibleLead[],
  options?: Pick<ConversionOptions, 'period' | 'asOf'>,
): Result<LeadToCustomerTimeResult> {
  const conf = conversionOptionsIssue(options);
  if (isIssue(conf)) return invalid('leadToCustomerTime', [conf]);
  const days: number[] = [];
  let bad: CrmIssue | null = null;
  let badIndex = Infinity;
  const counts = leadCounts(leads, options, (l, converted) => {
    if (!converted || bad !== null) return;
    const d = daysToConvert(l);
    if (d < 0) {
      badIndex = leads.indexOf(l);
      bad = issue([badIndex, 'convertedAt'], 'must not be before createdAt');
    }
    days.push(d);
  });
  // Report the first bad lead in input order, whichever check found it (as the accumulator does).
  if (isIssue(counts) && !(bad !== null && badIndex < (counts.path[0] as number)))
    return invalid('leadToCustomerTime', [counts]);
  if (bad !== null) return invalid('leadToCustomerTime', [bad]);
  return ok(summarizeDays(days));
}

function daysToConvert(l: ConvertibleLead): number {
  return (l.convertedAt!.getTime() - l.createdAt.getTime()) / 86_400_000;
}

/**
 * Mean and R type-7 quantiles of conversion times. The mean sums the sorted values (compensated),
 * so it depends only on the multiset of times — the accumulator gives the same number after any merge.
 */
function summarizeDays(days: readonly number[]): LeadToCustomerTimeResult {
  if (days.length === 0)
    return Object.freeze({ total: 0, meanDays: null, medianDays: null, p25Days: null, p75Days: null, p90Days: null });
  const sorted = Float64Array.from(days).sort();
  return Object.freeze({
    total: days.length,
    meanDays: compensatedSum(sorted) / days.length,
    medianDays: quantileSorted(sorted, 0.5),
    p25Days: quantileSorted(sorted, 0.25),
    p75Days: quantileSorted(sorted, 0.75),
    p90Days: quantileSorted(sorted, 0.9),
  });
}

/**
 * JSON state of a lead-to-customer-time accumulator: the options, and the conversion time in days of
 * every converted lead, ascending.
 *
 * @example
 * ```ts
 * const s: LeadToCustomerTimeAccumulatorState = createLeadToCustomerTimeAccumulator().toJSON();
 * ```
 */
export interface LeadToCustomerTimeAccumulatorState extends AccumulatorStateBase {
  readonly options: { readonly period: readonly [string, string] | null; readonly asOf: string | null };
  readonly data: readonly number[];
}

/**
 * A mergeable lead-to-customer-time accumulator.
 *
 * @example
 * ```ts
 * const acc: LeadToCustomerTimeAccumulator = createLeadToCustomerTimeAccumulator();
 * ```
 */
export type LeadToCustomerTimeAccumulator = Accumulator<
  ConvertibleLead,
  LeadToCustomerTimeResult,
  LeadToCustomerTimeAccumulatorState
>;

function leadTimeSpec(
  options: Pick<ConversionOptions, 'period' | 'asOf'> | undefined,
): AccumulatorSpec<ConvertibleLead, LeadToCustomerTimeResult, number[]> {
  const period = options?.period;
  const from = period?.start.getTime() ?? -Infinity;
  const to = period?.end.getTime() ?? Infinity;
  const asOf = options?.asOf?.getTime() ?? Infinity;
  return {
    kind: 'lead_to_customer_time',
    label: 'lead-to-customer-time accumulator',
    options: {
      period: period === undefined ? null : [period.start.toISOString(), period.end.toISOString()],
      asOf: options?.asOf === undefined ? null : options.asOf.toISOString(),
    },
    empty: () => [],
    add(data, lead) {
      const p = leadIssue(lead, 0);
      if (p !== null) return { ...p, path: p.path.slice(1) };
      const t = lead.createdAt.getTime();
      if (t < from || t >= to) return null;
      if (lead.convertedAt === null || lead.convertedAt === undefined || lead.convertedAt.getTime() >= asOf)
        return null;
      const d = daysToConvert(lead);
      if (d < 0) return issue(['convertedAt'], 'must not be before createdAt');
      data.push(d);
      return null;
    },
    mergeInto(t, s) {
      for (const d of s) t.push(d);
    },
    result: (d) => ok(summarizeDays(d)),
    toJSON: (d) => Array.from(Float64Array.from(d).sort()),
    fromJSON(j) {
      if (!Array.isArray(j)) return [issue([], 'expected an array of conversion times in days', 'invalid_type')];
      for (let i = 0; i < j.length; i++) {
        const v = j[i] as unknown;
        if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
          return [issue([i], 'must be a finite number of days ≥ 0', 'invalid_number')];
      }
      return (j as number[]).slice();
    },
  };
}

/**
 * Creates a mergeable lead-to-customer-time accumulator: `add` leads, merge shards; `result()`
 * equals {@link leadToCustomerTime} over every lead with the same `period` and `asOf`. Quantiles
 * are exact, so the state keeps every conversion time: memory O(converted leads), 8 bytes each in
 * memory. Throws `validation_failed` for an invalid period or asOf.
 *
 * @example
 * ```ts
 * const acc = createLeadToCustomerTimeAccumulator().add({ createdAt: new Date('2026-01-01T00:00:00Z'), convertedAt: new Date('2026-01-11T00:00:00Z') });
 * acc.merge(createLeadToCustomerTimeAccumulator().add({ createdAt: new Date('2026-01-01T00:00:00Z'), convertedAt: new Date('2026-01-21T00:00:00Z') }));
 * acc.result().value.medianDays; //=> 15
 * ```
 */
export function createLeadToCustomerTimeAccumulator(
  options?: Pick<ConversionOptions, 'period' | 'asOf'>,
): LeadToCustomerTimeAccumulator {
  const conf = conversionOptionsIssue(options);
  if (isIssue(conf)) throw invalid('lead-to-customer-time accumulator', [conf]).error;
  return makeAccumulator(leadTimeSpec(options));
}

/**
 * Rebuilds a lead-to-customer-time accumulator from its JSON state.
 *
 * @example
 * ```ts
 * leadToCustomerTimeAccumulatorFromJSON(createLeadToCustomerTimeAccumulator().toJSON()).ok; //=> true
 * ```
 */
export function leadToCustomerTimeAccumulatorFromJSON(json: unknown): Result<LeadToCustomerTimeAccumulator> {
  const parsed = typeof json === 'string' ? safeJson(json) : json;
  const o = (parsed as { options?: { period?: unknown; asOf?: unknown } } | null)?.options;
  const p = o?.period;
  const period =
    Array.isArray(p) && p.length === 2 && typeof p[0] === 'string' && typeof p[1] === 'string'
      ? { start: new Date(p[0]), end: new Date(p[1]) }
      : undefined;
  const asOf = typeof o?.asOf === 'string' ? new Date(o.asOf) : undefined;
  const options = { ...(period === undefined ? {} : { period }), ...(asOf === undefined ? {} : { asOf }) };
  const conf = conversionOptionsIssue(options);
  if (isIssue(conf))
    return invalid('lead-to-customer-time accumulator state', [{ ...conf, path: ['options', ...conf.path.slice(1)] }]);
  return accumulatorFromJSON(leadTimeSpec(options), parsed);
}

/**
 * JSON state of a conversion accumulator.
 *
 * @example
 * ```ts
 * const s: ConversionAccumulatorState = createConversionAccumulator().add(true).toJSON();
 * ```
 */
export interface ConversionAccumulatorState extends AccumulatorStateBase {
  readonly options: { readonly confidence: number };
  readonly data: readonly [number, number];
}

/**
 * A mergeable conversion accumulator: items are outcomes (`true` = converted) or count partials
 * `{ converted, total }`.
 *
 * @example
 * ```ts
 * const acc: ConversionAccumulator = createConversionAccumulator();
 * ```
 */
export type ConversionAccumulator = Accumulator<
  boolean | { readonly converted: number; readonly total: number },
  ConversionResult,
  ConversionAccumulatorState
>;

function conversionSpec(
  confidence: number,
  z: number,
): AccumulatorSpec<boolean | { readonly converted: number; readonly total: number }, ConversionResult, number[]> {
  return {
    kind: 'conversion',
    label: 'conversion accumulator',
    options: { confidence },
    empty: () => [0, 0],
    add(data, item) {
      if (typeof item === 'boolean') {
        data[1]!++;
        if (item) data[0]!++;
        return null;
      }
      if (typeof item !== 'object' || item === null)
        return issue([], 'expected a boolean outcome or { converted, total }', 'invalid_type');
      const i = countsIssue(item.converted, item.total);
      if (i !== null) return i;
      data[0]! += item.converted;
      data[1]! += item.total;
      return null;
    },
    mergeInto(t, s) {
      t[0]! += s[0]!;
      t[1]! += s[1]!;
    },
    result: (d) => ok(conversionFromCounts(d[0]!, d[1]!, z, confidence)),
    toJSON: (d) => d.slice(),
    fromJSON(j) {
      if (!Array.isArray(j) || j.length !== 2) return [issue([], 'expected [converted, total]', 'invalid_type')];
      const i = countsIssue(j[0], j[1]);
      return i !== null ? [i] : [j[0] as number, j[1] as number];
    },
  };
}

/**
 * Creates a mergeable conversion accumulator (two counts). `result()` equals
 * {@link conversionRate} of the totals. Throws `validation_failed` for a bad confidence.
 *
 * @example
 * ```ts
 * createConversionAccumulator().add(true).add(false).add({ converted: 1, total: 2 }).result().value.rate; //=> 0.5
 * ```
 */
export function createConversionAccumulator(options?: ConfidenceOptions): ConversionAccumulator {
  const conf = checkConfidence(options);
  if (isIssue(conf)) throw invalid('conversion accumulator', [conf]).error;
  return makeAccumulator(conversionSpec(conf.confidence, conf.z));
}

/**
 * Rebuilds a conversion accumulator from its JSON state.
 *
 * @example
 * ```ts
 * conversionAccumulatorFromJSON(createConversionAccumulator().toJSON()).ok; //=> true
 * ```
 */
export function conversionAccumulatorFromJSON(json: unknown): Result<ConversionAccumulator> {
  const parsed = typeof json === 'string' ? safeJson(json) : json;
  const c = (parsed as { options?: { confidence?: number } } | null)?.options?.confidence;
  const conf = checkConfidence({ confidence: c ?? 0.95 });
  if (isIssue(conf)) return invalid('conversion accumulator state', [conf]);
  return accumulatorFromJSON(conversionSpec(conf.confidence, conf.z), parsed);
}
