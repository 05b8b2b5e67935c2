// Issue 15 §2: addBusinessTime, businessMinutesBetween and the fast path businessOffset /
// instantAtBusinessOffset. Known values are hand-computed (the arithmetic is beside each); properties run
// on random calendars in real zones and agree with a brute-force minute walk (test/service/_calendars.ts).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { defineBusinessCalendar, type BusinessCalendarSpec } from '../../src/service/businessCalendar.js';
import {
  addBusinessTime,
  businessMinutesBetween,
  businessOffset,
  instantAtBusinessOffset,
} from '../../src/service/businessTime.js';
import { unwrap } from '../../src/core/result.js';
import { isCrmError } from '../../src/core/errors.js';
import { calendarArb, calendarStartArb, minuteArb, msArb, referenceMinutes, specArb } from './_calendars.js';

const cal = (spec: BusinessCalendarSpec) => unwrap(defineBusinessCalendar(spec));
const at = (iso: string) => new Date(iso);
const WORKDAY = [
  { from: '08:00', to: '12:00' },
  { from: '13:00', to: '17:00' },
];
// Jakarta (UTC+7, no DST): Mon–Fri 08:00–12:00, 13:00–17:00; Monday 2026-03-02 a public holiday.
const jakarta = cal({
  timeZone: 'Asia/Jakarta',
  week: { mon: WORKDAY, tue: WORKDAY, wed: WORKDAY, thu: WORKDAY, fri: WORKDAY },
  holidays: [{ date: '2026-03-02', name: 'Public holiday' }],
});
const newYork = cal({
  timeZone: 'America/New_York',
  week: { sun: [{ from: '01:00', to: '05:00' }] },
});
const berlin = cal({ timeZone: 'Europe/Berlin', week: { sun: [{ from: '01:00', to: '05:00' }] } });

describe('known values (hand-computed)', () => {
  const cases: { name: string; run: () => unknown; expected: unknown }[] = [
    {
      // Fri 2026-02-27 16:30 WIB = 09:30Z. 30 min to 17:00 Fri; Sat, Sun closed; Mon 03-02 holiday;
      // 210 min left from Tue 08:00 → 08:00–11:30 (within the morning interval) → Tue 11:30 WIB = 04:30Z.
      name: 'Jakarta, Friday 16:30 + 4 business hours over a Monday holiday',
      run: () => addBusinessTime(jakarta, at('2026-02-27T09:30:00Z'), 240).toISOString(),
      expected: '2026-03-03T04:30:00.000Z',
    },
    {
      // The same span counted back: 30 (Fri) + 0 (Sat, Sun, holiday Mon) + 210 (Tue) = 240.
      name: 'Jakarta, elapsed over the holiday',
      run: () => businessMinutesBetween(jakarta, at('2026-02-27T09:30:00Z'), at('2026-03-03T04:30:00Z')),
      expected: 240,
    },
    {
      // Fri 16:00 WIB (09:00Z) + 60 ends exactly at Fri 17:00 WIB (10:00Z): the interval's end, not Tue 08:00.
      name: 'Jakarta, the last minute ends at an interval end',
      run: () => addBusinessTime(jakarta, at('2026-02-27T09:00:00Z'), 60).toISOString(),
      expected: '2026-02-27T10:00:00.000Z',
    },
    {
      // Wed 2026-03-04 12:20 WIB (lunch, 05:20Z): counting starts 13:00 → 13:30 WIB = 06:30Z.
      name: 'Jakarta, a start inside the lunch break',
      run: () => addBusinessTime(jakarta, at('2026-03-04T05:20:00Z'), 30).toISOString(),
      expected: '2026-03-04T06:30:00.000Z',
    },
    {
      // Mon 2026-03-02 10:00 WIB (holiday, 03:00Z): counting starts Tue 08:00 → 09:00 WIB = 02:00Z.
      name: 'Jakarta, a start on a holiday',
      run: () => addBusinessTime(jakarta, at('2026-03-02T03:00:00Z'), 60).toISOString(),
      expected: '2026-03-03T02:00:00.000Z',
    },
    {
      // Saturday: 0 minutes gives the start itself, even outside business hours.
      name: 'a 0-minute add',
      run: () => addBusinessTime(jakarta, at('2026-02-28T05:00:00Z'), 0).toISOString(),
      expected: '2026-02-28T05:00:00.000Z',
    },
    {
      name: 'end before start is 0',
      run: () => businessMinutesBetween(jakarta, at('2026-03-04T05:00:00Z'), at('2026-03-03T05:00:00Z')),
      expected: 0,
    },
    {
      // New York, Sun 2026-03-08: 01:00 EST = 06:00Z, 05:00 EDT = 09:00Z → 180 min (02:00–03:00 never happens).
      name: 'New York spring forward: 01:00–05:00 is 3 hours',
      run: () => businessMinutesBetween(newYork, at('2026-03-07T00:00:00Z'), at('2026-03-09T00:00:00Z')),
      expected: 180,
    },
    {
      // 06:00Z + 120 business min: 01:00–02:00 EST (06:00–07:00Z), then 03:00–04:00 EDT (07:00–08:00Z).
      name: 'New York spring forward: adding across the switch',
      run: () => addBusinessTime(newYork, at('2026-03-08T06:00:00Z'), 120).toISOString(),
      expected: '2026-03-08T08:00:00.000Z',
    },
    {
      // Sun 2026-11-01: 01:00 EDT (first occurrence) = 05:00Z, 05:00 EST = 10:00Z → 300 min.
      name: 'New York fall back: 01:00–05:00 is 5 hours',
      run: () => businessMinutesBetween(newYork, at('2026-10-31T00:00:00Z'), at('2026-11-02T00:00:00Z')),
      expected: 300,
    },
    {
      // 05:00Z + 120: 01:00–02:00 EDT (05:00–06:00Z), 01:00–02:00 EST (06:00–07:00Z) → 07:00Z.
      name: 'New York fall back: the repeated hour counts twice',
      run: () => addBusinessTime(newYork, at('2026-11-01T05:00:00Z'), 120).toISOString(),
      expected: '2026-11-01T07:00:00.000Z',
    },
    {
      // Berlin Sun 2026-03-29: 01:00 CET = 00:00Z, 05:00 CEST = 03:00Z → 180 min.
      name: 'Berlin spring forward: 01:00–05:00 is 3 hours',
      run: () => businessMinutesBetween(berlin, at('2026-03-28T00:00:00Z'), at('2026-03-30T00:00:00Z')),
      expected: 180,
    },
    {
      // Berlin Sun 2026-10-25: 01:00 CEST = 2026-10-24T23:00Z, 05:00 CET = 04:00Z → 300 min.
      name: 'Berlin fall back: 01:00–05:00 is 5 hours',
      run: () => businessMinutesBetween(berlin, at('2026-10-24T00:00:00Z'), at('2026-10-26T00:00:00Z')),
      expected: 300,
    },
    {
      // 23:00Z (01:00 CEST) + 240: 01:00–03:00 CEST is 23:00–01:00Z, then 02:00–04:00 CET is 01:00–03:00Z.
      name: 'Berlin fall back: adding across the switch',
      run: () => addBusinessTime(berlin, at('2026-10-24T23:00:00Z'), 240).toISOString(),
      expected: '2026-10-25T03:00:00.000Z',
    },
    {
      // 02:00–02:30 on 2026-03-08 does not exist in New York: both bounds resolve to the switch (07:00Z) → 0.
      name: 'New York: an interval inside the spring-forward gap counts nothing',
      run: () =>
        businessMinutesBetween(
          cal({ timeZone: 'America/New_York', week: { sun: [{ from: '02:00', to: '02:30' }] } }),
          at('2026-03-07T00:00:00Z'),
          at('2026-03-09T00:00:00Z'),
        ),
      expected: 0,
    },
    {
      // 02:30–04:00: 02:30 resolves to the switch 07:00Z (03:00 EDT); 04:00 EDT = 08:00Z → 60.
      name: 'New York: a bound in the gap resolves to the switch instant',
      run: () =>
        businessMinutesBetween(
          cal({ timeZone: 'America/New_York', week: { sun: [{ from: '02:30', to: '04:00' }] } }),
          at('2026-03-07T00:00:00Z'),
          at('2026-03-09T00:00:00Z'),
        ),
      expected: 60,
    },
    {
      // 01:30–03:00 on 2026-11-01: 01:30 EDT (first occurrence) = 05:30Z; 03:00 EST = 08:00Z → 150.
      name: 'New York: a bound in the repeated hour resolves to its first occurrence',
      run: () =>
        businessMinutesBetween(
          cal({ timeZone: 'America/New_York', week: { sun: [{ from: '01:30', to: '03:00' }] } }),
          at('2026-10-31T00:00:00Z'),
          at('2026-11-02T00:00:00Z'),
        ),
      expected: 150,
    },
    {
      // UTC, Mon–Fri 09:00–17:00, closed 2026-12-24 … 2026-12-31: Wed 12-23 (8 h) + Fri 2027-01-01 (8 h) = 960.
      name: 'a holiday range',
      run: () =>
        businessMinutesBetween(
          cal({
            timeZone: 'UTC',
            week: Object.fromEntries(
              ['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ from: '09:00', to: '17:00' }]]),
            ),
            holidays: [{ from: '2026-12-24', to: '2026-12-31', name: 'Year end' }],
          }),
          at('2026-12-23T00:00:00Z'),
          at('2027-01-02T00:00:00Z'),
        ),
      expected: 960,
    },
    {
      // Wed 12-23 16:00Z + 120: 60 min to 17:00, then the range is closed until Fri 2027-01-01 09:00 + 60 → 10:00Z.
      name: 'adding over a holiday range',
      run: () =>
        addBusinessTime(
          cal({
            timeZone: 'UTC',
            week: Object.fromEntries(
              ['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ from: '09:00', to: '17:00' }]]),
            ),
            holidays: [{ from: '2026-12-24', to: '2026-12-31' }],
          }),
          at('2026-12-23T16:00:00Z'),
          120,
        ).toISOString(),
      expected: '2027-01-01T10:00:00.000Z',
    },
    {
      // UTC, Fri 20:00–24:00 and Sat 00:00–02:00 (touching at midnight): Fri 23:00 + 120 → 60 + 60 → Sat 01:00.
      name: "to: '24:00' runs into the next day",
      run: () =>
        addBusinessTime(
          cal({
            timeZone: 'UTC',
            week: { fri: [{ from: '20:00', to: '24:00' }], sat: [{ from: '00:00', to: '02:00' }] },
          }),
          at('2026-03-06T23:00:00Z'),
          120,
        ).toISOString(),
      expected: '2026-03-07T01:00:00.000Z',
    },
    {
      // Kathmandu (UTC+05:45): Mon 2026-03-02 10:00 NPT = 04:15Z; + 60 → 05:15Z.
      name: 'Asia/Kathmandu, a quarter-hour offset',
      run: () =>
        addBusinessTime(
          cal({ timeZone: 'Asia/Kathmandu', week: { mon: [{ from: '10:00', to: '18:00' }] } }),
          at('2026-03-02T04:15:00Z'),
          60,
        ).toISOString(),
      expected: '2026-03-02T05:15:00.000Z',
    },
    {
      // Fractional: 30 s of business time from Wed 09:00 WIB (02:00Z) → 02:00:30Z; and 45 s between → 0.75.
      name: 'fractional minutes',
      run: () => [
        addBusinessTime(jakarta, at('2026-03-04T02:00:00Z'), 0.5).toISOString(),
        businessMinutesBetween(jakarta, at('2026-03-04T02:00:00Z'), at('2026-03-04T02:00:45Z')),
      ],
      expected: ['2026-03-04T02:00:30.000Z', 0.75],
    },
  ];
  for (const c of cases) it(c.name, () => expect(c.run()).toEqual(c.expected));

  it('businessOffset counts from the calendar anchor, local midnight 2000-01-01', () => {
    // UTC, open every day 00:00–24:00: business time is real time, so the offset is ms since 2000-01-01Z.
    const always = cal({
      timeZone: 'UTC',
      week: Object.fromEntries(
        ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ from: '00:00', to: '24:00' }]]),
      ),
    });
    expect(businessOffset(always, Date.UTC(2000, 0, 1))).toBe(0);
    expect(businessOffset(always, Date.UTC(2026, 0, 1))).toBe(Date.UTC(2026, 0, 1) - Date.UTC(2000, 0, 1));
    expect(businessOffset(always, Date.UTC(1990, 0, 1))).toBe(Date.UTC(1990, 0, 1) - Date.UTC(2000, 0, 1));
    expect(instantAtBusinessOffset(always, 1234)).toBe(Date.UTC(2000, 0, 1) + 1234);
  });
});

describe('bad calls throw a CrmError (never a TypeError)', () => {
  const thrown = (f: () => unknown): unknown => {
    try {
      f();
    } catch (e) {
      return e;
    }
    return undefined;
  };
  const d = at('2026-03-04T02:00:00Z');
  const cases: [string, () => unknown, unknown[]][] = [
    ['not a calendar', () => addBusinessTime({ timeZone: 'UTC' } as never, d, 1), ['calendar']],
    ['a copy of a calendar', () => businessMinutesBetween({ ...jakarta }, d, d), ['calendar']],
    ['null calendar', () => businessOffset(null as never, 0), ['calendar']],
    ['an Invalid Date', () => addBusinessTime(jakarta, new Date(Number.NaN), 1), ['start']],
    ['not a Date', () => businessMinutesBetween(jakarta, d, '2026-01-01' as never), ['end']],
    ['negative minutes', () => addBusinessTime(jakarta, d, -1), ['minutes']],
    ['NaN minutes', () => addBusinessTime(jakarta, d, Number.NaN), ['minutes']],
    ['infinite minutes', () => addBusinessTime(jakarta, d, Number.POSITIVE_INFINITY), ['minutes']],
    ['minutes as text', () => addBusinessTime(jakarta, d, '5' as never), ['minutes']],
    ['an instant before 1900', () => businessMinutesBetween(jakarta, new Date('1800-01-01'), d), ['start']],
    ['an instant after 2300', () => businessOffset(jakarta, Date.UTC(2400, 0, 1)), ['ms']],
    ['NaN ms', () => businessOffset(jakarta, Number.NaN), ['ms']],
    ['a result past 2300', () => addBusinessTime(jakarta, d, 1e12), ['minutes']],
    ['a non-finite offset', () => instantAtBusinessOffset(jakarta, Number.NEGATIVE_INFINITY), ['offset']],
    ['an offset before 1900', () => instantAtBusinessOffset(jakarta, -1e15), ['offset']],
  ];
  for (const [name, f, path] of cases)
    it(name, () => {
      const e = thrown(f);
      expect(isCrmError(e, 'validation_failed'), String(e)).toBe(true);
      expect((e as { issues: { path: unknown[] }[] }).issues[0]?.path).toEqual(path);
    });
});

describe('properties', () => {
  it('businessMinutesBetween(c, s, addBusinessTime(c, s, m)) === m', () => {
    fc.assert(
      fc.property(
        calendarStartArb,
        msArb,
        fc.boolean(),
        fc.integer({ min: 0, max: 200_000 }),
        ([c, s0], s1, whole, m) => {
          const s = whole ? s0 : s1;
          const end = addBusinessTime(c, new Date(s), m);
          expect(businessMinutesBetween(c, new Date(s), end)).toBe(m);
          // The earliest such instant: a millisecond earlier, less than m has elapsed.
          if (m > 0) expect(businessMinutesBetween(c, new Date(s), new Date(end.getTime() - 1))).toBeLessThan(m);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('is monotone in the end, never more than calendar time, additive', () => {
    fc.assert(
      fc.property(
        calendarStartArb,
        fc.array(fc.integer({ min: 0, max: 20 * 1440 }), { minLength: 2, maxLength: 2 }),
        ([c, s], ds) => {
          const xs = [s, s + ds[0]! * 60_000, s + ds[1]! * 60_000];
          const [a, b, e] = [...xs].sort((x, y) => x - y).map((t) => new Date(t)) as [Date, Date, Date];
          const ab = businessMinutesBetween(c, a, b);
          const be = businessMinutesBetween(c, b, e);
          const ae = businessMinutesBetween(c, a, e);
          expect(ab).toBeLessThanOrEqual(ae);
          expect(ae).toBeLessThanOrEqual((e.getTime() - a.getTime()) / 60_000);
          expect(ab + be).toBe(ae); // exact: whole-minute instants give whole-minute counts
        },
      ),
      { numRuns: 150 },
    );
  });

  it('is additive to rounding on any millisecond', () => {
    fc.assert(
      fc.property(calendarArb, fc.array(msArb, { minLength: 3, maxLength: 3 }), (c, xs) => {
        const [a, b, e] = [...xs].sort((x, y) => x - y).map((t) => new Date(t)) as [Date, Date, Date];
        const sum = businessMinutesBetween(c, a, b) + businessMinutesBetween(c, b, e);
        expect(Math.abs(sum - businessMinutesBetween(c, a, e))).toBeLessThan(1e-6);
      }),
      { numRuns: 100 },
    );
  });

  it('addBusinessTime is monotone in the minutes', () => {
    fc.assert(
      fc.property(
        calendarStartArb,
        fc.integer({ min: 0, max: 50_000 }),
        fc.integer({ min: 0, max: 50_000 }),
        ([c, s], m1, m2) => {
          const [lo, hi] = m1 <= m2 ? [m1, m2] : [m2, m1];
          expect(addBusinessTime(c, new Date(s), lo).getTime()).toBeLessThanOrEqual(
            addBusinessTime(c, new Date(s), hi).getTime(),
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it('agrees with a brute-force minute walk (TZDate) on small ranges, switch days included', () => {
    fc.assert(
      fc.property(calendarStartArb, fc.integer({ min: 0, max: 3 * 1440 }), ([c, s], len) => {
        expect(businessMinutesBetween(c, new Date(s), new Date(s + len * 60_000))).toBe(
          referenceMinutes(c, s, s + len * 60_000),
        );
      }),
      { numRuns: 120 },
    );
  }, 60_000);

  it('absolute offsets do not depend on the order of the queries', () => {
    fc.assert(
      fc.property(specArb, fc.array(msArb, { minLength: 2, maxLength: 6 }), (spec, ts) => {
        const one = cal(spec);
        const two = cal(spec);
        const a = ts.map((t) => businessOffset(one, t));
        const b = [...ts]
          .reverse()
          .map((t) => businessOffset(two, t))
          .reverse();
        expect(a).toEqual(b);
        for (let i = 0; i < ts.length; i++) expect(instantAtBusinessOffset(one, a[i]!)).toBeLessThanOrEqual(ts[i]!);
      }),
      { numRuns: 60 },
    );
  });
});
