import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Decimal from 'decimal.js';
import {
  canonicalDecimal,
  compareDecimal,
  compareText,
  foldCase,
  globMatch,
  parseIsoDuration,
  shiftInstant,
} from '../../src/conditions/index.js';

/** Code points of a string, for a reference order. */
const codePoints = (s: string) => Array.from(s, (c) => c.codePointAt(0)!);

function referenceCompare(a: string, b: string): number {
  const x = codePoints(a),
    y = codePoints(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  return Math.sign(x.length - y.length);
}

const wellFormed = fc.string({ unit: 'grapheme', maxLength: 12 });

describe('compareText', () => {
  it('orders by code point, where JavaScript < orders by UTF-16 unit (U+FFFD before U+1F600)', () => {
    expect(compareText('\uFFFD', '😀')).toBe(-1);
    expect('\uFFFD' < '😀').toBe(false);
    expect(compareText('a', 'ab')).toBe(-1);
    expect(compareText('Z', 'a')).toBe(-1);
    expect(compareText('é', 'é')).toBe(0);
  });

  it('property: equals the order of the code point sequences (PostgreSQL COLLATE "C" on UTF-8)', () => {
    fc.assert(fc.property(wellFormed, wellFormed, (a, b) => compareText(a, b) === referenceCompare(a, b)));
  });
});

describe('foldCase', () => {
  it('folds each code point to its simple lower case, İ to i and a final sigma like any sigma', () => {
    expect(foldCase('ÜBER Straße')).toBe('über straße');
    expect(foldCase('ΟΔΟΣ')).toBe('οδοσ');
    expect(foldCase('İstanbul')).toBe('istanbul');
    expect(foldCase('MOSKVA Москва')).toBe('moskva москва');
    expect(foldCase('plain ascii 123')).toBe('plain ascii 123');
  });

  it('property: idempotent and length-preserving in code points', () => {
    fc.assert(
      fc.property(wellFormed, (s) => {
        const f = foldCase(s);
        return foldCase(f) === f && Array.from(f).length === Array.from(s).length;
      }),
    );
  });
});

describe('compareDecimal and canonicalDecimal', () => {
  const decimal = fc
    .tuple(fc.boolean(), fc.stringMatching(/^\d{1,20}$/), fc.option(fc.stringMatching(/^\d{1,12}$/), { nil: null }))
    .map(([neg, i, f]) => `${neg ? '-' : ''}${i}${f === null ? '' : `.${f}`}`);

  it('property: agrees with decimal.js, whatever the leading and trailing zeros', () => {
    fc.assert(fc.property(decimal, decimal, (a, b) => compareDecimal(a, b) === new Decimal(a).cmp(new Decimal(b))));
  });

  it('property: the canonical form is equal in value and has no redundant zeros', () => {
    fc.assert(
      fc.property(decimal, (a) => {
        const c = canonicalDecimal(a)!;
        return new Decimal(c).eq(new Decimal(a)) && !/^-?0\d|\.\d*0$|^-0$/.test(c);
      }),
    );
  });

  it('refuses what is not a plain decimal or a safe integer', () => {
    for (const bad of ['1e3', '', '.5', '5.', '+1', 'NaN', 0.5, Number.MAX_SAFE_INTEGER + 2, null, {}])
      expect(canonicalDecimal(bad)).toBeNull();
    expect(canonicalDecimal(-0)).toBe('0');
    expect(canonicalDecimal('-0.00')).toBe('0');
  });
});

describe('ISO 8601 durations', () => {
  it('parses every part, and refuses what is not a duration', () => {
    expect(parseIsoDuration('P1Y2M3W4DT5H6M7.5S')).toEqual({ sign: 1, years: 1, months: 2, days: 25, ms: 18_367_500 });
    expect(parseIsoDuration('-P30D')).toEqual({ sign: -1, years: 0, months: 0, days: 30, ms: 0 });
    for (const bad of ['P', 'PT', 'P1DT', '30D', 'P-1D', 'P1.5D', '', 'P1D ', 42, null])
      expect(parseIsoDuration(bad)).toBeNull();
  });

  it('moves instants in UTC, clamping the day of month as date-fns add does', () => {
    const at = (s: string) => Date.parse(s);
    expect(shiftInstant(at('2026-01-31T10:00:00Z'), parseIsoDuration('P1M')!)).toBe(at('2026-02-28T10:00:00Z'));
    expect(shiftInstant(at('2024-02-29T00:00:00Z'), parseIsoDuration('P1Y')!)).toBe(at('2025-02-28T00:00:00Z'));
    expect(shiftInstant(at('2026-03-31T00:00:00Z'), parseIsoDuration('-P1M')!)).toBe(at('2026-02-28T00:00:00Z'));
    expect(shiftInstant(at('2026-03-29T00:00:00Z'), parseIsoDuration('-P1W')!)).toBe(at('2026-03-22T00:00:00Z'));
    expect(shiftInstant(at('2026-03-01T00:00:00Z'), parseIsoDuration('-PT1.5S')!)).toBe(at('2026-02-28T23:59:58.500Z'));
    expect(() => shiftInstant(8.64e15, parseIsoDuration('P1D')!)).toThrow(
      expect.objectContaining({ code: 'validation_failed' }),
    );
  });

  it('property: going forward then back by whole days is the identity', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4e12 }), fc.integer({ min: 0, max: 100_000 }), (t, d) => {
        const fwd = parseIsoDuration(`P${d}D`)!,
          back = parseIsoDuration(`-P${d}D`)!;
        return shiftInstant(shiftInstant(t, fwd), back) === t;
      }),
    );
  });
});

describe('globMatch', () => {
  /** A reference matcher from a regular expression (fine for the short patterns of this test). */
  const reference = (text: string, pattern: string) =>
    new RegExp(
      `^${Array.from(pattern, (c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('')}$`,
      'su',
    ).test(text);
  const alphabet = fc.constantFrom('a', 'b', '😀', '.', '*', '?');

  it('matches whole text with * and ?, and ? takes one code point', () => {
    expect(globMatch('ada@example.com', '*@example.???')).toBe(true);
    expect(globMatch('ada@example.co', '*@example.???')).toBe(false);
    expect(globMatch('😀', '?')).toBe(true);
    expect(globMatch('a%b', 'a%b')).toBe(true);
    expect(globMatch('', '*')).toBe(true);
    expect(globMatch('', '?')).toBe(false);
  });

  it('property: agrees with an anchored regular expression', () => {
    fc.assert(
      fc.property(
        fc
          .array(
            alphabet.filter((c) => c !== '*' && c !== '?'),
            { maxLength: 8 },
          )
          .map((a) => a.join('')),
        fc.array(alphabet, { maxLength: 6 }).map((a) => a.join('')),
        (text, pattern) => globMatch(text, pattern) === reference(text, pattern),
      ),
    );
  });

  it('finishes at once for a pattern of 1,000 stars (no regular expression, no backtracking blow-up)', () => {
    expect(globMatch('a'.repeat(5000), `${'*'.repeat(1000)}b`)).toBe(false);
  });
});
