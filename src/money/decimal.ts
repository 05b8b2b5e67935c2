/**
 * The decimal engine behind Money: a private decimal.js constructor, so crmkit never changes the
 * global `Decimal` configuration of the application that embeds it.
 *
 * @module
 */
import { Decimal as DecimalJs } from 'decimal.js';
import { CrmError } from '../core/errors.js';
import { quoteValue } from '../_lib/show.js';

/**
 * crmkit's own decimal.js constructor: 80 significant digits, half-even rounding, and exponents
 * wide enough that `toFixed` never falls back to scientific notation.
 * Sums, differences and products of money amounts are exact well inside that precision.
 *
 * @example
 * ```ts
 * new Dec('0.1').plus('0.2').toString(); //=> '0.3'
 * ```
 */
export const Dec = /* @__PURE__ */ (() =>
  DecimalJs.clone({ precision: 80, rounding: DecimalJs.ROUND_HALF_EVEN, toExpNeg: -100, toExpPos: 100 }))();

/**
 * A decimal.js value made by {@link Dec}.
 *
 * @example
 * ```ts
 * const d: Dec = new Dec('19.99');
 * ```
 */
export type Dec = InstanceType<typeof Dec>;

/**
 * Rounding modes, by name. `halfEven` (banker's rounding) is the default wherever crmkit rounds.
 *
 * - `up` / `down`: away from / towards zero.
 * - `ceil` / `floor`: towards +∞ / −∞.
 * - `halfUp` / `halfDown` / `halfEven` / `halfCeil` / `halfFloor`: to nearest; ties away from zero,
 *   towards zero, to the even neighbour, towards +∞, towards −∞.
 *
 * @example
 * ```ts
 * const mode: RoundingMode = 'halfUp';
 * ```
 */
export type RoundingMode =
  'up' | 'down' | 'ceil' | 'floor' | 'halfUp' | 'halfDown' | 'halfEven' | 'halfCeil' | 'halfFloor';

const MODES: Record<RoundingMode, DecimalJs.Rounding> = /* @__PURE__ */ (() => ({
  up: DecimalJs.ROUND_UP,
  down: DecimalJs.ROUND_DOWN,
  ceil: DecimalJs.ROUND_CEIL,
  floor: DecimalJs.ROUND_FLOOR,
  halfUp: DecimalJs.ROUND_HALF_UP,
  halfDown: DecimalJs.ROUND_HALF_DOWN,
  halfEven: DecimalJs.ROUND_HALF_EVEN,
  halfCeil: DecimalJs.ROUND_HALF_CEIL,
  halfFloor: DecimalJs.ROUND_HALF_FLOOR,
}))();

/**
 * decimal.js's rounding constant for a named mode; throws `CrmError` `validation_failed` for an
 * unknown name.
 *
 * @example
 * ```ts
 * decimalRounding('halfEven'); //=> 6 (Decimal.ROUND_HALF_EVEN)
 * ```
 */
export function decimalRounding(mode: RoundingMode): DecimalJs.Rounding {
  if (!isRoundingMode(mode)) {
    throw new CrmError(
      'validation_failed',
      `Unknown rounding mode ${quoteValue(mode)}: expected one of ${Object.keys(MODES).join(', ')}`,
      {
        issues: [
          { path: ['rounding'], code: 'invalid_value', message: `Expected one of ${Object.keys(MODES).join(', ')}` },
        ],
      },
    );
  }
  return MODES[mode];
}

/**
 * True when `mode` names a rounding mode.
 *
 * @example
 * ```ts
 * isRoundingMode('halfUp'); //=> true
 * isRoundingMode('HALF_UP'); //=> false
 * ```
 */
export function isRoundingMode(mode: unknown): mode is RoundingMode {
  return typeof mode === 'string' && Object.prototype.hasOwnProperty.call(MODES, mode);
}
