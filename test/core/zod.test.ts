import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { z } from 'zod';
import { fromZodError, safeParseResult, isCrmError } from '../../src/core/index.js';

const Contact = z.object({
  name: z.string().min(1),
  emails: z.array(z.object({ address: z.email(), primary: z.boolean() })),
  address: z.object({ lines: z.array(z.string()), country: z.string().length(2) }),
});

describe('fromZodError', () => {
  it('keeps every issue with its full path through nested objects and arrays', () => {
    const r = Contact.safeParse({
      name: '',
      emails: [
        { address: 'ok@example.com', primary: true },
        { address: 'nope', primary: 'yes' },
      ],
      address: { lines: ['a', 7], country: 'USA' },
    });
    expect(r.success).toBe(false);
    if (r.success) return;
    const e = fromZodError(r.error, 'Contact');
    expect(e.code).toBe('validation_failed');
    expect(isCrmError(e, 'validation_failed')).toBe(true);
    expect(e.cause).toBe(r.error);
    expect(e.issues.map((i) => i.path)).toEqual(r.error.issues.map((i) => i.path));
    expect(e.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining([
        ['name'],
        ['emails', 1, 'address'],
        ['emails', 1, 'primary'],
        ['address', 'lines', 1],
        ['address', 'country'],
      ]),
    );
    expect(e.issues).toHaveLength(5);
    for (const [i, issue] of e.issues.entries()) {
      expect(issue.code).toBe(r.error.issues[i]!.code);
      expect(issue.message).toBe(r.error.issues[i]!.message);
    }
    expect(e.message).toMatch(/^Contact is invalid: 5 issues, first at /);
  });

  it('turns symbol keys into their description', () => {
    const sym = Symbol('secret');
    const r = z.object({ a: z.string() }).safeParse({ a: 1 });
    if (r.success) throw new Error('expected failure');
    const error = r.error;
    (error.issues[0] as { path: PropertyKey[] }).path = ['a', sym, 0];
    expect(fromZodError(error).issues[0]!.path).toEqual(['a', 'secret', 0]);
  });

  it('property: any array of records with a bad field reports that exact index', () => {
    const Row = z.array(z.object({ n: z.number() }));
    fc.assert(
      fc.property(fc.array(fc.integer(), { minLength: 1, maxLength: 20 }), fc.nat(), (ns, k) => {
        const bad = k % ns.length;
        const rows: { n: unknown }[] = ns.map((n) => ({ n }));
        rows[bad] = { n: 'x' };
        const r = Row.safeParse(rows);
        expect(r.success).toBe(false);
        if (!r.success) expect(fromZodError(r.error).issues.map((i) => i.path)).toEqual([[bad, 'n']]);
      }),
    );
  });
});

describe('safeParseResult', () => {
  it('returns a deep-frozen value on success', () => {
    const r = safeParseResult(Contact, {
      name: 'Ada',
      emails: [{ address: 'ada@example.com', primary: true }],
      address: { lines: ['1 Way'], country: 'GB' },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Object.isFrozen(r)).toBe(true);
    expect(Object.isFrozen(r.value)).toBe(true);
    expect(Object.isFrozen(r.value.emails)).toBe(true);
    expect(Object.isFrozen(r.value.emails[0])).toBe(true);
    expect(Object.isFrozen(r.value.address.lines)).toBe(true);
  });

  it('does not freeze or change the input', () => {
    const input = { name: 'Ada', emails: [], address: { lines: ['x'], country: 'GB' } };
    safeParseResult(Contact, input);
    expect(Object.isFrozen(input)).toBe(false);
    expect(Object.isFrozen(input.address)).toBe(false);
  });

  it('returns validation_failed with paths on failure, naming the thing parsed', () => {
    const r = safeParseResult(z.number().int(), 'x', 'Score');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('validation_failed');
    expect(r.error.issues[0]!.path).toEqual([]);
    expect(r.error.message).toMatch(/^Score is invalid: 1 issue, first at \(root\): /);
  });

  it('deep-freezes even when a transform returns an already frozen wrapper around mutable data', () => {
    const inner = { list: [1, 2] };
    const schema = z.unknown().transform(() => Object.freeze({ inner }));
    const r = safeParseResult(schema, null);
    expect(r.ok && Object.isFrozen(r.value.inner) && Object.isFrozen(r.value.inner.list)).toBe(true);
  });

  it('deep-freezes around typed arrays without throwing (they cannot be frozen)', () => {
    const schema = z.unknown().transform(() => ({ xs: new Float64Array([1, 2]), tags: ['a'] }));
    const r = safeParseResult(schema, null);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Object.isFrozen(r.value)).toBe(true);
    expect(Object.isFrozen(r.value.tags)).toBe(true);
    expect(Array.from(r.value.xs)).toEqual([1, 2]);
  });
});
