/**
 * What the builders of crmkit/sql produce: one parameterised statement for a dialect.
 *
 * @module
 */

/**
 * The SQL dialects the builders write: `'postgres'` (PostgreSQL 14+, PGlite, and the engines that speak
 * its SQL, such as Citus) and `'duckdb'` (DuckDB 1.x).
 *
 * @example
 * ```ts
 * const dialect: SqlDialect = 'duckdb';
 * ```
 */
export type SqlDialect = 'postgres' | 'duckdb';

/**
 * One statement: `text` with `$1`, `$2`, … placeholders and the `params` they stand for, as strings
 * that the statement casts itself (so every driver binds them the same way). Run it through any
 * `query(text, params)` — `pg`'s `Pool`, PGlite, or a DuckDB connection wrapped as in docs/sql.md.
 * Values never appear in `text`; identifiers appear there only checked and quoted.
 *
 * @example
 * ```ts
 * const s: SqlStatement = { text: 'SELECT CAST($1 AS integer) AS n', params: ['1'] };
 * ```
 */
export interface SqlStatement {
  /** The SQL text, with `$n` placeholders. */
  readonly text: string;
  /** The value of each placeholder, in order (`params[0]` is `$1`). */
  readonly params: readonly string[];
}

/**
 * One row as a driver returns it: column name → value. The `…FromSql` readers accept what `pg`,
 * PGlite and DuckDB's `getRowObjectsJson()` / `getRowObjectsJS()` give: numbers, bigints and decimal
 * strings for numeric columns, strings for text.
 *
 * @example
 * ```ts
 * const row: SqlRow = { promoters: '50', passives: 30, detractors: 20n, invalid_rows: 0 };
 * ```
 */
export type SqlRow = Readonly<Record<string, unknown>>;
