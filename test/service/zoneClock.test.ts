// The zone clock beneath business calendars: offsets learnt from tzOffset every 3 days, with each switch
// found to the second. Checked against tzOffset itself in every zone the platform knows, 1900–2300, with
// instants queried in random order (so the timeline grows in both directions).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { tzOffset, tzScan } from '@date-fns/tz';
import { ZoneClock } from '../../src/service/_zoneClock.js';

const ZONES = Intl.supportedValuesOf('timeZone');
const YEAR = 365.2425 * 86_400_000;
/** The wall time of instant t in `zone`, written as if it were UTC (whole seconds). */
const wallOf = (zone: string, t: number) => t + Math.round(tzOffset(zone, new Date(t)) * 60_000);

describe('ZoneClock.wallToInstant', () => {
  it('gives back the instant of a wall time, or its first occurrence when the time repeats', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: 1901, max: 2290 }),
        fc.array(fc.double({ min: -8, max: 8, noNaN: true }), { minLength: 1, maxLength: 8 }),
        (zone, year, spreads) => {
          const clock = new ZoneClock(zone);
          const base = Date.UTC(year, 0, 1);
          // Switches of that year (tzScan finds them to the hour): the instants tested sit within 3 h of one.
          const near = tzScan(zone, { start: new Date(base), end: new Date(base + YEAR) }).map((c) => c.date.getTime());
          for (const [k, sp] of spreads.entries()) {
            const t =
              near.length > 0 && k % 2 === 0
                ? near[k % near.length]! + Math.round(sp * 1350) * 1000 // ±3 h around a switch, whole seconds
                : Math.round((base + sp * YEAR) / 1000) * 1000;
            const local = wallOf(zone, t);
            const u = clock.wallToInstant(local);
            if (u !== t) {
              // Only a repeated wall time may map elsewhere: earlier, to an instant showing the same time.
              expect(u).toBeLessThan(t);
              expect(wallOf(zone, u)).toBe(local);
            }
          }
        },
      ),
      { numRuns: 80 },
    );
  }, 60_000);

  it('resolves a skipped wall time to the switch instant and a repeated one to its first occurrence', () => {
    const ny = new ZoneClock('America/New_York');
    // 2026-03-08 02:30 does not exist: the switch is 07:00Z (03:00 EDT).
    expect(ny.wallToInstant(Date.UTC(2026, 2, 8, 2, 30))).toBe(Date.UTC(2026, 2, 8, 7));
    // 2026-11-01 01:30 occurs at 05:30Z (EDT) and 06:30Z (EST): the first.
    expect(ny.wallToInstant(Date.UTC(2026, 10, 1, 1, 30))).toBe(Date.UTC(2026, 10, 1, 5, 30));
    // Lord Howe moves 30 minutes: 2026-10-04 02:15 (+10:30 → +11) does not exist; the switch is 15:30Z the day before.
    const lh = new ZoneClock('Australia/Lord_Howe');
    expect(lh.wallToInstant(Date.UTC(2026, 9, 4, 2, 15))).toBe(Date.UTC(2026, 9, 3, 15, 30));
    // Apia skipped 2011-12-30 entirely: every wall time of that day resolves to the switch (10:00Z on the 30th).
    // Recife kept summer time for one week only (2000-10-08 to 10-15): found although it lasts 7 days.
    expect(new ZoneClock('America/Recife').wallToInstant(Date.UTC(2000, 9, 10, 12))).toBe(Date.UTC(2000, 9, 10, 14));
    const apia = new ZoneClock('Pacific/Apia');
    expect(apia.wallToInstant(Date.UTC(2011, 11, 30, 12))).toBe(Date.UTC(2011, 11, 30, 10));
  });
});
