/**
 * Private helpers of crmkit/sql: checking and quoting identifiers, the dialect-specific expressions
 * the builders share, reading options once, and reading the values drivers return.
 *
 * @module
 */
import { CrmError, type CrmIssue, type PathSegment } from '../core/errors.js';
import { checkOptionKeys, crmIssue, invalidInput } from '../core/issues.js';
import { err, type Err, type Result } from '../core/result.js';
import { Dec } from '../money/decimal.js';
import { quoteValue, thrownText } from '../_lib/show.js';
import type { SqlDialect, SqlStatement } from './statement.js';

/**
 * A plain identifier: a letter or `_`, then letters, digits or `_`, at most 63 characters (PostgreSQL's
 * NAMEDATALEN − 1, so nothing is silently truncated).
 */
const PLAIN = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** The issue or the quoted form of a column name (`"name"`), or of a table name (`"schema"."name"` allowed). */
export function identifier(value: unknown, path: readonly PathSegment[], qualified: boolean): string | CrmIssue {
  const what = qualified ? 'a plain or schema-qualified identifier (name or schema.name' : 'a plain identifier (name';
  if (typeof value === 'string') {
    const parts = qualified ? value.split('.') : [value];
    if (parts.length <= 2 && parts.every((p) => PLAIN.test(p))) return parts.map((p) => `"${p}"`).join('.');
  }
  return crmIssue.of(
    'invalid_format',
    path,
    `expected ${what}: a letter or _, then letters, digits or _, at most 63 characters; quotes, spaces and other characters are refused); received ${quoteValue(value)}`,
  );
}

/**
 * The quoted table and column names and the dialect of a builder's options: `table` may be
 * schema-qualified, the others are plain; an optional column left out is `undefined`. Each bad one
 * adds its issue at `options.<name>` to `issues` (its name then reads as `''`, and the dialect as
 * `postgres`: the caller returns the issues before using them).
 */
export function namesOf<R extends string, O extends string = never>(
  o: Readonly<Record<string, unknown>>,
  required: readonly R[],
  optional: readonly O[],
  issues: CrmIssue[],
): { readonly table: string; readonly dialect: SqlDialect } & { readonly [K in R]: string } & {
  readonly [K in O]: string | undefined;
} {
  const names: Record<string, string | undefined> = {};
  for (const name of ['table', ...required, ...optional]) {
    if (o[name] === undefined && (optional as readonly string[]).includes(name)) continue;
    const x = identifier(o[name], ['options', name], name === 'table');
    if (typeof x !== 'string') issues.push(x);
    names[name] = typeof x === 'string' ? x : '';
  }
  const d = dialectOf(o['dialect'], ['options', 'dialect']);
  if (typeof d !== 'string') issues.push(d);
  return { ...names, dialect: typeof d === 'string' ? d : 'postgres' } as never;
}

/** The dialect named by `value` (undefined: postgres), or the issue. */
export function dialectOf(value: unknown, path: readonly PathSegment[]): SqlDialect | CrmIssue {
  if (value === undefined || value === null) return 'postgres';
  if (value === 'postgres' || value === 'duckdb') return value;
  return crmIssue.invalidValue(path, 'unknown dialect', value, ['postgres', 'duckdb']);
}

/** The SQL text type of the dialect. */
export function textType(d: SqlDialect): string {
  return d === 'postgres' ? 'text' : 'VARCHAR';
}

/** The binary64 type of the dialect. */
export function doubleType(d: SqlDialect): string {
  return d === 'postgres' ? 'double precision' : 'DOUBLE';
}

/**
 * The UTC day number (days since 1970-01-01, floored) of a date, timestamp or timestamptz column,
 * whatever the session's time zone: PostgreSQL's `extract(epoch …)` is exact (numeric) and reads a
 * timestamp without time zone as UTC; DuckDB's `epoch_us` likewise.
 */
export function utcDay(d: SqlDialect, column: string): string {
  return d === 'postgres'
    ? `CAST(floor(extract(epoch FROM ${column}) / 86400) AS integer)`
    : `CAST(floor(epoch_us(${column}) / 86400000000) AS INTEGER)`;
}

/** Microseconds since the epoch of a date, timestamp or timestamptz column (a timestamp read as UTC). */
export function epochMicros(d: SqlDialect, column: string): string {
  return d === 'postgres' ? `(extract(epoch FROM ${column}) * 1000000)` : `epoch_us(${column})`;
}

/** A placeholder cast to microseconds since the epoch (compare with {@link epochMicros}). */
export function microsParam(d: SqlDialect, n: number): string {
  return d === 'postgres' ? `CAST($${n} AS numeric)` : `CAST($${n} AS BIGINT)`;
}

/** The UTC wall-clock time (a timestamp without time zone) of a date, timestamp or timestamptz column. */
export function utcTimestamp(d: SqlDialect, column: string): string {
  return d === 'postgres'
    ? `(to_timestamp(extract(epoch FROM ${column})) AT TIME ZONE 'UTC')`
    : `make_timestamp(epoch_us(${column}))`;
}

/** Microseconds since the epoch of an instant in milliseconds, as a decimal string. */
export function microsOf(ms: number): string {
  return `${ms}000`.replace(/^(-?)0+(?=\d)/, '$1');
}

/**
 * Reads the options once into a plain record (a getter runs once), refusing keys outside `allowed`;
 * `required` keys must be present. The issues, or the snapshot.
 */
export function readOptions(
  options: unknown,
  allowed: readonly string[],
  required: readonly string[],
  shape: string,
): Record<string, unknown> | CrmIssue[] {
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    return [crmIssue.invalidType(['options'], `options ${shape}`, options)];
  const keys = checkOptionKeys(options, allowed, ['options']);
  if (keys.length > 0) return keys;
  const o: Record<string, unknown> = {};
  for (const k of allowed) o[k] = (options as Record<string, unknown>)[k];
  const missing = required.filter((k) => o[k] === undefined || o[k] === null);
  return missing.length > 0
    ? missing.map((k) => crmIssue.of('invalid_type', ['options', k], `${k} is required; received ${quoteValue(o[k])}`))
    : o;
}

/** The frozen statement. */
export function statement(text: string, params: readonly string[]): SqlStatement {
  return Object.freeze({ text, params: Object.freeze([...params]) });
}

/** The `validation_failed` Result of `what` for these issues. */
export function invalid(what: string, issues: readonly CrmIssue[]): Err<CrmError> {
  return err(invalidInput(what, issues));
}

/**
 * Runs `fn`; when reading the caller's input throws (a getter, a proxy), answers `validation_failed`
 * instead (a function returning a Result never throws for its input).
 */
export function guard<T>(what: string, fn: () => Result<T>): Result<T> {
  try {
    return fn();
  } catch (e) {
    if (e instanceof CrmError) return err(e);
    return invalid(what, [
      crmIssue.of('invalid_type', [], `the input could not be read: a getter or proxy threw ${thrownText(e)}`),
    ]);
  }
}

/** A non-negative safe integer from a driver's number, bigint or integer string; undefined otherwise. */
export function countOf(v: unknown): number | undefined {
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'bigint') n = v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= 0n ? Number(v) : -1;
  else if (typeof v === 'string' && /^\d{1,16}$/.test(v)) n = Number(v);
  else return undefined;
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/** A finite number from a driver's number or numeric string; undefined otherwise. */
export function finiteOf(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** An exact decimal from a driver's decimal string, bigint or integer number; undefined otherwise. */
export function decimalOf(v: unknown): Dec | undefined {
  if (typeof v === 'bigint') return new Dec(v.toString());
  if (typeof v === 'number') return Number.isSafeInteger(v) ? new Dec(v) : undefined;
  if (typeof v === 'string' && /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(v)) return new Dec(v);
  return undefined;
}

/** The rows, or the issue when `rows` is not an array of objects (a driver's result, or its `rows`). */
export function rowsOf(input: unknown): readonly Record<string, unknown>[] | CrmIssue {
  const rows =
    Array.isArray(input) || input === null || typeof input !== 'object' ? input : (input as { rows?: unknown }).rows;
  if (!Array.isArray(rows)) return crmIssue.invalidType([], 'an array of rows or a result { rows }', input);
  for (let i = 0; i < rows.length; i++) {
    const r: unknown = rows[i];
    if (r === null || typeof r !== 'object') return crmIssue.invalidType([i], 'a row object', r);
  }
  return rows as readonly Record<string, unknown>[];
}

/** The most equality filters a statement takes. */
const MAX_FILTERS = 16;

/**
 * The `filter` option: `{ column: value }` equality tests ANDed to the rows a statement reads, each
 * column checked as an identifier and each value (a string or a finite number) a parameter numbered
 * from `$first`. The SQL tests and their params, or the issues.
 */
export function filterOf(
  value: unknown,
  first: number,
): { readonly tests: readonly string[]; readonly params: readonly string[] } | CrmIssue[] {
  if (value === undefined || value === null) return { tests: [], params: [] };
  const path = ['options', 'filter'];
  if (typeof value !== 'object' || Array.isArray(value))
    return [crmIssue.invalidType(path, 'an object { column: value } of equality filters', value)];
  const keys = Object.keys(value);
  if (keys.length > MAX_FILTERS)
    return [crmIssue.of('too_big', path, `at most ${MAX_FILTERS} filters; received ${keys.length}`)];
  const issues: CrmIssue[] = [];
  const tests: string[] = [];
  const params: string[] = [];
  for (const k of keys) {
    const column = identifier(k, [...path, k], false);
    const v: unknown = (value as Record<string, unknown>)[k];
    if (typeof column !== 'string') issues.push(column);
    else if (typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) {
      params.push(String(v));
      tests.push(`${column} = $${first + params.length - 1}`);
    } else issues.push(crmIssue.invalidType([...path, k], 'a string or a finite number', v));
  }
  return issues.length > 0 ? issues : { tests, params };
}
