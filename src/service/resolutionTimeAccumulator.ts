/**
 * The mergeable resolution-time accumulator.
 *
 * @module
 */
import type { Result } from '../core/result.js';
import type { Accumulator } from '../metrics/accumulator.js';
import type { DurationSummary } from './durationSummary.js';
import type { CalendarState } from './_timeOptions.js';
import { defineDurationAccumulator, type DurationAccumulatorState } from './_durationAccumulator.js';
import { measureResolution, type ResolutionTimeOptions, type ResolutionTimeTicket } from './resolutionTime.js';

/**
 * The JSON state of a resolution-time accumulator: `options` (`period` as `[startIso, endIso]` or
 * null, `asOf` as ISO text or null, `calendar` as its definition or null) and `data`, every resolution time in minutes, ascending.
 *
 * @example
 * ```ts
 * const s: ResolutionTimeAccumulatorState = createResolutionTimeAccumulator().toJSON();
 * ```
 */
export interface ResolutionTimeAccumulatorState extends DurationAccumulatorState {
  readonly options: {
    readonly period: readonly [string, string] | null;
    readonly asOf: string | null;
    readonly calendar: CalendarState | null;
  };
}

/**
 * A mergeable resolution-time accumulator: `add` tickets.
 *
 * @example
 * ```ts
 * const acc: ResolutionTimeAccumulator = createResolutionTimeAccumulator();
 * ```
 */
export type ResolutionTimeAccumulator = Accumulator<
  ResolutionTimeTicket,
  DurationSummary,
  ResolutionTimeAccumulatorState
>;

/**
 * Options of {@link createResolutionTimeAccumulator}: those of `resolutionTime` (`period`, `asOf`).
 *
 * @example
 * ```ts
 * const o: ResolutionTimeAccumulatorOptions = { asOf: new Date('2026-04-01T00:00:00Z') };
 * ```
 */
export type ResolutionTimeAccumulatorOptions = ResolutionTimeOptions;

const kit = /* @__PURE__ */ defineDurationAccumulator<ResolutionTimeAccumulatorState, ResolutionTimeTicket>(
  'resolution_time',
  'resolution-time accumulator',
  (item, s, out) => measureResolution(item, [], s, out),
);

/**
 * Creates a mergeable resolution-time accumulator: `add` tickets, merge shards; `result()` equals
 * `resolutionTime` over all the tickets with the same `period` and `asOf`. Exact quantiles need every
 * duration, so the state keeps one number per resolved ticket: memory O(tickets), 8 bytes each.
 *
 * @throws {CrmError} `validation_failed` for an invalid `period`, `asOf` or `calendar`, or an unknown option key.
 *
 * @example
 * ```ts
 * const t = (h: number) => ({
 *   createdAt: new Date('2026-03-02T09:00:00Z'),
 *   status: 'resolved' as const,
 *   resolvedAt: new Date(Date.parse('2026-03-02T09:00:00Z') + h * 3_600_000),
 * });
 * const acc = createResolutionTimeAccumulator().addAll([t(1), t(2)]);
 * acc.merge(createResolutionTimeAccumulator().add(t(6)));
 * const r = acc.result();
 * if (r.ok) [r.value.median, r.value.p90]; //=> [120, 312]
 * ```
 */
export function createResolutionTimeAccumulator(
  options?: ResolutionTimeAccumulatorOptions | null,
): ResolutionTimeAccumulator {
  return kit.create(options, undefined);
}

/**
 * Rebuilds a resolution-time accumulator from its JSON state (object or text); a malformed state gives
 * `validation_failed`, never a throw.
 *
 * @example
 * ```ts
 * resolutionTimeAccumulatorFromJSON(JSON.stringify(createResolutionTimeAccumulator())).ok; //=> true
 * ```
 */
export function resolutionTimeAccumulatorFromJSON(json: unknown): Result<ResolutionTimeAccumulator> {
  return kit.fromJSON(json);
}
