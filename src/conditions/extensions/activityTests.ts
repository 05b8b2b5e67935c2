/**
 * Activity tests: how often a record's activities match a condition on activities, within a window
 * before `asOf` — the behaviour tests of lead scoring and segments.
 *
 * @module
 */
import type { CrmIssue } from '../../core/errors.js';
import { crmIssue } from '../../core/issues.js';
import type { ConditionExtension, ExtensionCompileTools } from '../extension.js';
import type { ConditionActivity, ConditionContext } from '../types.js';
import { instantOf } from '../evaluate.js';
import { contextError } from '../bind.js';

const DAY_MS = 86_400_000;

/**
 * The JSON of an activity test: `activity` is a condition on the Activity entity's fields; the test holds
 * when the number of the record's activities that match it, occurred at or before `asOf` and (with
 * `withinDays`) after `asOf − withinDays`, is at least `atLeast` (default 1) and at most `atMost` (no limit
 * by default).
 *
 * @example
 * ```ts
 * const t: ActivityTestJson = {
 *   activity: { all: [{ field: 'kind', op: 'eq', value: 'web' }, { field: 'subject', op: 'contains', value: 'pricing' }] },
 *   atLeast: 2,
 *   withinDays: 30,
 * };
 * ```
 */
export interface ActivityTestJson {
  readonly activity: unknown;
  readonly atLeast?: number;
  readonly atMost?: number;
  readonly withinDays?: number;
}

/**
 * What an activity count found: how many matched, the most recent match (epoch ms, `-Infinity` when
 * none) and, when asked for, every matching instant.
 *
 * @example
 * ```ts
 * const c: ActivityCount = { count: 2, last: Date.UTC(2026, 0, 5), times: null };
 * ```
 */
export interface ActivityCount {
  readonly count: number;
  readonly last: number;
  readonly times: number[] | null;
}

/** A compiled activity test: its bounds, and a counter over a list of activities. */
export interface ActivityCounter {
  readonly atLeast: number;
  readonly atMost: number;
  readonly withinMs: number;
  /** The predicate of the test's activity condition. */
  readonly matches: (activity: unknown, context: ConditionContext) => boolean;
  /** Counts matching activities in `(max(from, asOf − withinDays), asOf]`. */
  count(
    activities: readonly ConditionActivity[],
    asOf: number,
    context: ConditionContext,
    from?: number,
    collect?: boolean,
  ): ActivityCount;
}

function nonNegativeInteger(test: Readonly<Record<string, unknown>>, key: string, issues: CrmIssue[]): void {
  const v = test[key];
  if (v !== undefined && !(typeof v === 'number' && Number.isSafeInteger(v) && v >= 0))
    issues.push(crmIssue.invalidType([key], 'a non-negative integer', v));
}

/**
 * Builds the counter of a validated activity test (used by {@link activityTests} and by lead scoring,
 * which also needs the time of the most recent match for decay).
 */
export function activityCounter(
  test: Readonly<Record<string, unknown>>,
  tools: ExtensionCompileTools,
): ActivityCounter {
  const matches = tools.nested(test['activity'], 'activity');
  const atLeast = (test['atLeast'] as number | undefined) ?? 1;
  const atMost = (test['atMost'] as number | undefined) ?? Infinity;
  const withinDays = test['withinDays'] as number | undefined;
  const withinMs = withinDays === undefined ? Infinity : withinDays * DAY_MS;
  return {
    atLeast,
    atMost,
    withinMs,
    matches,
    count(activities, asOf, context, from = -Infinity, collect = false) {
      const lo = Math.max(from, asOf - withinMs);
      let count = 0,
        last = -Infinity;
      const times = collect ? ([] as number[]) : null;
      for (let i = 0; i < activities.length; i++) {
        const a: unknown = activities[i];
        if (a === null || typeof a !== 'object')
          throw contextError(['activities', i], 'an activity { kind, occurredAt, … }', a);
        const t = instantOf((a as ConditionActivity).occurredAt);
        if (!(t > lo && t <= asOf) || !matches(a, context)) continue;
        count++;
        if (t > last) last = t;
        if (times !== null) times.push(t);
      }
      return { count, last, times };
    },
  };
}

/** The activities of a record from the context: a list, or a function of the record. */
export function activitiesOf(record: unknown, context: ConditionContext): readonly ConditionActivity[] {
  const a = context.activities;
  if (a === undefined) return [];
  const list = typeof a === 'function' ? a(record) : a;
  if (!Array.isArray(list)) throw contextError(['activities'], 'a list of activities (from context.activities)', list);
  return list;
}

/**
 * The activity-test extension: `{ activity: <condition on activities>, atLeast?, atMost?, withinDays? }`.
 * Reads `context.asOf` and `context.activities` (the record's activities, or a function of the record).
 *
 * @example
 * ```ts
 * declare const lead: Lead;
 * declare const leadActivities: readonly Activity[];
 * const c = unwrap(defineCondition(
 *   { activity: { field: 'kind', op: 'eq', value: 'email' }, atLeast: 2, withinDays: 30 },
 *   { entity: 'lead', extensions: [activityTests] },
 * ));
 * evaluateCondition(c, lead, { asOf: new Date('2026-03-01T00:00:00Z'), activities: leadActivities });
 * ```
 */
export const activityTests: ConditionExtension = /* @__PURE__ */ Object.freeze({
  key: 'activity',
  options: /* @__PURE__ */ Object.freeze(['atLeast', 'atMost', 'withinDays']),
  reads: /* @__PURE__ */ Object.freeze(['asOf', 'activities'] as const),
  validate(test, tools) {
    const issues: CrmIssue[] = [...tools.nested(test['activity'], 'activity', ['activity'])];
    nonNegativeInteger(test, 'atLeast', issues);
    nonNegativeInteger(test, 'atMost', issues);
    const { atLeast, atMost, withinDays } = test;
    if (typeof atLeast === 'number' && typeof atMost === 'number' && atMost < atLeast)
      issues.push(crmIssue.of('out_of_order', ['atMost'], `atMost (${atMost}) must be at least atLeast (${atLeast})`));
    if (
      withinDays !== undefined &&
      !(typeof withinDays === 'number' && Number.isFinite(withinDays) && withinDays > 0 && withinDays <= 36_500)
    )
      issues.push(crmIssue.invalidValue(['withinDays'], 'withinDays is a number of days in (0, 36500]', withinDays));
    return issues;
  },
  compile(test, tools) {
    const counter = activityCounter(test, tools);
    const run = (record: unknown, context: ConditionContext) => {
      const asOf = context.asOf!.getTime();
      const { count } = counter.count(activitiesOf(record, context), asOf, context);
      return { count, result: count >= counter.atLeast && count <= counter.atMost };
    };
    const range =
      counter.atMost === Infinity ? `at least ${counter.atLeast}` : `${counter.atLeast} to ${counter.atMost}`;
    const window = counter.withinMs === Infinity ? '' : ` in the last ${test['withinDays'] as number} days`;
    return {
      test: (record, context) => run(record, context).result,
      explain: (record, context) => {
        const { count, result } = run(record, context);
        return {
          result,
          actual: count,
          expected: range,
          detail: `${count} matching activities${window} (${range} needed) → ${result}`,
        };
      },
    };
  },
} satisfies ConditionExtension);
