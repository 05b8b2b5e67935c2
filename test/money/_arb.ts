/** fast-check arbitraries for Money tests (test-only helpers). */
import fc from 'fast-check';
import { money, currencyMinorUnits, type Money } from '../../src/money/index.js';

export const CURRENCIES = ['USD', 'EUR', 'JPY', 'KWD', 'BHD', 'CLF', 'ISK'] as const;

/** A decimal string with exactly `digits` fraction digits from an integer count of minor units. */
export function unitsToString(units: bigint, digits: number): string {
  const neg = units < 0n;
  const abs = (neg ? -units : units).toString().padStart(digits + 1, '0');
  const text = digits === 0 ? abs : `${abs.slice(0, abs.length - digits)}.${abs.slice(abs.length - digits)}`;
  return neg ? `-${text}` : text;
}

/** Money in one currency, with up to 15 integer digits, in whole minor units. */
export const moneyIn = (currency: string): fc.Arbitrary<Money> =>
  fc
    .bigInt({ min: -(10n ** 18n), max: 10n ** 18n })
    .map((u) => money(unitsToString(u, currencyMinorUnits(currency)), currency));

/** Money with extra precision beyond the minor units (as multiplication can produce). */
export const preciseMoneyIn = (currency: string): fc.Arbitrary<Money> =>
  fc
    .tuple(fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }), fc.integer({ min: 0, max: 6 }))
    .map(([u, extra]) => money(unitsToString(u, currencyMinorUnits(currency) + extra), currency));

export const anyMoney: fc.Arbitrary<Money> = fc
  .constantFrom(...CURRENCIES)
  .chain((c) => fc.oneof(moneyIn(c), preciseMoneyIn(c)));
