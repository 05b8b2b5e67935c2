/**
 * The Money value: construction, parsing and JSON.
 *
 * @module
 */
import { CrmError, type CrmIssue } from '../core/errors.js';
import { err, ok, type Result } from '../core/result.js';
import { currencyMinorUnits, isCurrencyCode, type CurrencyCode } from './currencies.js';
import { Dec } from './decimal.js';
import { quoteValue } from '../_lib/show.js';

/**
 * An exact amount of one currency. Plain, immutable data: `amount` is a canonical decimal string
 * (no exponent, at least the currency's minor digits, e.g. `'19.90'`, `'-3.00'`, `'1000'` for JPY),
 * so two equal amounts are `===`-equal field by field, survive `JSON.stringify` and `structuredClone`
 * unchanged, and never pass through binary floating point. Arithmetic runs on decimal.js.
 *
 * @example
 * ```ts
 * const price: Money = money('19.9', 'USD'); //=> { amount: '19.90', currency: 'USD' }
 * ```
 */
export interface Money {
  readonly amount: string;
  readonly currency: CurrencyCode;
}

/**
 * What {@link money} accepts as an amount: a decimal string (`'19.99'`, `'-0.5'`), a safe integer
 * (`100`), or a bigint. A non-integer JavaScript number is refused, because `0.1` is already not 0.1.
 *
 * @example
 * ```ts
 * const a: MoneyAmountInput = '19.99';
 * ```
 */
export type MoneyAmountInput = string | number | bigint;

const DECIMAL_STRING = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/**
 * The canonical amount string of a decimal in a currency: plain notation (never an exponent), no
 * trailing zeros beyond the currency's minor digits but at least that many, no negative zero.
 * Throws `validation_failed` for an unknown currency or a non-finite value.
 *
 * @example
 * ```ts
 * canonicalAmount(new Dec('19.9'), 'USD');   //=> '19.90'
 * canonicalAmount(new Dec('1.2500'), 'USD'); //=> '1.25'
 * canonicalAmount(new Dec('-0'), 'JPY');     //=> '0'
 * ```
 */
export function canonicalAmount(value: Dec, currency: CurrencyCode): string {
  const minor = currencyMinorUnits(currency);
  if (!value.isFinite()) {
    throw new CrmError('validation_failed', `Money amount must be finite; received ${value.toString()}`, {
      issues: [{ path: ['amount'], code: 'invalid_amount', message: 'Amount is not finite' }],
    });
  }
  const v = value.isZero() ? new Dec(0) : value;
  return v.toFixed(Math.max(minor, v.decimalPlaces()));
}

/**
 * Builds a frozen, canonical Money from a decimal (the currency is checked against the ISO 4217
 * table). For modules that compute with {@link Dec} and hand back Money.
 *
 * @example
 * ```ts
 * fromDecimal(new Dec('2.5').times(3), 'EUR'); //=> { amount: '7.50', currency: 'EUR' }
 * ```
 */
export function fromDecimal(value: Dec, currency: CurrencyCode): Money {
  return Object.freeze({ amount: canonicalAmount(value, currency), currency });
}

/**
 * The amount of a Money as a decimal.js value (crmkit's own constructor), for arithmetic crmkit
 * does not provide.
 *
 * @example
 * ```ts
 * moneyToDecimal(money('2.50', 'EUR')).times(3).toFixed(2); //=> '7.50'
 * ```
 */
export function moneyToDecimal(m: Money): Dec {
  return new Dec(m.amount);
}

function amountIssue(amount: unknown): CrmIssue | undefined {
  if (typeof amount === 'string') {
    return DECIMAL_STRING.test(amount.trim())
      ? undefined
      : {
          path: ['amount'],
          code: 'invalid_amount',
          message: `Amount ${JSON.stringify(amount)} is not a decimal string; expected digits with an optional sign and decimal point, like '19.99'`,
        };
  }
  if (typeof amount === 'bigint') return undefined;
  if (typeof amount === 'number') {
    if (Number.isSafeInteger(amount)) return undefined;
    if (!Number.isFinite(amount))
      return {
        path: ['amount'],
        code: 'invalid_amount',
        message: `Amount ${amount} is not a finite number; expected a decimal string such as '19.99' or a safe integer`,
      };
    return {
      path: ['amount'],
      code: 'lossy_number',
      message: Number.isInteger(amount)
        ? `Amount ${amount} is beyond Number.MAX_SAFE_INTEGER and may already have lost digits; pass it as a decimal string or a bigint`
        : `Amount ${amount} is a binary floating-point number that cannot be trusted as money; pass it as a decimal string (e.g. '${amount}')`,
    };
  }
  return {
    path: ['amount'],
    code: 'invalid_type',
    message: `Amount must be a decimal string, a safe integer or a bigint; received ${amount === null ? 'null' : typeof amount}`,
  };
}

function currencyIssue(currency: unknown): CrmIssue | undefined {
  return isCurrencyCode(currency)
    ? undefined
    : {
        path: ['currency'],
        code: 'invalid_currency',
        message: `Currency ${quoteValue(currency)} is not an ISO 4217 code crmkit knows; expected upper-case letters such as 'USD', 'EUR', 'JPY'`,
      };
}

/**
 * Validates an amount and a currency and returns Money, or a `validation_failed` error listing
 * every problem (paths `['amount']`, `['currency']`).
 *
 * @example
 * ```ts
 * parseMoney({ amount: '19.99', currency: 'USD' }); //=> { ok: true, value: { amount: '19.99', currency: 'USD' } }
 * parseMoney({ amount: 19.99, currency: 'USD' }).ok; //=> false (lossy number)
 * ```
 */
export function parseMoney(input: unknown): Result<Money> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return err(
      new CrmError('validation_failed', 'Money must be an object { amount, currency }', {
        issues: [
          { path: [], code: 'invalid_type', message: 'Expected an object { amount: string, currency: string }' },
        ],
      }),
    );
  }
  const { amount, currency } = input as { amount?: unknown; currency?: unknown };
  const issues = [amountIssue(amount), currencyIssue(currency)].filter((i): i is CrmIssue => i !== undefined);
  if (issues.length > 0) {
    return err(
      new CrmError('validation_failed', `Money is invalid: ${issues.map((i) => i.message).join('; ')}`, { issues }),
    );
  }
  const text = typeof amount === 'string' ? amount.trim() : String(amount);
  return ok(fromDecimal(new Dec(text), currency as CurrencyCode));
}

/**
 * Makes Money from a decimal string or an integer and an ISO 4217 code. Throws `CrmError`
 * `validation_failed` for a lossy number (`19.99`), a malformed string or an unknown currency;
 * use {@link parseMoney} for untrusted input.
 *
 * @example
 * ```ts
 * money('19.99', 'USD'); //=> { amount: '19.99', currency: 'USD' }
 * money(1500, 'JPY');    //=> { amount: '1500', currency: 'JPY' }
 * money('0.1', 'KWD');   //=> { amount: '0.100', currency: 'KWD' }
 * ```
 */
export function money(amount: MoneyAmountInput, currency: CurrencyCode): Money {
  const r = parseMoney({ amount, currency });
  if (!r.ok) throw r.error;
  return r.value;
}

/**
 * Zero in a currency.
 *
 * @example
 * ```ts
 * zeroMoney('EUR'); //=> { amount: '0.00', currency: 'EUR' }
 * ```
 */
export function zeroMoney(currency: CurrencyCode): Money {
  return money(0, currency);
}

/**
 * The JSON form of Money: `{"amount":"19.99","currency":"USD"}` (the amount stays a string).
 *
 * @example
 * ```ts
 * JSON.stringify(moneyToJSON(money('19.99', 'USD'))); //=> '{"amount":"19.99","currency":"USD"}'
 * ```
 */
export function moneyToJSON(m: Money): { amount: string; currency: string } {
  return { amount: m.amount, currency: m.currency };
}

/**
 * Reads Money from its JSON form (an object, or the JSON text of one). Throws `CrmError`
 * `validation_failed` when it is not valid; use {@link parseMoney} to get a `Result` instead.
 *
 * @example
 * ```ts
 * moneyFromJSON({ amount: '19.99', currency: 'USD' }); //=> { amount: '19.99', currency: 'USD' }
 * moneyFromJSON('{"amount":"5","currency":"JPY"}');  //=> { amount: '5', currency: 'JPY' }
 * ```
 */
export function moneyFromJSON(json: unknown): Money {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json) as unknown;
    } catch (cause) {
      throw new CrmError('validation_failed', 'Money JSON is not valid JSON', {
        issues: [{ path: [], code: 'invalid_json', message: 'Not valid JSON' }],
        cause,
      });
    }
  }
  const r = parseMoney(value);
  if (!r.ok) throw r.error;
  return r.value;
}

/**
 * True when `value` has the shape of Money: an object whose `amount` is a decimal string (digits,
 * optional sign and decimal point, no exponent or whitespace) and whose `currency` is a known ISO
 * 4217 code. It does not require the canonical form (`'1'` passes for USD as well as `'1.00'`);
 * pass the value through {@link parseMoney} to get canonical Money, which compares equal field by field.
 *
 * @example
 * ```ts
 * isMoney(money('1', 'USD'));                 //=> true
 * isMoney({ amount: '1', currency: 'USD' });  //=> true (a decimal string; parseMoney makes it '1.00')
 * isMoney({ amount: 1, currency: 'USD' });    //=> false (a number)
 * isMoney({ amount: '1', currency: 'usd' });  //=> false (unknown code)
 * ```
 */
export function isMoney(value: unknown): value is Money {
  if (value === null || typeof value !== 'object') return false;
  const { amount, currency } = value as { amount?: unknown; currency?: unknown };
  return typeof amount === 'string' && DECIMAL_STRING.test(amount) && isCurrencyCode(currency);
}
