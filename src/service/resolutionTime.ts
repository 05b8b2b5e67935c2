/**
 * Resolution time: from a ticket's creation to its (last) resolution.
 *
 * @module
 */
import type { CrmIssue, PathSegment } from '../core/errors.js';
import { crmIssue, IssueList } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import type { TicketStatus } from '../entities/enums.js';
import { invalid, isIssue } from '../metrics/_checks.js';
import { guarded } from '../metrics/_guard.js';
import type { Period } from '../time/period.js';
import type { BusinessCalendar } from './businessCalendar.js';
import { summarizeMinutes, type DurationSummary } from './durationSummary.js';
import { readLifecycle, statusAt } from './_ticketReading.js';
import { inPeriod, outsideCalendar, readTimeOptions, TIME_KEYS, type TimeSettings } from './_timeOptions.js';

/**
 * One move of a ticket's status history as the service metrics read it (an entry of
 * `Ticket.statusHistory` fits): the status entered and when.
 *
 * @example
 * ```ts
 * const c: TicketStatusChange = { from: 'open', to: 'resolved', at: new Date('2026-03-02T15:00:00Z') };
 * ```
 */
export interface TicketStatusChange {
  readonly from?: TicketStatus | null;
  readonly to: TicketStatus;
  readonly at: Date;
}

/**
 * A ticket as {@link resolutionTime} and `backlog` read it (a `Ticket` fits): `createdAt`, `status`,
 * its `statusHistory` (missing or empty for a ticket stored before histories existed), and
 * `resolvedAt` / `closedAt` (read only when the history is empty).
 *
 * @example
 * ```ts
 * const t: ResolutionTimeTicket = { createdAt: new Date('2026-03-02T09:00:00Z'), status: 'resolved', resolvedAt: new Date('2026-03-02T15:00:00Z') };
 * ```
 */
export interface ResolutionTimeTicket {
  readonly createdAt: Date;
  readonly status: TicketStatus;
  readonly statusHistory?: readonly TicketStatusChange[] | null;
  readonly resolvedAt?: Date | null;
  readonly closedAt?: Date | null;
}

/**
 * Options of {@link resolutionTime}: `period` — only tickets **resolved** in it count (half-open
 * `[start, end)`), so a month's figure is final once the month is over —, `asOf` — the history
 * after it is not seen yet (default: all of it) —, and `calendar` — durations in its business minutes
 * (default: calendar minutes).
 *
 * @example
 * ```ts
 * const o: ResolutionTimeOptions = { period: monthPeriod('2026-03-01') };
 * ```
 */
export interface ResolutionTimeOptions {
  readonly period?: Period | null;
  readonly asOf?: Date | null;
  readonly calendar?: BusinessCalendar | null;
}

/** @internal Adds one ticket's resolution time to `out`, or returns its issue. */
export function measureResolution(
  ticket: unknown,
  path: readonly PathSegment[],
  s: TimeSettings,
  out: number[],
): CrmIssue | null {
  const t = readLifecycle(ticket, path);
  if (isIssue(t)) return t;
  if (t.created > s.asOf) return null;
  const { resolvedAt } = statusAt(t, s.asOf);
  if (resolvedAt === null || !inPeriod(s, resolvedAt)) return null;
  const m = s.meter.minutes(t.created, resolvedAt);
  if (Number.isNaN(m)) return outsideCalendar([...path, 'createdAt']);
  out.push(m);
  return null;
}

/**
 * Resolution time ("full resolution time"): minutes from each ticket's creation to its resolution,
 * over the tickets resolved or closed at `asOf` (default: now in the data), summarised by count, mean,
 * median and 90th percentile (R type 7), in business minutes of `options.calendar` when given, else
 * calendar minutes. Time spent pending counts (the SLA's
 * pauses are the SLA's business).
 *
 * Which instant is the resolution: the start of the ticket's final run of `resolved`/`closed` statuses
 * in its `statusHistory` (up to `asOf`). So a **reopened** ticket counts from its creation to its
 * **last** resolution, the reopened time included, and does not count at all while it is open again
 * (as of `asOf`). A `resolved → closed` move does not move the resolution. A ticket with an empty
 * history (stored before histories existed) is read from its current status: resolved or closed at
 * its `resolvedAt` (else `closedAt`).
 *
 * Empty input or no resolved ticket: `count` 0 and every statistic `null`. Bad input is
 * `validation_failed` with paths: a ticket without a valid `createdAt`, a `status` that is not a ticket
 * status, a history entry out of time order or before the creation (`[2, 'statusHistory', 1, 'at']`),
 * an invalid `resolvedAt`, a resolved ticket with neither history nor `resolvedAt`, a bad option or an
 * unknown option key. Never throws.
 *
 * @example
 * ```ts
 * const at = (d: string) => new Date(`2026-03-${d}Z`);
 * const tickets = [
 *   { createdAt: at('02T09:00:00'), status: 'resolved' as const, resolvedAt: at('02T15:00:00') }, // 360 minutes
 *   {
 *     createdAt: at('02T10:00:00'),
 *     status: 'closed' as const,
 *     statusHistory: [
 *       { to: 'open' as const, at: at('02T10:00:00') },
 *       { to: 'resolved' as const, at: at('02T11:00:00') },
 *       { to: 'open' as const, at: at('02T12:00:00') }, // reopened
 *       { to: 'resolved' as const, at: at('02T14:00:00') }, // resolved again: 240 minutes
 *       { to: 'closed' as const, at: at('05T00:00:00') },
 *     ],
 *   },
 *   { createdAt: at('03T09:00:00'), status: 'open' as const }, // not resolved: left out
 * ];
 * const r = resolutionTime(tickets);
 * if (r.ok) [r.value.count, r.value.mean]; //=> [2, 300]
 * ```
 */
export function resolutionTime(
  tickets: readonly ResolutionTimeTicket[],
  options?: ResolutionTimeOptions | null,
): Result<DurationSummary> {
  return guarded('resolutionTime', () => {
    const s = readTimeOptions(options, TIME_KEYS);
    if (isIssue(s)) return invalid('resolutionTime', [s]);
    if (!Array.isArray(tickets))
      return invalid('resolutionTime', [crmIssue.invalidType([], 'an array of tickets', tickets)]);
    const issues = new IssueList();
    const minutes: number[] = [];
    for (let k = 0; k < tickets.length && !issues.full; k++) {
      const bad = measureResolution(tickets[k], [k], s, minutes);
      if (bad !== null) issues.push(bad);
    }
    if (issues.count > 0) return err(issues.error('resolutionTime'));
    return ok(summarizeMinutes(minutes, s.meter.unit));
  });
}
