import { describe, expect, it } from 'vitest';
import { allocateMoney, money } from '../../src/money/index.js';
import { periodSeries, periodsBetween } from '../../src/time/index.js';

describe('list outputs are frozen', () => {
  it('allocateMoney, periodsBetween and periodSeries return frozen arrays of frozen items', () => {
    const parts = allocateMoney(money('10.00', 'USD'), [1, 2]);
    expect(Object.isFrozen(parts)).toBe(true);
    expect(parts.every((p) => Object.isFrozen(p))).toBe(true);
    expect(Object.isFrozen(periodsBetween('2026-01-01T00:00:00Z', '2026-03-01T00:00:00Z', 'month'))).toBe(true);
    expect(Object.isFrozen(periodSeries('2026-01-01T00:00:00Z', 'week', 3))).toBe(true);
  });
});
