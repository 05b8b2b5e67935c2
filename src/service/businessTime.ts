/**
 * Business-time arithmetic on a {@link BusinessCalendar}: adding business minutes to an instant, counting
 * business minutes between two instants, and the fast path beneath both (business offsets from a fixed
 * anchor of the calendar).
 *
 * How it counts. A calendar's business time is a sorted set of UTC intervals: for every local date of the
 * calendar's zone that is not a holiday, each working interval of its weekday, with each bound at **the
 * first instant at which the zone's wall clock reads that time or later**:
 * - an interval spanning a switch counts its real length: 01:00–05:00 is 3 hours on a spring-forward day
 *   (America/New_York 2026-03-08, Europe/Berlin 2026-03-29) and 5 hours on a fall-back day (2026-11-01,
 *   2026-10-25);
 * - a bound in a spring-forward gap (02:30 in New York on 2026-03-08, a time that does not exist) resolves
 *   to the switch instant, so the part of an interval that never happened counts nothing (02:00–02:30 that
 *   day is empty). Temporal's `'compatible'` choice would shift 02:30 to 03:30 instead, making such an
 *   interval overlap the next one; this rule keeps the bounds in order;
 * - a bound in a repeated fall-back hour (01:30 in New York on 2026-11-01) resolves to its first
 *   occurrence.
 *
 * Both operations are computed interval by interval on a table of those intervals with cumulative business
 * milliseconds (O(days) to build, a binary search to read): never one minute (Frappe: one second) at a time.
 * Holidays are left out of the table itself, so a due date and an elapsed count always skip the same days —
 * Frappe's SLA skips holidays when it plans a due date but not when it counts elapsed time; here both are
 * read from one table and `businessMinutesBetween(c, s, addBusinessTime(c, s, m)) === m` always holds.
 *
 * Range: instants from 1900-01-01 to 2300-01-01 UTC (outside, the functions throw a `CrmError`).
 *
 * @module
 */
import { argumentError } from '../core/errors.js';
import { checkInstant } from './_businessTable.js';
import { tableOf } from './_calendarTable.js';
import type { BusinessCalendar } from './businessCalendar.js';
import type { BusinessTable } from './_businessTable.js';

const MINUTE_MS = 60_000;

function table(fn: string, calendar: unknown): BusinessTable {
  const t = tableOf(calendar);
  if (t === undefined)
    throw argumentError(fn, ['calendar'], 'a BusinessCalendar made by defineBusinessCalendar', calendar);
  return t;
}

function instant(fn: string, path: string, value: unknown): number {
  if (!(value instanceof Date)) throw argumentError(fn, [path], 'a Date', value);
  const t = value.getTime();
  if (Number.isNaN(t)) throw argumentError(fn, [path], 'a valid Date', value);
  checkInstant(fn, path, t);
  return t;
}

/**
 * Business milliseconds from the calendar's fixed anchor (its local midnight starting 2000-01-01) to the
 * instant `ms` (epoch milliseconds): negative before the anchor, monotone non-decreasing in `ms`, constant
 * outside business hours. The fast path beneath {@link businessMinutesBetween} and {@link addBusinessTime}:
 * `businessMinutesBetween(c, s, e) === (businessOffset(c, e) - businessOffset(c, s)) / 60000` for `s ≤ e`.
 *
 * The calendar's private table of business intervals grows lazily to span the local days from the anchor to
 * the farthest instant queried (24 bytes per interval, about 12 kB a year for two intervals a weekday);
 * a query inside it is a binary search over a Float64Array (and none for a query in the interval of the
 * previous one). Offsets are exact integers for whole-millisecond instants.
 *
 * @throws CrmError `validation_failed` when `calendar` is not made by `defineBusinessCalendar`, or `ms` is not
 * a finite number of milliseconds from 1900-01-01 to 2300-01-01 UTC.
 *
 * @example
 * ```ts
 * const c = unwrap(defineBusinessCalendar({ timeZone: 'UTC', week: { mon: [{ from: '09:00', to: '17:00' }] } }));
 * // Monday 2026-03-02 10:30 UTC and 16:00 UTC: 5.5 business hours apart.
 * (businessOffset(c, Date.UTC(2026, 2, 2, 16)) - businessOffset(c, Date.UTC(2026, 2, 2, 10, 30))) / 60000; //=> 330
 * ```
 */
export function businessOffset(calendar: BusinessCalendar, ms: number): number {
  const t = table('businessOffset', calendar);
  if (typeof ms !== 'number') throw argumentError('businessOffset', ['ms'], 'epoch milliseconds', ms);
  checkInstant('businessOffset', 'ms', ms);
  return t.offset(ms) - t.anchor();
}

/**
 * The earliest instant (epoch milliseconds, rounded up to a whole millisecond) whose
 * {@link businessOffset} is `offset`: inside the business interval where the count reaches it, and at the
 * end of an interval (not the start of the next) when the count reaches it exactly there. The inverse of
 * `businessOffset` on business instants: `instantAtBusinessOffset(c, businessOffset(c, t)) === t` for `t`
 * inside business hours (or at an interval's end).
 *
 * @throws CrmError `validation_failed` when `calendar` is not made by `defineBusinessCalendar`, `offset` is not
 * a finite number, or the instant would fall outside 1900-01-01 to 2300-01-01 UTC.
 *
 * @example
 * ```ts
 * const c = unwrap(defineBusinessCalendar({ timeZone: 'UTC', week: { mon: [{ from: '09:00', to: '17:00' }] } }));
 * const start = businessOffset(c, Date.UTC(2026, 2, 2, 9)); // Monday 09:00
 * new Date(instantAtBusinessOffset(c, start + 8 * 3_600_000)).toISOString(); //=> '2026-03-02T17:00:00.000Z'
 * ```
 */
export function instantAtBusinessOffset(calendar: BusinessCalendar, offset: number): number {
  const t = table('instantAtBusinessOffset', calendar);
  if (typeof offset !== 'number' || !Number.isFinite(offset))
    throw argumentError('instantAtBusinessOffset', ['offset'], 'a finite number of business milliseconds', offset);
  return t.instantAt(offset + t.anchor(), 'instantAtBusinessOffset', 'offset');
}

/**
 * The instant at which `minutes` business minutes have elapsed from `start` on `calendar`.
 * - `minutes = 0` gives `start` itself (a copy), even outside business hours;
 * - when the last minute ends exactly at the end of an interval, that end is returned (Friday 17:00), not the
 *   start of the next interval (Monday 08:00);
 * - a start outside business hours (a weekend, a holiday, a lunch break) counts from the next interval;
 * - fractional minutes are counted to the millisecond (`minutes × 60000`, rounded to a whole millisecond).
 *
 * O(days spanned) the first time a span of the calendar is used, then a binary search (see
 * {@link businessOffset}). Like Zendesk's business-hours targets and unlike Frappe's SLA (one second at a
 * time, no zone), it counts interval by interval in the calendar's IANA zone, across DST switches.
 *
 * @throws CrmError `validation_failed` when `calendar` is not made by `defineBusinessCalendar`, `start` is not
 * a valid Date from 1900-01-01 to 2300-01-01 UTC, `minutes` is negative or not finite, or the result would
 * fall past 2300-01-01.
 *
 * @example
 * ```ts
 * const jakarta = unwrap(defineBusinessCalendar({
 *   timeZone: 'Asia/Jakarta',
 *   week: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ from: '08:00', to: '12:00' }, { from: '13:00', to: '17:00' }]])),
 *   holidays: [{ date: '2026-03-02', name: 'Public holiday' }],
 * }));
 * // Friday 2026-02-27 16:30 in Jakarta (09:30 UTC) + 4 business hours: 30 min on Friday, Monday is a
 * // holiday, then Tuesday 08:00–11:30.
 * addBusinessTime(jakarta, new Date('2026-02-27T09:30:00Z'), 240).toISOString(); //=> '2026-03-03T04:30:00.000Z'
 * ```
 */
export function addBusinessTime(calendar: BusinessCalendar, start: Date, minutes: number): Date {
  const t = table('addBusinessTime', calendar);
  const s = instant('addBusinessTime', 'start', start);
  if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes < 0)
    throw argumentError('addBusinessTime', ['minutes'], 'a finite number of minutes, at least 0', minutes);
  const ms = Math.round(minutes * MINUTE_MS);
  if (ms === 0) return new Date(s);
  return new Date(t.instantAt(t.offset(s) + ms, 'addBusinessTime', 'minutes'));
}

/**
 * The business minutes of `calendar` in [`start`, `end`): holidays, closed days and the hours outside the
 * working intervals do not count. A plain number, fractional when the instants are not on minute boundaries
 * (milliseconds ÷ 60000); **0 when `end` is not after `start`** (never negative). Additive:
 * `between(a, b) + between(b, c) = between(a, c)` for `a ≤ b ≤ c` (exactly, for whole-minute instants).
 *
 * O(days spanned) the first time a span of the calendar is used, then two binary searches (see
 * {@link businessOffset}).
 *
 * @throws CrmError `validation_failed` when `calendar` is not made by `defineBusinessCalendar`, or `start` or
 * `end` is not a valid Date from 1900-01-01 to 2300-01-01 UTC.
 *
 * @example
 * ```ts
 * const berlin = unwrap(defineBusinessCalendar({ timeZone: 'Europe/Berlin', week: { sun: [{ from: '01:00', to: '05:00' }] } }));
 * // Sunday 2026-03-29: clocks jump from 02:00 to 03:00, so 01:00–05:00 lasts 3 real hours.
 * businessMinutesBetween(berlin, new Date('2026-03-28T00:00:00Z'), new Date('2026-03-30T00:00:00Z')); //=> 180
 * businessMinutesBetween(berlin, new Date('2026-03-30T00:00:00Z'), new Date('2026-03-28T00:00:00Z')); //=> 0
 * ```
 */
export function businessMinutesBetween(calendar: BusinessCalendar, start: Date, end: Date): number {
  const t = table('businessMinutesBetween', calendar);
  const s = instant('businessMinutesBetween', 'start', start);
  const e = instant('businessMinutesBetween', 'end', end);
  if (e <= s) return 0;
  return (t.offset(e) - t.offset(s)) / MINUTE_MS;
}
