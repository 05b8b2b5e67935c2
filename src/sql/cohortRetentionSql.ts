/**
 * The cohort retention table of crmkit/metrics computed in the database.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { ok, type Result } from '../core/result.js';
import { cohortSettings, type CohortRetentionOptions } from '../metrics/cohortRetention.js';
import { isIssue } from '../metrics/_checks.js';
import {
  filterOf,
  epochMicros,
  guard,
  identifier,
  invalid,
  microsOf,
  microsParam,
  readOptions,
  namesOf,
  statement,
  utcDay,
  utcTimestamp,
} from './_sql.js';
import type { SqlDialect, SqlStatement } from './statement.js';
import type { RfmSummarySqlOptions } from './rfmSummarySql.js';

/**
 * Options of {@link cohortRetentionSql}: a table with one row per customer, its columns, and the
 * options of crmkit/metrics' `cohortRetention`.
 *
 * @example
 * ```ts
 * const o: CohortRetentionSqlOptions = {
 *   table: 'subscriptions', startedAt: 'started_at', endedAt: 'ended_at',
 *   cohortBy: 'month', periods: 12, asOf: new Date('2026-12-31T00:00:00Z'),
 * };
 * ```
 */
export interface CohortRetentionSqlOptions extends CohortRetentionOptions {
  /** The customer table (one row per customer): a plain or schema-qualified identifier, used as stored (quoted). */
  readonly table: string;
  /** Column of the start (a date, timestamp read as UTC, or timestamptz). */
  readonly startedAt: string;
  /** Column of the end (NULL while active); without it no customer has left. */
  readonly endedAt?: string;
  /** Equality filters on the rows read, `{ column: value }`, as {@link RfmSummarySqlOptions.filter}. */
  readonly filter?: Readonly<Record<string, string | number>>;
  /** The SQL dialect; default `'postgres'`. */
  readonly dialect?: SqlDialect;
}

const KEYS = ['table', 'startedAt', 'endedAt', 'cohortBy', 'periods', 'asOf', 'filter', 'dialect'] as const;

/**
 * Builds the statement that computes crmkit/metrics' `cohortRetention` in the database, as the counts
 * it is made of: one row per signup cohort (`cohort_day`, the UTC day number of the cohort's start)
 * and number of boundaries survived (`survived`, 1 … `periods`), with `customers`, the number of
 * customers; customers `cohortRetention` refuses (a NULL start, an end before the start) come as one
 * row with NULL cohort and survived. Customers who start after `asOf` are left out, as there. Read the
 * rows with {@link cohortRetentionFromSql}: it gives the same `CohortTable` as `cohortRetention` on the
 * same customers. Cohorts are UTC calendar periods (ISO weeks start on Monday) whatever the session's
 * time zone.
 *
 * Bad options (an identifier that is not plain, an unknown key, a bad `cohortBy`, `periods` or
 * `asOf`, an unknown dialect) give `validation_failed` naming the option. Never throws.
 *
 * @example
 * ```ts
 * const s = unwrap(cohortRetentionSql({
 *   table: 'subscriptions', startedAt: 'started_at', endedAt: 'ended_at', periods: 12, asOf: new Date('2026-01-01T00:00:00Z'),
 * }));
 * s.params; //=> ['1767225600000000', '12']
 * ```
 */
export function cohortRetentionSql(options: CohortRetentionSqlOptions): Result<SqlStatement> {
  return guard('cohortRetentionSql', () => build(options));
}

function build(options: unknown): Result<SqlStatement> {
  const o = readOptions(
    options,
    KEYS,
    ['table', 'startedAt', 'periods', 'asOf'],
    '{ table, startedAt, endedAt?, cohortBy?, periods, asOf, filter?, dialect? }',
  );
  if (Array.isArray(o)) return invalid('cohortRetentionSql', o);
  const issues: CrmIssue[] = [];
  const { table, startedAt: started, endedAt: ended, dialect } = namesOf(o, ['startedAt'], ['endedAt'], issues);
  const settings = cohortSettings({ cohortBy: o['cohortBy'], periods: o['periods'], asOf: o['asOf'] });
  if (isIssue(settings)) issues.push(settings);
  const filter = filterOf(o['filter'], 3);
  if (Array.isArray(filter)) issues.push(...filter);
  if (issues.length > 0 || isIssue(settings) || Array.isArray(filter)) return invalid('cohortRetentionSql', issues);
  const int = dialect === 'postgres' ? 'integer' : 'INTEGER';
  const periods = `CAST($2 AS ${int})`;
  const part = (f: string, col: string): string => `CAST(extract(${f} FROM ${col}) AS ${int})`;
  const months = `((${part('year', 'ep')} - ${part('year', 'cs')}) * 12 + ${part('month', 'ep')} - ${part('month', 'cs')})`;
  const idx =
    settings.unit === 'week'
      ? `CAST((${utcDay(dialect, 'ep')} - ${utcDay(dialect, 'cs')}) / 7 AS ${int})`
      : settings.unit === 'month'
        ? months
        : settings.unit === 'quarter'
          ? `CAST(${months} / 3 AS ${int})`
          : `(${part('year', 'ep')} - ${part('year', 'cs')})`;
  const before = ended === undefined ? 'FALSE' : `${ended} < ${started}`;
  const text = `WITH c AS (
  SELECT ${utcTimestamp(dialect, started)} AS s, ${ended === undefined ? `CAST(NULL AS ${dialect === 'postgres' ? 'timestamp' : 'TIMESTAMP'})` : utcTimestamp(dialect, ended)} AS e,
    CASE WHEN ${started} IS NULL OR ${before} THEN 1 ELSE 0 END AS bad
  FROM ${table}
  WHERE (${started} IS NULL OR ${before} OR ${epochMicros(dialect, started)} <= ${microsParam(dialect, 1)})${filter.tests.map((t) => ` AND ${t}`).join('')}
), k AS (
  SELECT bad, date_trunc('${settings.unit}', s) AS cs, e, date_trunc('${settings.unit}', e) AS ep
  FROM c
)
SELECT CASE WHEN bad = 1 THEN NULL ELSE ${utcDay(dialect, 'cs')} END AS cohort_day,
  CASE WHEN bad = 1 THEN NULL WHEN e IS NULL THEN ${periods}
    ELSE GREATEST(1, LEAST(${periods}, ${idx} + CASE WHEN e > ep THEN 1 ELSE 0 END)) END AS survived,
  CAST(count(*) AS ${dialect === 'postgres' ? 'bigint' : 'BIGINT'}) AS customers
FROM k
GROUP BY 1, 2
ORDER BY 1, 2`;
  return ok(statement(text, [microsOf(settings.asOf.getTime()), String(settings.periods), ...filter.params]));
}
