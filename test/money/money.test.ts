import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  money,
  parseMoney,
  zeroMoney,
  moneyToJSON,
  moneyFromJSON,
  isMoney,
  moneyToDecimal,
  MONEY_MAX_DIGITS,
} from '../../src/money/index.js';
import { isCrmError as isCrmErrorLike } from '../../src/core/index.js';
import { anyMoney } from './_arb.js';

function thrown(fn: () => unknown): {
  code: string;
  message: string;
  issues: readonly { path: readonly (string | number)[]; code: string; message: string }[];
} {
  try {
    fn();
  } catch (e) {
    expect(isCrmErrorLike(e)).toBe(true);
    return e as never;
  }
  throw new Error('expected a throw');
}

describe('money()', () => {
  it('reads decimal strings into canonical amounts (ISO 4217 minor units)', () => {
    expect(money('19.99', 'USD')).toEqual({ amount: '19.99', currency: 'USD' });
    expect(money('19.9', 'USD').amount).toBe('19.90');
    expect(money('19.900', 'USD').amount).toBe('19.90');
    expect(money('007.5', 'EUR').amount).toBe('7.50');
    expect(money('.5', 'EUR').amount).toBe('0.50');
    expect(money('5.', 'EUR').amount).toBe('5.00');
    expect(money('+5', 'EUR').amount).toBe('5.00');
    expect(money('  12.3 ', 'EUR').amount).toBe('12.30');
    expect(money('1500', 'JPY').amount).toBe('1500');
    expect(money('0.1', 'KWD').amount).toBe('0.100');
    expect(money('1', 'CLF').amount).toBe('1.0000');
    expect(money('1.005', 'USD').amount).toBe('1.005'); // extra precision is kept, not silently rounded
    expect(money('-3', 'USD').amount).toBe('-3.00');
    expect(money('123456789012345678901234567890.12', 'USD').amount).toBe('123456789012345678901234567890.12');
  });

  it('never produces a negative zero', () => {
    expect(money('-0', 'USD').amount).toBe('0.00');
    expect(money('-0.000', 'JPY').amount).toBe('0');
    expect(money(-0, 'USD').amount).toBe('0.00');
  });

  it('reads safe integers and bigints', () => {
    expect(money(100, 'USD').amount).toBe('100.00');
    expect(money(-7, 'JPY').amount).toBe('-7');
    expect(money(Number.MAX_SAFE_INTEGER, 'JPY').amount).toBe('9007199254740991');
    expect(money(12345678901234567890n, 'USD').amount).toBe('12345678901234567890.00');
  });

  it('refuses a lossy number such as 19.99, pointing to the amount and suggesting a string', () => {
    const e = thrown(() => money(19.99, 'USD'));
    expect(e.code).toBe('validation_failed');
    expect(e.issues).toEqual([{ path: ['amount'], code: 'lossy_number', message: expect.stringContaining("'19.99'") }]);
    expect(e.message).toMatch(/binary floating-point/);
    expect(thrown(() => money(0.1, 'EUR')).issues[0]!.code).toBe('lossy_number');
    const big = thrown(() => money(2 ** 53, 'USD'));
    expect(big.issues[0]!.code).toBe('lossy_number');
    expect(big.message).toMatch(/MAX_SAFE_INTEGER/);
  });

  it('refuses NaN and Infinity', () => {
    for (const v of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const e = thrown(() => money(v, 'USD'));
      expect(e.issues[0]).toMatchObject({ path: ['amount'], code: 'invalid_amount' });
      expect(e.message).toMatch(/not a finite number/);
    }
  });

  it('refuses malformed strings', () => {
    for (const s of [
      '',
      ' ',
      'abc',
      '1,000.00',
      '1.2.3',
      '1e3',
      '0x10',
      '--1',
      '1 000',
      'NaN',
      'Infinity',
      '.',
      '+',
      '١٢',
    ]) {
      const e = thrown(() => money(s, 'USD'));
      expect(e.code).toBe('validation_failed');
      expect(e.issues[0]).toMatchObject({ path: ['amount'], code: 'invalid_amount' });
      expect(e.issues[0]!.message).toContain(JSON.stringify(s));
    }
  });

  it('refuses unknown and lower-case currencies', () => {
    for (const c of ['usd', 'Usd', 'XXX', 'US', 'USDD', '', 'BTC', 'HRK']) {
      const e = thrown(() => money('1', c));
      expect(e.issues).toEqual([
        { path: ['currency'], code: 'invalid_currency', message: expect.stringContaining('ISO 4217') },
      ]);
    }
  });

  it('reports both problems at once', () => {
    const e = thrown(() => money(1.5, 'usd'));
    expect(e.issues.map((i) => i.path)).toEqual([['amount'], ['currency']]);
  });

  it('returns frozen values', () => {
    expect(Object.isFrozen(money('1', 'USD'))).toBe(true);
  });
});

describe('parseMoney', () => {
  it('answers a currency that cannot be printed (cyclic, toString null) with a Result, not a TypeError', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    for (const currency of [cyclic, { toString: null }, 10n]) {
      const r = parseMoney({ amount: '1.00', currency });
      expect(!r.ok && r.error.issues.map((i) => i.path)).toEqual([['currency']]);
    }
  });

  it('returns a Result rather than throwing', () => {
    expect(parseMoney({ amount: '19.99', currency: 'USD' })).toEqual({
      ok: true,
      value: { amount: '19.99', currency: 'USD' },
    });
    const r = parseMoney({ amount: 19.99, currency: 'USD' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('validation_failed');
  });

  it('refuses non-objects and missing fields with paths', () => {
    for (const v of [null, undefined, 'USD 1', 5, [], true]) {
      const r = parseMoney(v);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.issues[0]).toMatchObject({ path: [], code: 'invalid_type' });
    }
    const r = parseMoney({});
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error.issues.map((i) => [i.path, i.code])).toEqual([
        [['amount'], 'invalid_type'],
        [['currency'], 'invalid_currency'],
      ]);
  });

  it('property: any JSON value gives either valid Money or validation_failed, never a throw', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.record({
            amount: fc.oneof(fc.string(), fc.double(), fc.integer()),
            currency: fc.oneof(fc.constantFrom('USD', 'JPY', 'usd'), fc.string()),
          }),
        ),
        (v) => {
          const r = parseMoney(v);
          if (r.ok) expect(isMoney(r.value)).toBe(true);
          else expect(r.error.code).toBe('validation_failed');
        },
      ),
    );
  });
});

describe('zeroMoney, isMoney, moneyToDecimal', () => {
  it('zero has the minor digits of its currency', () => {
    expect(zeroMoney('EUR')).toEqual({ amount: '0.00', currency: 'EUR' });
    expect(zeroMoney('JPY').amount).toBe('0');
    expect(zeroMoney('BHD').amount).toBe('0.000');
    expect(() => zeroMoney('eur')).toThrow(/Unknown|ISO 4217/);
  });

  it('isMoney checks the shape: a decimal-string amount and a known currency (canonical or not)', () => {
    expect(isMoney(money('1', 'USD'))).toBe(true);
    expect(isMoney({ amount: '1.00', currency: 'USD' })).toBe(true);
    expect(isMoney({ amount: '1', currency: 'USD' })).toBe(true); // other modules use it to validate decimal strings
    expect(isMoney({ amount: '-0.5', currency: 'JPY' })).toBe(true);
    expect(isMoney({ amount: '1e3', currency: 'USD' })).toBe(false);
    expect(isMoney({ amount: ' 1', currency: 'USD' })).toBe(false);
    expect(isMoney({ amount: 'NaN', currency: 'USD' })).toBe(false);
    expect(isMoney({ amount: 1, currency: 'USD' })).toBe(false);
    expect(isMoney({ amount: '1.00', currency: 'usd' })).toBe(false);
    expect(isMoney({ amount: '1.00' })).toBe(false);
    expect(isMoney(null)).toBe(false);
    expect(isMoney('1.00 USD')).toBe(false);
  });

  it('moneyToDecimal gives the exact amount', () => {
    expect(moneyToDecimal(money('2.50', 'EUR')).times(3).toFixed(2)).toBe('7.50');
    expect(moneyToDecimal(money('0.1', 'USD')).plus('0.2').toString()).toBe('0.3');
  });
});

describe('JSON', () => {
  it('uses decimal strings: {"amount":"19.99","currency":"USD"}', () => {
    expect(JSON.stringify(moneyToJSON(money('19.99', 'USD')))).toBe('{"amount":"19.99","currency":"USD"}');
    expect(JSON.stringify(money('19.99', 'USD'))).toBe('{"amount":"19.99","currency":"USD"}');
    expect(moneyFromJSON('{"amount":"5","currency":"JPY"}')).toEqual({
      ok: true,
      value: { amount: '5', currency: 'JPY' },
    });
    expect(moneyFromJSON({ amount: '19.99', currency: 'USD' })).toEqual({
      ok: true,
      value: { amount: '19.99', currency: 'USD' },
    });
  });

  it('moneyFromJSON returns a Result error (never throws) for bad JSON text and invalid Money (issue 11)', () => {
    const issue = (json: unknown) => {
      const r = moneyFromJSON(json);
      expect(r.ok).toBe(false);
      if (r.ok) throw new Error('expected an error');
      expect(r.error.code).toBe('validation_failed');
      return r.error.issues[0];
    };
    expect(issue('{amount:1')).toMatchObject({ path: [], code: 'invalid_json' });
    expect(issue('{"amount":19.99,"currency":"USD"}')).toMatchObject({ path: ['amount'], code: 'lossy_number' });
    expect(issue({ amount: '1', currency: 'XYZ' })).toMatchObject({ path: ['currency'] });
    expect(issue(null)).toMatchObject({ path: [], code: 'invalid_type' });
    expect(issue('x'.repeat(100_000))!.message.length).toBeLessThan(300);
  });

  it('property: moneyFromJSON(JSON.stringify(moneyToJSON(m))) equals m exactly', () => {
    fc.assert(
      fc.property(anyMoney, (m) => {
        const back = moneyFromJSON(JSON.stringify(moneyToJSON(m)));
        expect(back).toEqual({ ok: true, value: m });
        if (back.ok) expect(back.value.amount).toBe(m.amount);
        expect(structuredClone(m)).toEqual(m);
      }),
    );
  });
});

describe('precision (issue 12)', () => {
  it(`refuses amounts of more than MONEY_MAX_DIGITS (${MONEY_MAX_DIGITS}) significant digits instead of keeping digits arithmetic would round`, () => {
    expect(MONEY_MAX_DIGITS).toBe(80);
    expect(thrown(() => money('1'.repeat(90), 'USD')).issues[0]).toMatchObject({ path: ['amount'], code: 'too_big' });
    expect(thrown(() => money(10n ** 80n, 'USD')).issues[0]).toMatchObject({ path: ['amount'], code: 'too_big' });
    expect(thrown(() => money(`0.${'1'.repeat(81)}`, 'USD')).issues[0]).toMatchObject({ code: 'too_big' });
    expect(parseMoney({ amount: '1'.repeat(81), currency: 'EUR' }).ok).toBe(false);
    // at the limit: accepted exactly
    expect(money('9'.repeat(80), 'JPY').amount).toBe('9'.repeat(80));
    expect(money(`${'1'.repeat(40)}.${'1'.repeat(40)}`, 'USD').amount).toBe(`${'1'.repeat(40)}.${'1'.repeat(40)}`);
    // leading zeros and trailing fraction zeros are not significant
    expect(money(`${'0'.repeat(100)}1.${'0'.repeat(100)}`, 'USD').amount).toBe('1.00');
  });

  it('moneyToDecimal refuses an amount that is not a decimal string with a CrmError, not a DecimalError', () => {
    expect(thrown(() => moneyToDecimal({ amount: 'abc', currency: 'USD' })).issues[0]).toMatchObject({
      path: ['amount'],
      code: 'invalid_amount',
    });
  });
});
