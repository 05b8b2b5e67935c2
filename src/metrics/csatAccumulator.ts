/**
 * The mergeable CSAT accumulator.
 *
 * @module
 */
import type { Result } from '../core/result.js';
import { defineAccumulator } from './_defineAccumulator.js';
import { pointBehaviour } from './_pointBehaviour.js';
import type { Accumulator, AccumulatorStateBase } from './accumulator.js';
import { csatFromCounts, csatSettings, type CsatOptions, type CsatResult, type CsatSettings } from './csat.js';
import type { SurveyScoreRecord } from './surveyScoreRecord.js';

/**
 * JSON state of a CSAT accumulator: counts per scale point, lowest first.
 *
 * @example
 * ```ts
 * const s: CsatAccumulatorState = createCsatAccumulator().add(4).toJSON();
 * ```
 */
export interface CsatAccumulatorState extends AccumulatorStateBase {
  readonly options: { readonly scale: number; readonly satisfiedFrom: number; readonly confidence: number };
  readonly data: readonly number[];
}

/**
 * A mergeable CSAT accumulator.
 *
 * @example
 * ```ts
 * const acc: CsatAccumulator = createCsatAccumulator();
 * ```
 */
export type CsatAccumulator = Accumulator<number | SurveyScoreRecord, CsatResult, CsatAccumulatorState>;

/**
 * Options of {@link createCsatAccumulator}: those of {@link csat} except `period`.
 *
 * @example
 * ```ts
 * const o: CsatAccumulatorOptions = { scale: 10, satisfiedFrom: 8 };
 * ```
 */
export type CsatAccumulatorOptions = Omit<CsatOptions, 'period'>;

const csatKit = /* @__PURE__ */ defineAccumulator<
  CsatAccumulatorState,
  number | SurveyScoreRecord,
  CsatResult,
  number[],
  CsatSettings
>({
  kind: 'csat',
  label: 'csat accumulator',
  optionKeys: ['scale', 'satisfiedFrom', 'confidence'],
  resolve: (options) => csatSettings(options),
  stateOptions: (o) => ({ scale: o.scale, satisfiedFrom: o.satisfiedFrom, confidence: o.confidence }),
  behaviour: (o) => pointBehaviour('csat', 1, o.scale, (c) => csatFromCounts(c, o)),
});

/**
 * Creates a mergeable CSAT accumulator (counts per point). `result()` equals {@link csat} over
 * everything added.
 *
 * @throws {CrmError} `validation_failed` for an invalid or unknown option.
 *
 * @example
 * ```ts
 * unwrap(createCsatAccumulator().add(5).add(2).result()).score; //=> 50
 * ```
 */
export function createCsatAccumulator(options?: CsatAccumulatorOptions | null): CsatAccumulator {
  return csatKit.create(options, undefined);
}

/**
 * Rebuilds a CSAT accumulator from its JSON state (object or text); a malformed state gives
 * `validation_failed`, never a throw.
 *
 * @example
 * ```ts
 * csatAccumulatorFromJSON(createCsatAccumulator().add(4).toJSON()).ok; //=> true
 * ```
 */
export function csatAccumulatorFromJSON(json: unknown): Result<CsatAccumulator> {
  return csatKit.fromJSON(json);
}
