/**
 * Defects the public-API fuzzer (test/fuzz, issue 12) found in crmkit/core, each pinned as the fixed
 * call that showed it: a call no type-correct program makes must throw a CrmError (never a TypeError,
 * nor the caller's own exception), and nothing of the caller's may come back as NaN.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  checkOptionKeys,
  CrmError,
  err,
  fail,
  fixedClock,
  formatPath,
  fromZodError,
  invalidInput,
  isCrmError,
  mapResult,
  ok,
  prefixIssues,
  safeParseResult,
  unwrap,
} from '../../src/core/index.js';
import { refused } from '../_refused.js';

const throwingToString = {
  toString() {
    throw new Error('toString');
  },
};
const getterAt0 = Object.defineProperty([1, 2], 0, {
  enumerable: true,
  get() {
    throw new Error('getter 0');
  },
});
const getterX = Object.defineProperty({}, 'x', {
  enumerable: true,
  get() {
    throw new Error('getter x');
  },
});

describe('fuzz findings in crmkit/core', () => {
  it('CrmError: a message whose toString throws, issues that are not an array, an issue path that is not a path', () => {
    refused(() => new CrmError('validation_failed', throwingToString as never));
    refused(() => new CrmError('validation_failed', 'm', { issues: {} as never }));
    refused(
      () =>
        new CrmError('validation_failed', 'm', { issues: [{ path: 1e308, message: 'm', code: 'custom' }] as never }),
    );
    refused(
      () =>
        new CrmError('validation_failed', 'm', { issues: [{ path: [NaN], message: 'm', code: 'custom' }] as never }),
    );
    refused(
      () =>
        new CrmError(
          'validation_failed',
          'm',
          Object.defineProperty({}, 'issues', {
            get() {
              throw new Error('getter');
            },
          }),
        ),
    );
  });

  it('CrmError keeps path, message and code of an issue only (an own __proto__ key holding -Infinity stayed)', () => {
    const issue = JSON.parse('{"path":[],"message":"m","code":"custom","__proto__":-1}') as never;
    const e = invalidInput('Q', [issue]);
    expect(Object.keys(e.issues[0]!)).toEqual(['path', 'message', 'code']);
  });

  it('formatPath never throws: not a path prints as the root, odd segments print bounded', () => {
    // formatPath builds messages (often about bad input), so it must not fail itself (docs/core.md).
    expect(formatPath(-Infinity as never)).toBe('(root)');
    expect(typeof formatPath([{ constructor: {} }] as never)).toBe('string');
    expect(formatPath(['a', -Infinity] as never)).toBe('a[-Infinity]');
    expect(formatPath(['emails', 0, 'address'])).toBe('emails[0].address');
  });

  it('fail with issues that are an invalid Date, or an issue path that is an object', () => {
    refused(() => fail('validation_failed', 'm', new Date(NaN) as never));
    refused(() =>
      fail('validation_failed', 'm', [{ path: { constructor: {} }, message: 'm', code: 'custom' }] as never),
    );
  });

  it('unwrap(NaN) and unwrap of a sparse array threw undefined; an error Result still throws its own error', () => {
    refused(() => unwrap(NaN as never));
    refused(() => unwrap([, 1] as never));
    const own = { mine: true };
    expect(() => unwrap(err(own))).toThrow(expect.objectContaining({ mine: true }) as never);
  });

  it("mapResult('1e309', fn) returned the string; mapResult(ok(1), 5) threw a TypeError", () => {
    refused(() => mapResult('1e309' as never, (n: number) => n));
    refused(() => mapResult(ok(1), 5 as never));
  });

  it('fixedClock({ toString, valueOf }) and a symbol or a huge step', () => {
    refused(() => fixedClock({ toString: 'x', valueOf: 1 } as never));
    refused(() => fixedClock('2026-01-01T00:00:00Z', Symbol('s') as never));
    refused(() => fixedClock('2026-01-01T00:00:00Z', 1e308));
  });

  it('fromZodError of a string, or with a symbol as the label', () => {
    refused(() => fromZodError('9'.repeat(1000) as never));
    const r = z.object({ email: z.email() }).safeParse({ email: 'x' });
    refused(() => fromZodError(r.error!, Symbol('s') as never));
  });

  it('prefixIssues with a path that is a number', () => {
    refused(() => prefixIssues([{ path: 1e308, message: 'm', code: 'custom' }] as never, []));
    refused(() => prefixIssues([], 'lines' as never));
  });

  it('checkOptionKeys with allowed names that are not an array of strings', () => {
    refused(() => checkOptionKeys({ a: 1 }, getterAt0 as never));
    refused(() => checkOptionKeys({ a: 1 }, 5 as never));
  });

  it("invalidInput('Q', 'a\\uDC00b') and with a label that is not text", () => {
    refused(() => invalidInput('Q', 'a\uDC00b' as never));
    refused(() => invalidInput(Symbol('q') as never, []));
  });

  it('safeParseResult: a schema that is not a zod schema is thrown; input with a throwing getter is an error Result', () => {
    refused(() => safeParseResult(getterX as never, 3));
    const r = safeParseResult(z.object({ x: z.string() }), getterX);
    expect(r.ok).toBe(false);
    expect(isCrmError(!r.ok && r.error, 'validation_failed')).toBe(true);
  });

  it('safeParseResult never freezes the input a schema passes through (z.unknown)', () => {
    const input = { tags: ['a'] };
    const r = safeParseResult(z.object({ tags: z.unknown() }), input);
    expect(r.ok && Object.isFrozen(r.value.tags)).toBe(true);
    expect(Object.isFrozen(input.tags)).toBe(false);
  });
});
