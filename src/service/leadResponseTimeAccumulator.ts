/**
 * The mergeable lead-response-time accumulator.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { crmIssue } from '../core/issues.js';
import { ok, type Result } from '../core/result.js';
import { countIssue, isIssue, issue } from '../metrics/_checks.js';
import { defineAccumulator } from '../metrics/_defineAccumulator.js';
import type { Accumulator, AccumulatorStateBase } from '../metrics/accumulator.js';
import { quoteValue } from '../_lib/show.js';
import {
  leadTallyResult,
  readLead,
  tallyLead,
  type LeadActivity,
  type LeadResponseTimeOptions,
  type LeadResponseTimeResult,
  type LeadTally,
  type RespondableLead,
} from './leadResponseTime.js';
import {
  readTimeAccumulatorOptions,
  TIME_KEYS,
  TIME_OPTIONS_FROM_STATE,
  stateOptions,
  type CalendarState,
  type TimeSettings,
} from './_timeOptions.js';

/**
 * One item of a lead-response-time accumulator: a lead and its activities (`null`/missing: none).
 *
 * @example
 * ```ts
 * const item: LeadWithActivities = {
 *   lead: { id: 'l1', createdAt: new Date('2026-03-02T09:00:00Z') },
 *   activities: [{ kind: 'call', direction: 'outbound', occurredAt: new Date('2026-03-02T09:05:00Z') }],
 * };
 * ```
 */
export interface LeadWithActivities {
  readonly lead: RespondableLead;
  readonly activities?: readonly LeadActivity[] | null;
}

/**
 * The JSON state of a lead-response-time accumulator: `options` (`period` as `[startIso, endIso]` or
 * null, `asOf` as ISO text or null, `calendar` as its definition or null) and `data`: every response time in minutes (ascending), the leads
 * counted and the unanswered ones.
 *
 * @example
 * ```ts
 * const s: LeadResponseTimeAccumulatorState = createLeadResponseTimeAccumulator().toJSON();
 * ```
 */
export interface LeadResponseTimeAccumulatorState extends AccumulatorStateBase {
  readonly options: {
    readonly period: readonly [string, string] | null;
    readonly asOf: string | null;
    readonly calendar: CalendarState | null;
  };
  readonly data: { readonly minutes: readonly number[]; readonly leads: number; readonly unanswered: number };
}

/**
 * A mergeable lead-response-time accumulator: `add` items `{ lead, activities }`.
 *
 * @example
 * ```ts
 * const acc: LeadResponseTimeAccumulator = createLeadResponseTimeAccumulator();
 * ```
 */
export type LeadResponseTimeAccumulator = Accumulator<
  LeadWithActivities,
  LeadResponseTimeResult,
  LeadResponseTimeAccumulatorState
>;

/**
 * Options of {@link createLeadResponseTimeAccumulator}: those of `leadResponseTime` (`period`, `asOf`,
 * `calendar`).
 *
 * @example
 * ```ts
 * const o: LeadResponseTimeAccumulatorOptions = { asOf: new Date('2026-04-01T00:00:00Z') };
 * ```
 */
export type LeadResponseTimeAccumulatorOptions = LeadResponseTimeOptions;

const kit = /* @__PURE__ */ defineAccumulator<
  LeadResponseTimeAccumulatorState,
  LeadWithActivities,
  LeadResponseTimeResult,
  LeadTally,
  TimeSettings
>({
  kind: 'lead_response_time',
  label: 'lead-response-time accumulator',
  optionKeys: TIME_KEYS,
  resolve: readTimeAccumulatorOptions,
  fromState: TIME_OPTIONS_FROM_STATE,
  stateOptions,
  behaviour: (s) => ({
    empty: () => ({ minutes: [], leads: 0, unanswered: 0 }),
    add(data, item): CrmIssue | null {
      if (item === null || typeof item !== 'object' || Array.isArray(item))
        return crmIssue.invalidType([], 'an item { lead, activities }', item);
      const { lead, activities } = item as { lead?: unknown; activities?: unknown };
      const r = readLead(lead, ['lead'], activities, (p) => ['activities', ...p], s);
      if (isIssue(r)) return r;
      tallyLead(data, r);
      return null;
    },
    mergeInto(t, src) {
      for (const m of src.minutes) t.minutes.push(m);
      t.leads += src.leads;
      t.unanswered += src.unanswered;
    },
    result: (d) => ok(leadTallyResult(d, s)),
    toJSON: (d) => ({
      minutes: Array.from(Float64Array.from(d.minutes).sort()),
      leads: d.leads,
      unanswered: d.unanswered,
    }),
    fromJSON(j): LeadTally | CrmIssue[] {
      if (j === null || typeof j !== 'object' || Array.isArray(j))
        return [issue([], 'expected { minutes, leads, unanswered }', 'invalid_type')];
      const o = j as Record<string, unknown>;
      for (const key of ['leads', 'unanswered']) {
        const c = countIssue(o[key], [key]);
        if (c !== null) return [c];
      }
      const m = o['minutes'];
      if (!Array.isArray(m)) return [issue(['minutes'], 'expected an array of minutes', 'invalid_type')];
      for (let i = 0; i < m.length; i++) {
        const v = m[i] as unknown;
        if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
          return [
            issue(
              ['minutes', i],
              `must be a finite number of minutes ≥ 0; received ${quoteValue(v)}`,
              'invalid_number',
            ),
          ];
      }
      const leads = o['leads'] as number;
      const unanswered = o['unanswered'] as number;
      if (leads !== m.length + unanswered)
        return [issue(['leads'], `must equal the answered (${m.length}) plus the unanswered (${unanswered}) leads`)];
      return { minutes: (m as number[]).slice(), leads, unanswered };
    },
  }),
});

/**
 * Creates a mergeable lead-response-time accumulator: `add({ lead, activities })` per lead, merge
 * shards; `result()` equals `leadResponseTime` over all the leads with their activities and the same
 * `period` and `asOf`. Exact quantiles need every response time, so the state keeps one number per
 * answered lead: memory O(leads), 8 bytes each.
 *
 * @throws {CrmError} `validation_failed` for an invalid `period`, `asOf` or `calendar`, or an unknown option key.
 *
 * @example
 * ```ts
 * const at = (hm: string) => new Date(`2026-03-02T${hm}:00Z`);
 * const acc = createLeadResponseTimeAccumulator()
 *   .add({ lead: { id: 'l1', createdAt: at('09:00') }, activities: [{ kind: 'call', direction: 'outbound', occurredAt: at('09:10') }] })
 *   .add({ lead: { id: 'l2', createdAt: at('09:00') } });
 * const r = acc.result();
 * if (r.ok) [r.value.mean, r.value.unanswered]; //=> [10, 1]
 * ```
 */
export function createLeadResponseTimeAccumulator(
  options?: LeadResponseTimeAccumulatorOptions | null,
): LeadResponseTimeAccumulator {
  return kit.create(options, undefined);
}

/**
 * Rebuilds a lead-response-time accumulator from its JSON state (object or text); a malformed state
 * gives `validation_failed`, never a throw.
 *
 * @example
 * ```ts
 * leadResponseTimeAccumulatorFromJSON(JSON.stringify(createLeadResponseTimeAccumulator())).ok; //=> true
 * ```
 */
export function leadResponseTimeAccumulatorFromJSON(json: unknown): Result<LeadResponseTimeAccumulator> {
  return kit.fromJSON(json);
}
