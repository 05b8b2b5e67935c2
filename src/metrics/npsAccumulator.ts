/**
 * The mergeable NPS accumulator.
 *
 * @module
 */
import { ok, type Result } from '../core/result.js';
import { isIssue } from './_checks.js';
import { checkConfidence } from './_confidence.js';
import { countsFromJSON, defineAccumulator } from './_defineAccumulator.js';
import { recordScore, tally } from './_surveyScores.js';
import type { Accumulator, AccumulatorStateBase } from './accumulator.js';
import type { ConfidenceOptions } from './interval.js';
import { npsCategory, npsFromCounts, type NpsResult } from './nps.js';
import type { SurveyScoreRecord } from './surveyScoreRecord.js';

/**
 * JSON state of an NPS accumulator: `[promoters, passives, detractors]`.
 *
 * @example
 * ```ts
 * const s: NpsAccumulatorState = createNpsAccumulator().add(9).toJSON();
 * ```
 */
export interface NpsAccumulatorState extends AccumulatorStateBase {
  readonly options: { readonly confidence: number };
  readonly data: readonly [number, number, number];
}

/**
 * A mergeable NPS accumulator over 0–10 scores or response records.
 *
 * @example
 * ```ts
 * const acc: NpsAccumulator = createNpsAccumulator();
 * ```
 */
export type NpsAccumulator = Accumulator<number | SurveyScoreRecord, NpsResult, NpsAccumulatorState>;

/**
 * Options of {@link createNpsAccumulator}.
 *
 * @example
 * ```ts
 * const o: NpsAccumulatorOptions = { confidence: 0.9 };
 * ```
 */
export type NpsAccumulatorOptions = ConfidenceOptions;

const npsKit = /* @__PURE__ */ defineAccumulator<
  NpsAccumulatorState,
  number | SurveyScoreRecord,
  NpsResult,
  number[],
  { z: number; confidence: number }
>({
  kind: 'nps',
  label: 'nps accumulator',
  optionKeys: ['confidence'],
  resolve: (options) => checkConfidence(options),
  stateOptions: ({ confidence }) => ({ confidence }),
  behaviour: ({ z, confidence }) => ({
    empty: () => [0, 0, 0],
    addArray(data, items) {
      if (items.length === 0 || typeof items[0] !== 'number') return false;
      const t = tally(items as ArrayLike<number>, 0, 10);
      if (isIssue(t)) return false;
      data[0]! += t[9]! + t[10]!;
      data[1]! += t[7]! + t[8]!;
      data[2]! += t[0]! + t[1]! + t[2]! + t[3]! + t[4]! + t[5]! + t[6]!;
      return true;
    },
    add(data, item) {
      const s = recordScore(item, 'nps');
      if (s === null) return null;
      if (typeof s !== 'number') return s;
      const c = npsCategory(s, typeof item === 'number' ? [] : ['score']);
      if (typeof c !== 'number') return c;
      data[c]!++;
      return null;
    },
    mergeInto(t, s) {
      for (let i = 0; i < 3; i++) t[i]! += s[i]!;
    },
    result: (d) => ok(npsFromCounts({ promoters: d[0]!, passives: d[1]!, detractors: d[2]! }, z, confidence)),
    toJSON: (d) => d.slice(),
    fromJSON: (j) => countsFromJSON(j, 3),
  }),
});

/**
 * Creates a mergeable NPS accumulator: `add` 0–10 scores or response records (records of another
 * `kind` are ignored), `merge` other NPS accumulators or their JSON, `result()` gives the same
 * {@link NpsResult} as {@link nps} over everything added. O(1) memory (three counts).
 *
 * @throws {CrmError} `validation_failed` for an invalid `confidence` or an unknown option.
 *
 * @example
 * ```ts
 * const a = createNpsAccumulator().add(10).add(6);
 * const b = unwrap(npsAccumulatorFromJSON(JSON.stringify(createNpsAccumulator().add(9))));
 * unwrap(a.merge(b).result()).score; //=> 33.33333333333333
 * ```
 */
export function createNpsAccumulator(options?: NpsAccumulatorOptions | null): NpsAccumulator {
  return npsKit.create(options, undefined);
}

/**
 * Rebuilds an NPS accumulator from its JSON state (object or text). A malformed state (wrong kind,
 * bad counts, unknown option keys, invalid JSON, any nesting or cycle) gives `validation_failed`;
 * never throws.
 *
 * @example
 * ```ts
 * npsAccumulatorFromJSON(createNpsAccumulator().add(9).toJSON()).ok; //=> true
 * npsAccumulatorFromJSON('{').ok;                                    //=> false
 * ```
 */
export function npsAccumulatorFromJSON(json: unknown): Result<NpsAccumulator> {
  return npsKit.fromJSON(json);
}
