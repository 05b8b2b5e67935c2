/**
 * The Money value: construction, parsing and JSON.
 *
 * @module
 */
import { CrmError, type CrmIssue } from '../core/errors.js';
import { err, ok, type Result } from '../core/result.js';
import { crmIssue } from '../core/issues.js';
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
 * The precision of Money: an amount has at most this many significant digits (trailing zeros of the
 * integer part count, so `10^80` has 81), which is the precision of the decimal engine. `money`,
 * `parseMoney`, `moneySchema` and `moneyFromJSON` refuse longer amounts (issue code `too_big`) instead
 * of accepting digits that arithmetic would round away; results of arithmetic are exact up to this
 * many significant digits and rounded half-even at the last one beyond it.
 *
 * @example
 * ```ts
 * MONEY_MAX_DIGITS; //=> 80
 * parseMoney({ amount: '1'.repeat(81), currency: 'USD' }).ok; //=> false (too_big)
 * ```
 */
export const MONEY_MAX_DIGITS = 80;

/**
 * The canonical amount string of a decimal in a currency: plain notation (never an exponent), no
 * trailing zeros beyond the currency's minor digits but at least that many, no negative zero.
 *
 * @throws CrmError `validation_failed` for an unknown currency or a non-finite value.
 *
 * @example
 * ```ts
 * import { Decimal } from 'decimal.js';
 * canonicalAmount(new Decimal('19.9'), 'USD');   //=> '19.90'
 * canonicalAmount(new Decimal('1.2500'), 'USD'); //=> '1.25'
 * canonicalAmount(new Decimal('-0'), 'JPY');     //=> '0'
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
 * @throws CrmError `validation_failed` for an unknown currency or a non-finite value.
 *
 * @example
 * ```ts
 * import { Decimal } from 'decimal.js';
 * fromDecimal(new Decimal('2.5').times(3), 'EUR'); //=> { amount: '7.50', currency: 'EUR' }
 * ```
 */
export function fromDecimal(value: Dec, currency: CurrencyCode): Money {
  return Object.freeze({ amount: canonicalAmount(value, currency), currency });
}

/**
 * Checks that `m` is an object (the start of reading it as Money) and throws a `CrmError` otherwise,
 * so that a call with `null` fails with crmkit's error rather than a `TypeError`.
 */
export function assertMoneyShape(m: unknown, fn: string): asserts m is Money {
  if (m === null || typeof m !== 'object')
    throw new CrmError('validation_failed', `${fn}: expected Money { amount, currency }; received ${quoteValue(m)}`, {
      issues: [
        { path: [], code: 'invalid_type', message: `expected Money { amount, currency }; received ${quoteValue(m)}` },
      ],
    });
}

/**
 * The amount of a Money as a decimal.js value (crmkit's own constructor), for arithmetic crmkit
 * does not provide.
 *
 * @throws CrmError `validation_failed` (`invalid_amount`) when `m.amount` is not a decimal string.
 *
 * @example
 * ```ts
 * moneyToDecimal(money('2.50', 'EUR')).times(3).toFixed(2); //=> '7.50'
 * ```
 */
export function moneyToDecimal(m: Money): Dec {
  const amount = (m as { amount?: unknown } | null | undefined)?.amount;
  if (typeof amount !== 'string' || !DECIMAL_STRING.test(amount)) {
    throw new CrmError('validation_failed', `Money amount must be a decimal string; received ${quoteValue(amount)}`, {
      issues: [
        {
          path: ['amount'],
          code: 'invalid_amount',
          message: `expected a decimal string such as '19.99'; received ${quoteValue(amount)}`,
        },
      ],
    });
  }
  return new Dec(amount);
}

/** Significant digits of a decimal string, trailing zeros of the integer part included (decimal.js `sd(true)`). */
function significantDigits(text: string): number {
  return new Dec(text).sd(true);
}

function precisionIssue(text: string): CrmIssue | undefined {
  // Cheap bound first: a string this short cannot have more digits than allowed.
  if (text.length <= MONEY_MAX_DIGITS) return undefined;
  const digits = significantDigits(text);
  return digits <= MONEY_MAX_DIGITS
    ? undefined
    : {
        path: ['amount'],
        code: 'too_big',
        message: `Amount has ${digits} significant digits; Money holds at most ${MONEY_MAX_DIGITS} (received ${quoteValue(text)})`,
      };
}

function amountIssue(amount: unknown): CrmIssue | undefined {
  if (typeof amount === 'string') {
    const text = amount.trim();
    return DECIMAL_STRING.test(text)
      ? precisionIssue(text)
      : {
          path: ['amount'],
          code: 'invalid_amount',
          message: `Amount ${quoteValue(amount)} is not a decimal string; expected digits with an optional sign and decimal point, like '19.99'`,
        };
  }
  if (typeof amount === 'bigint') return precisionIssue(amount.toString());
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
 * every problem (paths `['amount']`, `['currency']`). Never throws: anything that is not
 * `{ amount, currency }` with a decimal-string, safe-integer or bigint amount of at most
 * {@link MONEY_MAX_DIGITS} significant digits and a known ISO 4217 code is an error in the `Result`.
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
  let amount: unknown;
  let currency: unknown;
  try {
    ({ amount, currency } = input as { amount?: unknown; currency?: unknown });
  } catch (cause) {
    return err(
      new CrmError('validation_failed', 'Money could not be read: reading amount or currency threw', {
        issues: [{ path: [], code: 'invalid_type', message: 'Expected a plain object { amount, currency }' }],
        cause,
      }),
    );
  }
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
 * Makes Money from a decimal string or an integer and an ISO 4217 code. Use {@link parseMoney} for
 * untrusted input (it returns a `Result`).
 *
 * @throws CrmError `validation_failed` for a lossy number (`19.99`), a malformed string, an amount of
 * more than {@link MONEY_MAX_DIGITS} significant digits (`too_big`: refused, never rounded) or an
 * unknown currency — one issue per problem, at `['amount']` / `['currency']`.
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
 * @throws CrmError `validation_failed` for an unknown currency.
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
 * The JSON form of Money: `{"amount":"19.99","currency":"USD"}` (the amount stays a string). Copies
 * the two fields after checking them as {@link isMoney} does (a decimal-string amount, a known currency).
 *
 * @throws CrmError `validation_failed` when `m` is not Money.
 *
 * @example
 * ```ts
 * JSON.stringify(moneyToJSON(money('19.99', 'USD'))); //=> '{"amount":"19.99","currency":"USD"}'
 * ```
 */
export function moneyToJSON(m: Money): { amount: string; currency: string } {
  assertMoneyShape(m, 'moneyToJSON');
  if (!isMoney(m))
    throw new CrmError(
      'validation_failed',
      `moneyToJSON: expected Money { amount, currency }; received ${quoteValue(m)}`,
      {
        issues: [crmIssue.invalidType([], 'Money (a decimal-string amount and an ISO 4217 currency)', m)],
      },
    );
  return Object.freeze({ amount: m.amount, currency: m.currency });
}

/**
 * Reads Money from its JSON form (an object, or the JSON text of one). Never throws: text that is not
 * JSON gives a `validation_failed` error with an `invalid_json` issue, and anything {@link parseMoney}
 * refuses gives its issues (a JSON number amount such as `{"amount":19.99}` is refused as lossy).
 *
 * @example
 * ```ts
 * moneyFromJSON({ amount: '19.99', currency: 'USD' }); //=> { ok: true, value: { amount: '19.99', currency: 'USD' } }
 * const r = moneyFromJSON('{"amount":"5","currency":"JPY"}');
 * if (r.ok) r.value.amount; //=> '5'
 * moneyFromJSON('{amount:1').ok; //=> false (invalid_json)
 * ```
 */
export function moneyFromJSON(json: unknown): Result<Money> {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json) as unknown;
    } catch (cause) {
      return err(
        new CrmError('validation_failed', 'Money JSON is not valid JSON', {
          issues: [{ path: [], code: 'invalid_json', message: `not valid JSON: ${quoteValue(json)}` }],
          cause,
        }),
      );
    }
  }
  return parseMoney(value);
}

/**
 * True when `value` has the shape of Money: an object whose `amount` is a decimal string (digits,
 * optional sign and decimal point, no exponent or whitespace) and whose `currency` is a known ISO
 * 4217 code. It does not require the canonical form (`'1'` passes for USD as well as `'1.00'`);
 * pass the value through {@link parseMoney} to get canonical Money, which compares equal field by field.
 * Never throws.
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
  try {
    const { amount, currency } = value as { amount?: unknown; currency?: unknown };
    return typeof amount === 'string' && DECIMAL_STRING.test(amount) && isCurrencyCode(currency);
  } catch {
    return false; // a throwing getter or proxy is not Money
  }
}
