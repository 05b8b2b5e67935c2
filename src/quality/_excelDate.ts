/**
 * Reading the date cells of a spreadsheet exported as CSV, in one declared format per column.
 *
 * @module
 */

/** The formats a date column of {@link parseCsv} may declare. */
export const CSV_DATE_FORMATS = ['iso', 'dmy', 'mdy', 'excel_serial'] as const;

/**
 * How a date column of a CSV file is written: `iso` (2026-12-07), `dmy` (07/12/2026), `mdy` (12/07/2026)
 * or `excel_serial` (46363, Excel's 1900 date system).
 *
 * @example
 * ```ts
 * const format: CsvDateFormat = 'dmy';
 * ```
 */
export type CsvDateFormat = 'iso' | 'dmy' | 'mdy' | 'excel_serial';

/** Days from 1899-12-30 (Excel's day 0 in practice) to 1970-01-01. */
const EXCEL_EPOCH_DAYS = 25569;
/** The last serial Excel's 1900 date system can hold: 9999-12-31. */
const EXCEL_MAX_SERIAL = 2958465;
const DAY_MS = 86_400_000;

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const NUMERIC = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const SERIAL = /^\d+(?:\.\d+)?$/;

/** The instant of a calendar date and time read as UTC, or `null` when the parts are no real date. */
function utc(y: number, m: number, d: number, hh = 0, mm = 0, ss = 0): Date | null {
  if (m < 1 || m > 12 || d < 1 || d > 31 || hh > 23 || mm > 59 || ss > 59) return null;
  const t = Date.UTC(y, m - 1, d, hh, mm, ss);
  const date = new Date(t);
  // Date.UTC rolls 31 April over to 1 May: a date that does not exist is refused, never moved.
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date;
}

/**
 * Reads one date cell in `format`: the instant (UTC), or the reason it is not one. Never throws.
 *
 * - `iso`: `2026-12-07`, optionally with ` 14:30` or `T14:30:00` (no offset: the time is UTC).
 * - `dmy` / `mdy`: `07/12/2026`, `7.12.2026`, `07-12-2026` (day first, or month first), four-digit years
 *   only (a two-digit year names no century), optionally with ` 14:30[:00]`.
 * - `excel_serial`: a number of days in Excel's 1900 date system (Windows), `46363` for 2026-12-07, a
 *   fraction being the time of day. Serial 60 is Excel's 29 February 1900, a day that never was: refused,
 *   as are serials below 1 and past 9999-12-31. (The 1904 system of old Mac workbooks is not read.)
 */
export function readCsvDate(text: string, format: CsvDateFormat): Date | string {
  const s = text.trim();
  if (format === 'excel_serial') {
    if (!SERIAL.test(s)) return 'expected an Excel serial day number such as 46363';
    const serial = Number(s);
    if (!(serial >= 1 && serial < EXCEL_MAX_SERIAL + 1))
      return `an Excel serial day must be between 1 and ${EXCEL_MAX_SERIAL} (9999-12-31)`;
    if (Math.floor(serial) === 60) return 'Excel serial day 60 is 29 February 1900, a day that does not exist';
    // Serials before 60 count from 1899-12-31 (Excel's bug of the 1900 leap day); from 61 on, from 1899-12-30.
    const days = serial < 60 ? serial + 1 : serial;
    return new Date(Math.round(((days - EXCEL_EPOCH_DAYS) * DAY_MS) / 1000) * 1000);
  }
  if (format === 'iso') {
    const m = ISO.exec(s);
    const d = m === null ? null : utc(+m[1]!, +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
    return d ?? 'expected an ISO date yyyy-mm-dd (optionally with a time hh:mm[:ss])';
  }
  const m = NUMERIC.exec(s);
  const expected = format === 'dmy' ? 'dd/mm/yyyy' : 'mm/dd/yyyy';
  if (m === null)
    return SERIAL.test(s)
      ? `expected a date ${expected}; a plain number looks like an Excel serial day: declare the column 'excel_serial'`
      : `expected a date ${expected} (separators / . or -, a four-digit year)`;
  const [a, b] = [+m[1]!, +m[3]!];
  const [day, month] = format === 'dmy' ? [a, b] : [b, a];
  const d = utc(+m[4]!, month, day, +(m[5] ?? 0), +(m[6] ?? 0), +(m[7] ?? 0));
  return d ?? `no calendar date read as ${expected}`;
}
