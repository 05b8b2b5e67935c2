/**
 * Money amounts as integer counts of a currency's minor units (cents for USD), for sums that stay
 * exact in binary64 while they are below 2^53 and cost no allocation. Anything else (more decimals
 * than the currency has, larger magnitudes) is left to the caller's decimal.js fallback.
 *
 * @module
 */

/**
 * The amount of a decimal string in minor units of a currency with `minor` decimals, or `NaN` when
 * the fast path does not apply: not plain `[+-]digits[.digits]` (whitespace, exponents and garbage
 * go to the caller's full check), more decimals than `minor`, or a magnitude above
 * `Number.MAX_SAFE_INTEGER` minor units. `'-0'` gives `-0`, which sums as 0.
 *
 * @example
 * ```ts
 * parseMinorUnits('19.9', 2); //=> 1990
 * parseMinorUnits('-.5', 2); //=> -50
 * parseMinorUnits('0.125', 2); //=> NaN (three decimals)
 * ```
 */
export function parseMinorUnits(s: string, minor: number): number {
  const n = s.length;
  let i = 0;
  let neg = false;
  if (n === 0) return NaN;
  let c = s.charCodeAt(0);
  if (c === 45) {
    neg = true;
    i = 1;
  } else if (c === 43) i = 1;
  let v = 0;
  let digits = 0;
  for (; i < n; i++) {
    c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
    digits++;
  }
  let frac = 0;
  if (i < n) {
    if (c !== 46) return NaN;
    for (i++; i < n; i++) {
      c = s.charCodeAt(i);
      if (c < 48 || c > 57 || frac === minor) return NaN;
      v = v * 10 + (c - 48);
      frac++;
      digits++;
    }
  }
  if (digits === 0) return NaN;
  for (; frac < minor; frac++) v *= 10;
  // Once the exact value passes 2^53 the rounded one is at least 2^53, so this catches every lossy case.
  if (v > Number.MAX_SAFE_INTEGER) return NaN;
  return neg ? -v : v;
}

/**
 * The canonical Money amount string of an integer count of minor units (`minor` decimals, at least
 * one digit before the point, no negative zero).
 *
 * @example
 * ```ts
 * minorUnitsToAmount(1990, 2); //=> '19.90'
 * minorUnitsToAmount(-5, 2); //=> '-0.05'
 * minorUnitsToAmount(1500, 0); //=> '1500'
 * ```
 */
export function minorUnitsToAmount(v: number, minor: number): string {
  const neg = v < 0;
  let s = String(neg ? -v : v);
  if (minor === 0) return neg ? `-${s}` : s;
  if (s.length <= minor) s = '0'.repeat(minor - s.length + 1) + s;
  const out = `${s.slice(0, s.length - minor)}.${s.slice(s.length - minor)}`;
  return neg ? `-${out}` : out;
}

/**
 * `v / count` rounded half-even to an integer, exactly, for integers with `|v| ≤ 2^52` and a count
 * of at least 1.
 *
 * @example
 * ```ts
 * roundedMeanHalfEven(5, 2); //=> 2 (2.5 → 2)
 * roundedMeanHalfEven(7, 2); //=> 4 (3.5 → 4)
 * roundedMeanHalfEven(-5, 2); //=> -2
 * ```
 */
export function roundedMeanHalfEven(v: number, count: number): number {
  let q = Math.floor(v / count);
  let r = v - q * count;
  while (r < 0) {
    q--;
    r += count;
  }
  while (r >= count) {
    q++;
    r -= count;
  }
  const twice = 2 * r;
  if (twice > count || (twice === count && q % 2 !== 0)) q++;
  return q === 0 ? 0 : q;
}
