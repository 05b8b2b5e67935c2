import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  money,
  addMoney,
  subtractMoney,
  multiplyMoney,
  roundMoney,
  sumMoney,
  compareMoney,
  isZeroMoney,
  isNegativeMoney,
  negateMoney,
  currencyMinorUnits,
  type Money,
  type RoundingMode,
} from '../../src/money/index.js';
import { isCrmError } from '../../src/core/index.js';
import { moneyIn, preciseMoneyIn, anyMoney, CURRENCIES, unitsToString } from './_arb.js';

function codeOf(fn: () => unknown): {
  code: string;
  issues: readonly { path: readonly (string | number)[] }[];
  message: string;
} {
  try {
    fn();
  } catch (e) {
    expect(isCrmError(e)).toBe(true);
    return e as never;
  }
  throw new Error('expected a throw');
}

const sameCurrencyPair = fc
  .constantFrom(...CURRENCIES)
  .chain((c) => fc.tuple(fc.oneof(moneyIn(c), preciseMoneyIn(c)), fc.oneof(moneyIn(c), preciseMoneyIn(c))));
const sameCurrencyTriple = fc
  .constantFrom(...CURRENCIES)
  .chain((c) => fc.tuple(moneyIn(c), preciseMoneyIn(c), moneyIn(c)));

describe('addMoney / subtractMoney', () => {
  it('are exact where binary floating point is not', () => {
    expect(addMoney(money('0.10', 'USD'), money('0.20', 'USD'))).toEqual({ amount: '0.30', currency: 'USD' });
    expect(subtractMoney(money('10', 'EUR'), money('0.01', 'EUR'))).toEqual({ amount: '9.99', currency: 'EUR' });
    expect(subtractMoney(money('1', 'USD'), money('1', 'USD')).amount).toBe('0.00');
    expect(addMoney(money('9007199254740993', 'JPY'), money('1', 'JPY')).amount).toBe('9007199254740994');
  });

  it('throw currency_mismatch when currencies differ', () => {
    for (const op of [addMoney, subtractMoney, compareMoney]) {
      const e = codeOf(() => op(money('1', 'USD'), money('1', 'EUR')));
      expect(e.code).toBe('currency_mismatch');
      expect(e.message).toMatch(/USD and EUR/);
      expect(e.issues[0]!.path).toEqual(['currency']);
    }
  });

  it('property: add is commutative', () => {
    fc.assert(
      fc.property(sameCurrencyPair, ([a, b]) => {
        expect(addMoney(a, b)).toEqual(addMoney(b, a));
      }),
    );
  });

  it('property: add is associative', () => {
    fc.assert(
      fc.property(sameCurrencyTriple, ([a, b, c]) => {
        expect(addMoney(addMoney(a, b), c)).toEqual(addMoney(a, addMoney(b, c)));
      }),
    );
  });

  it('property: a + b − b = a, and a − a is zero', () => {
    fc.assert(
      fc.property(sameCurrencyPair, ([a, b]) => {
        expect(subtractMoney(addMoney(a, b), b)).toEqual(a);
        expect(isZeroMoney(subtractMoney(a, a))).toBe(true);
      }),
    );
  });

  it('property: inputs are never mutated and outputs are frozen', () => {
    fc.assert(
      fc.property(sameCurrencyPair, ([a, b]) => {
        const [ca, cb] = [{ ...a }, { ...b }];
        for (const out of [
          addMoney(a, b),
          subtractMoney(a, b),
          negateMoney(a),
          roundMoney(a),
          multiplyMoney(a, '1.5'),
        ]) {
          expect(Object.isFrozen(out)).toBe(true);
        }
        expect(a).toEqual(ca);
        expect(b).toEqual(cb);
      }),
    );
  });
});

describe('multiplyMoney', () => {
  it('multiplies exactly by integers, decimal strings, numbers and bigints', () => {
    expect(multiplyMoney(money('19.99', 'USD'), 3)).toEqual({ amount: '59.97', currency: 'USD' });
    expect(multiplyMoney(money('10.00', 'USD'), '0.3333').amount).toBe('3.333');
    expect(multiplyMoney(money('10.00', 'USD'), 0.1).amount).toBe('1.00'); // 0.1 read as its shortest decimal form
    expect(multiplyMoney(money('1.10', 'USD'), 1.1).amount).toBe('1.21');
    expect(multiplyMoney(money('2', 'JPY'), 10n ** 20n).amount).toBe('200000000000000000000');
    expect(multiplyMoney(money('3', 'USD'), '-1.5').amount).toBe('-4.50');
    expect(multiplyMoney(money('3', 'USD'), '2e3').amount).toBe('6000.00');
  });

  it('rounds to minor units when a mode is given', () => {
    expect(multiplyMoney(money('10.00', 'USD'), '0.3333', 'halfEven').amount).toBe('3.33');
    expect(multiplyMoney(money('10.00', 'USD'), '0.3335', 'halfEven').amount).toBe('3.34'); // 3.335 → even neighbour 3.34
    expect(multiplyMoney(money('10.00', 'USD'), '0.3325', 'halfEven').amount).toBe('3.32'); // 3.325 → even neighbour 3.32
    expect(multiplyMoney(money('10.00', 'USD'), '0.3325', 'halfUp').amount).toBe('3.33');
    expect(multiplyMoney(money('100', 'JPY'), '0.015', 'halfEven').amount).toBe('2'); // 1.5 → 2
  });

  it('refuses NaN, Infinity and malformed factors with validation_failed at ["factor"]', () => {
    for (const f of [Number.NaN, Number.POSITIVE_INFINITY, 'abc', '', 'Infinity', 'NaN', '1,5']) {
      const e = codeOf(() => multiplyMoney(money('1', 'USD'), f));
      expect(e.code).toBe('validation_failed');
      expect(e.issues[0]!.path).toEqual(['factor']);
    }
    expect(codeOf(() => multiplyMoney(money('1', 'USD'), '1', 'bankers' as RoundingMode)).code).toBe(
      'validation_failed',
    );
  });

  it('property: multiplying by 1 is the identity and by n equals n additions', () => {
    fc.assert(
      fc.property(anyMoney, fc.integer({ min: 0, max: 12 }), (m, n) => {
        expect(multiplyMoney(m, 1)).toEqual(m);
        let s: Money = money(0, m.currency);
        for (let i = 0; i < n; i++) s = addMoney(s, m);
        expect(multiplyMoney(m, n)).toEqual(s);
      }),
    );
  });
});

describe('roundMoney', () => {
  // Expected values: Python's decimal module (Decimal(x).quantize(Decimal('0.01'), rounding=...)) for
  // ROUND_UP, ROUND_DOWN, ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, ROUND_HALF_DOWN, ROUND_HALF_EVEN;
  // halfCeil/halfFloor worked by hand from their definitions (ties towards +∞ / −∞).
  const inputs = ['2.345', '-2.345', '2.355', '-2.355', '2.3449', '2.3451'];
  const table: Record<RoundingMode, string[]> = {
    up: ['2.35', '-2.35', '2.36', '-2.36', '2.35', '2.35'],
    down: ['2.34', '-2.34', '2.35', '-2.35', '2.34', '2.34'],
    ceil: ['2.35', '-2.34', '2.36', '-2.35', '2.35', '2.35'],
    floor: ['2.34', '-2.35', '2.35', '-2.36', '2.34', '2.34'],
    halfUp: ['2.35', '-2.35', '2.36', '-2.36', '2.34', '2.35'],
    halfDown: ['2.34', '-2.34', '2.35', '-2.35', '2.34', '2.35'],
    halfEven: ['2.34', '-2.34', '2.36', '-2.36', '2.34', '2.35'],
    halfCeil: ['2.35', '-2.34', '2.36', '-2.35', '2.34', '2.35'],
    halfFloor: ['2.34', '-2.35', '2.35', '-2.36', '2.34', '2.35'],
  };
  for (const [mode, expected] of Object.entries(table) as [RoundingMode, string[]][]) {
    it(`${mode}: ${inputs.join(', ')} → ${expected.join(', ')}`, () => {
      expect(inputs.map((x) => roundMoney(money(x, 'USD'), mode).amount)).toEqual(expected);
    });
  }

  it('defaults to halfEven and uses the currency minor units', () => {
    expect(roundMoney(money('2.345', 'USD')).amount).toBe('2.34');
    expect(roundMoney(money('2.5', 'JPY')).amount).toBe('2');
    expect(roundMoney(money('3.5', 'JPY')).amount).toBe('4');
    expect(roundMoney(money('1.2345', 'KWD')).amount).toBe('1.234');
    expect(roundMoney(money('1.23456', 'CLF')).amount).toBe('1.2346');
    expect(roundMoney(money('-0.004', 'USD')).amount).toBe('0.00'); // no negative zero
    expect(roundMoney(money('7', 'USD'))).toEqual(money('7', 'USD'));
  });

  it('refuses an unknown mode with validation_failed naming the allowed ones', () => {
    const e = codeOf(() => roundMoney(money('1', 'USD'), 'HALF_UP' as RoundingMode));
    expect(e.code).toBe('validation_failed');
    expect(e.message).toMatch(/halfEven/);
  });

  it('property: rounding is idempotent, moves less than one minor unit, and brackets: floor ≤ any mode ≤ ceil', () => {
    const modes = Object.keys(table) as RoundingMode[];
    fc.assert(
      fc.property(
        fc.constantFrom(...CURRENCIES).chain((c) => preciseMoneyIn(c)),
        fc.constantFrom(...modes),
        (m, mode) => {
          const r = roundMoney(m, mode);
          expect(roundMoney(r, mode)).toEqual(r);
          const unit = money(unitsToString(1n, currencyMinorUnits(m.currency)), m.currency); // one minor unit
          const diff = subtractMoney(r, m);
          const absDiff = isNegativeMoney(diff) ? negateMoney(diff) : diff;
          expect(compareMoney(absDiff, unit)).toBe(-1);
          expect(compareMoney(roundMoney(m, 'floor'), r)).toBeLessThanOrEqual(0);
          expect(compareMoney(r, roundMoney(m, 'ceil'))).toBeLessThanOrEqual(0);
        },
      ),
    );
  });
});

describe('sumMoney', () => {
  it('sums exactly; an empty list sums to zero in the currency', () => {
    expect(sumMoney([money('1.10', 'USD'), money('2.20', 'USD')], 'USD')).toEqual({ amount: '3.30', currency: 'USD' });
    expect(sumMoney([], 'EUR')).toEqual({ amount: '0.00', currency: 'EUR' });
    expect(sumMoney([], 'JPY').amount).toBe('0');
    expect(
      sumMoney(
        Array.from({ length: 10 }, () => money('0.1', 'USD')),
        'USD',
      ).amount,
    ).toBe('1.00');
    function* gen(): Generator<Money> {
      yield money('1', 'KWD');
      yield money('0.001', 'KWD');
    }
    expect(sumMoney(gen(), 'KWD').amount).toBe('1.001');
  });

  it('throws currency_mismatch with the index of the offending item', () => {
    const e = codeOf(() => sumMoney([money('1', 'USD'), money('1', 'USD'), money('1', 'EUR')], 'USD'));
    expect(e.code).toBe('currency_mismatch');
    expect(e.issues[0]!.path).toEqual([2, 'currency']);
    expect(e.message).toMatch(/item 2 is in EUR/);
  });

  it('refuses an unknown target currency', () => {
    expect(codeOf(() => sumMoney([], 'usd')).code).toBe('validation_failed');
  });

  it('property: equals a left fold of addMoney and does not depend on order', () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom(...CURRENCIES)
          .chain((c) => fc.tuple(fc.constant(c), fc.array(preciseMoneyIn(c), { maxLength: 20 }))),
        ([c, list]) => {
          const folded = list.reduce((s, m) => addMoney(s, m), money(0, c));
          expect(sumMoney(list, c)).toEqual(folded);
          expect(sumMoney([...list].reverse(), c)).toEqual(folded);
        },
      ),
    );
  });
});

describe('compareMoney, isZeroMoney, isNegativeMoney, negateMoney', () => {
  it('compares by value, not by text', () => {
    expect(compareMoney(money('1.00', 'USD'), money('1', 'USD'))).toBe(0);
    expect(compareMoney(money('1.001', 'USD'), money('1', 'USD'))).toBe(1);
    expect(compareMoney(money('-5', 'USD'), money('1', 'USD'))).toBe(-1);
    expect(compareMoney(money('10', 'USD'), money('9.99', 'USD'))).toBe(1); // '10.00' < '9.99' as strings
    const sorted = [money('2', 'USD'), money('10', 'USD'), money('-1', 'USD')].sort(compareMoney).map((m) => m.amount);
    expect(sorted).toEqual(['-1.00', '2.00', '10.00']);
  });

  it('answers zero and sign questions', () => {
    expect(isZeroMoney(money('0.00', 'USD'))).toBe(true);
    expect(isZeroMoney(money('-0', 'USD'))).toBe(true);
    expect(isZeroMoney(money('0.001', 'USD'))).toBe(false);
    expect(isNegativeMoney(money('-0.01', 'USD'))).toBe(true);
    expect(isNegativeMoney(money('0', 'USD'))).toBe(false);
    expect(isNegativeMoney(money('-0', 'USD'))).toBe(false);
    expect(isNegativeMoney(money('3', 'USD'))).toBe(false);
  });

  it('negates without producing negative zero', () => {
    expect(negateMoney(money('5', 'USD'))).toEqual({ amount: '-5.00', currency: 'USD' });
    expect(negateMoney(money('-0.5', 'KWD')).amount).toBe('0.500');
    expect(negateMoney(money('0', 'USD')).amount).toBe('0.00');
  });

  it('property: compare is antisymmetric and consistent with subtraction; negate is an involution', () => {
    fc.assert(
      fc.property(sameCurrencyPair, ([a, b]) => {
        expect(compareMoney(a, b)).toBe(-compareMoney(b, a) || 0);
        const d = subtractMoney(a, b);
        expect(compareMoney(a, b)).toBe(isZeroMoney(d) ? 0 : isNegativeMoney(d) ? -1 : 1);
        expect(negateMoney(negateMoney(a))).toEqual(a);
        expect(isZeroMoney(addMoney(a, negateMoney(a)))).toBe(true);
      }),
    );
  });
});
