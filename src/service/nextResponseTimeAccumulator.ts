/**
 * The mergeable next-response-time accumulator.
 *
 * @module
 */
import type { Result } from '../core/result.js';
import { defineDurationAccumulator } from './_durationAccumulator.js';
import { measureItem } from './_responseTimes.js';
import type {
  ResponseTimeAccumulator,
  ResponseTimeAccumulatorOptions,
  ResponseTimeAccumulatorState,
} from './firstResponseTimeAccumulator.js';
import type { TicketWithReplies } from './ticketReplies.js';

const nextKit = /* @__PURE__ */ defineDurationAccumulator<ResponseTimeAccumulatorState, TicketWithReplies>(
  'next_response_time',
  'next-response-time accumulator',
  /* @__PURE__ */ measureItem('next'),
);

/**
 * Creates a mergeable next-response-time accumulator: `add({ ticket, replies })` per ticket, merge
 * shards; `result()` equals `nextResponseTime` over all the tickets with their replies and the same
 * `period` and `asOf`. The state keeps every answered wait: memory O(waits), 8 bytes each.
 *
 * @throws {CrmError} `validation_failed` for an invalid `period`, `asOf` or `calendar`, or an unknown option key.
 *
 * @example
 * ```ts
 * const at = (hm: string) => new Date(`2026-03-02T${hm}:00Z`);
 * const acc = createNextResponseTimeAccumulator().add({
 *   ticket: { id: 't1', createdAt: at('09:00') },
 *   replies: [
 *     { kind: 'email', direction: 'outbound', occurredAt: at('09:05') },
 *     { kind: 'message', direction: 'inbound', occurredAt: at('09:20') },
 *     { kind: 'email', direction: 'outbound', occurredAt: at('09:50') },
 *   ],
 * });
 * const r = acc.result();
 * if (r.ok) r.value.median; //=> 30
 * ```
 */
export function createNextResponseTimeAccumulator(
  options?: ResponseTimeAccumulatorOptions | null,
): ResponseTimeAccumulator {
  return nextKit.create(options, undefined);
}

/**
 * Rebuilds a next-response-time accumulator from its JSON state (object or text); a malformed state
 * gives `validation_failed`, never a throw.
 *
 * @example
 * ```ts
 * nextResponseTimeAccumulatorFromJSON(createNextResponseTimeAccumulator().toJSON()).ok; //=> true
 * ```
 */
export function nextResponseTimeAccumulatorFromJSON(json: unknown): Result<ResponseTimeAccumulator> {
  return nextKit.fromJSON(json);
}
