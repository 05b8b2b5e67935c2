/**
 * The mergeable cohort accumulator: memory O(cohorts × periods).
 *
 * @module
 */
import { ok, type Result } from '../core/result.js';
import { calendarPeriod } from '../time/period.js';
import { issue } from './_checks.js';
import { defineAccumulator } from './_defineAccumulator.js';
import type { Accumulator, AccumulatorStateBase } from './accumulator.js';
import {
  addCustomer,
  cohortSettings,
  cohortTable,
  type CohortCustomer,
  type CohortData,
  type CohortRetentionOptions,
  type CohortSettings,
  type CohortTable,
} from './cohortRetention.js';

/**
 * JSON state of a cohort accumulator: per cohort start (ISO) `[size, count₀, …]`.
 *
 * @example
 * ```ts
 * const s: CohortAccumulatorState = createCohortAccumulator({ periods: 3, asOf: new Date('2026-03-01T00:00:00Z') }).toJSON();
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

/**
 * Options of {@link createCohortAccumulator}: as {@link cohortRetention}'s.
 *
 * @example
 * ```ts
 * const o: CohortAccumulatorOptions = { cohortBy: 'week', periods: 8, asOf: new Date('2026-03-01T00:00:00Z') };
 * ```
 */
export type CohortAccumulatorOptions = CohortRetentionOptions;

const cohortKit = /* @__PURE__ */ defineAccumulator<
  CohortAccumulatorState,
  CohortCustomer,
  CohortTable,
  CohortData,
  CohortSettings
>({
  kind: 'cohort_retention',
  label: 'cohort accumulator',
  optionKeys: ['cohortBy', 'periods', 'asOf'],
  resolve: (options) => cohortSettings(options),
  stateOptions: (o) => ({ cohortBy: o.unit, periods: o.periods, asOf: o.asOf.toISOString() }),
  fromState: {
    keys: ['cohortBy', 'periods', 'asOf'],
    read: (o) => ({
      options: {
        cohortBy: o['cohortBy'],
        periods: o['periods'],
        asOf: new Date(typeof o['asOf'] === 'string' ? Date.parse(o['asOf']) : Number.NaN),
      },
      args: undefined,
    }),
  },
  behaviour: (o) => ({
    empty: () => ({ cohorts: new Map(), boundaries: new Map() }),
    add: (data, c) => addCustomer(data, c, o),
    mergeInto(t, s) {
      for (const [k, row] of s.cohorts) {
        const r = t.cohorts.get(k);
        if (r === undefined) t.cohorts.set(k, row.slice());
        else for (let i = 0; i < r.length; i++) r[i]! += row[i]!;
      }
    },
    result: (d) => ok(cohortTable(d, o)),
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
        if (!Array.isArray(v) || v.length !== o.periods + 1)
          return [issue([k], `expected ${o.periods + 1} non-negative integer counts`, 'invalid_value')];
        // An index loop, not some(): some() skips the holes of a sparse array.
        for (let i = 0; i < v.length; i++)
          if (!Number.isSafeInteger(v[i]) || (v[i] as number) < 0)
            return [issue([k, i], 'must be a non-negative integer count', 'invalid_value')];
        cohorts.set(t, (v as number[]).slice());
      }
      return { cohorts, boundaries: new Map() };
    },
  }),
});

/**
 * Creates a mergeable cohort accumulator: `add` customers, `merge` accumulators with the same
 * options; `result()` equals {@link cohortRetention} over everything added. Memory O(cohorts ×
 * periods).
 *
 * @throws {CrmError} `validation_failed` for bad or unknown options.
 *
 * @example
 * ```ts
 * const acc = createCohortAccumulator({ periods: 2, asOf: new Date('2026-03-01T00:00:00Z') })
 *   .add({ startedAt: new Date('2026-01-05T00:00:00Z'), endedAt: null });
 * unwrap(acc.result()).rows[0]?.counts; //=> [1, 1]
 * ```
 */
export function createCohortAccumulator(options: CohortAccumulatorOptions): CohortAccumulator {
  return cohortKit.create(options, undefined);
}

/**
 * Rebuilds a cohort accumulator from its JSON state (object or text); a malformed state gives
 * `validation_failed`, never a throw.
 *
 * @example
 * ```ts
 * cohortAccumulatorFromJSON(createCohortAccumulator({ periods: 2, asOf: new Date('2026-03-01T00:00:00Z') }).toJSON()).ok; //=> true
 * ```
 */
export function cohortAccumulatorFromJSON(json: unknown): Result<CohortAccumulator> {
  return cohortKit.fromJSON(json);
}
