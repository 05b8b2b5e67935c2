/**
 * The mergeable lead-to-customer-time accumulator.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { ok, type Result } from '../core/result.js';
import type { Period } from '../time/period.js';
import { issue } from './_checks.js';
import { defineAccumulator } from './_defineAccumulator.js';
import type { Accumulator, AccumulatorStateBase } from './accumulator.js';
import { conversionOptions, leadIssue, type ConvertibleLead } from './conversionRate.js';
import {
  convertedBeforeCreated,
  daysToConvert,
  summarizeDays,
  type LeadToCustomerTimeOptions,
  type LeadToCustomerTimeResult,
} from './leadToCustomerTime.js';
import { isIssue } from './_checks.js';

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

/**
 * Options of {@link createLeadToCustomerTimeAccumulator}: as {@link leadToCustomerTime}'s.
 *
 * @example
 * ```ts
 * const o: LeadToCustomerTimeAccumulatorOptions = { asOf: new Date('2026-03-01T00:00:00Z') };
 * ```
 */
export type LeadToCustomerTimeAccumulatorOptions = LeadToCustomerTimeOptions;

interface LeadTimeSettings {
  readonly from: number;
  readonly to: number;
  readonly asOf: number;
  readonly period: readonly [string, string] | null;
  readonly asOfText: string | null;
}

function resolveLeadTime(options: Readonly<Record<string, unknown>> | undefined): LeadTimeSettings | CrmIssue {
  const conf = conversionOptions(options, ['period', 'asOf']);
  if (isIssue(conf)) return conf;
  const o = options as LeadToCustomerTimeOptions | undefined;
  const period: Period | undefined = o?.period;
  return {
    from: period?.start.getTime() ?? -Infinity,
    to: period?.end.getTime() ?? Infinity,
    asOf: o?.asOf?.getTime() ?? Infinity,
    period: period === undefined ? null : [period.start.toISOString(), period.end.toISOString()],
    asOfText: o?.asOf === undefined ? null : o.asOf.toISOString(),
  };
}

/** An ISO instant from a JSON state, as a Date (an invalid Date when it is not one). */
function instant(x: unknown): Date {
  return new Date(typeof x === 'string' ? Date.parse(x) : Number.NaN);
}

const leadTimeKit = /* @__PURE__ */ defineAccumulator<
  LeadToCustomerTimeAccumulatorState,
  ConvertibleLead,
  LeadToCustomerTimeResult,
  number[],
  LeadTimeSettings
>({
  kind: 'lead_to_customer_time',
  label: 'lead-to-customer-time accumulator',
  optionKeys: ['period', 'asOf'],
  resolve: resolveLeadTime,
  stateOptions: (s) => ({ period: s.period === null ? null : [s.period[0], s.period[1]], asOf: s.asOfText }),
  fromState: {
    keys: ['period', 'asOf'],
    read(o) {
      const p = o['period'];
      const a = o['asOf'];
      if (p !== null && p !== undefined && (!Array.isArray(p) || p.length !== 2))
        return issue(['options', 'period'], 'must be null or [startIso, endIso]', 'invalid_type');
      const options: Record<string, unknown> = {};
      if (Array.isArray(p)) options['period'] = { start: instant(p[0]), end: instant(p[1]) };
      if (a !== null && a !== undefined) options['asOf'] = instant(a);
      return { options, args: undefined };
    },
  },
  behaviour: ({ from, to, asOf }) => ({
    empty: () => [],
    add(data, lead) {
      const p = leadIssue(lead, 0);
      if (p !== null) return { ...p, path: p.path.slice(1) };
      const t = lead.createdAt.getTime();
      if (t < from || t >= to) return null;
      if (lead.convertedAt === null || lead.convertedAt === undefined || lead.convertedAt.getTime() >= asOf)
        return null;
      const d = daysToConvert(lead);
      if (d < 0) return convertedBeforeCreated(['convertedAt']);
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
  }),
});

/**
 * Creates a mergeable lead-to-customer-time accumulator: `add` leads, merge shards; `result()`
 * equals {@link leadToCustomerTime} over every lead with the same `period` and `asOf`. Quantiles
 * are exact, so the state keeps every conversion time: memory O(converted leads), 8 bytes each in
 * memory.
 *
 * @throws {CrmError} `validation_failed` for an invalid period or asOf, or an unknown option.
 *
 * @example
 * ```ts
 * const acc = createLeadToCustomerTimeAccumulator().add({ createdAt: new Date('2026-01-01T00:00:00Z'), convertedAt: new Date('2026-01-11T00:00:00Z') });
 * acc.merge(createLeadToCustomerTimeAccumulator().add({ createdAt: new Date('2026-01-01T00:00:00Z'), convertedAt: new Date('2026-01-21T00:00:00Z') }));
 * unwrap(acc.result()).medianDays; //=> 15
 * ```
 */
export function createLeadToCustomerTimeAccumulator(
  options?: LeadToCustomerTimeAccumulatorOptions | null,
): LeadToCustomerTimeAccumulator {
  return leadTimeKit.create(options, undefined);
}

/**
 * Rebuilds a lead-to-customer-time accumulator from its JSON state (object or text); a malformed
 * state gives `validation_failed`, never a throw.
 *
 * @example
 * ```ts
 * leadToCustomerTimeAccumulatorFromJSON(createLeadToCustomerTimeAccumulator().toJSON()).ok; //=> true
 * ```
 */
export function leadToCustomerTimeAccumulatorFromJSON(json: unknown): Result<LeadToCustomerTimeAccumulator> {
  return leadTimeKit.fromJSON(json);
}
