/**
 * Reading the rows of {@link cohortRetentionSql} into crmkit/metrics' `CohortTable`.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { crmIssue, IssueList } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import {
  cohortSettings,
  cohortTable,
  type CohortData,
  type CohortRetentionOptions,
  type CohortTable,
} from '../metrics/cohortRetention.js';
import { isIssue } from '../metrics/_checks.js';
import { calendarPeriod } from '../time/period.js';
import { quoteValue } from '../_lib/show.js';
import { DAY_MS } from '../_lib/utcDay.js';
import { countOf, guard, invalid, rowsOf } from './_sql.js';
import type { SqlRow } from './statement.js';

/**
 * Reads the rows of a {@link cohortRetentionSql} statement (an array of rows, or a driver's result with
 * `rows`) into the `CohortTable` that crmkit/metrics' `cohortRetention` gives on the same customers.
 * `options` are the `cohortBy`, `periods` and `asOf` the statement was built with.
 *
 * Returns `validation_failed` when the table held customers `cohortRetention` refuses (the row with a
 * NULL cohort: a NULL start, or an end before the start), for bad options, or when a row is not one of
 * the statement's (a cohort day that is not the start of a `cohortBy` period, `survived` outside
 * 1..periods, a malformed count). No rows give an empty table. Never throws; the output is frozen.
 *
 * @example
 * ```ts
 * const rows = [{ cohort_day: 20454, survived: 3, customers: '1' }, { cohort_day: 20454, survived: 2, customers: '1' }];
 * const table = unwrap(cohortRetentionFromSql(rows, { periods: 3, asOf: new Date('2026-03-15T00:00:00Z') }));
 * table.rows[0]?.counts; //=> [2, 2, 1]
 * ```
 */
export function cohortRetentionFromSql(
  rows: readonly SqlRow[] | { readonly rows: readonly SqlRow[] },
  options: CohortRetentionOptions,
): Result<CohortTable> {
  return guard('cohortRetentionFromSql', () => read(rows, options));
}

function read(input: unknown, options: unknown): Result<CohortTable> {
  const o = cohortSettings(options);
  if (isIssue(o)) return invalid('cohortRetentionFromSql', [o]);
  const rows = rowsOf(input);
  if (!Array.isArray(rows)) return invalid('cohortRetentionFromSql', [rows as CrmIssue]);
  const data: CohortData = { cohorts: new Map(), boundaries: new Map() };
  const issues = new IssueList();
  for (let i = 0; i < rows.length && !issues.full; i++) {
    const r = rows[i]!;
    const n = countOf(r['customers']);
    if (n === undefined) {
      issues.push(column(i, 'customers', 'a count', r['customers']));
      continue;
    }
    if (r['cohort_day'] === null && r['survived'] === null) {
      issues.push(
        crmIssue.of(
          'invalid_value',
          [i, 'cohort_day'],
          `${n} customer${n === 1 ? '' : 's'} with a NULL start or an end before the start (cohortRetention refuses them)`,
        ),
      );
      continue;
    }
    const day = r['cohort_day'];
    const dayNumber = typeof day === 'bigint' ? Number(day) : typeof day === 'string' ? Number(day) : day;
    const start = typeof dayNumber === 'number' && Number.isSafeInteger(dayNumber) ? dayNumber * DAY_MS : Number.NaN;
    if (!(Math.abs(start) <= 8.64e15) || calendarPeriod(o.unit, start).start.getTime() !== start) {
      issues.push(column(i, 'cohort_day', `the UTC day number of the start of a ${o.unit}`, day));
      continue;
    }
    const m = countOf(r['survived']);
    if (m === undefined || m < 1 || m > o.periods) {
      issues.push(column(i, 'survived', `an integer 1..${o.periods}`, r['survived']));
      continue;
    }
    let row = data.cohorts.get(start);
    if (row === undefined) data.cohorts.set(start, (row = new Array<number>(o.periods + 1).fill(0)));
    row[0]! += n;
    for (let k = 0; k < m; k++) row[k + 1]! += n;
  }
  if (issues.count > 0) return err(issues.error('cohortRetentionFromSql'));
  return ok(cohortTable(data, o));
}

function column(i: number, name: string, expected: string, received: unknown): CrmIssue {
  return crmIssue.of(
    'invalid_type',
    [i, name],
    `row ${i}: column ${name} must be ${expected}, as cohortRetentionSql returns it; received ${quoteValue(received)}`,
  );
}
