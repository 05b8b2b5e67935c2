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
import { CrmError, type CrmIssue, type PathSegment } from '../core/errors.js';
import { parseIsoInstant } from '../core/dates.js';
import { quoteValue, showValue } from '../_lib/show.js';

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

/**
 * Input accepted where an instant is expected: a Date, an ISO 8601 string or epoch milliseconds.
 * ISO strings without an offset are read as UTC (never in the process's local zone).
 *
 * @example
 * ```ts
 * const at: DateInput = '2026-03-31T23:30:00Z';
 * ```
 */
export type DateInput = Date | string | number;

/**
 * Reads an instant. Strings must be ISO 8601 (`'2026-03-31'`, `'2026-03-31T23:30:00Z'`,
 * `'2026-03-31T23:30:00+02:00'`); without an offset they are UTC, so the result never depends on
 * the process's time zone. Impossible calendar dates such as `'2026-02-30'` are refused rather
 * than rolled over. A Date is copied, never shared.

 *
 * @throws CrmError `validation_failed` (issue code `invalid_date`, path `[path]`) when `value` is not a
 * valid date.
 *
 * @example
 * ```ts
 * toDate('2026-01-01T00:00:00Z').getTime(); //=> 1767225600000
 * toDate('2026-01-01T00:00:00').getTime();  //=> 1767225600000 (UTC, whatever TZ says)
 * toDate('2026-02-30');                      //=> throws validation_failed (no rollover to March)
 * ```
 */
export function toDate(value: DateInput, path: string = 'date'): Date {
  if (typeof path !== 'string') path = 'date';
  const t =
    value instanceof Date
      ? value.getTime()
      : typeof value === 'string'
        ? parseIsoInstant(value)
        : typeof value === 'number'
          ? value
          : Number.NaN;
  const d = new Date(t);
  if (!Number.isFinite(d.getTime())) {
    const shown = value instanceof Date ? 'Invalid Date' : quoteValue(value);
    throw new CrmError(
      'validation_failed',
      `${path}: ${shown} is not a valid date; expected a Date, an ISO 8601 string (such as '2026-03-31T23:30:00Z') or epoch milliseconds`,
      {
        issues: [{ path: [path], code: 'invalid_date', message: 'Invalid date' }],
      },
    );
  }
  return d;
}

function plain(d: Date): Date {
  const t = d.getTime();
  if (!Number.isFinite(t)) {
    throw new CrmError(
      'validation_failed',
      'The result falls outside the range of JavaScript dates (±8.64e15 ms around 1970)',
      {
        issues: [{ path: [], code: 'invalid_date', message: 'Date out of range' }],
      },
    );
  }
  return new Date(t);
}

/**
 * The most periods {@link periodsBetween} and {@link periodSeries} make in one call (about 274 years of
 * days): a longer series is refused, so a typo in a range cannot exhaust memory.
 *
 * @example
 * ```ts
 * MAX_PERIODS; //=> 100000
 * ```
 */
export const MAX_PERIODS = 100_000;

const validInstant = (d: unknown): d is Date => d instanceof Date && Number.isFinite(d.getTime());

/**
 * What is wrong with a value given as a {@link Period}: `undefined` when it is a period of two valid
 * Dates with `start ≤ end` (an empty period is fine), otherwise one `invalid_period` issue at `path`.
 * Never throws. For functions that report a bad period in a `Result`.
 *
 * @example
 * ```ts
 * periodIssue({ start: new Date('2026-02-01'), end: new Date('2026-01-01') }, ['period'])?.code; //=> 'invalid_period'
 * periodIssue(period('2026-01-01', '2026-01-01'), ['period']); //=> undefined (empty but valid)
 * ```
 */
export function periodIssue(p: unknown, path: readonly PathSegment[]): CrmIssue | undefined {
  let start: unknown;
  let end: unknown;
  try {
    if (p !== null && typeof p === 'object') ({ start, end } = p as Partial<Period>);
  } catch {
    // a throwing getter: not a period
  }
  if (!validInstant(start) || !validInstant(end))
    return {
      path,
      message: `expected a period { start: Date, end: Date } of valid dates; received ${showValue(p)}`,
      code: 'invalid_period',
    };
  if (end.getTime() < start.getTime())
    return {
      path,
      message: `the period ends (${end.toISOString()}) before it starts (${start.toISOString()}); expected start ≤ end`,
      code: 'invalid_period',
    };
  return undefined;
}

function assertPeriod(p: unknown, path: string): asserts p is Period {
  const issue = periodIssue(p, [path]);
  if (issue !== undefined) throw new CrmError('validation_failed', `${path}: ${issue.message}`, { issues: [issue] });
}

/**
 * Makes a period `[start, end)`. An empty period (`start == end`) is valid everywhere: it contains no
 * instant, and a measure over it gives its documented empty value.
 *
 * @throws CrmError `validation_failed` when either end is not a valid date (`invalid_date`) or
 * `end < start` (`too_small` at `['end']`). Functions that take a period and return a `Result` report
 * the same problems in the `Result` instead (`invalid_period`).
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
 * @throws CrmError `validation_failed` when `p` is not a period or `at` not a valid date.
 *
 * @example
 * ```ts
 * const jan = monthPeriod('2026-01-15T00:00:00Z');
 * periodContains(jan, '2026-01-31T23:59:59Z'); //=> true
 * periodContains(jan, '2026-02-01T00:00:00Z'); //=> false (the end is excluded)
 * ```
 */
export function periodContains(p: Period, at: DateInput): boolean {
  assertPeriod(p, 'period');
  const t = toDate(at, 'at').getTime();
  return p.start.getTime() <= t && t < p.end.getTime();
}

/**
 * True when two periods share at least one instant. Periods that only touch (`a.end == b.start`)
 * do not overlap, and an empty period overlaps nothing.
 *
 * @throws CrmError `validation_failed` when `a` or `b` is not a period of valid dates.
 *
 * @example
 * ```ts
 * periodsOverlap(monthPeriod('2026-01-01'), monthPeriod('2026-02-01')); //=> false
 * ```
 */
export function periodsOverlap(a: Period, b: Period): boolean {
  assertPeriod(a, 'a');
  assertPeriod(b, 'b');
  const [as, ae, bs, be] = [a.start.getTime(), a.end.getTime(), b.start.getTime(), b.end.getTime()];
  // An empty period [t, t) contains no instant, so it overlaps nothing.
  return as < ae && bs < be && as < be && bs < ae;
}

/**
 * The length of a period in milliseconds.
 *
 * @throws CrmError `validation_failed` when `p` is not a period of valid dates.
 *
 * @example
 * ```ts
 * periodLengthMs(dayPeriod('2026-01-01')); //=> 86400000
 * ```
 */
export function periodLengthMs(p: Period): number {
  assertPeriod(p, 'period');
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
  if (typeof unit !== 'string' || !Object.prototype.hasOwnProperty.call(START, unit)) {
    throw new CrmError(
      'validation_failed',
      `Unknown period unit '${showValue(unit)}': expected day, week, month, quarter or year`,
      {
        issues: [{ path: ['unit'], code: 'invalid_value', message: 'Unknown unit' }],
      },
    );
  }
}

/**
 * The calendar period of `unit` (UTC) that contains `at`.
 *
 * @throws CrmError `validation_failed` for an unknown unit, an invalid date, or a period that would end
 * outside the range of JavaScript dates.
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
 * The UTC day containing `at`.
 *
 * @throws CrmError `validation_failed` for an invalid date.
 *
 * @example
 * ```ts
 * dayPeriod('2026-01-01T12:00:00Z'); //=> [2026-01-01T00:00Z, 2026-01-02T00:00Z)
 * ```
 */
export function dayPeriod(at: DateInput): Period {
  return calendarPeriod('day', at);
}
/**
 * The ISO week (Monday 00:00 UTC to the next Monday) containing `at`.
 *
 * @throws CrmError `validation_failed` for an invalid date.
 *
 * @example
 * ```ts
 * weekPeriod('2026-03-15T23:30:00Z'); //=> [2026-03-09T00:00Z, 2026-03-16T00:00Z) (a Sunday night is still that week)
 * ```
 */
export function weekPeriod(at: DateInput): Period {
  return calendarPeriod('week', at);
}
/**
 * The UTC calendar month containing `at`.
 *
 * @throws CrmError `validation_failed` for an invalid date.
 *
 * @example
 * ```ts
 * monthPeriod('2026-02-10'); //=> [2026-02-01T00:00Z, 2026-03-01T00:00Z)
 * ```
 */
export function monthPeriod(at: DateInput): Period {
  return calendarPeriod('month', at);
}
/**
 * The UTC calendar quarter containing `at`.
 *
 * @throws CrmError `validation_failed` for an invalid date.
 *
 * @example
 * ```ts
 * quarterPeriod('2026-05-20'); //=> [2026-04-01T00:00Z, 2026-07-01T00:00Z)
 * ```
 */
export function quarterPeriod(at: DateInput): Period {
  return calendarPeriod('quarter', at);
}
/**
 * The UTC calendar year containing `at`.
 *
 * @throws CrmError `validation_failed` for an invalid date.
 *
 * @example
 * ```ts
 * yearPeriod('2026-05-20'); //=> [2026-01-01T00:00Z, 2027-01-01T00:00Z)
 * ```
 */
export function yearPeriod(at: DateInput): Period {
  return calendarPeriod('year', at);
}

/**
 * The calendar periods of `unit` that together cover `[start, end)`: the first contains `start`,
 * the last contains the instant just before `end`; consecutive periods meet exactly (no gaps, no
 * overlaps). An empty range (`start == end`) gives an empty list. At most {@link MAX_PERIODS}
 * periods are made.
 *
 * @throws CrmError `validation_failed` for `end < start`, an invalid date, an unknown unit, or a range
 * that needs more than {@link MAX_PERIODS} periods (`too_big`).
 *
 * @example
 * ```ts
 * periodsBetween('2026-01-15', '2026-03-02', 'month').map((p) => p.start.toISOString().slice(0, 7));
 * //=> ['2026-01', '2026-02', '2026-03']
 * ```
 */
export function periodsBetween(start: DateInput, end: DateInput, unit: PeriodUnit): readonly Period[] {
  assertUnit(unit);
  const s = toDate(start, 'start');
  const e = toDate(end, 'end');
  if (e.getTime() < s.getTime()) {
    throw new CrmError(
      'validation_failed',
      `periodsBetween: end (${e.toISOString()}) is before start (${s.toISOString()})`,
      {
        issues: [{ path: ['end'], code: 'too_small', message: 'end must not be before start' }],
      },
    );
  }
  const out: Period[] = [];
  if (e.getTime() === s.getTime()) return Object.freeze(out);
  // No unit is longer than LONGEST_MS[unit], so this many periods at least are needed: refuse a range
  // past the limit before making any (the loop below would make MAX_PERIODS of them first).
  if ((e.getTime() - s.getTime()) / LONGEST_MS[unit] > MAX_PERIODS + 1) throw tooManyPeriods(s, e, unit);
  let cursor = START[unit](s);
  while (cursor.getTime() < e.getTime()) {
    if (out.length >= MAX_PERIODS) throw tooManyPeriods(s, e, unit);
    const next = ADD[unit](cursor, 1);
    out.push(Object.freeze({ start: plain(cursor), end: plain(next) }));
    cursor = next;
  }
  return Object.freeze(out);
}

/**
 * The longest period of each unit in UTC (no daylight saving), in ms: 1, 7, 31, 92 and 366 days.
 * Literals, so a bundler drops the table from an app that does not use it.
 */
const LONGEST_MS: Readonly<Record<PeriodUnit, number>> = {
  day: 86_400_000,
  week: 604_800_000,
  month: 2_678_400_000,
  quarter: 7_948_800_000,
  year: 31_622_400_000,
};

function tooManyPeriods(s: Date, e: Date, unit: PeriodUnit): CrmError {
  return new CrmError(
    'validation_failed',
    `periodsBetween: ${s.toISOString()} to ${e.toISOString()} needs more than ${MAX_PERIODS} ${unit} periods`,
    { issues: [{ path: ['end'], code: 'too_big', message: `at most ${MAX_PERIODS} periods` }] },
  );
}

/**
 * `count` consecutive calendar periods of `unit`, the first containing `from`.
 *
 * @throws CrmError `validation_failed` for a `count` that is not an integer in 0..{@link MAX_PERIODS},
 * an invalid date or an unknown unit.
 *
 * @example
 * ```ts
 * periodSeries('2026-01-10', 'quarter', 4).length; //=> 4
 * ```
 */
export function periodSeries(from: DateInput, unit: PeriodUnit, count: number): readonly Period[] {
  assertUnit(unit);
  if (!Number.isSafeInteger(count) || count < 0 || count > MAX_PERIODS) {
    throw new CrmError(
      'validation_failed',
      `periodSeries: count must be an integer in 0..${MAX_PERIODS}; received ${showValue(count)}`,
      {
        issues: [
          typeof count === 'number' && count > MAX_PERIODS
            ? { path: ['count'], code: 'too_big', message: `at most ${MAX_PERIODS} periods` }
            : { path: ['count'], code: 'invalid_value', message: 'Expected an integer ≥ 0' },
        ],
      },
    );
  }
  const out: Period[] = [];
  let cursor = START[unit](toDate(from, 'from'));
  for (let i = 0; i < count; i++) {
    const next = ADD[unit](cursor, 1);
    out.push(Object.freeze({ start: plain(cursor), end: plain(next) }));
    cursor = next;
  }
  return Object.freeze(out);
}

/**
 * Adds `n` (an integer, possibly negative) calendar units to an instant in UTC. Month ends clamp:
 * Jan 31 + 1 month = Feb 28 (29 in a leap year); Feb 29 + 1 year = Feb 28. The time of day is kept.
 *
 * @throws CrmError `validation_failed` for a non-integer `n`, an invalid date, an unknown unit or a
 * result outside the range of JavaScript dates.
 *
 * @example
 * ```ts
 * addUnits('2026-01-31T00:00:00Z', 'month', 1).toISOString(); //=> '2026-02-28T00:00:00.000Z'
 * ```
 */
export function addUnits(at: DateInput, unit: PeriodUnit, n: number): Date {
  assertUnit(unit);
  if (!Number.isSafeInteger(n)) {
    throw new CrmError('validation_failed', `addUnits: n must be an integer; received ${showValue(n)}`, {
      issues: [{ path: ['n'], code: 'invalid_value', message: 'Expected a safe integer' }],
    });
  }
  return plain(ADD[unit](toDate(at, 'at'), n));
}

const MS_PER_DAY = 86_400_000;

/**
 * Elapsed days from `from` to `to` as a real number (negative when `to` is earlier).
 *
 * @throws CrmError `validation_failed` when either is not a valid date.
 *
 * @example
 * ```ts
 * daysBetween('2026-01-01T00:00:00Z', '2026-01-02T12:00:00Z'); //=> 1.5
 * ```
 */
export function daysBetween(from: DateInput, to: DateInput): number {
  return (toDate(to, 'to').getTime() - toDate(from, 'from').getTime()) / MS_PER_DAY;
}
