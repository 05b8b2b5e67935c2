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
import type { CrmIssue, PathSegment } from '../core/errors.js';
import { crmIssue } from '../core/issues.js';
import { isValidDate, issue, optionsIssue, periodIssue } from '../metrics/_checks.js';
import type { Period } from '../time/period.js';
import type { DurationUnit } from './durationSummary.js';

/** How the minutes between two instants (epoch ms) are counted. */
export interface MinuteMeter {
  readonly unit: DurationUnit;
  /** Minutes in [from, to) (0 when to ≤ from). */
  minutes(from: number, to: number): number;
}

/** Wall-clock minutes. */
export const CALENDAR_MINUTES: MinuteMeter = /* @__PURE__ */ Object.freeze({
  unit: 'calendar_minutes' as const,
  minutes: (from: number, to: number) => (to > from ? (to - from) / 60_000 : 0),
});

/** The resolved `period`, `asOf` and meter of a service time metric. */
export interface TimeSettings {
  /** The period's bounds in epoch ms (±Infinity without a period). */
  readonly from: number;
  readonly to: number;
  /** `asOf` in epoch ms (+Infinity without one). */
  readonly asOf: number;
  readonly meter: MinuteMeter;
  /** The options as a JSON state keeps them. */
  readonly state: TimeState;
}

/** The JSON form of {@link TimeSettings}. */
export interface TimeState {
  readonly period: readonly [string, string] | null;
  readonly asOf: string | null;
}

/** The options every service time metric takes. */
export interface TimeOptions {
  readonly period?: Period | null;
  readonly asOf?: Date | null;
}

/**
 * Checks the option keys (`allowed`) and reads `period` and `asOf`; the issue (path under
 * `options`) for a bad one. `undefined`/`null` options and values mean none.
 */
export function readTimeOptions(options: unknown, allowed: readonly string[]): TimeSettings | CrmIssue {
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
  return { from, to, asOf, meter: CALENDAR_MINUTES, state: Object.freeze({ period, asOf: asOfText }) };
}

/** A stored ISO instant as a Date (an invalid Date when it is not one). */
function instant(x: unknown): Date {
  return new Date(typeof x === 'string' ? Date.parse(x) : Number.NaN);
}

/** Reads a JSON state's `{ period, asOf }` back into constructor options (checked by the constructor). */
export function timeOptionsFromState(o: Readonly<Record<string, unknown>>): Record<string, unknown> | CrmIssue {
  const p = o['period'];
  const a = o['asOf'];
  if (p !== null && p !== undefined && (!Array.isArray(p) || p.length !== 2))
    return issue(['options', 'period'], 'must be null or [startIso, endIso]', 'invalid_type');
  const options: Record<string, unknown> = {};
  if (Array.isArray(p)) options['period'] = { start: instant(p[0]), end: instant(p[1]) };
  if (a !== null && a !== undefined) options['asOf'] = instant(a);
  return options;
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
