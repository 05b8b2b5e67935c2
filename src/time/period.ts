/**
 * Periods: half-open UTC intervals `[start, end)`, calendar buckets and series.
 *
 * @module
 */
import { utc } from '@date-fns/utc';
import {
  addDays,
  addMonths,
  addQuarters,
  addWeeks,
  addYears,
  startOfDay,
  startOfISOWeek,
  startOfMonth,
  startOfQuarter,
  startOfYear,
} from 'date-fns';
import { CrmError } from '../core/errors.js';

/**
 * A half-open interval of time `[start, end)`: an instant `t` is inside when `start ≤ t < end`,
 * so consecutive periods tile time with no gaps and no double counting. Instants are UTC.
 *
 * @example
 * ```ts
 * const q1: Period = { start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-04-01T00:00:00Z') };
 * ```
 */
export interface Period {
  readonly start: Date;
  readonly end: Date;
}

/**
 * Calendar units for buckets and series. Weeks are ISO weeks (Monday to Monday, UTC).
 *
 * @example
 * ```ts
 * const unit: PeriodUnit = 'quarter';
 * ```
 */
export type PeriodUnit = 'day' | 'week' | 'month' | 'quarter' | 'year';

/** Input accepted where an instant is expected: a Date, an ISO 8601 string or epoch milliseconds. */
export type DateInput = Date | string | number;

/**
 * Reads an instant; throws `CrmError` `validation_failed` when it is not a valid date.
 *
 * @example
 * ```ts
 * toDate('2026-01-01T00:00:00Z').getTime(); //=> 1767225600000
 * ```
 */
export function toDate(value: DateInput, path: string = 'date'): Date {
  const d = value instanceof Date ? new Date(value.getTime()) : new Date(value);
  if (!Number.isFinite(d.getTime())) {
    throw new CrmError('validation_failed', `${path}: ${JSON.stringify(String(value))} is not a valid date; expected a Date, an ISO 8601 string or epoch milliseconds`, {
      issues: [{ path: [path], code: 'invalid_date', message: 'Invalid date' }],
    });
  }
  return d;
}

function plain(d: Date): Date {
  return new Date(d.getTime());
}

/**
 * Makes a period `[start, end)`. Throws `validation_failed` when either end is invalid or
 * `end < start` (an empty period, `start == end`, is allowed).
 *
 * @example
 * ```ts
 * period('2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z');
 * ```
 */
export function period(start: DateInput, end: DateInput): Period {
  const s = toDate(start, 'start');
  const e = toDate(end, 'end');
  if (e.getTime() < s.getTime()) {
    throw new CrmError('validation_failed', `period: end (${e.toISOString()}) is before start (${s.toISOString()})`, {
      issues: [{ path: ['end'], code: 'too_small', message: 'end must not be before start' }],
    });
  }
  return Object.freeze({ start: s, end: e });
}

/**
 * True when `start ≤ at < end`.
 *
 * @example
 * ```ts
 * const jan = monthPeriod('2026-01-15T00:00:00Z');
 * periodContains(jan, '2026-01-31T23:59:59Z'); //=> true
 * periodContains(jan, '2026-02-01T00:00:00Z'); //=> false (the end is excluded)
 * ```
 */
export function periodContains(p: Period, at: DateInput): boolean {
  const t = toDate(at, 'at').getTime();
  return p.start.getTime() <= t && t < p.end.getTime();
}

/**
 * True when two periods share at least one instant.
 *
 * @example
 * ```ts
 * periodsOverlap(monthPeriod('2026-01-01Z'), monthPeriod('2026-02-01Z')); //=> false
 * ```
 */
export function periodsOverlap(a: Period, b: Period): boolean {
  return a.start.getTime() < b.end.getTime() && b.start.getTime() < a.end.getTime();
}

/**
 * The length of a period in milliseconds.
 *
 * @example
 * ```ts
 * periodLengthMs(dayPeriod('2026-01-01Z')); //=> 86400000
 * ```
 */
export function periodLengthMs(p: Period): number {
  return p.end.getTime() - p.start.getTime();
}

const START: Record<PeriodUnit, (d: Date) => Date> = {
  day: (d) => startOfDay(d, { in: utc }),
  week: (d) => startOfISOWeek(d, { in: utc }),
  month: (d) => startOfMonth(d, { in: utc }),
  quarter: (d) => startOfQuarter(d, { in: utc }),
  year: (d) => startOfYear(d, { in: utc }),
};

const ADD: Record<PeriodUnit, (d: Date, n: number) => Date> = {
  day: (d, n) => addDays(d, n, { in: utc }),
  week: (d, n) => addWeeks(d, n, { in: utc }),
  month: (d, n) => addMonths(d, n, { in: utc }),
  quarter: (d, n) => addQuarters(d, n, { in: utc }),
  year: (d, n) => addYears(d, n, { in: utc }),
};

function assertUnit(unit: PeriodUnit): void {
  if (!Object.prototype.hasOwnProperty.call(START, unit)) {
    throw new CrmError('validation_failed', `Unknown period unit '${String(unit)}': expected day, week, month, quarter or year`, {
      issues: [{ path: ['unit'], code: 'invalid_value', message: 'Unknown unit' }],
    });
  }
}

/**
 * The calendar period of `unit` (UTC) that contains `at`.
 *
 * @example
 * ```ts
 * calendarPeriod('quarter', '2026-05-20T10:00:00Z');
 * //=> { start: 2026-04-01T00:00:00Z, end: 2026-07-01T00:00:00Z }
 * ```
 */
export function calendarPeriod(unit: PeriodUnit, at: DateInput): Period {
  assertUnit(unit);
  const start = START[unit](toDate(at, 'at'));
  return Object.freeze({ start: plain(start), end: plain(ADD[unit](start, 1)) });
}

/**
 * The UTC day containing `at`. @example `dayPeriod('2026-01-01T12:00:00Z')` → `[2026-01-01, 2026-01-02)`
 */
export function dayPeriod(at: DateInput): Period {
  return calendarPeriod('day', at);
}
/**
 * The ISO week (Monday 00:00 UTC to the next Monday) containing `at`.
 * @example `weekPeriod('2026-03-15T23:30:00Z')` → `[2026-03-09, 2026-03-16)`
 */
export function weekPeriod(at: DateInput): Period {
  return calendarPeriod('week', at);
}
/**
 * The UTC calendar month containing `at`. @example `monthPeriod('2026-02-10Z')` → `[2026-02-01, 2026-03-01)`
 */
export function monthPeriod(at: DateInput): Period {
  return calendarPeriod('month', at);
}
/**
 * The UTC calendar quarter containing `at`. @example `quarterPeriod('2026-05-20Z')` → `[2026-04-01, 2026-07-01)`
 */
export function quarterPeriod(at: DateInput): Period {
  return calendarPeriod('quarter', at);
}
/**
 * The UTC calendar year containing `at`. @example `yearPeriod('2026-05-20Z')` → `[2026-01-01, 2027-01-01)`
 */
export function yearPeriod(at: DateInput): Period {
  return calendarPeriod('year', at);
}

/**
 * The calendar periods of `unit` that together cover `[start, end)`: the first contains `start`,
 * the last contains the instant just before `end`. An empty range gives an empty list.
 *
 * @example
 * ```ts
 * periodsBetween('2026-01-15Z', '2026-03-02Z', 'month').map((p) => p.start.toISOString().slice(0, 7));
 * //=> ['2026-01', '2026-02', '2026-03']
 * ```
 */
export function periodsBetween(start: DateInput, end: DateInput, unit: PeriodUnit): Period[] {
  assertUnit(unit);
  const s = toDate(start, 'start');
  const e = toDate(end, 'end');
  const out: Period[] = [];
  let cursor = START[unit](s);
  while (cursor.getTime() < e.getTime()) {
    const next = ADD[unit](cursor, 1);
    out.push(Object.freeze({ start: plain(cursor), end: plain(next) }));
    cursor = next;
  }
  return out;
}

/**
 * `count` consecutive calendar periods of `unit`, the first containing `from`.
 *
 * @example
 * ```ts
 * periodSeries('2026-01-10Z', 'quarter', 4).length; //=> 4
 * ```
 */
export function periodSeries(from: DateInput, unit: PeriodUnit, count: number): Period[] {
  assertUnit(unit);
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new CrmError('validation_failed', `periodSeries: count must be a non-negative integer; received ${count}`, {
      issues: [{ path: ['count'], code: 'invalid_value', message: 'Expected an integer ≥ 0' }],
    });
  }
  const out: Period[] = [];
  let cursor = START[unit](toDate(from, 'from'));
  for (let i = 0; i < count; i++) {
    const next = ADD[unit](cursor, 1);
    out.push(Object.freeze({ start: plain(cursor), end: plain(next) }));
    cursor = next;
  }
  return out;
}

/**
 * Adds `n` calendar units to an instant in UTC (month ends clamp: Jan 31 + 1 month = Feb 28/29).
 *
 * @example
 * ```ts
 * addUnits('2026-01-31T00:00:00Z', 'month', 1).toISOString(); //=> '2026-02-28T00:00:00.000Z'
 * ```
 */
export function addUnits(at: DateInput, unit: PeriodUnit, n: number): Date {
  assertUnit(unit);
  return plain(ADD[unit](toDate(at, 'at'), n));
}

const MS_PER_DAY = 86_400_000;

/**
 * Elapsed days from `from` to `to` as a real number (negative when `to` is earlier).
 *
 * @example
 * ```ts
 * daysBetween('2026-01-01T00:00:00Z', '2026-01-02T12:00:00Z'); //=> 1.5
 * ```
 */
export function daysBetween(from: DateInput, to: DateInput): number {
  return (toDate(to, 'to').getTime() - toDate(from, 'from').getTime()) / MS_PER_DAY;
}
