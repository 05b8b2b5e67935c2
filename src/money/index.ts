/**
 * Exact money on decimal.js: construction, arithmetic, allocation, rounding, conversion and JSON.
 *
 * @module crmkit/money
 */
export {
  money,
  parseMoney,
  zeroMoney,
  moneyToJSON,
  moneyFromJSON,
  moneyToDecimal,
  isMoney,
  MONEY_MAX_DIGITS,
} from './money.js';
export type { Money, MoneyAmountInput } from './money.js';
export {
  addMoney,
  subtractMoney,
  multiplyMoney,
  roundMoney,
  sumMoney,
  compareMoney,
  isZeroMoney,
  isNegativeMoney,
  negateMoney,
  allocateMoney,
  convertMoney,
} from './arithmetic.js';
export type { ExchangeRate } from './arithmetic.js';
export { isCurrencyCode, currencyMinorUnits, listCurrencies } from './currencies.js';
export type { CurrencyCode } from './currencies.js';
export type { RoundingMode } from './decimal.js';
export { moneySchema } from './schema.js';
