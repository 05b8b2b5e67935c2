/**
 * Reading instants as UTC calendar days, shared by the transaction summaries (crmkit/clv's
 * `rfmSummary`, crmkit/segments' `rfmScores`).
 *
 * @module
 */

/** Milliseconds in a UTC day. */
export const DAY_MS = 86_400_000;

/**
 * The UTC day number (days since 1970-01-01 UTC, floored) of an instant given as a `Date`, epoch
 * milliseconds, an ISO 8601 string or a compact `YYYYMMDD` date; `undefined` when it is not a valid
 * instant. Date-only strings are UTC dates (ECMAScript reads `YYYY-MM-DD` so; `YYYYMMDD` is read the
 * same way). Never throws for a value of the wrong type.
 *
 * @example
 * ```ts
 * utcDayOf('1970-01-02'); //=> 1
 * utcDayOf('19700102'); //=> 1
 * utcDayOf(new Date('1969-12-31T23:00:00Z')); //=> -1
 * utcDayOf('not a date'); //=> undefined
 * ```
 */
export function utcDayOf(v: unknown): number | undefined {
  let ms: number;
  if (v instanceof Date) ms = v.getTime();
  else if (typeof v === 'number') ms = v;
  else if (typeof v === 'string') {
    ms = /^\d{8}$/.test(v)
      ? Date.UTC(Number(v.slice(0, 4)), Number(v.slice(4, 6)) - 1, Number(v.slice(6, 8)))
      : Date.parse(v);
  } else return undefined;
  return Number.isFinite(ms) ? Math.floor(ms / DAY_MS) : undefined;
}
