/**
 * Cohort retention tables: signup cohort × periods since signup, with a mergeable accumulator
 * whose memory is O(cohorts × periods).
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { ok, type Result } from '../core/result.js';
import { addUnits, calendarPeriod, type Period } from '../time/period.js';
import {
  accumulatorFromJSON,
  invalid,
  isIssue,
  isValidDate,
  issue,
  makeAccumulator,
  type Accumulator,
  type AccumulatorSpec,
  type AccumulatorStateBase,
} from './_shared.js';
import { safeJson } from './survey.js';
import { quoteValue } from '../_lib/show.js';

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
 * Options of {@link cohortRetention}.
 *
 * @example
 * ```ts
 * const o: CohortOptions = { cohortBy: 'month', periods: 12, asOf: new Date('2026-12-31T00:00:00Z') };
 * ```
 */
export interface CohortOptions {
  /** Calendar unit of cohorts and of the periods since signup; default `'month'`. */
  readonly cohortBy?: 'week' | 'month' | 'quarter' | 'year';
  /** Number of columns (periods since signup, 0 … periods − 1); an integer 1..1000. */
  readonly periods: number;
  /** Cells whose boundary lies after this instant are not yet observable and are `null`. */
  readonly asOf: Date;
}

/**
 * One cohort row. `counts[k]` is the number of the cohort's customers still active at the k-th
 * boundary, cohort start + k units (active: `endedAt` null or after the boundary; k = 0 counts
 * everyone), and `rates[k] = counts[k] / size`. Cells after `asOf` are `null`.
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
 */
export interface CohortTable {
  readonly unit: 'week' | 'month' | 'quarter' | 'year';
  readonly periods: number;
  readonly asOf: Date;
  readonly rows: readonly CohortRow[];
  readonly total: number;
}

interface CohortData {
  /** cohort start (ms) → [size, count₀, …, count_{periods−1}] */
  cohorts: Map<number, number[]>;
  /** cohort start (ms) → boundaries (ms), a cache. */
  boundaries: Map<number, number[]>;
}

interface Resolved {
  unit: 'week' | 'month' | 'quarter' | 'year';
  periods: number;
  asOf: Date;
}

function resolve(options: CohortOptions | undefined): Resolved | CrmIssue {
  if (typeof options !== 'object' || options === null)
    return issue(['options'], 'expected { cohortBy?, periods, asOf }', 'invalid_type');
  const unit = options.cohortBy ?? 'month';
  if (unit !== 'week' && unit !== 'month' && unit !== 'quarter' && unit !== 'year')
    return issue(['options', 'cohortBy'], `must be 'week', 'month', 'quarter' or 'year'; received ${quoteValue(unit)}`);
  if (!Number.isSafeInteger(options.periods) || options.periods < 1 || options.periods > 1000)
    return issue(['options', 'periods'], `must be an integer 1..1000; received ${quoteValue(options.periods)}`);
  if (!isValidDate(options.asOf)) return issue(['options', 'asOf'], 'must be a valid Date', 'invalid_date');
  return { unit, periods: options.periods, asOf: options.asOf };
}

function boundariesOf(data: CohortData, start: number, o: Resolved): number[] {
  let b = data.boundaries.get(start);
  if (b === undefined) {
    b = [];
    for (let k = 0; k < o.periods; k++) b.push(addUnits(start, o.unit, k).getTime());
    data.boundaries.set(start, b);
  }
  return b;
}

function addCustomer(data: CohortData, c: CohortCustomer, o: Resolved): CrmIssue | null {
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

function table(data: CohortData, o: Resolved): CohortTable {
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
 * bad options): `validation_failed` naming the index; empty input: no rows, `total: 0`.
 *
 * @example
 * ```ts
 * cohortRetention(
 *   [{ startedAt: new Date('2026-01-10T00:00:00Z'), endedAt: new Date('2026-02-20T00:00:00Z') },
 *    { startedAt: new Date('2026-01-20T00:00:00Z'), endedAt: null }],
 *   { periods: 3, asOf: new Date('2026-03-15T00:00:00Z') },
 * ).value.rows[0].counts; //=> [2, 2, 1]
 * ```
 */
export function cohortRetention(customers: readonly CohortCustomer[], options: CohortOptions): Result<CohortTable> {
  const o = resolve(options);
  if (isIssue(o)) return invalid('cohortRetention', [o]);
  if (!Array.isArray(customers))
    return invalid('cohortRetention', [issue([], 'expected an array of customers', 'invalid_type')]);
  const data: CohortData = { cohorts: new Map(), boundaries: new Map() };
  for (let i = 0; i < customers.length; i++) {
    const p = addCustomer(data, customers[i]!, o);
    if (p !== null) return invalid('cohortRetention', [{ ...p, path: [i, ...p.path] }]);
  }
  return ok(table(data, o));
}

/**
 * JSON state of a cohort accumulator: per cohort start (ISO) `[size, count₀, …]`.
 *
 * @example
 * ```ts
 * const s: CohortAccumulatorState = createCohortAccumulator({ periods: 3, asOf: new Date() }).toJSON();
 * ```
 */
export interface CohortAccumulatorState extends AccumulatorStateBase {
  readonly options: { readonly cohortBy: string; readonly periods: number; readonly asOf: string };
  readonly data: Readonly<Record<string, readonly number[]>>;
}

/**
 * A mergeable cohort accumulator.
 *
 * @example
 * ```ts
 * const acc: CohortAccumulator = createCohortAccumulator({ periods: 12, asOf: new Date('2026-12-31T00:00:00Z') });
 * ```
 */
export type CohortAccumulator = Accumulator<CohortCustomer, CohortTable, CohortAccumulatorState>;

function cohortSpec(o: Resolved): AccumulatorSpec<CohortCustomer, CohortTable, CohortData> {
  return {
    kind: 'cohort_retention',
    label: 'cohort accumulator',
    options: { cohortBy: o.unit, periods: o.periods, asOf: o.asOf.toISOString() },
    empty: () => ({ cohorts: new Map(), boundaries: new Map() }),
    add: (data, c) => addCustomer(data, c, o),
    mergeInto(t, s) {
      for (const [k, row] of s.cohorts) {
        const r = t.cohorts.get(k);
        if (r === undefined) t.cohorts.set(k, row.slice());
        else for (let i = 0; i < r.length; i++) r[i]! += row[i]!;
      }
    },
    result: (d) => ok(table(d, o)),
    toJSON(d) {
      const out: Record<string, number[]> = {};
      for (const k of [...d.cohorts.keys()].sort((x, y) => x - y))
        out[new Date(k).toISOString()] = d.cohorts.get(k)!.slice();
      return out;
    },
    fromJSON(j) {
      if (typeof j !== 'object' || j === null || Array.isArray(j))
        return [issue([], 'expected { [cohortStartIso]: [size, counts…] }', 'invalid_type')];
      const cohorts = new Map<number, number[]>();
      for (const [k, v] of Object.entries(j as Record<string, unknown>)) {
        const t = Date.parse(k);
        if (!Number.isFinite(t) || calendarPeriod(o.unit, t).start.getTime() !== t)
          return [issue([k], `is not the start of a ${o.unit}`, 'invalid_date')];
        if (
          !Array.isArray(v) ||
          v.length !== o.periods + 1 ||
          v.some((x) => !Number.isSafeInteger(x) || (x as number) < 0)
        )
          return [issue([k], `expected ${o.periods + 1} non-negative integer counts`, 'invalid_value')];
        cohorts.set(t, (v as number[]).slice());
      }
      return { cohorts, boundaries: new Map() };
    },
  };
}

/**
 * Creates a mergeable cohort accumulator: `add` customers, `merge` accumulators with the same
 * options; `result()` equals {@link cohortRetention} over everything added. Memory O(cohorts ×
 * periods). Throws `validation_failed` for bad options.
 *
 * @example
 * ```ts
 * createCohortAccumulator({ periods: 2, asOf: new Date('2026-03-01T00:00:00Z') })
 *   .add({ startedAt: new Date('2026-01-05T00:00:00Z'), endedAt: null })
 *   .result().value.rows[0].counts; //=> [1, 1]
 * ```
 */
export function createCohortAccumulator(options: CohortOptions): CohortAccumulator {
  const o = resolve(options);
  if (isIssue(o)) throw invalid('cohort accumulator', [o]).error;
  return makeAccumulator(cohortSpec(o));
}

/**
 * Rebuilds a cohort accumulator from its JSON state.
 *
 * @example
 * ```ts
 * cohortAccumulatorFromJSON(createCohortAccumulator({ periods: 2, asOf: new Date('2026-03-01T00:00:00Z') }).toJSON()).ok; //=> true
 * ```
 */
export function cohortAccumulatorFromJSON(json: unknown): Result<CohortAccumulator> {
  const parsed = typeof json === 'string' ? safeJson(json) : json;
  const opts = (parsed as { options?: { cohortBy?: string; periods?: number; asOf?: string } } | null)?.options;
  const o = resolve(
    opts === undefined
      ? undefined
      : ({ cohortBy: opts.cohortBy, periods: opts.periods, asOf: new Date(opts.asOf ?? Number.NaN) } as CohortOptions),
  );
  if (isIssue(o)) return invalid('cohort accumulator state', [o]);
  return accumulatorFromJSON(cohortSpec(o), parsed);
}
