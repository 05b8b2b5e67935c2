/**
 * Strict ISO 8601 reading of instants, independent of the process time zone (internal).
 *
 * @module
 */

// ISO 8601 (calendar dates): YYYY, YYYY-MM, YYYY-MM-DD, optionally with a time hh:mm[:ss[.fff]]
// after 'T' or a space, and an offset Z / ±hh:mm / ±hhmm / ±hh. Years may be extended (±YYYYYY).
const ISO_DATE =
  /^([+-]\d{6}|\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Epoch milliseconds of an ISO 8601 calendar date or date-time, or `NaN` when `text` is not one
 * (including impossible dates such as 2026-02-30, which `Date.parse` would roll over). A string
 * without an offset is UTC, so the answer never depends on the process's time zone. Internal:
 * shared by the clock, money conversion dates and `crmkit/time`'s `toDate`.
 *
 * @example
 * ```ts
 * parseIsoInstant('2026-01-01T00:00:00');      //=> 1767225600000 (UTC)
 * parseIsoInstant('2026-02-30');               //=> NaN
 * ```
 */
export function parseIsoInstant(text: string): number {
  const m = ISO_DATE.exec(text.trim());
  if (m === null) return Number.NaN;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', sec = '00', frac = '', zone = 'Z'] = m;
  const year = Number(y),
    month = Number(mo),
    day = Number(d),
    hour = Number(h),
    minute = Number(mi),
    second = Number(sec);
  if (y === '-000000') return Number.NaN; // ISO 8601 forbids negative zero years
  if (month < 1 || month > 12 || day < 1 || hour > 24 || minute > 59 || second > 59) return Number.NaN;
  if (hour === 24 && (minute !== 0 || second !== 0 || Number(frac || '0') !== 0)) return Number.NaN;
  const base = new Date(0); // setUTCFullYear, unlike Date.UTC, does not map years 0..99 to 1900+
  base.setUTCFullYear(year, month - 1, day);
  if (base.getUTCFullYear() !== year || base.getUTCMonth() !== month - 1 || base.getUTCDate() !== day)
    return Number.NaN; // e.g. 2026-02-30
  base.setUTCHours(hour, minute, second, Number(`${frac}000`.slice(0, 3))); // milliseconds, truncated
  let offsetMin = 0;
  if (zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2)),
      om = Number(digits.slice(2) || '0');
    if (oh > 23 || om > 59) return Number.NaN;
    offsetMin = sign * (oh * 60 + om);
  }
  return base.getTime() - offsetMin * 60_000;
}
