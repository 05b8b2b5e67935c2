/**
 * The mergeable CES accumulator.
 *
 * @module
 */
import type { Result } from '../core/result.js';
import { defineAccumulator } from './_defineAccumulator.js';
import { pointBehaviour } from './_pointBehaviour.js';
import type { Accumulator, AccumulatorStateBase } from './accumulator.js';
import { cesFromCounts, cesSettings, type CesOptions, type CesResult, type CesSettings } from './ces.js';
import type { SurveyScoreRecord } from './surveyScoreRecord.js';

/**
 * JSON state of a CES accumulator: counts per scale point, lowest first.
 *
 * @example
 * ```ts
 * const s: CesAccumulatorState = createCesAccumulator().add(6).toJSON();
 * ```
 */
export interface CesAccumulatorState extends AccumulatorStateBase {
  readonly options: { readonly scale: 5 | 7; readonly method: 'mean' | 'percentAgree'; readonly confidence: number };
  readonly data: readonly number[];
}

/**
 * A mergeable CES accumulator.
 *
 * @example
 * ```ts
 * const acc: CesAccumulator = createCesAccumulator({ scale: 7 });
 * ```
 */
export type CesAccumulator = Accumulator<number | SurveyScoreRecord, CesResult, CesAccumulatorState>;

/**
 * Options of {@link createCesAccumulator}: those of {@link ces} except `period`.
 *
 * @example
 * ```ts
 * const o: CesAccumulatorOptions = { scale: 5, method: 'percentAgree' };
 * ```
 */
export type CesAccumulatorOptions = Omit<CesOptions, 'period'>;

const cesKit = /* @__PURE__ */ defineAccumulator<
  CesAccumulatorState,
  number | SurveyScoreRecord,
  CesResult,
  number[],
  CesSettings
>({
  kind: 'ces',
  label: 'ces accumulator',
  optionKeys: ['scale', 'method', 'confidence'],
  resolve: (options) => cesSettings(options),
  stateOptions: (o) => ({ scale: o.scale, method: o.method, confidence: o.confidence }),
  behaviour: (o) => pointBehaviour('ces', 1, o.scale, (c) => cesFromCounts(c, o)),
});

/**
 * Creates a mergeable CES accumulator (counts per scale point: O(1) memory). `result()` equals
 * {@link ces} over everything added.
 *
 * @throws {CrmError} `validation_failed` for an invalid or unknown option.
 *
 * @example
 * ```ts
 * unwrap(createCesAccumulator().add(7).add(5).result()).mean; //=> 6
 * ```
 */
export function createCesAccumulator(options?: CesAccumulatorOptions | null): CesAccumulator {
  return cesKit.create(options, undefined);
}

/**
 * Rebuilds a CES accumulator from its JSON state (object or text); a malformed state gives
 * `validation_failed`, never a throw.
 *
 * @example
 * ```ts
 * cesAccumulatorFromJSON(createCesAccumulator().add(6).toJSON()).ok; //=> true
 * ```
 */
export function cesAccumulatorFromJSON(json: unknown): Result<CesAccumulator> {
  return cesKit.fromJSON(json);
}
