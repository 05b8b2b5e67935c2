/**
 * Whether a cell would run as a formula in a spreadsheet.
 *
 * @module
 */

/** A number or a phone number: harmless after a leading `+` or `-`. */
const NUMBER_LIKE = /^[+-][0-9 ().,/-]*$/;

/**
 * Whether `value` would be read as a formula by Excel, LibreOffice or Google Sheets when a CSV holding it
 * is opened (CSV injection, OWASP): it starts with `=`, `@`, a tab or a carriage return, or with `+` or
 * `-` followed by anything but a number (`-12.5` and `+62 812-3456-7890` are numbers, not formulas).
 * Leading spaces are looked through, as spreadsheets do. `importRows` keeps such cells verbatim and lists
 * them in the plan's `formulas`; write them back out through {@link csvSafe}.
 *
 * Never throws: a value that is not a string is no formula.
 *
 * @example
 * ```ts
 * isCsvFormula('=HYPERLINK("http://evil.example","Click")'); //=> true
 * isCsvFormula('+62 812-3456-7890'); //=> false
 * isCsvFormula('-2+3+cmd|" /C calc"!A0'); //=> true
 * ```
 */
export function isCsvFormula(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const s = value.replace(/^ +/, '');
  const c = s.charAt(0);
  if (c === '=' || c === '@' || c === '\t' || c === '\r') return true;
  return (c === '+' || c === '-') && !NUMBER_LIKE.test(s);
}
