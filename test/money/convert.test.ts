import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { money, convertMoney, type ExchangeRate } from '../../src/money/index.js';
import { isCrmError } from '../../src/core/index.js';
import { moneyIn } from './_arb.js';

const eurUsd: ExchangeRate = { from: 'EUR', to: 'USD', rate: '1.0842', asOf: '2026-01-02' };

function errorOf(fn: () => unknown): { code: string; issues: readonly { path: readonly (string | number)[] }[] } {
  try {
    fn();
  } catch (e) {
    expect(isCrmError(e)).toBe(true);
    return e as never;
  }
  throw new Error('expected a throw');
}

describe('convertMoney', () => {
  it('converts with an explicit dated rate and rounds to the target minor units', () => {
    expect(convertMoney(money('100.00', 'EUR'), eurUsd)).toEqual({ amount: '108.42', currency: 'USD' });
    expect(
      convertMoney(money('1000', 'JPY'), {
        from: 'JPY',
        to: 'USD',
        rate: '0.006683',
        asOf: new Date('2026-01-02T00:00:00Z'),
      }).amount,
    ).toBe('6.68'); // 6.683
    expect(
      convertMoney(money('10.00', 'USD'), { from: 'USD', to: 'JPY', rate: 149.63, asOf: '2026-01-02' }).amount,
    ).toBe('1496'); // 1496.3
    expect(
      convertMoney(money('1.000', 'KWD'), { from: 'KWD', to: 'USD', rate: '3.2523', asOf: '2026-01-02' }).amount,
    ).toBe('3.25');
  });

  it('rounds ties half-even by default, or by the named mode', () => {
    const r: ExchangeRate = { from: 'EUR', to: 'USD', rate: '1.125', asOf: '2026-01-02' };
    expect(convertMoney(money('1.00', 'EUR'), r).amount).toBe('1.12');
    expect(convertMoney(money('1.00', 'EUR'), r, 'halfUp').amount).toBe('1.13');
    expect(convertMoney(money('1.00', 'EUR'), r, 'floor').amount).toBe('1.12');
  });

  it('throws currency_mismatch when the amount is not in rate.from', () => {
    const e = errorOf(() => convertMoney(money('1', 'GBP'), eurUsd));
    expect(e.code).toBe('currency_mismatch');
    expect(e.issues[0]!.path).toEqual(['rate', 'from']);
  });

  it('refuses a missing or invalid date, a non-positive or non-finite rate, and an unknown target', () => {
    const bad: [Partial<ExchangeRate>, (string | number)[]][] = [
      [{ asOf: undefined }, ['rate', 'asOf']],
      [{ asOf: null as unknown as string }, ['rate', 'asOf']],
      [{ asOf: 'someday' }, ['rate', 'asOf']],
      [{ asOf: '2026-02-30' }, ['rate', 'asOf']],
      [{ asOf: new Date(Number.NaN) }, ['rate', 'asOf']],
      [{ rate: '0' }, ['rate', 'rate']],
      [{ rate: -1.1 }, ['rate', 'rate']],
      [{ rate: Number.NaN }, ['rate', 'rate']],
      [{ rate: 'abc' }, ['rate', 'rate']],
      [{ to: 'usd' }, ['currency']],
    ];
    for (const [patch, path] of bad) {
      const e = errorOf(() => convertMoney(money('1', 'EUR'), { ...eurUsd, ...patch } as ExchangeRate));
      expect(e.code).toBe('validation_failed');
      expect(e.issues[0]!.path).toEqual(path);
    }
  });

  it('property: a rate of 1 into the same currency changes nothing; the input is not mutated', () => {
    fc.assert(
      fc.property(moneyIn('USD'), (m) => {
        const copy = { ...m };
        expect(convertMoney(m, { from: 'USD', to: 'USD', rate: '1', asOf: '2026-01-01' })).toEqual(m);
        expect(m).toEqual(copy);
      }),
    );
  });
});
