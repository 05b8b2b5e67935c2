/**
 * The mergeable first-response-time accumulator, and the types both response-time accumulators share.
 *
 * @module
 */
import type { Result } from '../core/result.js';
import type { Accumulator } from '../metrics/accumulator.js';
import type { Period } from '../time/period.js';
import type { BusinessCalendar } from './businessCalendar.js';
import type { DurationSummary } from './durationSummary.js';
import type { CalendarState } from './_timeOptions.js';
import { defineDurationAccumulator, type DurationAccumulatorState } from './_durationAccumulator.js';
import { measureItem } from './_responseTimes.js';
import type { TicketWithReplies } from './ticketReplies.js';

/**
 * The JSON state of a response-time accumulator: `options` (`period` as `[startIso, endIso]` or null,
 * `asOf` as ISO text or null, `calendar` as its definition or null) and `data`, every measured wait in minutes, ascending.
 *
 * @example
 * ```ts
 * const s: ResponseTimeAccumulatorState = createFirstResponseTimeAccumulator().toJSON();
 * ```
 */
export interface ResponseTimeAccumulatorState extends DurationAccumulatorState {
  readonly options: {
    readonly period: readonly [string, string] | null;
    readonly asOf: string | null;
    readonly calendar: CalendarState | null;
  };
}

/**
 * A mergeable first- or next-response-time accumulator: `add` items `{ ticket, replies }`.
 *
 * @example
 * ```ts
 * const acc: ResponseTimeAccumulator = createFirstResponseTimeAccumulator();
 * ```
 */
export type ResponseTimeAccumulator = Accumulator<TicketWithReplies, DurationSummary, ResponseTimeAccumulatorState>;

/**
 * Options of the response-time accumulators: `period`, `asOf` and `calendar`, as the one-pass functions
 * take them (the replies come with each item).
 *
 * @example
 * ```ts
 * const o: ResponseTimeAccumulatorOptions = { asOf: new Date('2026-04-01T00:00:00Z') };
 * ```
 */
export interface ResponseTimeAccumulatorOptions {
  readonly period?: Period | null;
  readonly asOf?: Date | null;
  readonly calendar?: BusinessCalendar | null;
}

const firstKit = /* @__PURE__ */ defineDurationAccumulator<ResponseTimeAccumulatorState, TicketWithReplies>(
  'first_response_time',
  'first-response-time accumulator',
  /* @__PURE__ */ measureItem('first'),
);

/**
 * Creates a mergeable first-response-time accumulator: `add({ ticket, replies })` per ticket, merge
 * shards; `result()` equals `firstResponseTime` over all the tickets with their replies and the same
 * `period` and `asOf`. Exact quantiles need every duration, so the state keeps one number per answered
 * ticket: memory O(tickets), 8 bytes each. A bad item is reported at its stream position
 * (`[4, 'ticket', 'createdAt']`, `[4, 'replies', 2, 'occurredAt']`).
 *
 * @throws {CrmError} `validation_failed` for an invalid `period`, `asOf` or `calendar`, or an unknown option key.
 *
 * @example
 * ```ts
 * const at = (hm: string) => new Date(`2026-03-02T${hm}:00Z`);
 * const a = createFirstResponseTimeAccumulator().add({
 *   ticket: { id: 't1', createdAt: at('09:00') },
 *   replies: [{ kind: 'email', direction: 'outbound', occurredAt: at('09:30') }],
 * });
 * const b = createFirstResponseTimeAccumulator().add({ ticket: { id: 't2', createdAt: at('09:00'), firstResponseAt: at('10:00') } });
 * const r = a.merge(b.toJSON()).result();
 * if (r.ok) r.value.mean; //=> 45
 * ```
 */
export function createFirstResponseTimeAccumulator(
  options?: ResponseTimeAccumulatorOptions | null,
): ResponseTimeAccumulator {
  return firstKit.create(options, undefined);
}

/**
 * Rebuilds a first-response-time accumulator from its JSON state (object or text); a malformed state
 * gives `validation_failed`, never a throw.
 *
 * @example
 * ```ts
 * firstResponseTimeAccumulatorFromJSON(JSON.stringify(createFirstResponseTimeAccumulator())).ok; //=> true
 * firstResponseTimeAccumulatorFromJSON('{"kind":"first_response_time"}').ok; //=> false
 * ```
 */
export function firstResponseTimeAccumulatorFromJSON(json: unknown): Result<ResponseTimeAccumulator> {
  return firstKit.fromJSON(json);
}
