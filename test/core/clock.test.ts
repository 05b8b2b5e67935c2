import { describe, it, expect } from 'vitest';
import { fixedClock, systemClock, resolveContext, sequentialIdGenerator, isCrmError } from '../../src/core/index.js';

describe('fixedClock', () => {
  it('always answers the same instant, as a fresh Date each time', () => {
    const clock = fixedClock('2026-01-01T00:00:00Z');
    const a = clock.now();
    expect(a.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    a.setUTCFullYear(1999); // mutating a returned Date must not move the clock
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(clock.now()).not.toBe(clock.now());
  });

  it('reads a string without an offset as UTC, whatever the process time zone', () => {
    expect(fixedClock('2026-07-01T12:00:00').now().toISOString()).toBe('2026-07-01T12:00:00.000Z');
    expect(() => fixedClock('2026-02-30')).toThrow(/not a valid date/);
  });

  it('accepts a Date and steps by stepMs on every call', () => {
    const clock = fixedClock(new Date('2026-01-01T00:00:00Z'), 1000);
    expect([clock.now(), clock.now(), clock.now()].map((d) => d.toISOString())).toEqual([
      '2026-01-01T00:00:00.000Z',
      '2026-01-01T00:00:01.000Z',
      '2026-01-01T00:00:02.000Z',
    ]);
  });

  it('refuses an invalid date or a non-finite step with validation_failed', () => {
    expect(() => fixedClock('not a date')).toThrow(/not a valid date/);
    try {
      fixedClock('2026-01-01T00:00:00Z', Number.NaN);
      expect.unreachable();
    } catch (e) {
      expect(isCrmError(e, 'validation_failed')).toBe(true);
      expect((e as { issues: { path: unknown[] }[] }).issues[0]!.path).toEqual(['stepMs']);
    }
    expect(() => fixedClock(new Date(Number.NaN))).toThrow(expect.objectContaining({ code: 'validation_failed' }));
  });
});

describe('systemClock and resolveContext', () => {
  it('treats a null context like no context (plain-JavaScript callers)', () => {
    const r = resolveContext(null);
    expect(r.clock.now()).toBeInstanceOf(Date);
    expect(typeof r.ids.next('lead')).toBe('string');
    expect(r.actor).toBeUndefined();
  });

  it('systemClock tells a valid current time', () => {
    const before = Date.now();
    const t = systemClock().now().getTime();
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(Date.now());
  });

  it('keeps injected ports and fills missing ones', () => {
    const clock = fixedClock('2026-01-01T00:00:00Z');
    const ids = sequentialIdGenerator();
    const r = resolveContext({ clock, ids, actor: 'u-1' });
    expect(r.clock).toBe(clock);
    expect(r.ids).toBe(ids);
    expect(r.actor).toBe('u-1');
    const d = resolveContext();
    expect(d.actor).toBeUndefined();
    expect(d.ids.next('lead')).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.isFinite(d.clock.now().getTime())).toBe(true);
  });
});
