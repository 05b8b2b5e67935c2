/**
 * Valid calls of the public functions of src/money, for the fuzzer (test/fuzz/fuzz.test.ts).
 */
import { money } from '../../../src/money/index.js';
import { seeds, type SeedTable } from '../_spec.js';

const usd = (a = '1234.56') => money(a, 'USD');
const json = () => ({ amount: '10.50', currency: 'EUR' });

export const MONEY_SEEDS: SeedTable = {
  money: seeds(
    () => ['12.34', 'USD'],
    () => [1234n, 'JPY'],
  ),
  zeroMoney: seeds(() => ['EUR']),
  parseMoney: seeds(
    () => [json()],
    () => [{ amount: '-3', currency: 'JPY' }],
  ),
  moneyFromJSON: seeds(() => [json()]),
  moneyToJSON: seeds(() => [usd()]),
  moneyToDecimal: seeds(() => [usd()]),
  isMoney: seeds(
    () => [usd()],
    () => [json()],
  ),
  addMoney: seeds(() => [usd(), usd('0.44')]),
  subtractMoney: seeds(() => [usd(), usd('0.44')]),
  multiplyMoney: seeds(
    () => [usd(), '1.5', 'halfUp'],
    () => [usd(), 3],
  ),
  roundMoney: seeds(() => [money('1.005', 'USD'), 'halfEven']),
  sumMoney: seeds(() => [[usd(), usd('1'), usd('2')], 'USD']),
  compareMoney: seeds(() => [usd(), usd('2')]),
  isZeroMoney: seeds(() => [usd()]),
  isNegativeMoney: seeds(() => [usd('-1')]),
  negateMoney: seeds(() => [usd()]),
  allocateMoney: seeds(
    () => [usd('100'), [1, 1, 1]],
    () => [usd('10'), ['0.7', '0.3']],
  ),
  convertMoney: seeds(() => [
    money('100', 'EUR'),
    { from: 'EUR', to: 'USD', rate: '1.0842', asOf: '2026-01-02' },
    'halfEven',
  ]),
  currencyMinorUnits: seeds(() => ['JPY']),
  isCurrencyCode: seeds(() => ['USD']),
  listCurrencies: seeds(() => []),
};
