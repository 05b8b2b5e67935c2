import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parseIsoInstant } from '../../src/core/dates.js';

describe('parseIsoInstant (internal ISO 8601 reader)', () => {
  it('reads dates and date-times; no offset means UTC', () => {
    expect(parseIsoInstant('2026-01-01T00:00:00Z')).toBe(Date.UTC(2026, 0, 1));
    expect(parseIsoInstant('2026-01-01T00:00:00')).toBe(Date.UTC(2026, 0, 1));
    expect(parseIsoInstant('2026-01-01')).toBe(Date.UTC(2026, 0, 1));
    expect(parseIsoInstant('2026-01-01z')).toBe(Date.UTC(2026, 0, 1));
    expect(parseIsoInstant('2026-06-15T08:30:15.250+05:30')).toBe(Date.UTC(2026, 5, 15, 3, 0, 15, 250));
    expect(parseIsoInstant('2026-06-15T08:30-03')).toBe(Date.UTC(2026, 5, 15, 11, 30));
    expect(parseIsoInstant('-000001-01-01T00:00:00Z')).toBe(new Date('-000001-01-01T00:00:00Z').getTime());
  });

  it('gives NaN for anything else, including impossible calendar dates', () => {
    for (const s of [
      '2026-02-29',
      '2026-04-31',
      '2026-1-1',
      '26-01-01',
      '2026-01-01T1:00',
      '2026-01-01T10:00:60',
      '-000000-01-01',
      'now',
      '2026/01/01',
      '2026-01-01T10:00:00+24:00',
    ])
      expect(parseIsoInstant(s)).toBeNaN();
  });

  it('property: agrees with Date on every toISOString() output', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('-009999-01-01T00:00:00Z'),
          max: new Date('+099999-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        (d) => {
          expect(parseIsoInstant(d.toISOString())).toBe(d.getTime());
        },
      ),
    );
  });
});
