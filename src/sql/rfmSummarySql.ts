/**
 * The RFM summary of crmkit/clv computed in the database: one statement per dialect.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { crmIssue } from '../core/issues.js';
import { ok, type Result } from '../core/result.js';
import { TIME_UNIT_DAYS, type RfmTimeUnit } from '../clv/rfm.js';
import { quoteValue } from '../_lib/show.js';
import { utcDayOf } from '../_lib/utcDay.js';
import {
  doubleType,
  filterOf,
  guard,
  identifier,
  invalid,
  readOptions,
  namesOf,
  statement,
  textType,
  utcDay,
} from './_sql.js';
import type { SqlDialect, SqlStatement } from './statement.js';

/**
 * Options of {@link rfmSummarySql}: where the transactions are, and the options of crmkit/clv's
 * `rfmSummary`.
 *
 * @example
 * ```ts
 * const o: RfmSummarySqlOptions = {
 *   table: 'sales.orders', customerId: 'customer_id', at: 'ordered_at', value: 'amount',
 *   observationEnd: '1998-06-30', timeUnit: 'week', dialect: 'duckdb',
 * };
 * ```
 */
export interface RfmSummarySqlOptions {
  /** The transaction table: a plain or schema-qualified identifier (`orders`, `sales.orders`), used as stored (quoted). */
  readonly table: string;
  /** Column of the customer (any type; compared as text, as `rfmSummary` compares `String(id)`). */
  readonly customerId: string;
  /** Column of the time: a date, a timestamp (read as UTC) or a timestamptz. */
  readonly at: string;
  /**
   * Column of the value (optional; without it monetary values are 0). PostgreSQL reads it as
   * `numeric` (exact for numeric, integer and decimal-text columns); DuckDB sums it in its own type,
   * so keep money in a DECIMAL or integer column there.
   */
  readonly value?: string;
  /** End of observation (inclusive UTC day); later transactions are ignored. */
  readonly observationEnd: Date | string | number;
  /** Unit of recency, T and durations. */
  readonly timeUnit: RfmTimeUnit;
  /** End of the calibration period (inclusive UTC day), as in `rfmSummary`. */
  readonly calibrationEnd?: Date | string | number;
  /**
   * Equality filters on the transactions read, `{ column: value }` (e.g. `{ tenant_id: 't1' }`): names
   * checked as the others, values (strings or finite numbers) bound as parameters. On Citus, a filter on
   * the distribution column makes the statement a single-shard (router) query (docs/scale.md).
   */
  readonly filter?: Readonly<Record<string, string | number>>;
  /** The SQL dialect; default `'postgres'`. */
  readonly dialect?: SqlDialect;
}

const KEYS = [
  'table',
  'customerId',
  'at',
  'value',
  'observationEnd',
  'timeUnit',
  'calibrationEnd',
  'filter',
  'dialect',
] as const;

/**
 * Builds the statement that computes crmkit/clv's `rfmSummary` in the database, one row per customer,
 * ordered by `customer_id` (bytewise): `customer_id` (text), `frequency` (repeat purchase days),
 * `recency` and `t` (binary64, in `timeUnit`), `monetary_sum` (the exact sum of the repeat purchase
 * days' values), `frequency_holdout`, `monetary_sum_holdout`, `duration_holdout` (only with
 * `calibrationEnd`) and `invalid_rows` (transactions with a NULL time or value). Read the rows with
 * {@link rfmSummaryFromSql}: it gives exactly the `RfmCustomer`s of `rfmSummary` on the same
 * transactions.
 *
 * Same definitions as `rfmSummary`: purchases on the same UTC day are one purchase (values summed);
 * frequency counts the purchase days after the first; recency and T are day differences divided by
 * the unit (7 or 30.4375 days) in binary64, as in JavaScript. Values are parameters, never SQL text;
 * the table and column names are checked (plain or schema-qualified identifiers only) and quoted.
 *
 * Bad options (an identifier that is not plain, an unknown key, an invalid date, an unknown unit or
 * dialect, `calibrationEnd` after `observationEnd`) give `validation_failed` naming the option. Never
 * throws.
 *
 * @example
 * ```ts
 * const s = unwrap(rfmSummarySql({
 *   table: 'orders', customerId: 'customer_id', at: 'ordered_at', value: 'amount',
 *   observationEnd: '1997-09-30', timeUnit: 'week', dialect: 'duckdb',
 * }));
 * s.params; //=> ['10134', '10134']
 * rfmSummarySql({ table: 'orders; DROP TABLE x', customerId: 'c', at: 'a', observationEnd: 0, timeUnit: 'day' }).ok; //=> false
 * ```
 */
export function rfmSummarySql(options: RfmSummarySqlOptions): Result<SqlStatement> {
  return guard('rfmSummarySql', () => build(options));
}

function build(options: unknown): Result<SqlStatement> {
  const o = readOptions(
    options,
    KEYS,
    ['table', 'customerId', 'at', 'observationEnd', 'timeUnit'],
    '{ table, customerId, at, value?, observationEnd, timeUnit, calibrationEnd?, filter?, dialect? }',
  );
  if (Array.isArray(o)) return invalid('rfmSummarySql', o);
  const issues: CrmIssue[] = [];
  const { table, customerId: customer, at, value, dialect } = namesOf(o, ['customerId', 'at'], ['value'], issues);
  const unit = o['timeUnit'];
  if (unit !== 'day' && unit !== 'week' && unit !== 'month')
    issues.push(crmIssue.invalidValue(['options', 'timeUnit'], 'unknown time unit', unit, ['day', 'week', 'month']));
  const endDay = utcDayOf(o['observationEnd']);
  if (endDay === undefined) issues.push(crmIssue.invalidDate(['options', 'observationEnd'], o['observationEnd']));
  const calDay = o['calibrationEnd'] === undefined ? undefined : utcDayOf(o['calibrationEnd']);
  if (o['calibrationEnd'] !== undefined && calDay === undefined)
    issues.push(crmIssue.invalidDate(['options', 'calibrationEnd'], o['calibrationEnd']));
  if (calDay !== undefined && endDay !== undefined && calDay > endDay)
    issues.push(
      crmIssue.of(
        'too_big',
        ['options', 'calibrationEnd'],
        `calibrationEnd must not be after observationEnd; received ${quoteValue(o['calibrationEnd'])}`,
      ),
    );
  const filter = filterOf(o['filter'], 3);
  if (Array.isArray(filter)) issues.push(...filter);
  if (issues.length > 0 || Array.isArray(filter)) return invalid('rfmSummarySql', issues);
  return ok(sql(dialect, table, customer, at, value, TIME_UNIT_DAYS[unit as RfmTimeUnit], endDay!, calDay, filter));
}

function sql(
  d: SqlDialect,
  table: string,
  customer: string,
  at: string,
  value: string | undefined,
  unitDays: number,
  endDay: number,
  calDay: number | undefined,
  filter: { readonly tests: readonly string[]; readonly params: readonly string[] },
): SqlStatement {
  const int = d === 'postgres' ? 'integer' : 'INTEGER';
  const dbl = doubleType(d);
  const end = `CAST($1 AS ${int})`;
  const cut = `CAST($2 AS ${int})`;
  const per = (days: string): string => `CAST(${days} AS ${dbl}) / CAST(${unitDays} AS ${dbl})`;
  const money = value === undefined ? '0' : d === 'postgres' ? `CAST(${value} AS numeric)` : value;
  const bad = value === undefined ? `${at} IS NULL` : `${at} IS NULL OR ${value} IS NULL`;
  const zero = d === 'postgres' ? 'CAST(0 AS numeric)' : '0';
  const split = calDay !== undefined;
  // PostgreSQL has no arg_min: the first purchase day comes from a window over the customer's days.
  // DuckDB takes the first day's value with arg_min in the same aggregation (no window: about half
  // the time on CDNOW).
  const summary =
    d === 'postgres'
      ? `spans AS (
  SELECT customer_id, day, value, bad, min(day) OVER (PARTITION BY customer_id) AS first_day
  FROM days
), summary AS (
  SELECT customer_id, min(first_day) AS first_day,
    count(*) FILTER (WHERE day > first_day AND day <= ${cut}) AS frequency,
    max(day) FILTER (WHERE day <= ${cut}) AS last_day,
    sum(value) FILTER (WHERE day > first_day AND day <= ${cut}) AS monetary_sum,${
      split
        ? `
    count(*) FILTER (WHERE day > ${cut}) AS frequency_holdout,
    sum(value) FILTER (WHERE day > ${cut}) AS monetary_sum_holdout,`
        : ''
    }
    sum(bad) AS invalid_rows
  FROM spans
  GROUP BY customer_id
)`
      : `summary AS (
  SELECT customer_id, min(day) AS first_day,
    GREATEST(count(*) FILTER (WHERE day <= ${cut}) - 1, 0) AS frequency,
    max(day) FILTER (WHERE day <= ${cut}) AS last_day,
    sum(value) FILTER (WHERE day <= ${cut}) - arg_min(value, day) AS monetary_sum,${
      split
        ? `
    count(*) FILTER (WHERE day > ${cut}) AS frequency_holdout,
    sum(value) FILTER (WHERE day > ${cut}) AS monetary_sum_holdout,`
        : ''
    }
    sum(bad) AS invalid_rows
  FROM days
  GROUP BY customer_id
)`;
  // Without a calibration split the holdout columns are left out (the reader gives them as null).
  const holdout = split
    ? `
  CAST(frequency_holdout AS ${int}) AS frequency_holdout,
  coalesce(monetary_sum_holdout, ${zero}) AS monetary_sum_holdout,
  ${per(`${end} - ${cut}`)} AS duration_holdout,`
    : '';
  const text = `WITH tx AS (
  SELECT CAST(${customer} AS ${textType(d)}) AS customer_id, ${utcDay(d, at)} AS day, ${money} AS value,
    CASE WHEN ${bad} THEN 1 ELSE 0 END AS bad
  FROM ${table}${filter.tests.length > 0 ? `\n  WHERE ${filter.tests.join(' AND ')}` : ''}
), days AS (
  SELECT customer_id, day, sum(value) AS value, sum(bad) AS bad
  FROM tx
  WHERE day <= ${end} OR bad = 1
  GROUP BY customer_id, day
), ${summary}
SELECT customer_id,
  CAST(frequency AS ${int}) AS frequency,
  ${per('last_day - first_day')} AS recency,
  ${per(`${cut} - first_day`)} AS t,
  coalesce(monetary_sum, ${zero}) AS monetary_sum,${holdout}
  CAST(invalid_rows AS ${d === 'postgres' ? 'bigint' : 'BIGINT'}) AS invalid_rows
FROM summary
WHERE first_day <= ${cut} OR first_day IS NULL OR invalid_rows > 0
ORDER BY customer_id${d === 'postgres' ? ' COLLATE "C"' : ''}`;
  return statement(text, [String(endDay), String(calDay ?? endDay), ...filter.params]);
}
