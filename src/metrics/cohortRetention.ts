/**
 * Cohort retention tables: signup cohort × periods since signup.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { ok, type Result } from '../core/result.js';
import { addUnits, calendarPeriod, type Period } from '../time/period.js';
import { quoteValue } from '../_lib/show.js';
import { invalid, isIssue, isValidDate, issue, optionsIssue } from './_checks.js';
import { guarded } from './_guard.js';

/**
 * A customer for cohort tables: when they started and when (if) they left. A `Subscription` entity
 * fits (one customer per subscription); for customers with several subscriptions pass the first
 * start and the final end.
 *
 * @example
 * ```ts
 * const c: CohortCustomer = { startedAt: new Date('2026-01-15T00:00:00Z'), endedAt: null };
 * ```
 */
export interface CohortCustomer {
  readonly startedAt: Date;
  readonly endedAt: Date | null;
}

/**
 * Options of {@link cohortRetention} (required: `periods` and `asOf`).
 *
 * @example
 * ```ts
 * const o: CohortRetentionOptions = { cohortBy: 'month', periods: 12, asOf: new Date('2026-12-31T00:00:00Z') };
 * ```
 */
export interface CohortRetentionOptions {
  /** Calendar unit of cohorts and of the periods since signup; default `'month'`. */
  readonly cohortBy?: 'week' | 'month' | 'quarter' | 'year';
  /** Number of columns (periods since signup, 0 … periods − 1); an integer 1..1000. */
  readonly periods: number;
  /** Cells whose boundary lies after this instant are not yet observable and are `null`. */
  readonly asOf: Date;
}

/**
 * Options of {@link cohortRetention}.
 *
 * @deprecated Use {@link CohortRetentionOptions}.
 *
 * @example
 * ```ts
 * const o: CohortOptions = { periods: 12, asOf: new Date('2026-12-31T00:00:00Z') };
 * ```
 */
export type CohortOptions = CohortRetentionOptions;

/**
 * One cohort row. `counts[k]` is the number of the cohort's customers still active at the k-th
 * boundary, cohort start + k units (active: `endedAt` null or after the boundary; k = 0 counts
 * everyone), and `rates[k] = counts[k] / size`. Cells after `asOf` are `null`.
 *
 * @example
 * ```ts
 * const customers: CohortCustomer[] = [
 *   { startedAt: new Date('2026-01-10T00:00:00Z'), endedAt: new Date('2026-02-20T00:00:00Z') },
 *   { startedAt: new Date('2026-01-20T00:00:00Z'), endedAt: null },
 * ];
 * const [row]: readonly CohortRow[] = unwrap(cohortRetention(customers, { periods: 3, asOf: new Date('2026-02-15T00:00:00Z') })).rows;
 * row?.rates; //=> [1, 1, null]
 * ```
 */
export interface CohortRow {
  readonly cohort: Period;
  readonly size: number;
  readonly counts: readonly (number | null)[];
  readonly rates: readonly (number | null)[];
}

/**
 * A cohort table: rows sorted by cohort start. `total` is the number of customers counted
 * (customers starting after `asOf` are left out). Empty input: no rows, `total` 0.
 *
 * @example
 * ```ts
 * const t: CohortTable = unwrap(cohortRetention([], { periods: 6, asOf: new Date('2026-07-01T00:00:00Z') }));
 * t.rows.length; //=> 0
 * ```
 */
export interface CohortTable {
  readonly unit: 'week' | 'month' | 'quarter' | 'year';
  readonly periods: number;
  readonly asOf: Date;
  readonly rows: readonly CohortRow[];
  readonly total: number;
}

/** @internal */
export interface CohortData {
  /** cohort start (ms) → [size, count₀, …, count_{periods−1}] */
  cohorts: Map<number, number[]>;
  /** cohort start (ms) → boundaries (ms), a cache. */
  boundaries: Map<number, number[]>;
}

/** @internal */
export interface CohortSettings {
  unit: 'week' | 'month' | 'quarter' | 'year';
  periods: number;
  asOf: Date;
}

/** @internal Checks the cohort options (keys, unit, periods, asOf). */
export function cohortSettings(options: unknown): CohortSettings | CrmIssue {
  if (typeof options !== 'object' || options === null)
    return issue(['options'], `expected { cohortBy?, periods, asOf }; received ${quoteValue(options)}`, 'invalid_type');
  const keys = optionsIssue(options, ['cohortBy', 'periods', 'asOf']);
  if (keys !== null) return keys;
  const o = options as Partial<CohortRetentionOptions>;
  const unit = o.cohortBy ?? 'month';
  if (unit !== 'week' && unit !== 'month' && unit !== 'quarter' && unit !== 'year')
    return issue(['options', 'cohortBy'], `must be 'week', 'month', 'quarter' or 'year'; received ${quoteValue(unit)}`);
  if (typeof o.periods !== 'number' || !Number.isSafeInteger(o.periods) || o.periods < 1 || o.periods > 1000)
    return issue(['options', 'periods'], `must be an integer 1..1000; received ${quoteValue(o.periods)}`);
  if (!isValidDate(o.asOf))
    return issue(['options', 'asOf'], `must be a valid Date; received ${quoteValue(o.asOf)}`, 'invalid_date');
  return { unit, periods: o.periods, asOf: new Date(o.asOf.getTime()) };
}

function boundariesOf(data: CohortData, start: number, o: CohortSettings): number[] {
  let b = data.boundaries.get(start);
  if (b === undefined) {
    b = [];
    for (let k = 0; k < o.periods; k++) b.push(addUnits(start, o.unit, k).getTime());
    data.boundaries.set(start, b);
  }
  return b;
}

/** @internal Adds one customer; the issue for a malformed one (path relative to it). */
export function addCustomer(data: CohortData, c: CohortCustomer, o: CohortSettings): CrmIssue | null {
  if (typeof c !== 'object' || c === null)
    return issue([], 'expected a customer { startedAt, endedAt }', 'invalid_type');
  if (!isValidDate(c.startedAt)) return issue(['startedAt'], 'must be a valid Date', 'invalid_date');
  if (c.endedAt !== null && !isValidDate(c.endedAt))
    return issue(['endedAt'], 'must be a valid Date or null', 'invalid_date');
  if (c.endedAt !== null && c.endedAt.getTime() < c.startedAt.getTime())
    return issue(['endedAt'], 'must not be before startedAt');
  if (c.startedAt.getTime() > o.asOf.getTime()) return null;
  const start = calendarPeriod(o.unit, c.startedAt).start.getTime();
  const b = boundariesOf(data, start, o);
  let row = data.cohorts.get(start);
  if (row === undefined) data.cohorts.set(start, (row = new Array<number>(o.periods + 1).fill(0)));
  row[0]!++;
  const end = c.endedAt === null ? Infinity : c.endedAt.getTime();
  for (let k = 0; k < o.periods; k++) {
    if (k === 0 || end > b[k]!) row[k + 1]!++;
    else break;
  }
  return null;
}

/** @internal The table of the data. */
export function cohortTable(data: CohortData, o: CohortSettings): CohortTable {
  const starts = [...data.cohorts.keys()].sort((x, y) => x - y);
  const asOf = o.asOf.getTime();
  let total = 0;
  const rows = starts.map((s) => {
    const row = data.cohorts.get(s)!;
    const b = boundariesOf(data, s, o);
    const size = row[0]!;
    total += size;
    const counts: (number | null)[] = [];
    const rates: (number | null)[] = [];
    for (let k = 0; k < o.periods; k++) {
      const visible = b[k]! <= asOf;
      counts.push(visible ? row[k + 1]! : null);
      rates.push(visible && size > 0 ? row[k + 1]! / size : null);
    }
    return Object.freeze({
      cohort: calendarPeriod(o.unit, s),
      size,
      counts: Object.freeze(counts),
      rates: Object.freeze(rates),
    });
  });
  return Object.freeze({
    unit: o.unit,
    periods: o.periods,
    asOf: new Date(o.asOf.getTime()),
    rows: Object.freeze(rows),
    total,
  });
}

/**
 * Cohort retention table: customers grouped by the calendar period of `startedAt` (signup cohort),
 * and for each cohort the number and share still active k periods later (see {@link CohortRow}) —
 * the classic triangular retention chart. Bad input (invalid dates, `endedAt` before `startedAt`,
 * bad or unknown options): `validation_failed` naming the index; empty input: no rows, `total: 0`.
 * Never throws.
 *
 * @example
 * ```ts
 * const table = cohortRetention(
 *   [{ startedAt: new Date('2026-01-10T00:00:00Z'), endedAt: new Date('2026-02-20T00:00:00Z') },
 *    { startedAt: new Date('2026-01-20T00:00:00Z'), endedAt: null }],
 *   { periods: 3, asOf: new Date('2026-03-15T00:00:00Z') },
 * );
 * unwrap(table).rows[0]?.counts; //=> [2, 2, 1]
 * ```
 */
export function cohortRetention(
  customers: readonly CohortCustomer[],
  options: CohortRetentionOptions,
): Result<CohortTable> {
  return guarded('cohortRetention', () => {
    const o = cohortSettings(options);
    if (isIssue(o)) return invalid('cohortRetention', [o]);
    if (!Array.isArray(customers))
      return invalid('cohortRetention', [issue([], 'expected an array of customers', 'invalid_type')]);
    const data: CohortData = { cohorts: new Map(), boundaries: new Map() };
    for (let i = 0; i < customers.length; i++) {
      const p = addCustomer(data, customers[i]!, o);
      if (p !== null) return invalid('cohortRetention', [{ ...p, path: [i, ...p.path] }]);
    }
    return ok(cohortTable(data, o));
  });
}
