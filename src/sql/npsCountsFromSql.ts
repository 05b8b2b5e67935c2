/**
 * Reading the row of {@link npsCountsSql} into crmkit/metrics' `NpsCounts`.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { crmIssue } from '../core/issues.js';
import { ok, type Result } from '../core/result.js';
import type { NpsCounts } from '../metrics/nps.js';
import { quoteValue } from '../_lib/show.js';
import { countOf, guard, invalid, rowsOf } from './_sql.js';
import type { SqlRow } from './statement.js';

/**
 * Reads the one row of an {@link npsCountsSql} statement (an array of rows, or a driver's result with
 * `rows`) into `{ promoters, passives, detractors }`, the counts crmkit/metrics' `nps` takes:
 * `nps(counts)` then gives the same result as `nps` on the table's records.
 *
 * Returns `validation_failed` when the table held answers `nps` refuses (`invalid_rows` > 0: a NULL or
 * out-of-scale score, or a NULL time with a period), or when the input is not the statement's one row
 * of counts. Never throws; the output is frozen.
 *
 * @example
 * ```ts
 * const counts = unwrap(npsCountsFromSql([{ promoters: '50', passives: '30', detractors: '20', invalid_rows: '0' }]));
 * unwrap(nps(counts)).score; //=> 30
 * ```
 */
export function npsCountsFromSql(rows: readonly SqlRow[] | { readonly rows: readonly SqlRow[] }): Result<NpsCounts> {
  return guard('npsCountsFromSql', () => read(rows));
}

function read(input: unknown): Result<NpsCounts> {
  const rows = rowsOf(input);
  if (!Array.isArray(rows)) return invalid('npsCountsFromSql', [rows as CrmIssue]);
  if (rows.length !== 1)
    return invalid('npsCountsFromSql', [
      crmIssue.of('invalid_value', [], `expected the one row of npsCountsSql; received ${rows.length} rows`),
    ]);
  const r = rows[0]!;
  const issues: CrmIssue[] = [];
  const counts: Record<string, number> = {};
  for (const k of ['promoters', 'passives', 'detractors', 'invalid_rows']) {
    const n = countOf(r[k]);
    if (n === undefined)
      issues.push(
        crmIssue.of(
          'invalid_type',
          [0, k],
          `column ${k} must be a count, as npsCountsSql returns it; received ${quoteValue(r[k])}`,
        ),
      );
    else counts[k] = n;
  }
  if (issues.length === 0 && counts['invalid_rows']! > 0)
    issues.push(
      crmIssue.of(
        'invalid_value',
        [0, 'invalid_rows'],
        `${counts['invalid_rows']} answer${counts['invalid_rows'] === 1 ? '' : 's'} that nps refuses: a NULL score or one that is not an integer 0..10 (or, with a period, a NULL answer time)`,
      ),
    );
  if (issues.length > 0) return invalid('npsCountsFromSql', issues);
  return ok(
    Object.freeze({
      promoters: counts['promoters']!,
      passives: counts['passives']!,
      detractors: counts['detractors']!,
    }),
  );
}
