/**
 * First response time: from a ticket's creation to its first public reply.
 *
 * @module
 */
import type { Result } from '../core/result.js';
import type { Period } from '../time/period.js';
import type { BusinessCalendar } from './businessCalendar.js';
import type { DurationSummary } from './durationSummary.js';
import { responseTime } from './_responseTimes.js';
import type { ResponseTimeReplies, ResponseTimeTicket } from './ticketReplies.js';

/**
 * Options of {@link firstResponseTime} and {@link nextResponseTime}:
 * - `replies`: the tickets' replies ({@link TicketReplies}: a flat list linked by `ticketId`, a Map or
 *   object by ticket id, or a function of the ticket); none by default (then only `firstResponseAt`
 *   is read);
 * - `period`: only waits **answered** in the period count (half-open `[start, end)`), so a month's
 *   figure is final once the month is over and a slow answer counts in the month it was given;
 * - `asOf`: replies after it are not seen yet (the metric as it stood then); default: all;
 * - `calendar`: a business calendar (`defineBusinessCalendar`): durations in its business minutes;
 *   default: calendar (wall-clock) minutes.
 *
 * @example
 * ```ts
 * const o: FirstResponseTimeOptions = { period: monthPeriod('2026-03-01'), asOf: new Date('2026-04-01T00:00:00Z') };
 * ```
 */
export interface FirstResponseTimeOptions {
  readonly replies?: ResponseTimeReplies | null;
  readonly period?: Period | null;
  readonly asOf?: Date | null;
  readonly calendar?: BusinessCalendar | null;
}

/**
 * First response time: minutes from each ticket's creation to its first public reply (an outbound
 * `call`, `email`, `meeting`, `message` or `web` activity; or the ticket's `firstResponseAt` when it
 * is earlier or no reply is listed) — the same reading the SLA's first-response target uses — summarised
 * by count, mean, median and 90th percentile (R type 7). Only tickets with a first response (answered
 * in `period`, at or before `asOf`) count; unanswered tickets are left out. Unit: business minutes of
 * `options.calendar` when given (`unit: 'business_minutes'`, counted as `businessMinutesBetween` counts
 * them), else wall-clock minutes (`'calendar_minutes'`).
 *
 * Empty input, or no answered ticket: `count` 0 and every statistic `null`. Bad input is
 * `validation_failed` with the path of every problem: a ticket that is not a record, without a string
 * `id` or a valid `createdAt` (`[3, 'createdAt']`), a `firstResponseAt` before its creation, a reply
 * without a valid `occurredAt`, linked to another ticket, or **before the ticket's creation**
 * (`['options', 'replies', 7, 'occurredAt']`, code `before_creation`), a bad `period` or `asOf`, an
 * unknown option key. Never throws (a `replies` function's own exception propagates).
 *
 * @example
 * ```ts
 * const at = (hm: string) => new Date(`2026-03-02T${hm}:00Z`);
 * const tickets = [
 *   { id: 't1', createdAt: at('09:00') },
 *   { id: 't2', createdAt: at('09:30') },
 *   { id: 't3', createdAt: at('10:00') }, // not answered yet: left out
 * ];
 * const replies = [
 *   { kind: 'email', direction: 'outbound' as const, occurredAt: at('09:45'), ticketId: 't1' },
 *   { kind: 'email', direction: 'outbound' as const, occurredAt: at('11:30'), ticketId: 't2' },
 * ];
 * const r = firstResponseTime(tickets, { replies });
 * if (r.ok) [r.value.count, r.value.median, r.value.unit]; //=> [2, 82.5, 'calendar_minutes']
 * // On a calendar open 10:00–17:00 UTC on weekdays (2026-03-02 is a Monday): t1 waited 0 business
 * // minutes (answered before opening), t2 90.
 * const hours = [{ from: '10:00', to: '17:00' }];
 * const calendar = unwrap(defineBusinessCalendar({ timeZone: 'UTC', week: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours } }));
 * const b = firstResponseTime(tickets, { replies, calendar });
 * if (b.ok) [b.value.mean, b.value.unit]; //=> [45, 'business_minutes']
 * ```
 */
export function firstResponseTime(
  tickets: readonly ResponseTimeTicket[],
  options?: FirstResponseTimeOptions | null,
): Result<DurationSummary> {
  return responseTime('firstResponseTime', 'first', tickets, options);
}
