/**
 * The mergeable log-rank accumulator: memory O(distinct durations) per group.
 *
 * @module
 */
import { ok, type Result } from '../core/result.js';
import { quoteValue } from '../_lib/show.js';
import { issue } from './_checks.js';
import { defineAccumulator } from './_defineAccumulator.js';
import {
  addObservation,
  mergeCounts,
  observationIssue,
  tableFromJSON,
  tableOf,
  tableToJSON,
  type DurationCounts,
} from './_survivalTable.js';
import type { Accumulator, AccumulatorStateBase } from './accumulator.js';
import { logRankFromTables, type LogRankResult } from './logRankTest.js';
import type { SurvivalObservation } from './survivalSample.js';

/**
 * One subject for the log-rank accumulator: its group (`'A'` or `'B'`, as the first and second
 * argument of {@link logRankTest}), duration and whether the event happened at it.
 *
 * @example
 * ```ts
 * const o: LogRankObservation = { group: 'B', duration: 14, event: true };
 * ```
 */
export interface LogRankObservation extends SurvivalObservation {
  readonly group: 'A' | 'B';
}

/**
 * JSON state of a log-rank accumulator: each group's `[duration, events, censored]` rows.
 *
 * @example
 * ```ts
 * const s: LogRankAccumulatorState = createLogRankAccumulator().add({ group: 'A', duration: 3, event: 1 }).toJSON();
 * ```
 */
export interface LogRankAccumulatorState extends AccumulatorStateBase {
  readonly options: Readonly<Record<string, never>>;
  readonly data: {
    readonly A: readonly (readonly [number, number, number])[];
    readonly B: readonly (readonly [number, number, number])[];
  };
}

/**
 * A mergeable log-rank accumulator.
 *
 * @example
 * ```ts
 * const acc: LogRankAccumulator = createLogRankAccumulator();
 * ```
 */
export type LogRankAccumulator = Accumulator<LogRankObservation, LogRankResult, LogRankAccumulatorState>;

const logRankKit = /* @__PURE__ */ defineAccumulator<
  LogRankAccumulatorState,
  LogRankObservation,
  LogRankResult,
  { A: DurationCounts; B: DurationCounts },
  null
>({
  kind: 'log_rank',
  label: 'log-rank accumulator',
  optionKeys: [],
  resolve: () => null,
  stateOptions: () => ({}),
  behaviour: () => ({
    empty: () => ({ A: new Map(), B: new Map() }),
    add(data, item) {
      if (typeof item !== 'object' || item === null)
        return issue([], 'expected { group, duration, event }', 'invalid_type');
      if (item.group !== 'A' && item.group !== 'B')
        return issue(['group'], `must be 'A' or 'B'; received ${quoteValue(item.group)}`, 'invalid_value');
      const bad = observationIssue(item);
      if (bad !== null) return bad;
      addObservation(data[item.group], item.duration, item.event);
      return null;
    },
    mergeInto(t, s) {
      mergeCounts(t.A, s.A);
      mergeCounts(t.B, s.B);
    },
    result(d) {
      const a = tableOf(d.A);
      const b = tableOf(d.B);
      return ok(logRankFromTables(a.table, b.table, a.size, b.size));
    },
    toJSON: (d) => ({ A: tableToJSON(d.A), B: tableToJSON(d.B) }),
    fromJSON(j) {
      if (typeof j !== 'object' || j === null) return [issue([], 'expected { A: rows, B: rows }', 'invalid_type')];
      const a = tableFromJSON((j as { A?: unknown }).A);
      if (!(a instanceof Map)) return a.map((i) => ({ ...i, path: ['A', ...i.path] }));
      const b = tableFromJSON((j as { B?: unknown }).B);
      if (!(b instanceof Map)) return b.map((i) => ({ ...i, path: ['B', ...i.path] }));
      return { A: a, B: b };
    },
  }),
});

/**
 * Creates a mergeable log-rank accumulator: `add` `{ group: 'A' | 'B', duration, event }`, merge
 * shards; `result()` equals {@link logRankTest} of group A's and group B's observations. Memory is
 * O(distinct durations) per group. It takes no options.
 *
 * Never throws.
 *
 * @example
 * ```ts
 * const acc = createLogRankAccumulator()
 *   .addAll([{ group: 'A', duration: 9, event: 1 }, { group: 'A', duration: 13, event: 0 }])
 *   .addAll([{ group: 'B', duration: 5, event: 1 }, { group: 'B', duration: 8, event: 1 }]);
 * unwrap(acc.result()).observed; //=> [1, 2]
 * ```
 */
export function createLogRankAccumulator(): LogRankAccumulator {
  return logRankKit.create(undefined, undefined);
}

/**
 * Rebuilds a log-rank accumulator from its JSON state (object or text); a malformed state gives
 * `validation_failed`, never a throw.
 *
 * @example
 * ```ts
 * logRankAccumulatorFromJSON(createLogRankAccumulator().toJSON()).ok; //=> true
 * ```
 */
export function logRankAccumulatorFromJSON(json: unknown): Result<LogRankAccumulator> {
  return logRankKit.fromJSON(json);
}
