/**
 * Next response time: from a requester's message to the public reply that answers it.
 *
 * @module
 */
import type { Result } from '../core/result.js';
import type { DurationSummary } from './durationSummary.js';
import type { FirstResponseTimeOptions } from './firstResponseTime.js';
import { responseTime } from './_responseTimes.js';
import type { ResponseTimeTicket } from './ticketReplies.js';

/**
 * Options of {@link nextResponseTime}: those of {@link FirstResponseTimeOptions} (`replies`, `period`
 * — waits answered in it —, `asOf`, `calendar`).
 *
 * @example
 * ```ts
 * const o: NextResponseTimeOptions = { asOf: new Date('2026-04-01T00:00:00Z') };
 * ```
 */
export type NextResponseTimeOptions = FirstResponseTimeOptions;

/**
 * Next response time (Zendesk's "next reply time"): after a ticket's first response, each requester
 * message (an inbound activity) that finds no wait open starts one, and the next public reply ends
 * it; further messages while a wait is open do not restart it (the oldest unanswered message is what
 * the requester has waited on). Each answered wait is one duration — `count` is the number of waits,
 * not of tickets — summarised by mean, median and 90th percentile (R type 7), in business minutes of
 * `options.calendar` when given, else calendar minutes.
 * A wait still open (as of `asOf`) is left out; with `period`, only waits answered in it count.
 *
 * Empty input or no answered wait: `count` 0 and every statistic `null`. Bad input is
 * `validation_failed` with paths, as for {@link firstResponseTime} (a reply before the ticket's
 * creation, a bad ticket, a bad option, an unknown option key). Never throws (a `replies` function's
 * own exception propagates).
 *
 * @example
 * ```ts
 * const at = (hm: string) => new Date(`2026-03-02T${hm}:00Z`);
 * const ticket = { id: 't1', createdAt: at('09:00') };
 * const reply = (hm: string, direction: 'inbound' | 'outbound') => ({ kind: 'email', direction, occurredAt: at(hm) });
 * const replies = new Map([
 *   ['t1', [reply('09:10', 'outbound'), reply('10:00', 'inbound'), reply('10:05', 'inbound'), reply('10:40', 'outbound'), reply('12:00', 'inbound')]],
 * ]);
 * // One answered wait (10:00 → 10:40); the 12:00 message is still waiting.
 * const r = nextResponseTime([ticket], { replies });
 * if (r.ok) [r.value.count, r.value.mean]; //=> [1, 40]
 * ```
 */
export function nextResponseTime(
  tickets: readonly ResponseTimeTicket[],
  options?: NextResponseTimeOptions | null,
): Result<DurationSummary> {
  return responseTime('nextResponseTime', 'next', tickets, options);
}
