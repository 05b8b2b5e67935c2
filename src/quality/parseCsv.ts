/**
 * Reading a CSV file (as Excel and other spreadsheets export it) into rows of text.
 *
 * @module
 */
// `#csv-parse` is package.json's "imports" entry: csv-parse's browser build under the `browser` condition
// (it carries its own Buffer, which browsers lack), its Node build elsewhere. Node, Deno and Bun give that
// build the global Buffer it reads; the browser build's Buffer fails under Deno, which has no `__proto__`.
import { parse } from '#csv-parse';
import type { CrmIssue, PathSegment } from '../core/errors.js';
import { checkOptionKeys, crmIssue } from '../core/issues.js';
import { ok, type Result } from '../core/result.js';
import { deepFreeze } from '../_lib/freeze.js';
import { hasLoneSurrogate } from '../_lib/text.js';
import { CSV_DATE_FORMATS, readCsvDate, type CsvDateFormat } from './_excelDate.js';
import { isObject, refuse } from './_results.js';

export type { CsvDateFormat } from './_excelDate.js';

/** The delimiters {@link parseCsv} reads and detects. */
const DELIMITERS = [',', ';', '\t', '|'] as const;

/**
 * Options of {@link parseCsv}.
 *
 * @example
 * ```ts
 * const o: ParseCsvOptions = { delimiter: ';', dates: { 'Signed up': 'dmy' } };
 * ```
 */
export interface ParseCsvOptions {
  /** The field delimiter: `,`, `;`, a tab or `|` (default: detected from the header line). */
  readonly delimiter?: ',' | ';' | '\t' | '|';
  /**
   * Date columns by header name, each with its one format (`iso`, `dmy`, `mdy` or `excel_serial`): their
   * cells become ISO instants (`2026-12-07T00:00:00.000Z`, the date at midnight UTC); a cell that is not
   * a date in that format is an error of its row. Columns not named here stay text as written.
   */
  readonly dates?: Readonly<Record<string, CsvDateFormat>>;
  /** The longest cell, in UTF-16 code units (default 100,000): a longer one is an error of its row. */
  readonly maxCellLength?: number;
  /** The most columns (default 1,000): a header with more refuses the file, a row with more is an error. */
  readonly maxColumns?: number;
}

/**
 * A row of a CSV file: its cells by column name, as text.
 *
 * @example
 * ```ts
 * const row: CsvRow = { Name: 'Ada Lovelace', Phone: '0812-3456-7890' };
 * ```
 */
export type CsvRow = Readonly<Record<string, string>>;

/**
 * A row {@link parseCsv} left out, with why.
 *
 * @example
 * ```ts
 * const e: CsvRowError = { line: 3, issues: [{ path: ['Name'], code: 'too_big', message: 'the cell must be at most 100000 characters long; received …' }] };
 * ```
 */
export interface CsvRowError {
  /** The line of the file the row starts on (1 is the header). */
  readonly line: number;
  /** What is wrong with it (paths name the column). */
  readonly issues: readonly CrmIssue[];
}

/**
 * What {@link parseCsv} read.
 *
 * @example
 * ```ts
 * const names = (p: ParsedCsv) => p.rows.map((r) => r['Name']);
 * ```
 */
export interface ParsedCsv {
  /** The column names of the header line, in order. */
  readonly columns: readonly string[];
  /** The rows read, in file order (blank lines and rows with errors left out). */
  readonly rows: readonly CsvRow[];
  /** The line each row starts on, `lines[i]` for `rows[i]`. */
  readonly lines: readonly number[];
  /** The rows left out, each with its issues. */
  readonly errors: readonly CsvRowError[];
  /** The delimiter used (given or detected). */
  readonly delimiter: string;
  /** Whether the text began with a byte order mark (removed). */
  readonly bom: boolean;
}

/** One record csv-parse gives with `info: true`. */
interface Parsed {
  readonly record: string[];
  readonly info: { readonly lines: number };
}

/** The options, checked: issues, or the values with defaults. */
function readOptions(options: unknown):
  | { issues: CrmIssue[] }
  | {
      delimiter: string | undefined;
      dates: ReadonlyMap<string, CsvDateFormat>;
      maxCellLength: number;
      maxColumns: number;
    } {
  const issues = checkOptionKeys(options, ['delimiter', 'dates', 'maxCellLength', 'maxColumns'], ['options']);
  if (issues.length > 0) return { issues };
  const o = (options ?? {}) as Record<string, unknown>;
  const delimiter = o['delimiter'];
  if (delimiter !== undefined && !(DELIMITERS as readonly unknown[]).includes(delimiter))
    issues.push(
      crmIssue.invalidValue(['options', 'delimiter'], 'expected a delimiter', delimiter, [',', ';', '\\t', '|']),
    );
  const positive = (key: string, fallback: number): number => {
    const v = o[key] ?? fallback;
    if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 1) return v;
    issues.push(crmIssue.invalidValue(['options', key], 'expected a positive integer', v));
    return fallback;
  };
  const maxCellLength = positive('maxCellLength', 100_000);
  const maxColumns = positive('maxColumns', 1_000);
  const dates = new Map<string, CsvDateFormat>();
  const d = o['dates'];
  if (d !== undefined && d !== null) {
    if (!isObject(d)) issues.push(crmIssue.invalidType(['options', 'dates'], 'date formats by column name', d));
    else
      for (const [column, format] of Object.entries(d)) {
        if ((CSV_DATE_FORMATS as readonly unknown[]).includes(format)) dates.set(column, format as CsvDateFormat);
        else
          issues.push(
            crmIssue.invalidValue(['options', 'dates', column], 'expected a date format', format, CSV_DATE_FORMATS),
          );
      }
  }
  if (issues.length > 0) return { issues };
  return { delimiter: delimiter as string | undefined, dates, maxCellLength, maxColumns };
}

/**
 * Text from `input`: a string as it is, bytes decoded as UTF-8. Returns the text and the physical lines
 * (1-based) holding bytes that are not UTF-8 (each decoded with U+FFFD in their place, and reported).
 */
function decode(input: string | Uint8Array): { text: string; badLines: number[] } {
  if (typeof input === 'string') return { text: input, badLines: [] };
  const strict = new TextDecoder('utf-8', { fatal: true });
  try {
    return { text: strict.decode(input), badLines: [] };
  } catch {
    // Decode line by line (a line feed is never part of a multi-byte sequence) to find the bad lines.
    const loose = new TextDecoder('utf-8');
    const parts: string[] = [];
    const badLines: number[] = [];
    let start = 0;
    for (let line = 1; start <= input.length; line++) {
      let end = input.indexOf(0x0a, start);
      if (end === -1) end = input.length;
      const chunk = input.subarray(start, end === input.length ? end : end + 1);
      try {
        parts.push(strict.decode(chunk, { stream: false }));
      } catch {
        badLines.push(line);
        parts.push(loose.decode(chunk));
      }
      start = end + 1;
    }
    const text = parts.join('');
    // The BOM, which TextDecoder drops from the whole input, is dropped from the first chunk here too.
    return { text, badLines };
  }
}

/** The delimiter of the header line: the most frequent of , ; tab | outside quotes, or `null` on a tie. */
function detectDelimiter(text: string): string | null {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (let i = 0; i < text.length && i < 1_000_000; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && counts.has(c)) counts.set(c, counts.get(c)! + 1);
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  if (ranked[0]![1] === 0) return ',';
  return ranked[0]![1] === ranked[1]![1] ? null : ranked[0]![0];
}

/** A row object: own data properties only (a column named `__proto__` stays a column). */
function rowOf(columns: readonly string[], cells: readonly string[]): Record<string, string> {
  const row: Record<string, string> = {};
  for (let i = 0; i < columns.length; i++)
    Object.defineProperty(row, columns[i]!, { value: cells[i] ?? '', enumerable: true, writable: true });
  return row;
}

/**
 * Reads CSV text (or UTF-8 bytes) into rows keyed by the header line's column names, with csv-parse
 * (its synchronous build): quoted cells (with delimiters, doubled quotes and line breaks inside),
 * a leading byte order mark, `\n` or `\r\n` line ends, blank lines skipped. The delimiter is `,` `;` tab
 * or `|`: given, or detected as the most frequent of them in the header line (outside quotes); a tie
 * (as many `,` as `;`) is refused rather than guessed — pass `delimiter`.
 *
 * Cells stay text as written (no trimming, no numbers), except the date columns named in `dates`, each in
 * its one declared format, never guessed: `iso` (`2026-12-07`), `dmy` (`07/12/2026`, also with `.` or `-`),
 * `mdy` (`12/07/2026`), or `excel_serial` (`46363`, Excel's 1900 date system); four-digit years only, an
 * optional time `hh:mm[:ss]` read as UTC. A date cell becomes an ISO instant; an empty one stays `''`.
 *
 * Hostile input never stops the rest: a row with a cell longer than `maxCellLength`, more cells than the
 * header (non-empty ones) or than `maxColumns`, text that is not well-formed (a lone surrogate, NUL, or,
 * given bytes, a line that is not UTF-8), a date that is not one, or broken quoting is left out of `rows`
 * and reported in `errors` with its line and the column. (An unclosed quote runs to the end of the file,
 * as in every CSV reader: that rest is one error, at the file's last line.) A quote inside an unquoted
 * cell is kept as text (`=HYPERLINK("…")`). A row with fewer cells than the header gets `''` for
 * the missing ones. Empty header names become `column_<n>`. Cells starting with `=`, `+`, `-` or `@` are
 * kept verbatim: see {@link csvSafe} before writing them back out.
 *
 * Empty text gives no columns and no rows. Returns a `validation_failed` error (never a throw) for input
 * that is not text or bytes, bad options, an ambiguous delimiter, a header with a column twice or more
 * than `maxColumns` columns, or a `dates` column the header lacks.
 *
 * @example
 * ```ts
 * const csv = '\uFEFFName;Phone;Signed up\r\nAda Lovelace;0812-3456-7890;07/12/2026\r\n';
 * const r = parseCsv(csv, { dates: { 'Signed up': 'dmy' } });
 * if (r.ok) r.value.rows; //=> [{ Name: 'Ada Lovelace', Phone: '0812-3456-7890', 'Signed up': '2026-12-07T00:00:00.000Z' }]
 * if (r.ok) r.value.delimiter; //=> ';'
 * ```
 */
export function parseCsv(text: string | Uint8Array, options?: ParseCsvOptions): Result<ParsedCsv> {
  let read: ReturnType<typeof readOptions>;
  try {
    read = readOptions(options);
  } catch {
    read = { issues: [crmIssue.invalidType(['options'], 'readable options (a property threw when read)', undefined)] };
  }
  if ('issues' in read) return refuse('parseCsv options', read.issues);
  if (typeof text !== 'string' && !(text instanceof Uint8Array))
    return refuse('parseCsv input', [crmIssue.invalidType(['text'], 'CSV text (a string) or UTF-8 bytes', text)]);
  const { text: decoded, badLines } = decode(text);
  const bom = decoded.charCodeAt(0) === 0xfeff || (typeof text !== 'string' && text[0] === 0xef && text[1] === 0xbb);
  const body = decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
  const delimiter = read.delimiter ?? detectDelimiter(body);
  if (delimiter === null)
    return refuse('parseCsv input', [
      crmIssue.of(
        'invalid_format',
        ['options', 'delimiter'],
        'the header line has as many of two delimiters (such as , and ;): pass { delimiter } rather than have it guessed',
      ),
    ]);
  const skipped: { line: number; message: string }[] = [];
  let records: Parsed[];
  try {
    records = parse(body, {
      delimiter,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (e: { lines?: number; message?: string } | undefined) => {
        const line = e?.lines ?? 0;
        if (skipped[skipped.length - 1]?.line !== line)
          skipped.push({ line, message: (e?.message ?? 'unreadable CSV').slice(0, 300) });
      },
    }) as unknown as Parsed[];
  } catch (e) {
    // csv-parse reports broken quoting through on_skip; whatever it still throws is reported, not thrown.
    const message = e instanceof Error ? e.message.slice(0, 300) : 'csv-parse failed';
    return refuse('parseCsv input', [crmIssue.of('invalid_format', ['text'], message)]);
  }
  const header = records[0];
  if (header === undefined) {
    const errors = skipped.map((s) => ({ line: s.line, issues: [crmIssue.of('invalid_format', [], s.message)] }));
    return ok(deepFreeze({ columns: [], rows: [], lines: [], errors, delimiter, bom }));
  }
  const headerIssues: CrmIssue[] = [];
  if (header.record.length > read.maxColumns)
    headerIssues.push(
      crmIssue.tooBig(['columns'], 'the number of columns', read.maxColumns, true, header.record.length),
    );
  const columns = header.record
    .slice(0, read.maxColumns)
    .map((c, i) => (c.trim() === '' ? `column_${i + 1}` : c.trim()));
  const seen = new Map<string, number>();
  columns.forEach((c, i) => {
    const first = seen.get(c);
    if (first !== undefined) headerIssues.push(crmIssue.duplicate(['columns', i], 'the column', c, ['columns', first]));
    else seen.set(c, i);
  });
  for (const column of read.dates.keys())
    if (!seen.has(column))
      headerIssues.push(crmIssue.unknownName('unknown_field', ['options', 'dates', column], 'column', column, columns));
  if (headerIssues.length > 0) return refuse('parseCsv header', headerIssues);

  const bad = new Set(badLines);
  const rows: CsvRow[] = [];
  const lines: number[] = [];
  const errors: CsvRowError[] = skipped.map((s) => ({
    line: s.line,
    issues: [crmIssue.of('invalid_format', [], s.message)],
  }));
  let previousEnd = header.info.lines;
  const skippedEnds = skipped.map((s) => s.line).sort((a, b) => a - b);
  let k = 0;
  let extra = 0;
  for (let r = 1; r < records.length; r++) {
    const { record, info } = records[r]!;
    // csv-parse counts a CR LF inside a quoted cell as two lines: count as it does, then correct.
    let breaks = 0;
    let crlf = 0;
    for (const cell of record)
      for (let i = 0; i < cell.length; i++) {
        const ch = cell.charCodeAt(i);
        if (ch === 10 || ch === 13) breaks++;
        if (ch === 13 && cell.charCodeAt(i + 1) === 10) crlf++;
      }
    // A record csv-parse skipped before this one ends where this one's lines begin.
    while (k < skippedEnds.length && skippedEnds[k]! < info.lines)
      previousEnd = Math.max(previousEnd, skippedEnds[k++]! - extra);
    const end = info.lines - extra - crlf;
    const line = info.lines - extra - breaks;
    extra += crlf;
    const issues = rowIssues(record, columns, line, previousEnd, end, bad, read);
    previousEnd = end;
    if (issues.length > 0) {
      errors.push({ line, issues });
      continue;
    }
    rows.push(rowOf(columns, dated(record, columns, read.dates)));
    lines.push(line);
  }
  errors.sort((a, b) => a.line - b.line);
  return ok(deepFreeze({ columns, rows, lines, errors, delimiter, bom }));
}

/** The issues of one data record (at most one per cell, and one for its length). */
function rowIssues(
  record: readonly string[],
  columns: readonly string[],
  line: number,
  previousEnd: number,
  end: number,
  badLines: ReadonlySet<number>,
  o: {
    readonly maxCellLength: number;
    readonly maxColumns: number;
    readonly dates: ReadonlyMap<string, CsvDateFormat>;
  },
): CrmIssue[] {
  const issues: CrmIssue[] = [];
  if (record.length > o.maxColumns) {
    issues.push(crmIssue.tooBig([], 'the number of cells in a row', o.maxColumns, true, record.length));
    return issues;
  }
  for (let l = previousEnd + 1; l <= end; l++)
    if (badLines.has(l)) {
      issues.push(crmIssue.of('invalid_format', [], `line ${l} is not valid UTF-8 (its bad bytes read as U+FFFD)`));
      break;
    }
  for (let i = columns.length; i < record.length; i++)
    if (record[i] !== '') {
      issues.push(
        crmIssue.tooBig(
          [],
          'the number of cells in a row',
          columns.length,
          true,
          `${record.length} cells (line ${line})`,
        ),
      );
      break;
    }
  for (let i = 0; i < Math.min(record.length, columns.length); i++) {
    const cell = record[i]!;
    const path: PathSegment[] = [columns[i]!];
    if (cell.length > o.maxCellLength) issues.push(tooLong(path, o.maxCellLength, cell.length));
    else if (cell.includes('\u0000') || hasLoneSurrogate(cell))
      issues.push(crmIssue.of('invalid_format', path, 'the cell is not well-formed text (NUL or a lone surrogate)'));
    else {
      const format = o.dates.get(columns[i]!);
      if (format !== undefined && cell.trim() !== '') {
        const d = readCsvDate(cell, format);
        if (typeof d === 'string')
          issues.push(crmIssue.of('invalid_date', path, `${d}; received ${JSON.stringify(cell.slice(0, 40))}`));
      }
    }
  }
  return issues;
}

/** The issue of a cell longer than the limit (its length, never its text). */
export function tooLong(path: readonly PathSegment[], max: number, length: number): CrmIssue {
  return crmIssue.of('too_big', path, `the cell must be at most ${max} characters long; received ${length} characters`);
}

/** The cells with the date columns' cells as ISO instants (rows already checked). */
function dated(
  record: readonly string[],
  columns: readonly string[],
  dates: ReadonlyMap<string, CsvDateFormat>,
): string[] {
  if (dates.size === 0) return record as string[];
  return columns.map((c, i) => {
    const cell = record[i] ?? '';
    const format = dates.get(c);
    if (format === undefined || cell.trim() === '') return cell;
    const d = readCsvDate(cell, format);
    return typeof d === 'string' ? cell : d.toISOString();
  });
}
