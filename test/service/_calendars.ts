/**
 * Shared fixtures of the business-calendar tests: fast-check arbitraries of calendars in real zones (DST
 * zones, Asia/Kathmandu +05:45, Australia/Lord_Howe's 30-minute switch, America/Sao_Paulo's midnight switch)
 * and a brute-force reference that walks minute by minute with TZDate.
 */
import fc from 'fast-check';
import { TZDate } from '@date-fns/tz';
import {
  defineBusinessCalendar,
  type BusinessCalendar,
  type BusinessCalendarSpec,
} from '../../src/service/businessCalendar.js';
import { unwrap } from '../../src/core/result.js';

export const ZONES = [
  'America/New_York',
  'Europe/Berlin',
  'Asia/Kathmandu',
  'Asia/Jakarta',
  'Australia/Lord_Howe',
  'America/Sao_Paulo',
  'UTC',
] as const;

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const MINUTE = 60_000;
const DAY = 86_400_000;

/** Switch days (UTC midnight of the local date) of each zone, which the random starts favour. */
export const SWITCH_DAYS: Readonly<Record<string, readonly number[]>> = Object.fromEntries(
  Object.entries({
    'America/New_York': ['2026-03-08', '2026-11-01'],
    'Europe/Berlin': ['2026-03-29', '2026-10-25'],
    'Australia/Lord_Howe': ['2026-04-05', '2026-10-04'], // 30-minute switches
    'America/Sao_Paulo': ['2018-11-04', '2019-02-17'], // at midnight
  }).map(([z, ds]) => [z, ds.map((d) => Date.parse(`${d}T00:00:00Z`))]),
);

function hhmm(m: number): string {
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/**
 * A day's intervals from sorted distinct bounds on a 30-minute grid, half of them between 00:00 and 04:00,
 * so that bounds often sit in the switch hours (a gap, a repeated hour).
 */
const dayArb = fc
  .uniqueArray(fc.oneof(fc.integer({ min: 0, max: 48 }), fc.integer({ min: 0, max: 8 })), { maxLength: 6 })
  .map((bs) => {
    const s = [...bs].sort((a, b) => a - b).map((b) => b * 30);
    const out: { from: string; to: string }[] = [];
    for (let i = 0; i + 1 < s.length; i += 2) out.push({ from: hhmm(s[i]!), to: hhmm(s[i + 1]!) });
    return out;
  });

const dateArb = fc
  .integer({ min: Date.UTC(2015, 0, 1) / DAY, max: Date.UTC(2031, 0, 1) / DAY })
  .map((d) => new Date(d * DAY).toISOString().slice(0, 10));

const holidayArb = fc.oneof(
  dateArb,
  fc.record({ date: dateArb, name: fc.constant('Holiday') }),
  fc.tuple(dateArb, fc.integer({ min: 0, max: 12 })).map(([from, n]) => ({
    from,
    to: new Date(Date.parse(from) + n * DAY).toISOString().slice(0, 10),
  })),
);

/** Random calendar specs (at least one interval in the week). */
export const specArb: fc.Arbitrary<BusinessCalendarSpec> = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    days: fc.array(dayArb, { minLength: 7, maxLength: 7 }),
    holidays: fc.array(holidayArb, { maxLength: 6 }),
  })
  .map(({ timeZone, days, holidays }) => {
    const week: Record<string, { from: string; to: string }[]> = {};
    DAYS.forEach((d, i) => {
      if (days[i]!.length > 0) week[d] = days[i]!;
    });
    if (Object.keys(week).length === 0) week['wed'] = [{ from: '09:00', to: '17:00' }];
    return { timeZone, week, holidays };
  });

export const calendarArb: fc.Arbitrary<BusinessCalendar> = specArb.map((s) => unwrap(defineBusinessCalendar(s)));

/** Whole-minute instants from 2015 to 2030. */
export const minuteArb = fc
  .integer({ min: Date.UTC(2015, 0, 1) / MINUTE, max: Date.UTC(2030, 11, 1) / MINUTE })
  .map((m) => m * MINUTE);

/** Whole-minute instants for a calendar: two in three within two days of one of its zone's switches. */
export function startArb(c: BusinessCalendar): fc.Arbitrary<number> {
  const days = SWITCH_DAYS[c.timeZone] ?? [];
  if (days.length === 0) return minuteArb;
  return fc.oneof(
    { arbitrary: minuteArb, weight: 1 },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(...days), fc.integer({ min: -2 * 1440, max: 1440 }))
        .map(([d, m]) => d + m * MINUTE),
    },
  );
}

/** A calendar with a start for it. */
export const calendarStartArb = calendarArb.chain((c) => fc.tuple(fc.constant(c), startArb(c)));

/** Any millisecond from 2015 to 2030. */
export const msArb = fc.integer({ min: Date.UTC(2015, 0, 1), max: Date.UTC(2030, 11, 1) });

function minutesOf(v: string): number {
  return Number(v.slice(0, 2)) * 60 + Number(v.slice(3, 5));
}

/**
 * Brute force: business minutes in [s, e) (whole-minute instants), walking minute by minute with TZDate.
 * A minute counts when the wall clock's high-water mark (the latest wall time it has shown so far) lies in
 * a working interval of that date, and the date is not a holiday. That is the calendar's bound rule said
 * another way: a bound is the first instant the clock reads that time or later; a time skipped by a
 * spring-forward switch is passed at the switch; a repeated time is passed at its first occurrence.
 */
export function referenceMinutes(c: BusinessCalendar, s: number, e: number): number {
  const holidays = c.holidays.map((h) => [h.from, h.to] as const);
  let high = -Infinity;
  let count = 0;
  for (let t = s - DAY; t < e; t += MINUTE) {
    const z = new TZDate(t, c.timeZone);
    const wall = Date.UTC(z.getFullYear(), z.getMonth(), z.getDate(), z.getHours(), z.getMinutes());
    if (wall > high) high = wall;
    if (t < s) continue;
    const date = new Date(Math.floor(high / DAY) * DAY).toISOString().slice(0, 10);
    if (holidays.some(([a, b]) => a <= date && date <= b)) continue;
    const day = DAYS[(new Date(high).getUTCDay() + 6) % 7]!;
    const w = (high - Math.floor(high / DAY) * DAY) / MINUTE;
    if (c.week[day].some((iv) => minutesOf(iv.from) <= w && w < minutesOf(iv.to))) count++;
  }
  return count;
}
