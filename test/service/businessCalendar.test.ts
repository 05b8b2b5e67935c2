// Issue 15 §2: defineBusinessCalendar validates IANA zones, wall times, intervals (order, overlaps),
// holiday dates and ranges, a week with no working time and unknown keys — every problem at once, with
// its path — and never throws for its input.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  defineBusinessCalendar,
  isBusinessCalendar,
  type BusinessCalendarSpec,
} from '../../src/service/businessCalendar.js';
import { businessMinutesBetween } from '../../src/service/businessTime.js';
import { unwrap } from '../../src/core/result.js';
import { specArb } from './_calendars.js';

const OK_WEEK = { mon: [{ from: '09:00', to: '17:00' }] };

/** The issues of a refused spec, as [path, code] pairs. */
function issuesOf(spec: unknown): [unknown[], string][] {
  const r = defineBusinessCalendar(spec as BusinessCalendarSpec);
  expect(r.ok).toBe(false);
  if (r.ok) return [];
  expect(r.error.code).toBe('validation_failed');
  return r.error.issues.map((i) => [[...i.path], i.code]);
}

describe('defineBusinessCalendar: a good calendar', () => {
  it('is frozen, sorted, complete, and round-trips through JSON', () => {
    const spec = {
      id: 'jkt',
      timeZone: 'Asia/Jakarta',
      week: {
        fri: [
          { from: '13:00', to: '17:00' },
          { from: '08:00', to: '12:00' },
        ],
      },
      holidays: [
        '2026-12-31',
        { from: '2026-12-24', to: '2026-12-26', name: 'Christmas' },
        { date: '2027-01-01', name: 'New Year' },
      ],
    };
    const copy = JSON.parse(JSON.stringify(spec));
    const c = unwrap(defineBusinessCalendar(spec));
    expect(spec).toEqual(copy); // input untouched
    expect(Object.isFrozen(spec.week.fri)).toBe(false); // and not frozen in place
    expect(
      Object.isFrozen(c) && Object.isFrozen(c.week) && Object.isFrozen(c.week.fri) && Object.isFrozen(c.holidays),
    ).toBe(true);
    expect(c.week.fri).toEqual([
      { from: '08:00', to: '12:00' },
      { from: '13:00', to: '17:00' },
    ]);
    expect(c.week.mon).toEqual([]);
    expect(c.name).toBeNull();
    expect(c.holidays).toEqual([
      { from: '2026-12-24', to: '2026-12-26', name: 'Christmas' },
      { from: '2026-12-31', to: '2026-12-31', name: null },
      { from: '2027-01-01', to: '2027-01-01', name: 'New Year' },
    ]);
    const again = unwrap(defineBusinessCalendar(JSON.parse(JSON.stringify(c))));
    expect(again).toEqual(c);
    expect(isBusinessCalendar(c)).toBe(true);
    expect(isBusinessCalendar(JSON.parse(JSON.stringify(c)))).toBe(false);
    expect(isBusinessCalendar({ ...c })).toBe(false);
    expect(Object.keys(c)).toEqual(['id', 'name', 'timeZone', 'week', 'holidays']);
  });

  it('allows touching intervals, 24:00, and overlapping holidays', () => {
    const c = defineBusinessCalendar({
      timeZone: 'Europe/Berlin',
      week: {
        sat: [
          { from: '12:00', to: '24:00' },
          { from: '00:00', to: '12:00' },
        ],
      },
      holidays: [{ from: '2026-01-01', to: '2026-01-10' }, '2026-01-05', { from: '2026-01-09', to: '2026-01-12' }],
    });
    expect(c.ok).toBe(true);
  });

  it('every generated spec is accepted and round-trips (property)', () => {
    fc.assert(
      fc.property(specArb, (spec) => {
        const c = unwrap(defineBusinessCalendar(spec));
        const again = unwrap(defineBusinessCalendar(JSON.parse(JSON.stringify(c))));
        expect(again).toEqual(c);
        const s = new Date('2026-01-05T00:00:00Z');
        const e = new Date('2026-03-05T00:00:00Z');
        expect(businessMinutesBetween(again, s, e)).toBe(businessMinutesBetween(c, s, e));
      }),
      { numRuns: 60 },
    );
  });
});

describe('defineBusinessCalendar: every problem with its path', () => {
  it('an unknown time zone', () => {
    expect(issuesOf({ timeZone: 'Mars/Olympus_Mons', week: OK_WEEK })).toEqual([[['timeZone'], 'invalid_value']]);
  });
  it('a UTC offset is not a zone', () => {
    expect(issuesOf({ timeZone: '+05:00', week: OK_WEEK })).toEqual([[['timeZone'], 'invalid_value']]);
  });
  it('a zone that is not text', () => {
    expect(issuesOf({ timeZone: 7, week: OK_WEEK })).toEqual([[['timeZone'], 'invalid_type']]);
  });
  it('a bad wall time', () => {
    expect(
      issuesOf({
        timeZone: 'UTC',
        week: { mon: [{ from: '9:00', to: '17:00' }], tue: [{ from: '09:00', to: '24:30' }] },
      }),
    ).toEqual([
      [['week', 'mon', 0, 'from'], 'invalid_format'],
      [['week', 'tue', 0, 'to'], 'invalid_format'],
    ]);
  });
  it('an interval whose end is not after its start', () => {
    expect(
      issuesOf({
        timeZone: 'UTC',
        week: {
          mon: [
            { from: '17:00', to: '09:00' },
            { from: '18:00', to: '18:00' },
          ],
        },
      }),
    ).toEqual([
      [['week', 'mon', 0, 'to'], 'invalid_period'],
      [['week', 'mon', 1, 'to'], 'invalid_period'],
    ]);
  });
  it('overlapping intervals, naming both', () => {
    const r = defineBusinessCalendar({
      timeZone: 'UTC',
      week: {
        wed: [
          { from: '13:00', to: '17:00' },
          { from: '08:00', to: '12:00' },
          { from: '11:00', to: '14:00' },
        ],
      },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.issues.map((i) => [i.path, i.code])).toEqual([
      [['week', 'wed', 2], 'out_of_order'],
      [['week', 'wed', 2], 'out_of_order'],
    ]);
    expect(r.error.issues[0]!.message).toBe('intervals [1] (08:00–12:00) and [2] (11:00–14:00) overlap');
    expect(r.error.issues[1]!.message).toBe('intervals [0] (13:00–17:00) and [2] (11:00–14:00) overlap');
  });
  it('an interval inside another', () => {
    expect(
      issuesOf({
        timeZone: 'UTC',
        week: {
          mon: [
            { from: '08:00', to: '18:00' },
            { from: '10:00', to: '11:00' },
          ],
        },
      }),
    ).toEqual([[['week', 'mon', 1], 'out_of_order']]);
  });
  it('a holiday range whose to precedes its from', () => {
    expect(issuesOf({ timeZone: 'UTC', week: OK_WEEK, holidays: [{ from: '2026-12-31', to: '2026-12-24' }] })).toEqual([
      [['holidays', 0, 'to'], 'invalid_period'],
    ]);
  });
  it('an impossible date', () => {
    expect(
      issuesOf({
        timeZone: 'UTC',
        week: OK_WEEK,
        holidays: ['2026-02-30', { date: '2026-13-01' }, { from: '2025-02-29', to: '2025-03-01' }],
      }),
    ).toEqual([
      [['holidays', 0], 'invalid_date'],
      [['holidays', 1, 'date'], 'invalid_date'],
      [['holidays', 2, 'from'], 'invalid_date'],
    ]);
  });
  it('a date not written YYYY-MM-DD', () => {
    expect(issuesOf({ timeZone: 'UTC', week: OK_WEEK, holidays: ['25/12/2026'] })).toEqual([
      [['holidays', 0], 'invalid_format'],
    ]);
  });
  it('a holiday of the wrong shape', () => {
    expect(issuesOf({ timeZone: 'UTC', week: OK_WEEK, holidays: [7, { date: 5 }] })).toEqual([
      [['holidays', 0], 'invalid_union'],
      [['holidays', 1], 'invalid_union'],
    ]);
  });
  it('a calendar with no working time', () => {
    expect(issuesOf({ timeZone: 'UTC', week: {} })).toEqual([[['week'], 'too_small']]);
    expect(issuesOf({ timeZone: 'UTC', week: { mon: [], sun: [] } })).toEqual([[['week'], 'too_small']]);
  });
  it('unknown keys, naming the allowed ones', () => {
    const r = defineBusinessCalendar({
      timeZone: 'UTC',
      week: { monday: [], mon: [{ from: '09:00', to: '17:00', break: true }] },
      holidays: [{ date: '2026-01-01', why: 'x' }],
      zone: 'UTC',
    } as never);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byPath = Object.fromEntries(r.error.issues.map((i) => [JSON.stringify(i.path), [i.code, i.message]]));
    expect(byPath['[]']).toEqual([
      'unrecognized_keys',
      "unknown key 'zone'; allowed: id, name, timeZone, week, holidays",
    ]);
    expect(byPath['["week"]']?.[0]).toBe('unrecognized_keys');
    expect(byPath['["week","mon",0]']).toEqual(['unrecognized_keys', "unknown key 'break'; allowed: from, to"]);
    expect(r.error.issues.some((i) => i.path[0] === 'holidays' && i.path[1] === 0)).toBe(true);
  });
  it('every problem at once', () => {
    const paths = issuesOf({
      timeZone: 'Nowhere/Land',
      week: { mon: [{ from: '25:00', to: '26:00' }], tue: [{ from: '10:00', to: '09:00' }] },
      holidays: ['2026-02-30'],
    }).map((p) => p[0]);
    expect(paths).toEqual([
      ['timeZone'],
      ['week', 'mon', 0, 'from'],
      ['week', 'mon', 0, 'to'],
      ['week', 'tue', 0, 'to'],
      ['holidays', 0],
    ]);
  });
});

describe('defineBusinessCalendar never throws for its input', () => {
  const cyclic: Record<string, unknown> = { timeZone: 'UTC' };
  cyclic['week'] = cyclic;
  const throwing = Object.defineProperty({ week: OK_WEEK }, 'timeZone', {
    enumerable: true,
    get() {
      throw new Error('boom');
    },
  });
  const proxy = new Proxy(
    {},
    {
      ownKeys() {
        throw new Error('trap');
      },
      get() {
        throw new Error('trap');
      },
    },
  );
  // eslint-disable-next-line no-sparse-arrays
  const sparse = { timeZone: 'UTC', week: { mon: [, { from: '09:00', to: '10:00' }] } };
  const inputs: [string, unknown][] = [
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['a string', 'Asia/Jakarta'],
    ['an array', []],
    ['a cycle', cyclic],
    ['a throwing getter', throwing],
    ['a throwing proxy', proxy],
    ['a sparse array', sparse],
    ['null week', { timeZone: 'UTC', week: null }],
    ['null interval', { timeZone: 'UTC', week: { mon: [null] } }],
    [
      'an object whose toString throws',
      {
        timeZone: {
          toString: () => {
            throw new Error('x');
          },
        },
        week: OK_WEEK,
      },
    ],
    [
      'a huge day list',
      { timeZone: 'UTC', week: { mon: Array.from({ length: 5000 }, () => ({ from: '09:00', to: '10:00' })) } },
    ],
  ];
  for (const [name, input] of inputs)
    it(name, () => {
      const r = defineBusinessCalendar(input as BusinessCalendarSpec);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('validation_failed');
        expect(r.error.issues.length).toBeGreaterThan(0);
        expect(r.error.issues.length).toBeLessThanOrEqual(100);
      }
    });

  it('anything at all (property)', () => {
    fc.assert(
      fc.property(fc.anything(), (x) => {
        const r = defineBusinessCalendar(x as BusinessCalendarSpec);
        expect(typeof r.ok).toBe('boolean');
      }),
    );
  });
});
