// The business-day arithmetic of create_task's dueInBusinessDays (private src/automation/_window.ts).
// A fuzzer run (CI, 2026-12-07) hung planWorkflows: an event near the last date a Date holds made every
// later day an Invalid Date, no day was ever open, and the count never ended.
import { describe, expect, it } from 'vitest';
import { addBusinessDays } from '../../src/automation/_window.js';

const MAX = 8.64e15;

describe('addBusinessDays', () => {
  it('Friday 10:00 + 1 business day is Monday 10:00; in a window, its days and zone count', () => {
    const friday = Date.parse('2026-12-04T10:00:00Z');
    expect(new Date(addBusinessDays(friday, 1, null)).toISOString()).toBe('2026-12-07T10:00:00.000Z');
    expect(new Date(addBusinessDays(friday, 5, null)).toISOString()).toBe('2026-12-11T10:00:00.000Z');
    const window = { timeZone: 'Asia/Jakarta', days: ['sat'], from: '08:00', to: '17:00' } as never;
    expect(new Date(addBusinessDays(friday, 2, window)).toISOString()).toBe('2026-12-12T10:00:00.000Z');
  });

  it('is NaN, not a hang, past the last date a Date holds or from an invalid instant', () => {
    expect(addBusinessDays(MAX - 86_400_000, 365, null)).toBeNaN();
    expect(addBusinessDays(MAX, 1, null)).toBeNaN();
    expect(addBusinessDays(Number.NaN, 3, null)).toBeNaN();
    expect(addBusinessDays(MAX - 30 * 86_400_000, 5, null)).toBeLessThanOrEqual(MAX);
  });
});
