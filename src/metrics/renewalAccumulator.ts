/**
 * The mergeable renewal accumulator over count partials.
 *
 * @module
 */
import { ok, type Result } from '../core/result.js';
import { countIssue, invalid, isIssue, issue } from './_checks.js';
import { defineAccumulator } from './_defineAccumulator.js';
import type { Accumulator, AccumulatorStateBase } from './accumulator.js';
import { checkRenewalCounts, type RenewalCounts, type RenewalResult } from './renewalRate.js';

/**
 * JSON state of a renewal accumulator.
 *
 * @example
 * ```ts
 * const s: RenewalAccumulatorState = createRenewalAccumulator().add({ upForRenewal: 3, renewed: 2 }).toJSON();
 * ```
 */
export interface RenewalAccumulatorState extends AccumulatorStateBase {
  readonly options: Readonly<Record<string, never>>;
  readonly data: readonly [number, number];
}

/**
 * A mergeable renewal accumulator over count partials.
 *
 * @example
 * ```ts
 * const acc: RenewalAccumulator = createRenewalAccumulator();
 * ```
 */
export type RenewalAccumulator = Accumulator<RenewalCounts, RenewalResult, RenewalAccumulatorState>;

const renewalKit = /* @__PURE__ */ defineAccumulator<
  RenewalAccumulatorState,
  RenewalCounts,
  RenewalResult,
  number[],
  null
>({
  kind: 'renewal',
  label: 'renewal accumulator',
  optionKeys: [],
  resolve: () => null,
  stateOptions: () => ({}),
  behaviour: () => ({
    empty: () => [0, 0],
    add(data, item) {
      const r = checkRenewalCounts(item);
      if (isIssue(r)) return r;
      if (r.basis !== 'count')
        return issue(['upForRenewal'], 'the renewal accumulator sums counts; pass numbers', 'invalid_type');
      data[0]! += r.upForRenewal;
      data[1]! += r.renewed;
      return null;
    },
    mergeInto(t, s) {
      t[0]! += s[0]!;
      t[1]! += s[1]!;
    },
    result(d) {
      const r = checkRenewalCounts({ upForRenewal: d[0], renewed: d[1] });
      return isIssue(r) ? invalid('renewal accumulator', [r]) : ok(r);
    },
    toJSON: (d) => d.slice(),
    fromJSON(j) {
      if (!Array.isArray(j) || j.length !== 2) return [issue([], 'expected [upForRenewal, renewed]', 'invalid_type')];
      const i = countIssue(j[0], [0]) ?? countIssue(j[1], [1]);
      if (i !== null) return [i];
      if ((j[1] as number) > (j[0] as number)) return [issue([1], 'renewed cannot exceed upForRenewal')];
      return [j[0] as number, j[1] as number];
    },
  }),
});

/**
 * Creates a mergeable renewal accumulator: `add` `{ upForRenewal, renewed }` partials; `result()`
 * equals {@link renewalRate} of their sum. O(1) memory. It takes no options.
 *
 * Never throws.
 *
 * @example
 * ```ts
 * const acc = createRenewalAccumulator().add({ upForRenewal: 10, renewed: 9 }).add({ upForRenewal: 10, renewed: 7 });
 * unwrap(acc.result()).rate; //=> 0.8
 * ```
 */
export function createRenewalAccumulator(): RenewalAccumulator {
  return renewalKit.create(undefined, undefined);
}

/**
 * Rebuilds a renewal accumulator from its JSON state.
 *
 * @example
 * ```ts
 * renewalAccumulatorFromJSON(createRenewalAccumulator().toJSON()).ok; //=> true
 * ```
 */
export function renewalAccumulatorFromJSON(json: unknown): Result<RenewalAccumulator> {
  return renewalKit.fromJSON(json);
}
