// The planner's ISO formatting of due dates (src/automation/_iso.ts) against the engine's own
// `Date.prototype.toISOString` (the reference: ECMA-262, Date Time String Format).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoText } from '../../src/automation/_iso.js';

describe('isoText', () => {
  it('writes what toISOString writes, for any instant a Date can hold (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (t) => {
        expect(isoText(t)).toBe(new Date(t).toISOString());
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: -62_167_219_200_000, max: 253_402_300_799_999 }), (t) => {
        expect(isoText(t)).toBe(new Date(t).toISOString());
      }),
      { numRuns: 5000 },
    );
  });

  it('at the edges: years 0000 and 9999, the epoch, leap days, the last millisecond of a day', () => {
    for (const t of [
      -62_167_219_200_000, -62_167_219_200_001, 253_402_300_799_999, 253_402_300_800_000, 0, -1, 951_782_400_000,
      951_868_799_999, 1_772_445_600_000, -2_203_891_200_000,
    ])
      expect(isoText(t)).toBe(new Date(t).toISOString());
  });
});
