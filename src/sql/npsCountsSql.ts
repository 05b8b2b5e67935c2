/**
 * The NPS counts of crmkit/metrics computed in the database.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { ok, type Result } from '../core/result.js';
import type { Period } from '../time/period.js';
import { periodIssue } from '../metrics/_checks.js';
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
} from './_sql.js';
import type { SqlDialect, SqlStatement } from './statement.js';
import type { RfmSummarySqlOptions } from './rfmSummarySql.js';

/**
 * Options of {@link npsCountsSql}: a table of survey responses and its columns.
 *
 * @example
 * ```ts
 * const o: NpsCountsSqlOptions = { table: 'survey_responses', score: 'score', kind: 'kind', answeredAt: 'answered_at' };
 * ```
 */
export interface NpsCountsSqlOptions {
  /** The response table: a plain or schema-qualified identifier, used as stored (quoted). */
  readonly table: string;
  /** Column of the 0–10 score (an integer or numeric column). */
  readonly score: string;
  /**
   * Column of the survey kind (optional): as `nps` skips records whose `kind` is another survey's, rows
   * whose kind is neither `'nps'` nor NULL are not counted.
   */
  readonly kind?: string;
  /** Column of the answer time (a date, timestamp read as UTC, or timestamptz); required with `period`. */
  readonly answeredAt?: string;
  /** Count only answers in this half-open period, as `nps`'s `period` option. */
  readonly period?: Period;
  /** Equality filters on the rows read, `{ column: value }`, as {@link RfmSummarySqlOptions.filter}. */
  readonly filter?: Readonly<Record<string, string | number>>;
  /** The SQL dialect; default `'postgres'`. */
  readonly dialect?: SqlDialect;
}

const KEYS = ['table', 'score', 'kind', 'answeredAt', 'period', 'filter', 'dialect'] as const;

/**
 * Builds the statement that counts Net Promoter Score answers in the database, as crmkit/metrics' `nps`
 * counts response records: one row with `promoters` (9–10), `passives` (7–8), `detractors` (0–6) and
 * `invalid_rows` (counted answers `nps` would refuse: a NULL score or one that is not an integer 0–10;
 * with a period, a NULL answer time). Read it with {@link npsCountsFromSql} and pass the counts to
 * `nps` for the score and its interval.
 *
 * Bad options (an identifier that is not plain, an unknown key, a bad period, a period without
 * `answeredAt`, an unknown dialect) give `validation_failed` naming the option. Never throws.
 *
 * @example
 * ```ts
 * const s = unwrap(npsCountsSql({ table: 'survey_responses', score: 'score', kind: 'kind' }));
 * s.params; //=> ['nps']
 * npsCountsSql({ table: 'survey_responses', score: 'score"; --' }).ok; //=> false
 * ```
 */
export function npsCountsSql(options: NpsCountsSqlOptions): Result<SqlStatement> {
  return guard('npsCountsSql', () => build(options));
}

function build(options: unknown): Result<SqlStatement> {
  const o = readOptions(
    options,
    KEYS,
    ['table', 'score'],
    '{ table, score, kind?, answeredAt?, period?, filter?, dialect? }',
  );
  if (Array.isArray(o)) return invalid('npsCountsSql', o);
  const issues: CrmIssue[] = [];
  const { table, score, kind, answeredAt: answered, dialect } = namesOf(o, ['score'], ['kind', 'answeredAt'], issues);
  const period = o['period'] as Period | undefined;
  if (period !== undefined) {
    const p = periodIssue(period);
    if (p !== null) issues.push(p);
    else if (answered === undefined)
      issues.push({
        path: ['options', 'answeredAt'],
        message: 'answeredAt (the column of the answer time) is required with a period',
        code: 'invalid_type',
      });
  }
  if (issues.length > 0) return invalid('npsCountsSql', issues);
  const params: string[] = [];
  const where: string[] = [];
  if (kind !== undefined) {
    params.push('nps');
    where.push(`(${kind} IS NULL OR ${kind} = $${params.length})`);
  }
  let inPeriod = 'TRUE';
  let bad = `${score} IS NULL OR NOT (${score} >= 0 AND ${score} <= 10 AND ${score} = floor(${score}))`;
  if (period !== undefined) {
    params.push(microsOf(period.start.getTime()), microsOf(period.end.getTime()));
    const t = epochMicros(dialect, answered!);
    inPeriod = `(${t} >= ${microsParam(dialect, params.length - 1)} AND ${t} < ${microsParam(dialect, params.length)})`;
    bad = `${answered!} IS NULL OR (${inPeriod} AND (${bad}))`;
  }
  const filter = filterOf(o['filter'], params.length + 1);
  if (Array.isArray(filter)) return invalid('npsCountsSql', filter);
  params.push(...filter.params);
  where.push(...filter.tests);
  const big = dialect === 'postgres' ? 'bigint' : 'BIGINT';
  const count = (cond: string): string => `CAST(count(*) FILTER (WHERE ${cond}) AS ${big})`;
  const valid = `NOT (${bad}) AND ${inPeriod}`;
  const text = `SELECT ${count(`${valid} AND ${score} >= 9`)} AS promoters,
  ${count(`${valid} AND ${score} >= 7 AND ${score} < 9`)} AS passives,
  ${count(`${valid} AND ${score} < 7`)} AS detractors,
  ${count(bad)} AS invalid_rows
FROM ${table}${where.length > 0 ? `\nWHERE ${where.join(' AND ')}` : ''}`;
  return ok(statement(text, params));
}
