import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  money,
  allocateMoney,
  sumMoney,
  subtractMoney,
  compareMoney,
  currencyMinorUnits,
  moneyToDecimal,
  roundMoney,
} from '../../src/money/index.js';
import { isCrmError } from '../../src/core/index.js';
import { Dec } from '../../src/money/decimal.js';
import { CURRENCIES, moneyIn, preciseMoneyIn, unitsToString } from './_arb.js';

const amounts = (xs: readonly { amount: string }[]): string[] => xs.map((x) => x.amount);

describe('allocateMoney: known values', () => {
  it('100.00 USD by [1, 1, 1] → 33.34 / 33.33 / 33.33 (the extra cent to the first of equal remainders)', () => {
    expect(amounts(allocateMoney(money('100.00', 'USD'), [1, 1, 1]))).toEqual(['33.34', '33.33', '33.33']);
  });

  it('0.05 USD by [1, 1] → 0.03 / 0.02', () => {
    expect(amounts(allocateMoney(money('0.05', 'USD'), [1, 1]))).toEqual(['0.03', '0.02']);
  });

  it("0.05 by [70, 30] → 0.04 / 0.01 (Fowler's allocation example, Patterns of Enterprise Application Architecture, 'Money')", () => {
    expect(amounts(allocateMoney(money('0.05', 'USD'), [70, 30]))).toEqual(['0.04', '0.01']);
    expect(amounts(allocateMoney(money('5', 'JPY'), [70, 30]))).toEqual(['4', '1']);
  });

  it('10.03 USD by [50, 50] → 5.02 / 5.01 (dinero.js allocate documentation example, 1003 minor units)', () => {
    expect(amounts(allocateMoney(money('10.03', 'USD'), [50, 50]))).toEqual(['5.02', '5.01']);
  });

  it('largest remainder, not first come: 1.00 by [1, 2] → 0.33 / 0.67 (exact 33.3… / 66.6… cents)', () => {
    expect(amounts(allocateMoney(money('1.00', 'USD'), [1, 2]))).toEqual(['0.33', '0.67']);
    // 10.00 by seven equal parts: 142.857… cents each; 6 leftover cents to the first six
    expect(amounts(allocateMoney(money('10.00', 'USD'), [1, 1, 1, 1, 1, 1, 1]))).toEqual([
      '1.43',
      '1.43',
      '1.43',
      '1.43',
      '1.43',
      '1.43',
      '1.42',
    ]);
  });

  it('accepts decimal-string ratios and zero ratios', () => {
    expect(amounts(allocateMoney(money('1.00', 'USD'), ['0.25', '0.75']))).toEqual(['0.25', '0.75']);
    expect(amounts(allocateMoney(money('1.00', 'USD'), [0, 1, 0]))).toEqual(['0.00', '1.00', '0.00']);
  });

  it('uses the minor units of the currency (JPY 0, KWD 3)', () => {
    expect(amounts(allocateMoney(money('100', 'JPY'), [1, 1, 1]))).toEqual(['34', '33', '33']);
    expect(amounts(allocateMoney(money('1.000', 'KWD'), [1, 1, 1]))).toEqual(['0.334', '0.333', '0.333']);
  });

  it('splits a negative amount as its absolute value, then negates', () => {
    expect(amounts(allocateMoney(money('-100.00', 'USD'), [1, 1, 1]))).toEqual(['-33.34', '-33.33', '-33.33']);
  });

  it('first rounds a whole with extra precision half-even', () => {
    expect(amounts(allocateMoney(money('10.005', 'USD'), [1, 1]))).toEqual(['5.00', '5.00']); // 10.005 → 10.00
    expect(amounts(allocateMoney(money('10.015', 'USD'), [1, 1]))).toEqual(['5.01', '5.01']); // 10.015 → 10.02
  });
});

describe('allocateMoney: bad input', () => {
  const fails = (ratios: readonly (number | string)[], path: readonly (string | number)[]): void => {
    try {
      allocateMoney(money('1', 'USD'), ratios);
      expect.unreachable();
    } catch (e) {
      expect(isCrmError(e, 'validation_failed')).toBe(true);
      expect((e as { issues: { path: unknown }[] }).issues[0]!.path).toEqual(path);
    }
  };
  it('refuses no ratios, negative ratios, ratios summing to zero and non-numbers', () => {
    fails([], ['ratios']);
    fails([1, -1], ['ratios', 1]);
    fails([0, 0], ['ratios']);
    fails([1, Number.NaN], ['ratios', 1]);
    fails([Number.POSITIVE_INFINITY], ['ratios', 0]);
    fails(['1', 'x'], ['ratios', 1]);
    fails(['Infinity'], ['ratios', 0]);
  });
});

describe('allocateMoney: properties', () => {
  const ratio = fc.oneof(
    fc.integer({ min: 0, max: 1000 }),
    fc.integer({ min: 0, max: 10 ** 6 }).map((n) => (n / 1000).toString()),
  );
  const ratios = fc.array(ratio, { minLength: 1, maxLength: 12 }).filter((rs) => rs.some((r) => Number(r) > 0));
  const input = fc.tuple(
    fc.constantFrom(...CURRENCIES).chain((c) => fc.oneof(moneyIn(c), preciseMoneyIn(c))),
    ratios,
  );

  it('conserves the (rounded) total exactly, in the same currency, with minor-unit parts', () => {
    fc.assert(
      fc.property(input, ([m, rs]) => {
        const parts = allocateMoney(m, rs);
        expect(parts).toHaveLength(rs.length);
        expect(sumMoney(parts, m.currency)).toEqual(roundMoney(m, 'halfEven'));
        for (const p of parts) {
          expect(p.currency).toBe(m.currency);
          expect(roundMoney(p)).toEqual(p);
          expect(Object.isFrozen(p)).toBe(true);
        }
      }),
    );
  });

  it('every part differs from its exact share by less than one minor unit', () => {
    fc.assert(
      fc.property(input, ([m, rs]) => {
        const whole = moneyToDecimal(roundMoney(m, 'halfEven'));
        const total = rs.reduce<InstanceType<typeof Dec>>((s, r) => s.plus(r), new Dec(0));
        const unit = new Dec(unitsToString(1n, currencyMinorUnits(m.currency)));
        allocateMoney(m, rs).forEach((p, i) => {
          const exact = whole.times(rs[i]!).div(total);
          expect(moneyToDecimal(p).minus(exact).abs().lessThan(unit)).toBe(true);
        });
      }),
    );
  });

  it('is deterministic, leaves its inputs alone, and equal ratios give parts that differ by at most one unit in order', () => {
    fc.assert(
      fc.property(input, ([m, rs]) => {
        const mCopy = { ...m };
        const rsCopy = [...rs];
        const a = allocateMoney(m, rs);
        expect(allocateMoney(m, rs)).toEqual(a);
        expect(m).toEqual(mCopy);
        expect(rs).toEqual(rsCopy);
      }),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...CURRENCIES).chain((c) => moneyIn(c)),
        fc.integer({ min: 1, max: 9 }),
        (m, n) => {
          const parts = allocateMoney(m, Array<number>(n).fill(1));
          for (let i = 1; i < parts.length; i++) {
            const step = subtractMoney(parts[i - 1]!, parts[i]!);
            expect(compareMoney(parts[i - 1]!, parts[i]!) * (m.amount.startsWith('-') ? -1 : 1)).toBeGreaterThanOrEqual(
              0,
            );
            expect(
              moneyToDecimal(step)
                .abs()
                .lessThanOrEqualTo(new Dec(unitsToString(1n, currencyMinorUnits(m.currency)))),
            ).toBe(true);
          }
        },
      ),
    );
  });
});

describe('allocateMoney: exact for any size of amount (issue 12)', () => {
  it('a 90-digit amount split in three adds up to the whole (decimal.js rounded it at 80 digits before)', () => {
    // Built without money() (which refuses more than 80 digits): a computed or hand-made Money.
    const whole = { amount: `${'1'.repeat(90)}.01`, currency: 'USD' };
    const parts = allocateMoney(whole, [1, 1, 1]);
    const total = parts.reduce((s, p) => s + BigInt(p.amount.replace('.', '')), 0n);
    expect(total).toBe(BigInt('1'.repeat(90) + '01'));
    const units = BigInt('1'.repeat(90) + '01');
    const share = units / 3n; // the digits sum to 91: one cent is left over, and the first part gets it
    expect(parts.map((p) => BigInt(p.amount.replace('.', '')))).toEqual([share + 1n, share, share]);
  });

  it('ratios far apart in magnitude (1e-300 and 1) are split exactly', () => {
    const parts = allocateMoney(money('1.00', 'USD'), [1e-300, 1]);
    expect(amounts(parts)).toEqual(['0.00', '1.00']);
  });

  it('refuses ratios beyond the supported range and a non-array with a CrmError', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(isCrmError(e)).toBe(true);
        return (e as { issues: readonly { code: string }[] }).issues[0]!.code;
      }
      return 'no throw';
    };
    expect(code(() => allocateMoney(money('1.00', 'USD'), ['1e-400', 1]))).toBe('too_big');
    expect(code(() => allocateMoney(money('1.00', 'USD'), null as never))).toBe('invalid_type');
    // eslint-disable-next-line no-sparse-arrays
    expect(code(() => allocateMoney(money('1.00', 'USD'), [1, , 2] as never))).toBe('invalid_number');
  });
});
