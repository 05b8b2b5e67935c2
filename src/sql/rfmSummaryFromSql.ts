/**
 * Reading the rows of {@link rfmSummarySql} into crmkit/clv's `RfmCustomer`s.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { crmIssue, IssueList } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import type { RfmCustomer } from '../clv/rfm.js';
import { quoteValue } from '../_lib/show.js';
import { countOf, decimalOf, finiteOf, guard, invalid, rowsOf } from './_sql.js';
import type { SqlRow } from './statement.js';

/**
 * Reads the rows of an {@link rfmSummarySql} statement (an array of rows, or a driver's result with
 * `rows`) into the `RfmCustomer`s that crmkit/clv's `rfmSummary` gives on the same transactions, in the
 * rows' order (by customer id). The mean values are computed from the exact sums in decimal, as
 * `rfmSummary` computes them, so the numbers are the same to the last bit.
 *
 * Returns `validation_failed` when the table held transactions `rfmSummary` refuses — a NULL or empty
 * customer id, a NULL time, a NULL value (`invalid_rows` > 0) — naming the row, or when a row is not
 * one of the statement's (a missing or malformed column; a sum given as a fractional JavaScript
 * number, which cannot be exact: read DuckDB rows with `getRowObjectsJson()` and keep money in DECIMAL).
 * No rows give an empty list. Never throws; the output is frozen.
 *
 * @example
 * ```ts
 * const rows = [{ customer_id: 'a', frequency: 2, recency: 30.428571428571427, t: 38.857142857142854,
 *   monetary_sum: '44.69', frequency_holdout: null, monetary_sum_holdout: null, duration_holdout: null, invalid_rows: '0' }];
 * unwrap(rfmSummaryFromSql(rows))[0]?.monetaryValue; //=> 22.345
 * ```
 */
export function rfmSummaryFromSql(
  rows: readonly SqlRow[] | { readonly rows: readonly SqlRow[] },
): Result<readonly RfmCustomer[]> {
  return guard('rfmSummaryFromSql', () => read(rows));
}

function read(input: unknown): Result<readonly RfmCustomer[]> {
  const rows = rowsOf(input);
  if (!Array.isArray(rows)) return invalid('rfmSummaryFromSql', [rows as CrmIssue]);
  const issues = new IssueList();
  const out: RfmCustomer[] = [];
  for (let i = 0; i < rows.length && !issues.full; i++) {
    const r = rows[i]!;
    const before = issues.count;
    const id = r['customer_id'];
    if (typeof id !== 'string' || id === '')
      issues.push(
        crmIssue.of(
          'invalid_type',
          [i, 'customer_id'],
          `row ${i}: the customer id must be a non-empty string (rfmSummary refuses transactions without one); received ${quoteValue(id)}`,
        ),
      );
    const bad = countOf(r['invalid_rows']);
    if (bad === undefined) issues.push(column(i, 'invalid_rows', 'a count', r['invalid_rows']));
    else if (bad > 0)
      issues.push(
        crmIssue.of(
          'invalid_value',
          [i, 'invalid_rows'],
          `row ${i}: customer ${quoteValue(id)} has ${bad} transaction${bad === 1 ? '' : 's'} with a NULL time or value (rfmSummary refuses them)`,
        ),
      );
    const frequency = countOf(r['frequency']);
    if (frequency === undefined) issues.push(column(i, 'frequency', 'a count', r['frequency']));
    const recency = finiteOf(r['recency']);
    if (recency === undefined) issues.push(column(i, 'recency', 'a finite number', r['recency']));
    const T = finiteOf(r['t']);
    if (T === undefined) issues.push(column(i, 't', 'a finite number', r['t']));
    const sum = decimalOf(r['monetary_sum']);
    if (sum === undefined)
      issues.push(column(i, 'monetary_sum', 'an exact decimal (a string or bigint)', r['monetary_sum']));
    const split = r['frequency_holdout'] !== null && r['frequency_holdout'] !== undefined;
    const hold = split ? countOf(r['frequency_holdout']) : null;
    if (hold === undefined) issues.push(column(i, 'frequency_holdout', 'a count or null', r['frequency_holdout']));
    const holdSum = split ? decimalOf(r['monetary_sum_holdout']) : null;
    if (holdSum === undefined)
      issues.push(
        column(i, 'monetary_sum_holdout', 'an exact decimal (a string or bigint)', r['monetary_sum_holdout']),
      );
    const duration = split ? finiteOf(r['duration_holdout']) : null;
    if (duration === undefined) issues.push(column(i, 'duration_holdout', 'a finite number', r['duration_holdout']));
    if (issues.count > before) continue;
    const mean = frequency! > 0 ? sum!.div(frequency!).toNumber() : 0;
    const holdMean = holdSum === null ? null : hold! > 0 ? holdSum!.div(hold!).toNumber() : 0;
    if (!Number.isFinite(mean) || (holdMean !== null && !Number.isFinite(holdMean))) {
      // rfmSummary refuses values beyond binary64 (about 1.8e308), so its means are always finite.
      const name = Number.isFinite(mean) ? 'monetary_sum_holdout' : 'monetary_sum';
      issues.push(column(i, name, 'a sum whose mean is a finite number (values within ±1.8e308)', r[name]));
      continue;
    }
    out.push(
      Object.freeze({
        customerId: id as string,
        frequency: frequency!,
        recency: recency!,
        T: T!,
        monetaryValue: mean,
        frequencyHoldout: hold!,
        monetaryValueHoldout: holdMean,
        durationHoldout: duration!,
      }),
    );
  }
  if (issues.count > 0) return err(issues.error('rfmSummaryFromSql'));
  return ok(Object.freeze(out));
}

function column(i: number, name: string, expected: string, received: unknown): CrmIssue {
  return crmIssue.of(
    'invalid_type',
    [i, name],
    `row ${i}: column ${name} must be ${expected}, as rfmSummarySql returns it; received ${quoteValue(received)}`,
  );
}
