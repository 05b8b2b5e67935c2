/**
 * Mergeable accumulators: the interface every `create…Accumulator` returns, and the JSON state they
 * share.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import type { Result } from '../core/result.js';

/**
 * A streaming, mergeable aggregate: feed it items with `add`, combine partial accumulators from
 * other shards, workers or SQL partials with `merge`, read the measure with `result`, and move its
 * state between processes with `toJSON` (and the matching `…AccumulatorFromJSON`). Memory is O(1)
 * in the number of items (cohort tables: O(cohorts × periods)).
 *
 * Invalid items do not throw: the first one is remembered (with its position in the stream, counted
 * across merges as if the shards were concatenated in merge order) and `result()` returns
 * `validation_failed` naming it — the same answer the one-pass function gives on the concatenated
 * input. `merge` throws a `CrmError` (`validation_failed`) for an accumulator or state of another
 * kind or other options, and for a malformed state (a programmer error: read state that comes from
 * outside with the `…AccumulatorFromJSON` function, which returns a `Result`). `addAll` throws a
 * `CrmError` when given something that is not iterable.
 *
 * @example
 * ```ts
 * const a = createNpsAccumulator().add(10).add(3);
 * const b = createNpsAccumulator().add(9);
 * unwrap(a.merge(b).result()).score; //=> 33.333333333333336
 * ```
 */
export interface Accumulator<TInput, TResult, TState> {
  /** Adds one item; returns the accumulator. */
  add(item: TInput): this;
  /** Adds every item of an iterable; returns the accumulator. */
  addAll(items: Iterable<TInput>): this;
  /** Merges another accumulator (or its JSON state) of the same kind and options into this one. */
  merge(other: Accumulator<TInput, TResult, TState> | TState): this;
  /** The measure over everything added and merged so far. */
  result(): Result<TResult>;
  /** The number of items added (valid or not), across merges. */
  readonly count: number;
  /** A JSON-serializable snapshot of the state (a fresh object). */
  toJSON(): TState;
}

/**
 * The JSON state every accumulator shares; each accumulator's state type adds its `options` and
 * `data`.
 *
 * @example
 * ```ts
 * const s: AccumulatorStateBase = { kind: 'nps', version: 1, count: 0, firstInvalid: null };
 * ```
 */
export interface AccumulatorStateBase {
  readonly kind: string;
  readonly version: 1;
  /** Items added (valid or not). */
  readonly count: number;
  /** The first invalid item, if any: its stream position and the issue found. */
  readonly firstInvalid: { readonly index: number; readonly issue: CrmIssue } | null;
}
