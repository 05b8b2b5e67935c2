/**
 * The mergeable Kaplan–Meier accumulator: memory O(distinct durations).
 *
 * @module
 */
import { ok, type Result } from '../core/result.js';
import { issue } from './_checks.js';
import { checkConfidence } from './_confidence.js';
import { defineAccumulator } from './_defineAccumulator.js';
import {
  addObservation,
  mergeCounts,
  observationIssue,
  tableFromJSON,
  tableGroups,
  tableOf,
  tableToJSON,
  type DurationCounts,
} from './_survivalTable.js';
import type { Accumulator, AccumulatorStateBase } from './accumulator.js';
import type { ConfidenceOptions } from './interval.js';
import { kaplanMeierFromGroups, type KaplanMeierResult } from './kaplanMeier.js';
import type { SurvivalObservation } from './survivalSample.js';

/**
 * JSON state of a Kaplan–Meier accumulator: per distinct duration, `[duration, events, censored]`.
 *
 * @example
 * ```ts
 * const s: KaplanMeierAccumulatorState = createKaplanMeierAccumulator().add({ duration: 3, event: 1 }).toJSON();
 * ```
 */
export interface KaplanMeierAccumulatorState extends AccumulatorStateBase {
  readonly options: { readonly confidence: number };
  readonly data: readonly (readonly [number, number, number])[];
}

/**
 * A mergeable Kaplan–Meier accumulator.
 *
 * @example
 * ```ts
 * const acc: KaplanMeierAccumulator = createKaplanMeierAccumulator();
 * ```
 */
export type KaplanMeierAccumulator = Accumulator<SurvivalObservation, KaplanMeierResult, KaplanMeierAccumulatorState>;

/**
 * Options of {@link createKaplanMeierAccumulator}.
 *
 * @example
 * ```ts
 * const o: KaplanMeierAccumulatorOptions = { confidence: 0.9 };
 * ```
 */
export type KaplanMeierAccumulatorOptions = ConfidenceOptions;

const kmKit = /* @__PURE__ */ defineAccumulator<
  KaplanMeierAccumulatorState,
  SurvivalObservation,
  KaplanMeierResult,
  DurationCounts,
  { z: number; confidence: number }
>({
  kind: 'kaplan_meier',
  label: 'Kaplan–Meier accumulator',
  optionKeys: ['confidence'],
  resolve: (options) => checkConfidence(options),
  stateOptions: ({ confidence }) => ({ confidence }),
  behaviour: ({ z, confidence }) => ({
    empty: () => new Map(),
    add(data, item) {
      if (typeof item !== 'object' || item === null) return issue([], 'expected { duration, event }', 'invalid_type');
      const bad = observationIssue(item);
      if (bad !== null) return bad;
      addObservation(data, item.duration, item.event);
      return null;
    },
    mergeInto: mergeCounts,
    result(d) {
      const { table, size } = tableOf(d);
      return ok(kaplanMeierFromGroups(tableGroups(table), size, z, confidence));
    },
    toJSON: tableToJSON,
    fromJSON: tableFromJSON,
  }),
});

/**
 * Creates a mergeable Kaplan–Meier accumulator: `add` `{ duration, event }` observations, merge
 * shards; `result()` equals {@link kaplanMeier} over every observation. Memory is O(distinct
 * durations) — bounded when durations are whole days or months.
 *
 * @throws {CrmError} `validation_failed` for a bad confidence or an unknown option.
 *
 * @example
 * ```ts
 * const acc = createKaplanMeierAccumulator().add({ duration: 9, event: 1 }).add({ duration: 13, event: 0 });
 * unwrap(acc.result()).rows[0]?.survival; //=> 0.5
 * ```
 */
export function createKaplanMeierAccumulator(options?: KaplanMeierAccumulatorOptions | null): KaplanMeierAccumulator {
  return kmKit.create(options, undefined);
}

/**
 * Rebuilds a Kaplan–Meier accumulator from its JSON state (object or text); a malformed state gives
 * `validation_failed`, never a throw.
 *
 * @example
 * ```ts
 * kaplanMeierAccumulatorFromJSON(createKaplanMeierAccumulator().toJSON()).ok; //=> true
 * ```
 */
export function kaplanMeierAccumulatorFromJSON(json: unknown): Result<KaplanMeierAccumulator> {
  return kmKit.fromJSON(json);
}
