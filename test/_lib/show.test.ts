import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { quoteValue, showValue } from '../../src/_lib/show.js';
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
    expect(showValue(cyclic)).toBe('[object Object]');
    expect(
      showValue({
        toJSON: () => {
          throw new Error('no');
        },
      }),
    ).toBe('[object Object]');
  });

  it('cuts long text to 120 characters', () => {
    expect(showValue('x'.repeat(500))).toHaveLength(120);
  });

  it('property: never throws and always gives a string', () => {
    fc.assert(fc.property(hostileValue, (v) => typeof showValue(v) === 'string'));
  });
});
