/**
 * The mergeable funnel accumulator.
 *
 * @module
 */
import { ok, type Result } from '../core/result.js';
import { countsFromJSON, defineAccumulator } from './_defineAccumulator.js';
import type { Accumulator, AccumulatorStateBase } from './accumulator.js';
import { addFurthest, cumulate, funnelSettings, funnelSteps, type FunnelRecord, type FunnelStep } from './funnel.js';
import type { ConfidenceOptions } from './interval.js';

/**
 * JSON state of a funnel accumulator: how many records stopped at each stage (furthest reached).
 *
 * @example
 * ```ts
 * const s: FunnelAccumulatorState = createFunnelAccumulator(['a', 'b']).add({ stageId: 'b' }).toJSON();
 * ```
 */
export interface FunnelAccumulatorState extends AccumulatorStateBase {
  readonly options: { readonly stages: readonly string[]; readonly confidence: number };
  readonly data: readonly number[];
}

/**
 * A mergeable funnel accumulator.
 *
 * @example
 * ```ts
 * const acc: FunnelAccumulator = createFunnelAccumulator(['qualified', 'proposal', 'won']);
 * ```
 */
export type FunnelAccumulator = Accumulator<FunnelRecord, readonly FunnelStep[], FunnelAccumulatorState>;

/**
 * Options of {@link createFunnelAccumulator}.
 *
 * @example
 * ```ts
 * const o: FunnelAccumulatorOptions = { confidence: 0.9 };
 * ```
 */
export type FunnelAccumulatorOptions = ConfidenceOptions;

const funnelKit = /* @__PURE__ */ defineAccumulator<
  FunnelAccumulatorState,
  FunnelRecord,
  readonly FunnelStep[],
  number[],
  { stages: readonly string[]; z: number; confidence: number },
  unknown
>({
  kind: 'funnel',
  label: 'funnel accumulator',
  optionKeys: ['confidence'],
  resolve: (options, stages) => funnelSettings(stages, options),
  stateOptions: ({ stages, confidence }) => ({ stages: stages.slice(), confidence }),
  fromState: {
    keys: ['stages', 'confidence'],
    read: (o) => ({
      options: o['confidence'] === undefined ? undefined : { confidence: o['confidence'] },
      args: o['stages'],
    }),
  },
  behaviour: ({ stages, z, confidence }) => {
    const index = new Map(stages.map((s, i) => [s, i]));
    return {
      empty: () => new Array<number>(stages.length).fill(0),
      add: (data, r) => addFurthest(data, index, r),
      mergeInto(t, s) {
        for (let i = 0; i < t.length; i++) t[i]! += s[i]!;
      },
      result: (d) => ok(funnelSteps(stages, cumulate(d), z, confidence)),
      toJSON: (d) => d.slice(),
      fromJSON: (j) => countsFromJSON(j, stages.length),
    };
  },
});

/**
 * Creates a mergeable funnel accumulator over records (`{ stageId, stageHistory? }`): memory
 * O(stages); `result()` equals {@link funnel} over every record added.
 *
 * @throws {CrmError} `validation_failed` for bad stages or confidence, or an unknown option.
 *
 * @example
 * ```ts
 * const acc = createFunnelAccumulator(['lead', 'won']).add({ stageId: 'won' }).add({ stageId: 'lead' });
 * unwrap(acc.result()).map((s) => s.count); //=> [2, 1]
 * ```
 */
export function createFunnelAccumulator(
  stages: readonly string[],
  options?: FunnelAccumulatorOptions | null,
): FunnelAccumulator {
  return funnelKit.create(options, stages);
}

/**
 * Rebuilds a funnel accumulator from its JSON state (object or text); a malformed state gives
 * `validation_failed`, never a throw.
 *
 * @example
 * ```ts
 * funnelAccumulatorFromJSON(createFunnelAccumulator(['a', 'b']).toJSON()).ok; //=> true
 * ```
 */
export function funnelAccumulatorFromJSON(json: unknown): Result<FunnelAccumulator> {
  return funnelKit.fromJSON(json);
}
