/**
 * The mergeable churn accumulator over count partials.
 *
 * @module
 */
import type { Result } from '../core/result.js';
import type { ChurnTally } from './_classifySubscriptions.js';
import { countSums } from './_countSums.js';
import { defineAccumulator } from './_defineAccumulator.js';
import type { Accumulator, AccumulatorStateBase } from './accumulator.js';
import {
  checkChurnCounts,
  churnFromCounts,
  denominatorOf,
  type ChurnCounts,
  type ChurnRateOptions,
  type ChurnResult,
} from './churnRate.js';

/**
 * JSON state of a churn or retention accumulator (summed counts).
 *
 * @example
 * ```ts
 * const s: ChurnAccumulatorState = createChurnAccumulator().add({ atStart: 10, lost: 1 }).toJSON();
 * ```
 */
export interface ChurnAccumulatorState extends AccumulatorStateBase {
  readonly options: Readonly<Record<string, unknown>>;
  readonly data: {
    readonly atStart: number;
    readonly lost: number;
    readonly acquired: number;
    readonly lostAcquired: number;
  };
}

/**
 * A mergeable churn accumulator over count partials (one per shard, segment or SQL partial of
 * disjoint customers).
 *
 * @example
 * ```ts
 * const acc: ChurnAccumulator = createChurnAccumulator({ denominator: 'average' });
 * ```
 */
export type ChurnAccumulator = Accumulator<ChurnCounts, ChurnResult, ChurnAccumulatorState>;

/**
 * Options of {@link createChurnAccumulator}: the `denominator` of {@link churnRate}.
 *
 * @example
 * ```ts
 * const o: ChurnAccumulatorOptions = { denominator: 'exposed' };
 * ```
 */
export type ChurnAccumulatorOptions = Pick<ChurnRateOptions, 'denominator'>;

const churnKit = /* @__PURE__ */ defineAccumulator<
  ChurnAccumulatorState,
  ChurnCounts,
  ChurnResult,
  ChurnTally,
  'start' | 'average' | 'exposed'
>({
  kind: 'churn',
  label: 'churn accumulator',
  optionKeys: ['denominator'],
  resolve: (options) => denominatorOf(options),
  stateOptions: (denominator) => ({ denominator }),
  behaviour: (d) => countSums<ChurnCounts, ChurnResult>(checkChurnCounts, (c) => churnFromCounts(c, d)),
});

/**
 * Creates a mergeable churn accumulator: `add` count partials of disjoint customer groups, `result()`
 * equals {@link churnRate} of their sum. O(1) memory.
 *
 * @throws {CrmError} `validation_failed` for a bad or unknown option.
 *
 * @example
 * ```ts
 * unwrap(createChurnAccumulator().add({ atStart: 100, lost: 5 }).add({ atStart: 100, lost: 15 }).result()).rate; //=> 0.1
 * ```
 */
export function createChurnAccumulator(options?: ChurnAccumulatorOptions | null): ChurnAccumulator {
  return churnKit.create(options, undefined);
}

/**
 * Rebuilds a churn accumulator from its JSON state (object or text); a malformed state gives
 * `validation_failed`, never a throw.
 *
 * @example
 * ```ts
 * churnAccumulatorFromJSON(createChurnAccumulator().toJSON()).ok; //=> true
 * ```
 */
export function churnAccumulatorFromJSON(json: unknown): Result<ChurnAccumulator> {
  return churnKit.fromJSON(json);
}
