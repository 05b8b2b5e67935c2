import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  period,
  periodContains,
  periodsOverlap,
  periodLengthMs,
  calendarPeriod,
  dayPeriod,
  weekPeriod,
  monthPeriod,
  quarterPeriod,
  yearPeriod,
  periodsBetween,
  periodSeries,
  addUnits,
  daysBetween,
  toDate,
  periodIssue,
  MAX_PERIODS,
  type Period,
  type PeriodUnit,
} from '../../src/time/index.js';
import { isCrmError } from '../../src/core/index.js';

const iso = (p: Period): [string, string] => [p.start.toISOString(), p.end.toISOString()];
const UNITS: PeriodUnit[] = ['day', 'week', 'month', 'quarter', 'year'];

function errorOf(fn: () => unknown): {
  code: string;
  message: string;
  issues: readonly { path: readonly (string | number)[]; code: string }[];
} {
  try {
    fn();
  } catch (e) {
    expect(isCrmError(e)).toBe(true);
    return e as never;
  }
  throw new Error('expected a throw');
}

describe('toDate', () => {
  it('reads Dates (copied), epoch milliseconds and ISO 8601 strings', () => {
    const d = new Date('2026-01-01T00:00:00Z');
    const copy = toDate(d);
    expect(copy).toEqual(d);
    expect(copy).not.toBe(d);
    expect(toDate(1767225600000).toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(toDate('2026-01-01T00:00:00Z').getTime()).toBe(1767225600000);
    expect(toDate('2026-03-31T23:30:00+02:00').toISOString()).toBe('2026-03-31T21:30:00.000Z');
    expect(toDate('2026-03-31T23:30:00-0530').toISOString()).toBe('2026-04-01T05:00:00.000Z');
    expect(toDate('2026-01-01T10:00:00.57Z').toISOString()).toBe('2026-01-01T10:00:00.570Z');
    expect(toDate('2026-01-01 10:00').toISOString()).toBe('2026-01-01T10:00:00.000Z');
    expect(toDate('2026-01').toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(toDate('2024-02-29').toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(toDate('0050-06-01').getUTCFullYear()).toBe(50); // not mapped to 1950
    expect(toDate('+012026-01-01T00:00:00Z').getUTCFullYear()).toBe(12026);
    expect(toDate('2026-01-01T24:00:00Z').toISOString()).toBe('2026-01-02T00:00:00.000Z');
  });

  it('reads strings without an offset as UTC', () => {
    expect(toDate('2026-07-01T12:00:00').toISOString()).toBe('2026-07-01T12:00:00.000Z');
    expect(toDate('2026-07-01').toISOString()).toBe('2026-07-01T00:00:00.000Z');
  });

  it('refuses invalid dates with validation_failed at the named path', () => {
    for (const bad of [
      '2026-02-30',
      '2025-02-29',
      '2026-13-01',
      '2026-00-10',
      '2026-01-01T25:00:00Z',
      '2026-01-01T24:00:01Z',
      '2026-01-01T10:60Z',
      'March 7, 2026',
      '',
      'yesterday',
      '20260101',
      '2026-01-01T10:00:00+25:00',
    ]) {
      const e = errorOf(() => toDate(bad, 'closeDate'));
      expect(e.code).toBe('validation_failed');
      expect(e.issues[0]).toMatchObject({ path: ['closeDate'], code: 'invalid_date' });
      expect(e.message).toContain(JSON.stringify(bad));
    }
    for (const bad of [
      new Date(Number.NaN),
      Number.NaN,
      Number.POSITIVE_INFINITY,
      8.64e15 + 1,
      null as unknown as string,
      undefined as unknown as string,
    ]) {
      expect(errorOf(() => toDate(bad)).issues[0]!.path).toEqual(['date']);
    }
  });
});

describe('period', () => {
  it('is half-open: the start is inside, the end is not', () => {
    const p = period('2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z');
    expect(periodContains(p, '2026-01-01T00:00:00Z')).toBe(true);
    expect(periodContains(p, '2026-01-31T23:59:59.999Z')).toBe(true);
    expect(periodContains(p, '2026-02-01T00:00:00Z')).toBe(false);
    expect(periodContains(p, '2025-12-31T23:59:59.999Z')).toBe(false);
    expect(periodLengthMs(p)).toBe(31 * 86_400_000);
  });

  it('allows an empty period (contains nothing) and refuses end < start', () => {
    const empty = period('2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
    expect(periodContains(empty, '2026-01-01T00:00:00Z')).toBe(false);
    expect(periodLengthMs(empty)).toBe(0);
    const e = errorOf(() => period('2026-02-01T00:00:00Z', '2026-01-01T00:00:00Z'));
    expect(e.code).toBe('validation_failed');
    expect(e.issues[0]!.path).toEqual(['end']);
    expect(errorOf(() => period('nope', '2026-01-01')).issues[0]!.path).toEqual(['start']);
    expect(errorOf(() => period('2026-01-01', 'nope')).issues[0]!.path).toEqual(['end']);
  });

  it('is frozen and does not share the caller’s Dates', () => {
    const s = new Date('2026-01-01T00:00:00Z');
    const p = period(s, '2026-01-02T00:00:00Z');
    s.setUTCFullYear(2000);
    expect(p.start.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(Object.isFrozen(p)).toBe(true);
  });

  it('periodsOverlap: touching periods do not overlap', () => {
    expect(periodsOverlap(monthPeriod('2026-01-01'), monthPeriod('2026-02-01'))).toBe(false);
    expect(periodsOverlap(period('2026-01-01', '2026-01-10'), period('2026-01-09', '2026-01-20'))).toBe(true);
    expect(periodsOverlap(period('2026-01-01', '2026-01-31'), period('2026-01-05', '2026-01-06'))).toBe(true);
    expect(periodsOverlap(period('2026-01-05', '2026-01-05'), period('2026-01-01', '2026-01-31'))).toBe(false);
  });
});

describe('calendar buckets (UTC)', () => {
  it('an instant at 23:30Z on the last day of a month belongs to that month, quarter and year', () => {
    expect(iso(monthPeriod('2026-03-31T23:30:00Z'))).toEqual(['2026-03-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z']);
    expect(iso(quarterPeriod('2026-03-31T23:30:00Z'))).toEqual([
      '2026-01-01T00:00:00.000Z',
      '2026-04-01T00:00:00.000Z',
    ]);
    expect(iso(yearPeriod('2026-12-31T23:30:00Z'))).toEqual(['2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z']);
    expect(iso(dayPeriod('2026-01-31T23:30:00Z'))).toEqual(['2026-01-31T00:00:00.000Z', '2026-02-01T00:00:00.000Z']);
    expect(iso(monthPeriod('2026-04-01T00:30:00+02:00'))).toEqual([
      '2026-03-01T00:00:00.000Z',
      '2026-04-01T00:00:00.000Z',
    ]); // 22:30Z on Mar 31
  });

  it('months have their calendar lengths, February 29 in leap years', () => {
    expect(periodLengthMs(monthPeriod('2024-02-10')) / 86_400_000).toBe(29);
    expect(periodLengthMs(monthPeriod('2026-02-10')) / 86_400_000).toBe(28);
    expect(periodLengthMs(monthPeriod('2100-02-10')) / 86_400_000).toBe(28); // not a leap year (Gregorian century rule)
    expect(periodLengthMs(monthPeriod('2000-02-10')) / 86_400_000).toBe(29);
  });

  it('quarters and years', () => {
    expect(iso(quarterPeriod('2026-05-20T10:00:00Z'))).toEqual([
      '2026-04-01T00:00:00.000Z',
      '2026-07-01T00:00:00.000Z',
    ]);
    expect(iso(calendarPeriod('quarter', '2026-10-01T00:00:00Z'))).toEqual([
      '2026-10-01T00:00:00.000Z',
      '2027-01-01T00:00:00.000Z',
    ]);
    expect(iso(yearPeriod('2024-07-01'))).toEqual(['2024-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z']);
  });

  it('ISO weeks run Monday to Monday (ISO 8601; checked with Python datetime.isocalendar)', () => {
    // 2026-01-01 is a Thursday in ISO week 1 of 2026, which starts Monday 2025-12-29.
    expect(iso(weekPeriod('2026-01-01T12:00:00Z'))).toEqual(['2025-12-29T00:00:00.000Z', '2026-01-05T00:00:00.000Z']);
    // 2021-01-03 is the Sunday of ISO week 53 of 2020, which starts Monday 2020-12-28.
    expect(iso(weekPeriod('2021-01-03T23:59:59Z'))).toEqual(['2020-12-28T00:00:00.000Z', '2021-01-04T00:00:00.000Z']);
    // Sunday 2026-03-15 late at night UTC is still the week of Monday 2026-03-09.
    expect(iso(weekPeriod('2026-03-15T23:30:00Z'))).toEqual(['2026-03-09T00:00:00.000Z', '2026-03-16T00:00:00.000Z']);
    expect(iso(weekPeriod('2026-03-16T00:00:00Z'))[0]).toBe('2026-03-16T00:00:00.000Z');
  });

  it('refuses an unknown unit', () => {
    const e = errorOf(() => calendarPeriod('fortnight' as PeriodUnit, '2026-01-01'));
    expect(e.issues[0]!.path).toEqual(['unit']);
    expect(e.message).toMatch(/day, week, month, quarter or year/);
  });

  it('property: for every unit, the bucket contains the instant and its start is its own bucket start', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom(...UNITS),
        (d, unit) => {
          const p = calendarPeriod(unit, d);
          expect(periodContains(p, d)).toBe(true);
          expect(calendarPeriod(unit, p.start)).toEqual(p);
          expect(calendarPeriod(unit, p.end).start).toEqual(p.end);
          expect(
            p.start.getUTCHours() + p.start.getUTCMinutes() + p.start.getUTCSeconds() + p.start.getUTCMilliseconds(),
          ).toBe(0);
        },
      ),
    );
  });
});

describe('periodsBetween', () => {
  it('lists the calendar periods covering [start, end)', () => {
    const ps = periodsBetween('2026-01-15', '2026-03-02', 'month');
    expect(ps.map((p) => p.start.toISOString().slice(0, 7))).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(periodsBetween('2026-01-01', '2026-03-01', 'month')).toHaveLength(2); // the end is excluded
    expect(periodsBetween('2026-01-01', '2027-01-01', 'quarter')).toHaveLength(4);
    expect(periodsBetween('2026-01-01', '2026-01-08', 'day')).toHaveLength(7);
    expect(periodsBetween('2026-01-01', '2026-01-01', 'day')).toEqual([]);
  });

  it('gives an empty list for an empty range, also when start is not on a period boundary', () => {
    // Found by the property below (fast-check seed 1348589516): [day, 1969-12-31T23:59:59.999Z, 0].
    expect(periodsBetween('1969-12-31T23:59:59.999Z', '1969-12-31T23:59:59.999Z', 'day')).toEqual([]);
    for (const unit of UNITS) expect(periodsBetween('2026-05-20T13:00:00Z', '2026-05-20T13:00:00Z', unit)).toEqual([]);
    expect(periodsBetween('2026-05-01', '2026-05-01', 'month')).toEqual([]);
  });

  it('refuses end < start and invalid dates', () => {
    expect(errorOf(() => periodsBetween('2026-02-01', '2026-01-01', 'month')).issues[0]!.path).toEqual(['end']);
    expect(errorOf(() => periodsBetween('x', '2026-01-01', 'month')).issues[0]!.path).toEqual(['start']);
  });

  it('property: covers [start, end) with no gaps or overlaps, and no period lies outside it', () => {
    const span: Record<PeriodUnit, number> = { day: 400, week: 2_000, month: 12_000, quarter: 30_000, year: 60_000 };
    fc.assert(
      fc.property(
        fc.constantFrom(...UNITS).chain((unit) =>
          fc.tuple(
            fc.constant(unit),
            fc.date({
              min: new Date('1950-01-01T00:00:00Z'),
              max: new Date('2150-01-01T00:00:00Z'),
              noInvalidDate: true,
            }),
            fc.integer({ min: 0, max: span[unit] * 3_600_000 }),
          ),
        ),
        ([unit, start, lengthMs]) => {
          const end = new Date(start.getTime() + lengthMs * 24);
          const ps = periodsBetween(start, end, unit);
          if (lengthMs === 0) {
            expect(ps).toEqual([]);
            return;
          }
          expect(periodContains(ps[0]!, start)).toBe(true);
          expect(periodContains(ps[ps.length - 1]!, end.getTime() - 1)).toBe(true);
          for (let i = 1; i < ps.length; i++) expect(ps[i]!.start.getTime()).toBe(ps[i - 1]!.end.getTime());
          for (const p of ps) {
            expect(p.end.getTime()).toBeGreaterThan(p.start.getTime());
            expect(periodsOverlap(p, { start, end })).toBe(true);
            expect(calendarPeriod(unit, p.start)).toEqual(p);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('periodSeries', () => {
  it('gives count consecutive periods from the one containing `from`', () => {
    const qs = periodSeries('2026-02-10', 'quarter', 4);
    expect(qs.map((p) => p.start.toISOString().slice(0, 10))).toEqual([
      '2026-01-01',
      '2026-04-01',
      '2026-07-01',
      '2026-10-01',
    ]);
    expect(qs[3]!.end.toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(periodSeries('2026-02-10', 'month', 0)).toEqual([]);
    expect(periodSeries('2026-02-10', 'month', 3)).toEqual(periodsBetween('2026-02-10', '2026-05-01', 'month'));
  });

  it('refuses a negative, fractional or non-finite count', () => {
    for (const n of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(errorOf(() => periodSeries('2026-01-01', 'month', n)).issues[0]!.path).toEqual(['count']);
    }
  });

  it('property: consecutive, contiguous, of the requested length', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1950-01-01T00:00:00Z'), max: new Date('2150-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom(...UNITS),
        fc.integer({ min: 0, max: 40 }),
        (from, unit, n) => {
          const ps = periodSeries(from, unit, n);
          expect(ps).toHaveLength(n);
          if (n > 0) expect(periodContains(ps[0]!, from)).toBe(true);
          for (let i = 1; i < n; i++) expect(ps[i]!.start).toEqual(ps[i - 1]!.end);
        },
      ),
    );
  });
});

describe('addUnits', () => {
  it('clamps month ends (Jan 31 + 1 month = Feb 28, or Feb 29 in a leap year) and keeps the time of day', () => {
    expect(addUnits('2026-01-31T00:00:00Z', 'month', 1).toISOString()).toBe('2026-02-28T00:00:00.000Z');
    expect(addUnits('2024-01-31T15:45:00Z', 'month', 1).toISOString()).toBe('2024-02-29T15:45:00.000Z');
    expect(addUnits('2026-03-31T00:00:00Z', 'month', -1).toISOString()).toBe('2026-02-28T00:00:00.000Z');
    expect(addUnits('2026-01-31T00:00:00Z', 'quarter', 1).toISOString()).toBe('2026-04-30T00:00:00.000Z');
    expect(addUnits('2024-02-29T00:00:00Z', 'year', 1).toISOString()).toBe('2025-02-28T00:00:00.000Z');
    expect(addUnits('2024-02-29T00:00:00Z', 'year', 4).toISOString()).toBe('2028-02-29T00:00:00.000Z');
    expect(addUnits('2026-01-31T23:30:00Z', 'day', 1).toISOString()).toBe('2026-02-01T23:30:00.000Z');
    expect(addUnits('2026-01-01T00:00:00Z', 'week', 2).toISOString()).toBe('2026-01-15T00:00:00.000Z');
    expect(addUnits('2026-05-15T00:00:00Z', 'month', 0).toISOString()).toBe('2026-05-15T00:00:00.000Z');
  });

  it('refuses a fractional or non-finite n and an invalid instant', () => {
    for (const n of [1.5, Number.NaN, Number.POSITIVE_INFINITY])
      expect(errorOf(() => addUnits('2026-01-01', 'month', n)).issues[0]!.path).toEqual(['n']);
    expect(errorOf(() => addUnits('bad', 'day', 1)).issues[0]!.path).toEqual(['at']);
    expect(errorOf(() => addUnits(8.64e15, 'day', 1)).code).toBe('validation_failed'); // beyond the last representable Date
  });

  it('property: adding days and weeks is exact in milliseconds and reversible', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1950-01-01T00:00:00Z'), max: new Date('2150-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: -5000, max: 5000 }),
        (d, n) => {
          expect(addUnits(d, 'day', n).getTime() - d.getTime()).toBe(n * 86_400_000);
          expect(addUnits(d, 'week', n).getTime() - d.getTime()).toBe(n * 7 * 86_400_000);
          expect(addUnits(addUnits(d, 'day', n), 'day', -n)).toEqual(d);
        },
      ),
    );
  });

  it('property: adding months from the 1st..28th keeps the day of month', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1950, max: 2150 }),
        fc.integer({ min: 0, max: 11 }),
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: -240, max: 240 }),
        (y, m, day, n) => {
          const d = new Date(Date.UTC(y, m, day, 13, 5));
          const r = addUnits(d, 'month', n);
          expect(r.getUTCDate()).toBe(day);
          expect((r.getUTCFullYear() - y) * 12 + r.getUTCMonth() - m).toBe(n);
          expect(r.getUTCHours()).toBe(13);
        },
      ),
    );
  });
});

describe('daysBetween', () => {
  it('gives elapsed days as a real number, negative backwards', () => {
    expect(daysBetween('2026-01-01T00:00:00Z', '2026-01-02T12:00:00Z')).toBe(1.5);
    expect(daysBetween('2026-01-02T12:00:00Z', '2026-01-01T00:00:00Z')).toBe(-1.5);
    expect(daysBetween('2026-03-08T00:00:00Z', '2026-03-09T00:00:00Z')).toBe(1); // a US DST change date: UTC days are 24 h
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2026-01-01', '2026-01-01')).toBe(0);
  });

  it('refuses invalid dates with the path of the bad argument', () => {
    expect(errorOf(() => daysBetween('x', '2026-01-01')).issues[0]!.path).toEqual(['from']);
    expect(errorOf(() => daysBetween('2026-01-01', 'x')).issues[0]!.path).toEqual(['to']);
  });
});

describe('bad arguments: a CrmError, never a TypeError (issue 11)', () => {
  it('periodContains, periodsOverlap and periodLengthMs refuse what is not a period', () => {
    const jan = monthPeriod('2026-01-01');
    for (const bad of [
      null,
      undefined,
      {},
      { start: 'x', end: 'y' },
      { start: new Date(Number.NaN), end: new Date() },
    ]) {
      expect(errorOf(() => periodContains(bad as never, '2026-01-01')).issues[0]).toMatchObject({
        code: 'invalid_period',
      });
      expect(errorOf(() => periodsOverlap(jan, bad as never)).issues[0]).toMatchObject({ code: 'invalid_period' });
      expect(errorOf(() => periodLengthMs(bad as never)).code).toBe('validation_failed');
    }
    const hostile = {
      toString: () => {
        throw new Error('no');
      },
    };
    expect(errorOf(() => toDate(hostile as never)).issues[0]).toMatchObject({ code: 'invalid_date' });
  });

  it('periodIssue: empty periods are valid, reversed or malformed ones are invalid_period, never a throw', () => {
    expect(periodIssue(period('2026-01-01', '2026-01-01'), ['period'])).toBeUndefined();
    expect(periodIssue({ start: new Date('2026-02-01'), end: new Date('2026-01-01') }, ['p'])).toMatchObject({
      path: ['p'],
      code: 'invalid_period',
    });
    const getter = Object.defineProperty({}, 'start', {
      get: () => {
        throw new Error('boom');
      },
    });
    expect(periodIssue(getter, [])?.code).toBe('invalid_period');
  });

  it(`periodsBetween and periodSeries make at most MAX_PERIODS (${MAX_PERIODS}) periods (issue 12: unbounded sizes)`, () => {
    expect(errorOf(() => periodsBetween('1900-01-01', '2200-01-01', 'day')).issues[0]).toMatchObject({
      code: 'too_big',
    });
    expect(errorOf(() => periodSeries('2026-01-01', 'day', MAX_PERIODS + 1)).issues[0]).toMatchObject({
      code: 'too_big',
    });
    expect(periodSeries('2026-01-01', 'day', 1000)).toHaveLength(1000);
  });
});

describe('periodsBetween refuses a range past MAX_PERIODS before making the periods (fuzzer finding)', () => {
  it('a range to the last Date is refused with too_big, as fast as a short range (ratio)', () => {
    const far = new Date(8.64e15);
    const time = (f: () => void) => {
      const t0 = performance.now();
      for (let i = 0; i < 5; i++) f();
      return performance.now() - t0;
    };
    const refuse = () => expect(() => periodsBetween('2026-01-01', far, 'month')).toThrow(/more than 100000 month/);
    refuse();
    const short = time(() => periodsBetween('2026-01-01', '2036-01-01', 'month'));
    // Before the fix the refusal built 100,000 periods first (about 2,000× the 120 of a short range).
    expect(time(refuse)).toBeLessThan(Math.max(20 * short, 5));
  });
});
