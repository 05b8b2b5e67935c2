/**
 * Lead response time ("speed to lead"): from a lead's creation to the first outbound activity on it.
 *
 * @module
 */
import type { CrmIssue, PathSegment } from '../core/errors.js';
import { crmIssue, IssueList } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import type { ActivityDirection } from '../entities/enums.js';
import { invalid, isIssue, isValidDate } from '../metrics/_checks.js';
import { guarded } from '../metrics/_guard.js';
import type { Period } from '../time/period.js';
import type { BusinessCalendar } from './businessCalendar.js';
import { summarizeMinutes, type DurationSummary } from './durationSummary.js';
import { linkedSource } from './_linkedActivities.js';
import { inPeriod, outsideCalendar, readTimeOptions, TIME_KEYS, type TimeSettings } from './_timeOptions.js';

/**
 * A lead as {@link leadResponseTime} reads it (a `Lead` fits): its `id` (to find its activities) and
 * `createdAt`.
 *
 * @example
 * ```ts
 * const l: RespondableLead = { id: 'l1', createdAt: new Date('2026-03-02T09:00:00Z') };
 * ```
 */
export interface RespondableLead {
  readonly id: string;
  readonly createdAt: Date;
}

/**
 * An activity as {@link leadResponseTime} reads it (an `Activity` fits). A **response** is one with
 * `direction: 'outbound'` of kind `call`, `email`, `meeting`, `message` or `web` (notes and tasks are
 * not contact with the lead). `leadId` links it to its lead.
 *
 * @example
 * ```ts
 * const a: LeadActivity = { kind: 'call', direction: 'outbound', occurredAt: new Date('2026-03-02T09:20:00Z'), leadId: 'l1' };
 * ```
 */
export interface LeadActivity {
  readonly kind: string;
  readonly direction?: ActivityDirection | null;
  readonly occurredAt: Date;
  readonly leadId?: string | null;
}

/**
 * Where {@link leadResponseTime} finds each lead's activities: a flat list linked by `leadId`
 * (activities linked to no lead of the input are not read), a Map or an object keyed by lead id, or a
 * function of the lead id (`null`/`undefined`: none). A bad activity is reported at `['activities', i, …]` (its index in a flat
 * list) or `['activities', leadId, i, …]`.
 *
 * @example
 * ```ts
 * const byLead: LeadActivities = { l1: [{ kind: 'email', direction: 'outbound', occurredAt: new Date('2026-03-02T09:20:00Z') }] };
 * ```
 */
export type LeadActivities =
  | readonly LeadActivity[]
  | ReadonlyMap<string, readonly LeadActivity[]>
  | Readonly<Record<string, readonly LeadActivity[]>>
  | ((leadId: string) => readonly LeadActivity[] | null | undefined);

/**
 * Options of {@link leadResponseTime}: `period` — only leads **created** in it count (half-open
 * `[start, end)`), answered or not —, `asOf` — leads created after it, and activities after it,
 * are not seen yet (default: all) —, and `calendar` — durations in its business minutes (default:
 * calendar minutes).
 *
 * @example
 * ```ts
 * const o: LeadResponseTimeOptions = { period: monthPeriod('2026-03-01'), asOf: new Date('2026-03-31T12:00:00Z') };
 * ```
 */
export interface LeadResponseTimeOptions {
  readonly period?: Period | null;
  readonly asOf?: Date | null;
  readonly calendar?: BusinessCalendar | null;
}

/**
 * What {@link leadResponseTime} returns: the {@link DurationSummary} of the answered leads (`count` of
 * them, mean, median, p90), plus `leads` — the leads counted (created in the period, at or before
 * `asOf`) — and `unanswered` — those with no response yet (`leads = count + unanswered`).
 *
 * @example
 * ```ts
 * const r: LeadResponseTimeResult = { count: 0, mean: null, median: null, p90: null, unit: 'calendar_minutes', leads: 0, unanswered: 0 };
 * ```
 */
export interface LeadResponseTimeResult extends DurationSummary {
  readonly leads: number;
  readonly unanswered: number;
}

const COUNTED_KINDS: ReadonlySet<string> = /* @__PURE__ */ new Set(['call', 'email', 'meeting', 'message', 'web']);

/** @internal What one lead contributes: skipped (not counted), unanswered, or its response time. */
export type LeadReading = null | 'unanswered' | number;

/**
 * @internal Reads one lead and its activities (`list`, relative paths placed by `where`): what it
 * contributes, or its issues.
 */
export function readLead(
  lead: unknown,
  path: readonly PathSegment[],
  list: unknown,
  where: (p: readonly PathSegment[]) => PathSegment[],
  s: TimeSettings,
): LeadReading | CrmIssue {
  if (lead === null || typeof lead !== 'object' || Array.isArray(lead))
    return crmIssue.invalidType(path, 'a lead record', lead);
  const o = lead as Record<string, unknown>;
  const id = o['id'];
  if (typeof id !== 'string') return crmIssue.invalidType([...path, 'id'], 'a lead id (a string)', id);
  const createdAt = o['createdAt'];
  if (!isValidDate(createdAt)) return crmIssue.invalidDate([...path, 'createdAt'], createdAt);
  const created = createdAt.getTime();
  if (list !== undefined && list !== null && !Array.isArray(list))
    return crmIssue.invalidType(where([]), 'an array of activities', list);
  const acts = (list ?? []) as readonly unknown[];
  let first = Infinity;
  for (let i = 0; i < acts.length; i++) {
    const a: unknown = acts[i];
    if (a === null || typeof a !== 'object') return crmIssue.invalidType(where([i]), 'an activity record', a);
    const r = a as Record<string, unknown>;
    const occurredAt = r['occurredAt'];
    if (!isValidDate(occurredAt)) return crmIssue.invalidDate(where([i, 'occurredAt']), occurredAt);
    const linked = r['leadId'];
    if (linked !== undefined && linked !== null && linked !== id)
      return crmIssue.of(
        'unknown_reference',
        where([i, 'leadId']),
        `This activity belongs to another lead; expected leadId ${JSON.stringify(id)} or none`,
      );
    const at = occurredAt.getTime();
    if (at < created)
      return crmIssue.of(
        'before_creation',
        where([i, 'occurredAt']),
        `An activity at ${occurredAt.toISOString()} cannot precede the lead's creation (${createdAt.toISOString()})`,
      );
    if (r['direction'] === 'outbound' && COUNTED_KINDS.has(r['kind'] as string) && at <= s.asOf && at < first)
      first = at;
  }
  if (created > s.asOf || !inPeriod(s, created)) return null;
  if (first === Infinity) return 'unanswered';
  const m = s.meter.minutes(created, first);
  return Number.isNaN(m) ? outsideCalendar([...path, 'createdAt']) : m;
}

/** @internal Counts of a lead response time, and its result. */
export interface LeadTally {
  readonly minutes: number[];
  leads: number;
  unanswered: number;
}

/** @internal Adds a lead's reading to the tally. */
export function tallyLead(t: LeadTally, r: LeadReading): void {
  if (r === null) return;
  t.leads++;
  if (r === 'unanswered') t.unanswered++;
  else t.minutes.push(r);
}

/** @internal The frozen result of a tally. */
export function leadTallyResult(t: LeadTally, s: TimeSettings): LeadResponseTimeResult {
  return Object.freeze({ ...summarizeMinutes(t.minutes, s.meter.unit), leads: t.leads, unanswered: t.unanswered });
}

/**
 * Lead response time, the seed documents' "speed to lead": minutes from each lead's creation to its
 * first response — the first outbound `call`, `email`, `meeting`, `message` or `web` activity linked to
 * it — summarised over the answered leads by count, mean, median and 90th percentile (R type 7), in
 * business minutes of `options.calendar` when given, else calendar minutes; and how many leads had no
 * response yet (`unanswered`, as of `asOf`). Leads count
 * when created in `period` (default: all) and at or before `asOf`; an unanswered lead is not in the
 * statistics (its wait is not over).
 *
 * Empty input: `leads` 0, `count` 0 and every statistic `null`. Bad input is `validation_failed` with
 * paths: a lead without a string `id` or a valid `createdAt` (`[2, 'createdAt']`), an activity without
 * a valid `occurredAt`, linked to another lead, or **before the lead's creation**
 * (`['activities', 5, 'occurredAt']`, code `before_creation`), activities in none of the four forms, a
 * bad `period` or `asOf`, an unknown option key. Never throws (an `activities` function's own exception
 * propagates).
 *
 * @example
 * ```ts
 * const at = (hm: string) => new Date(`2026-03-02T${hm}:00Z`);
 * const leads = [
 *   { id: 'l1', createdAt: at('09:00') },
 *   { id: 'l2', createdAt: at('09:30') },
 *   { id: 'l3', createdAt: at('10:00') },
 * ];
 * const activities = [
 *   { kind: 'note', direction: 'internal' as const, occurredAt: at('09:01'), leadId: 'l1' }, // not a response
 *   { kind: 'call', direction: 'outbound' as const, occurredAt: at('09:05'), leadId: 'l1' },
 *   { kind: 'email', direction: 'outbound' as const, occurredAt: at('11:30'), leadId: 'l2' },
 * ];
 * const r = leadResponseTime(leads, activities);
 * if (r.ok) [r.value.count, r.value.median, r.value.unanswered, r.value.leads]; //=> [2, 62.5, 1, 3]
 * ```
 */
export function leadResponseTime(
  leads: readonly RespondableLead[],
  activities: LeadActivities | null | undefined,
  options?: LeadResponseTimeOptions | null,
): Result<LeadResponseTimeResult> {
  return guarded('leadResponseTime', () => {
    const s = readTimeOptions(options, TIME_KEYS);
    if (isIssue(s)) return invalid('leadResponseTime', [s]);
    const source = linkedSource(activities, 'leadId', ['activities'], 'activity');
    if (isIssue(source)) return invalid('leadResponseTime', [source]);
    if (!Array.isArray(leads))
      return invalid('leadResponseTime', [crmIssue.invalidType([], 'an array of leads', leads)]);
    const issues = new IssueList();
    const tally: LeadTally = { minutes: [], leads: 0, unanswered: 0 };
    for (let k = 0; k < leads.length && !issues.full; k++) {
      const lead: unknown = leads[k];
      const id = lead !== null && typeof lead === 'object' ? (lead as { id?: unknown }).id : undefined;
      const r =
        typeof id === 'string'
          ? readLead(lead, [k], source.list(id), (p) => source.where(id, p), s)
          : readLead(lead, [k], undefined, (p) => [...p], s);
      if (isIssue(r)) issues.push(r);
      else tallyLead(tally, r);
    }
    if (issues.count > 0) return err(issues.error('leadResponseTime'));
    return ok(leadTallyResult(tally, s));
  });
}
