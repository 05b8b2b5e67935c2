import { describe, it, expect, afterEach } from 'vitest';
import {
  monthPeriod,
  weekPeriod,
  quarterPeriod,
  dayPeriod,
  periodsBetween,
  addUnits,
  toDate,
  periodContains,
} from '../../src/time/index.js';

// Node re-reads process.env.TZ when it is assigned, so these tests run the same calls under
// several local zones (including +14:00, −11:00 and a half-hour offset) and expect UTC answers.
const ZONES = [
  'UTC',
  'America/New_York',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
];
const originalTz = process.env.TZ;

afterEach(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

describe('time functions do not depend on the process time zone', () => {
  it('the zone switch really takes effect (so the tests below can fail)', () => {
    process.env.TZ = 'Pacific/Kiritimati';
    expect(new Date('2026-01-31T23:30:00Z').getDate()).toBe(1); // local date is already Feb 1 at +14:00
    process.env.TZ = 'America/New_York';
    expect(new Date('2026-01-01T00:00:00Z').getTimezoneOffset()).toBe(300);
  });

  for (const zone of ZONES) {
    it(`gives UTC buckets under TZ=${zone}`, () => {
      process.env.TZ = zone;
      const late = '2026-01-31T23:30:00Z';
      expect(monthPeriod(late).start.toISOString()).toBe('2026-01-01T00:00:00.000Z');
      expect(monthPeriod(late).end.toISOString()).toBe('2026-02-01T00:00:00.000Z');
      expect(dayPeriod(late).start.toISOString()).toBe('2026-01-31T00:00:00.000Z');
      expect(quarterPeriod('2026-03-31T23:30:00Z').end.toISOString()).toBe('2026-04-01T00:00:00.000Z');
      expect(weekPeriod('2026-03-15T23:30:00Z').start.toISOString()).toBe('2026-03-09T00:00:00.000Z');
      expect(weekPeriod('2026-03-16T00:30:00Z').start.toISOString()).toBe('2026-03-16T00:00:00.000Z');
      expect(periodContains(monthPeriod('2026-02-01T00:00:00Z'), late)).toBe(false);
      expect(toDate('2026-07-01T00:00:00').toISOString()).toBe('2026-07-01T00:00:00.000Z');
      expect(addUnits('2026-01-31T23:30:00Z', 'month', 1).toISOString()).toBe('2026-02-28T23:30:00.000Z');
      expect(addUnits('2026-03-07T12:00:00Z', 'day', 2).toISOString()).toBe('2026-03-09T12:00:00.000Z'); // across US DST
      expect(
        periodsBetween('2026-03-01', '2026-04-01', 'day')
          .map((p) => p.end.getTime() - p.start.getTime())
          .every((ms) => ms === 86_400_000),
      ).toBe(true);
    });
  }
});
