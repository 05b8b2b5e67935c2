/**
 * Private: the options the service time metrics share (`period`, `asOf`, and how minutes are
 * counted), read once into numbers, and the JSON form an accumulator state keeps of them.
 *
 * Minutes are counted by a {@link MinuteMeter}: calendar minutes (wall-clock) by default. The meter is
 * the one place a business calendar plugs in, so every metric and accumulator counts business minutes
 * through the same function.
 *
 * @module
 */
import { CrmError, type CrmIssue, type PathSegment } from '../core/errors.js';
import { crmIssue } from '../core/issues.js';
import { isIssue, isValidDate, issue, optionsIssue, periodIssue } from '../metrics/_checks.js';
import type { Period } from '../time/period.js';
import { defineBusinessCalendar, isBusinessCalendar, type BusinessCalendar } from './businessCalendar.js';
import { businessOffset } from './businessTime.js';
import type { DurationUnit } from './durationSummary.js';

/** How the minutes between two instants (epoch ms) are counted. */
export interface MinuteMeter {
  readonly unit: DurationUnit;
  /**
   * Minutes in [from, to) (0 when to ≤ from); `NaN` when an instant lies outside the range a business
   * calendar covers (1900-01-01 to 2300-01-01 UTC) — the caller reports it with its path.
   */
  minutes(from: number, to: number): number;
}

/** Wall-clock minutes. */
export const CALENDAR_MINUTES: MinuteMeter = /* @__PURE__ */ Object.freeze({
  unit: 'calendar_minutes' as const,
  minutes: (from: number, to: number) => (to > from ? (to - from) / 60_000 : 0),
});

/**
 * Business minutes of `calendar`: the difference of the two instants' business offsets (the calendar's
 * fast path: one binary search each), which is `businessMinutesBetween` exactly.
 */
export function businessMeter(calendar: BusinessCalendar): MinuteMeter {
  return Object.freeze({
    unit: 'business_minutes' as const,
    minutes(from: number, to: number): number {
      if (!(to > from)) return 0;
      try {
        return (businessOffset(calendar, to) - businessOffset(calendar, from)) / 60_000;
      } catch (e) {
        if (e instanceof CrmError) return Number.NaN; // outside 1900–2300
        throw e;
      }
    },
  });
}

/** The issue of a duration the business calendar cannot count (an instant outside 1900–2300). */
export function outsideCalendar(path: readonly PathSegment[]): CrmIssue {
  return crmIssue.of(
    'invalid_value',
    path,
    'this instant lies outside the range a business calendar covers (1900-01-01 to 2300-01-01 UTC)',
  );
}

/** The resolved `period`, `asOf` and meter of a service time metric. */
export interface TimeSettings {
  /** The period's bounds in epoch ms (±Infinity without a period). */
  readonly from: number;
  readonly to: number;
  /** `asOf` in epoch ms (+Infinity without one). */
  readonly asOf: number;
  readonly meter: MinuteMeter;
  /** The business calendar, or null (calendar minutes). */
  readonly calendar: BusinessCalendar | null;
  /** The options as a JSON state keeps them. */
  readonly state: TimeState;
}

/** The JSON form of {@link TimeSettings}. */
export interface TimeState {
  readonly period: readonly [string, string] | null;
  readonly asOf: string | null;
  /** The calendar's definition as plain JSON (what `defineBusinessCalendar` takes back), or null. */
  readonly calendar: CalendarState | null;
}

/**
 * A business calendar's definition as plain JSON, as the time accumulators keep it in their state
 * (what `defineBusinessCalendar` takes back).
 *
 * @example
 * ```ts
 * const c: CalendarState = { id: null, name: null, timeZone: 'Asia/Jakarta', week: { mon: [{ from: '08:00', to: '17:00' }] }, holidays: [] };
 * ```
 */
export interface CalendarState {
  readonly id: string | null;
  readonly name: string | null;
  readonly timeZone: string;
  readonly week: Readonly<Record<string, readonly { readonly from: string; readonly to: string }[]>>;
  readonly holidays: readonly { readonly from: string; readonly to: string; readonly name: string | null }[];
}

/** The plain JSON definition of a calendar made by `defineBusinessCalendar` (a fresh copy). */
function calendarState(c: BusinessCalendar): CalendarState {
  const week: Record<string, { from: string; to: string }[]> = {};
  for (const [day, ivs] of Object.entries(c.week)) week[day] = ivs.map((iv) => ({ from: iv.from, to: iv.to }));
  return {
    id: c.id,
    name: c.name,
    timeZone: c.timeZone,
    week,
    holidays: c.holidays.map((h) => ({ from: h.from, to: h.to, name: h.name })),
  };
}

/** The options every service time metric takes. */
export interface TimeOptions {
  readonly period?: Period | null;
  readonly asOf?: Date | null;
  readonly calendar?: BusinessCalendar | null;
}

/**
 * A calendar for an accumulator's state: defined again from the given calendar's fields, so that the
 * state and the minutes counted always agree (a copy of a calendar whose fields were changed, or
 * fields that cannot be read, are refused), and the caller's calendar is never used by the
 * accumulator. Null when the fields do not define a calendar.
 */
function redefined(c: BusinessCalendar): BusinessCalendar | null {
  let spec: unknown;
  try {
    spec = JSON.parse(
      JSON.stringify({ id: c.id, name: c.name, timeZone: c.timeZone, week: c.week, holidays: c.holidays }),
    );
  } catch {
    return null;
  }
  const again = defineBusinessCalendar(spec as Parameters<typeof defineBusinessCalendar>[0]);
  return again.ok ? again.value : null;
}

/**
 * Checks the option keys (`allowed`) and reads `period`, `asOf` and `calendar`; the issue (path under
 * `options`) for a bad one. `undefined`/`null` options and values mean none. `forState`: the settings
 * of an accumulator, whose calendar is defined again from the given one's fields (see `redefined`).
 */
export function readTimeOptions(
  options: unknown,
  allowed: readonly string[],
  forState = false,
): TimeSettings | CrmIssue {
  const keys = optionsIssue(options, allowed);
  if (keys !== null) return keys;
  const o = (options ?? {}) as Readonly<Record<string, unknown>>;
  const p = o['period'];
  let from = -Infinity;
  let to = Infinity;
  let period: readonly [string, string] | null = null;
  if (p !== undefined && p !== null) {
    const bad = periodIssue(p, ['options', 'period']);
    if (bad !== null) return bad;
    const { start, end } = p as Period;
    from = start.getTime();
    to = end.getTime();
    period = [start.toISOString(), end.toISOString()];
  }
  const a = o['asOf'];
  let asOf = Infinity;
  let asOfText: string | null = null;
  if (a !== undefined && a !== null) {
    if (!isValidDate(a)) return crmIssue.invalidDate(['options', 'asOf'], a);
    asOf = a.getTime();
    asOfText = a.toISOString();
  }
  const c = o['calendar'];
  let calendar: BusinessCalendar | null = null;
  if (c !== undefined && c !== null) {
    const made = isBusinessCalendar(c) ? (forState ? redefined(c) : c) : null;
    if (made === null)
      return crmIssue.invalidType(['options', 'calendar'], 'a BusinessCalendar made by defineBusinessCalendar', c);
    calendar = made;
  }
  return {
    from,
    to,
    asOf,
    calendar,
    meter: calendar === null ? CALENDAR_MINUTES : businessMeter(calendar),
    state: Object.freeze({
      period,
      asOf: asOfText,
      calendar: calendar === null || !forState ? null : calendarState(calendar),
    }),
  };
}

/** A stored ISO instant as a Date (an invalid Date when it is not one). */
function instant(x: unknown): Date {
  return new Date(typeof x === 'string' ? Date.parse(x) : Number.NaN);
}

/**
 * Reads a JSON state's `{ period, asOf, calendar }` back into constructor options (checked by the
 * constructor); a stored calendar is defined again.
 */
export function timeOptionsFromState(o: Readonly<Record<string, unknown>>): Record<string, unknown> | CrmIssue {
  const p = o['period'];
  const a = o['asOf'];
  const c = o['calendar'];
  if (p !== null && p !== undefined && (!Array.isArray(p) || p.length !== 2))
    return issue(['options', 'period'], 'must be null or [startIso, endIso]', 'invalid_type');
  const options: Record<string, unknown> = {};
  if (Array.isArray(p)) options['period'] = { start: instant(p[0]), end: instant(p[1]) };
  if (a !== null && a !== undefined) options['asOf'] = instant(a);
  if (c !== null && c !== undefined) {
    const defined = defineBusinessCalendar(c as Parameters<typeof defineBusinessCalendar>[0]);
    if (!defined.ok) {
      const first = defined.error.issues[0];
      return issue(
        ['options', 'calendar', ...(first?.path ?? [])],
        `not a business calendar: ${first?.message ?? defined.error.message}`,
        first?.code ?? 'invalid_value',
      );
    }
    options['calendar'] = defined.value;
  }
  return options;
}

/** The option keys of the time metrics' accumulators. */
export const TIME_KEYS: readonly string[] = /* @__PURE__ */ Object.freeze(['period', 'asOf', 'calendar']);

/** The options of a state: fresh plain JSON (a merge compares their text). */
export function stateOptions(s: TimeSettings): Readonly<Record<string, unknown>> {
  return {
    period: s.state.period === null ? null : [...s.state.period],
    asOf: s.state.asOf,
    calendar: s.calendar === null || s.state.calendar === null ? null : calendarState(s.calendar),
  };
}

/** True when `t` (epoch ms) is in the settings' period. */
export function inPeriod(s: TimeSettings, t: number): boolean {
  return t >= s.from && t < s.to;
}

/** The issue of an optional instant field: null/undefined → null; else a valid Date or an issue. */
export function optionalInstant(value: unknown, path: readonly PathSegment[]): number | null | CrmIssue {
  if (value === undefined || value === null) return null;
  if (!isValidDate(value)) return crmIssue.invalidDate(path, value);
  return value.getTime();
}

/** How every time accumulator reads its options (their keys are checked already). */
export const readTimeAccumulatorOptions = (
  options: Readonly<Record<string, unknown>> | undefined,
): TimeSettings | CrmIssue => readTimeOptions(options, TIME_KEYS, true);

/** How every time accumulator reads its options back from its JSON state (a calendar kept as its definition). */
export const TIME_OPTIONS_FROM_STATE = {
  keys: TIME_KEYS,
  read(o: Readonly<Record<string, unknown>>): { options: Record<string, unknown>; args: undefined } | CrmIssue {
    const options = timeOptionsFromState(o);
    return isIssue(options) ? options : { options, args: undefined };
  },
};
