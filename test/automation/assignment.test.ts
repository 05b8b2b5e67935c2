// Issue 13 §3: the pure assignment strategies roundRobin and leastBusy (worked by hand: ids in code-point order).
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { leastBusy, roundRobin, type RoundRobinState } from '../../src/automation/index.js';
import { CrmError } from '../../src/core/errors.js';

describe('roundRobin', () => {
  it('rotates in id order from the smallest id, whatever the order of the list', () => {
    let state: RoundRobinState | undefined;
    const picks: (string | null)[] = [];
    for (let i = 0; i < 5; i++) {
      const r = roundRobin(['cy', 'ana', 'ben'], state);
      picks.push(r.userId);
      state = r.state;
    }
    expect(picks).toEqual(['ana', 'ben', 'cy', 'ana', 'ben']);
  });

  it('stays stable when users are added or removed', () => {
    // After ben: a new user bo (between ben and cy) is next; cy removed, the turn wraps to ana.
    expect(roundRobin(['ana', 'ben', 'bo', 'cy'], { last: 'ben' }).userId).toBe('bo');
    expect(roundRobin(['ana', 'ben'], { last: 'ben' }).userId).toBe('ana');
    // The user chosen last was removed: the next id after theirs.
    expect(roundRobin(['ana', 'cy'], { last: 'ben' }).userId).toBe('cy');
  });

  it('picks no one from an empty list, and throws for what no type-correct program passes', () => {
    expect(roundRobin([], { last: 'x' })).toEqual({ userId: null, state: { last: 'x' } });
    expect(() => roundRobin('ana' as never, undefined)).toThrow(CrmError);
    expect(() => roundRobin(['a', 1] as never, undefined)).toThrow(CrmError);
    expect(() => roundRobin(['a'], { next: 'a' } as never)).toThrow(CrmError);
  });

  it('gives every user the same share over whole rounds (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 5 }),
        (users, rounds) => {
          const input = [...users];
          let state: RoundRobinState | undefined;
          const counts = new Map<string, number>();
          for (let i = 0; i < users.length * rounds; i++) {
            const r = roundRobin(input, state);
            counts.set(r.userId!, (counts.get(r.userId!) ?? 0) + 1);
            state = r.state;
          }
          expect(input).toEqual(users);
          expect([...counts.values()].every((n) => n === rounds)).toBe(true);
          expect(counts.size).toBe(users.length);
        },
      ),
    );
  });
});

describe('leastBusy', () => {
  it('picks the fewest open items, ties by id, missing counts as 0', () => {
    expect(leastBusy(['u3', 'u1', 'u2'], { u1: 4, u2: 1, u3: 1 })).toEqual({ userId: 'u2' });
    expect(leastBusy(['u2', 'u1'], {})).toEqual({ userId: 'u1' });
    expect(leastBusy(['u2', 'u1'], { u1: 1 })).toEqual({ userId: 'u2' });
    expect(leastBusy([], { a: 1 })).toEqual({ userId: null });
  });

  it('throws for counts no type-correct program passes', () => {
    expect(() => leastBusy(['a'], { a: -1 })).toThrow(CrmError);
    expect(() => leastBusy(['a'], { a: NaN })).toThrow(CrmError);
    expect(() => leastBusy(['a'], null as never)).toThrow(CrmError);
  });

  it('does not depend on the order of the list (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { minLength: 1 }),
        fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd', 'e'), fc.nat(3)),
        (users, counts) => {
          const min = Math.min(...users.map((u) => counts[u] ?? 0));
          const r = leastBusy(users, counts).userId!;
          expect(counts[r] ?? 0).toBe(min);
          expect(leastBusy([...users].reverse(), counts).userId).toBe(r);
        },
      ),
    );
  });
});
