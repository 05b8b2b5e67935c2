import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { quoteValue, showValue, thrownText } from '../../src/_lib/show.js';
import { hostileValue } from '../_hostile.js';

describe('showValue', () => {
  it('shows strings as they are, other primitives as String() does', () => {
    expect(showValue('pending')).toBe('pending');
    expect(showValue(12.5)).toBe('12.5');
    expect(showValue(null)).toBe('null');
    expect(showValue(undefined)).toBe('undefined');
    expect(showValue(10n)).toBe('10n');
    expect(showValue(new Date('2026-01-02T03:04:05Z'))).toBe('Date(2026-01-02T03:04:05.000Z)');
    expect(showValue(new Date('nope'))).toBe('Date(invalid)');
    expect(showValue(Symbol('x'))).toBe('Symbol(x)');
  });

  it('shows objects as JSON, falling back to their tag when JSON fails', () => {
    expect(showValue({ a: [1, 'b'] })).toBe('{"a":[1,"b"]}');
    expect(showValue({ toString: null })).toBe('{"toString":null}');
    expect(quoteValue('open')).toBe('"open"');
    expect(quoteValue(Number.NaN)).toBe('NaN');
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(showValue(cyclic)).toBe('{"self":"[Circular]"}');
    expect(
      showValue({
        toJSON: () => {
          throw new Error('no');
        },
      }),
    ).toBe('{}');
    const trap = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('no');
        },
      },
    );
    expect(showValue(trap)).toBe('[object Object]');
  });

  it('cuts long text to 120 characters', () => {
    expect(showValue('x'.repeat(500))).toHaveLength(120);
  });

  it('writes only the start of huge and deep values (issue 12: messages about big input were quadratic)', () => {
    const wide = Array.from({ length: 200_000 }, (_, i) => ({ [`k${i}`]: i }));
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const long = 'x'.repeat(5_000_000);
    // The deep value would overflow the stack of a recursive JSON.stringify; the writer stops at 8 levels.
    expect(showValue(deep)).toBe('[[[[[[[[[…]]]]]]]]]');
    expect(showValue(wide)).toHaveLength(120);
    expect(showValue(wide).startsWith('[{"k0":0},{"k1":1},')).toBe(true);
    expect(quoteValue(long)).toHaveLength(120);
  });

  it('property: never throws and always gives a string', () => {
    fc.assert(fc.property(hostileValue, (v) => typeof showValue(v) === 'string'));
  });
});

describe('thrownText', () => {
  it('names an Error, quotes anything else, and never throws for a hostile error', () => {
    expect(thrownText(new TypeError('bad'))).toBe('TypeError: bad');
    expect(thrownText('oops')).toBe('"oops"');
    expect(thrownText(new Error('x'.repeat(500))).length).toBeLessThanOrEqual(120);
    const hostile = new Error('m');
    Object.defineProperty(hostile, 'message', {
      get() {
        throw new Error('no');
      },
    });
    expect(thrownText(hostile)).toBe('an unreadable error');
  });
});
