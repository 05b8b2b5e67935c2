/**
 * Loyalty points as exact decimals: read from a decimal string or a safe integer, kept as a canonical
 * decimal string at the edges (`'12.5'`, `'-100'`, `'0'`), computed with decimal.js.
 *
 * @module
 */
import * as z from 'zod';
import { Dec } from '../money/decimal.js';
import { quoteValue } from '../_lib/show.js';

/** The most integer digits and the most decimal places a number of points may have. */
export const POINTS_MAX_DIGITS = 20;

const PLAIN_DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const LIMIT = /* @__PURE__ */ new Dec('1e20');

/**
 * The canonical text of a number of points: plain notation, no trailing fraction zeros, `0` for zero.
 *
 * @example
 * ```ts
 * import { Decimal } from 'decimal.js';
 * pointsText(new Decimal('12.50')); //=> '12.5'
 * ```
 */
export function pointsText(value: Dec): string {
  return value.isZero() ? '0' : value.toFixed();
}

/**
 * Reads points: a plain decimal string (`'12.5'`) or a safe integer; anything else (a non-integer
 * number, which may already have lost digits; an exponent; more than {@link POINTS_MAX_DIGITS}
 * integer digits or decimal places) gives a message saying what is wrong. Never throws.
 *
 * @example
 * ```ts
 * readPoints('12.50'); //=> Dec 12.5
 * typeof readPoints(0.1); //=> 'string' (the message)
 * ```
 */
export function readPoints(value: unknown): Dec | string {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value))
      return `expected points as a decimal string such as '12.5' or a safe integer; received ${quoteValue(value)}`;
    text = String(value);
  } else if (typeof value === 'string' && PLAIN_DECIMAL.test(value.trim())) text = value.trim();
  else return `expected points as a decimal string such as '12.5' or a safe integer; received ${quoteValue(value)}`;
  const d = new Dec(text);
  if (d.decimalPlaces() > POINTS_MAX_DIGITS)
    return `points have at most ${POINTS_MAX_DIGITS} decimal places; received ${quoteValue(value)}`;
  if (d.abs().gte(LIMIT))
    return `points have at most ${POINTS_MAX_DIGITS} integer digits; received ${quoteValue(value)}`;
  return d;
}

/**
 * The zod schema of a number of points: a decimal string or a safe integer in, the canonical decimal
 * string out.
 *
 * @example
 * ```ts
 * pointsSchema.parse('007.50'); //=> '7.5'
 * ```
 */
export const pointsSchema = /* @__PURE__ */ z.union([z.string(), z.number()]).transform((v, ctx) => {
  const d = readPoints(v);
  if (typeof d === 'string') {
    ctx.addIssue({ code: 'custom', message: d, params: { code: 'invalid_number' } });
    return z.NEVER;
  }
  return pointsText(d);
});
