/**
 * A cell made safe to open in a spreadsheet.
 *
 * @module
 */
import { isCsvFormula } from './isCsvFormula.js';

/**
 * The text to write into a CSV cell so that a spreadsheet shows it instead of running it: a value
 * {@link isCsvFormula} flags gets a leading apostrophe (`'=HYPERLINK(…)`), which Excel and LibreOffice
 * read as "this is text" (OWASP's advice on CSV injection); anything else is returned as it is. Quoting
 * the cell (a delimiter, a quote or a line break inside) is left to the CSV writer. Use it when exporting
 * records that came from an import: crmkit stores such cells verbatim.
 *
 * Never throws: `null` and `undefined` give `''`, other non-strings their `String` form.
 *
 * @example
 * ```ts
 * csvSafe('=HYPERLINK("http://evil.example","Click")'); //=> '\'=HYPERLINK("http://evil.example","Click")'
 * csvSafe('Ada Lovelace'); //=> 'Ada Lovelace'
 * csvSafe('-12.5'); //=> '-12.5'
 * ```
 */
export function csvSafe(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s: string;
  try {
    s = typeof value === 'string' ? value : String(value);
  } catch {
    return '';
  }
  return isCsvFormula(s) ? `'${s}` : s;
}
