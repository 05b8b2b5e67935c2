/**
 * Private: first and next response times, one ticket at a time, from its response cycles
 * (`_responses.ts`, the same reading the SLA uses), and the one-pass function both metrics share.
 *
 * @module
 */
import type { CrmIssue, PathSegment } from '../core/errors.js';
import { crmIssue, IssueList } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { guarded } from '../metrics/_guard.js';
import { invalid, isIssue } from '../metrics/_checks.js';
import { summarizeMinutes, type DurationSummary } from './durationSummary.js';
import { linkedSource } from './_linkedActivities.js';
import { responseCycles } from './_responses.js';
import { readResponseTicket } from './_ticketReading.js';
import { inPeriod, outsideCalendar, readTimeOptions, type TimeSettings } from './_timeOptions.js';

/** Which wait a metric measures. */
export type ResponseKind = 'first' | 'next';

/** The option keys of `firstResponseTime` and `nextResponseTime`. */
export const RESPONSE_TIME_KEYS: readonly string[] = /* @__PURE__ */ Object.freeze([
  'replies',
  'period',
  'asOf',
  'calendar',
]);

/**
 * Adds to `out` the answered waits of one ticket (minutes), given its replies as the caller passed
 * them (`replies`, relative paths placed by `where`); the issues of a bad ticket or reply.
 */
export function measureTicket(
  kind: ResponseKind,
  ticket: unknown,
  ticketPath: readonly PathSegment[],
  replies: unknown,
  where: (path: readonly PathSegment[]) => PathSegment[],
  s: TimeSettings,
  out: number[],
): CrmIssue[] | null {
  const t = readResponseTicket(ticket, ticketPath);
  if (isIssue(t)) return [t];
  // A structural ticket's id is a plain string; the cycles only compare it with the replies' ticketId.
  const cycles = responseCycles(t as Parameters<typeof responseCycles>[0], replies, s.asOf, []);
  if (Array.isArray(cycles)) return cycles.map((i) => ({ ...i, path: where(i.path) }));
  const waits = kind === 'first' ? [cycles.first] : cycles.next;
  for (const { since, at } of waits) {
    if (at === null || !inPeriod(s, at)) continue;
    const m = s.meter.minutes(since, at);
    if (Number.isNaN(m)) return [outsideCalendar([...ticketPath, 'createdAt'])];
    out.push(m);
  }
  return null;
}

/** An accumulator's `add`: an item `{ ticket, replies }`, paths relative to the item. */
export function measureItem(kind: ResponseKind) {
  return (item: unknown, s: TimeSettings, out: number[]): CrmIssue | null => {
    if (item === null || typeof item !== 'object' || Array.isArray(item))
      return crmIssue.invalidType([], 'an item { ticket, replies }', item);
    const { ticket, replies } = item as { ticket?: unknown; replies?: unknown };
    const bad = measureTicket(kind, ticket, ['ticket'], replies, (p) => ['replies', ...p], s, out);
    return bad === null ? null : bad[0]!;
  };
}

/** `firstResponseTime` / `nextResponseTime` over an array of tickets. */
export function responseTime(
  name: string,
  kind: ResponseKind,
  tickets: unknown,
  options: unknown,
): Result<DurationSummary> {
  return guarded(name, () => {
    const s = readTimeOptions(options, RESPONSE_TIME_KEYS);
    if (isIssue(s)) return invalid(name, [s]);
    const source = linkedSource(
      (options as { replies?: unknown } | null | undefined)?.replies,
      'ticketId',
      ['options', 'replies'],
      'reply activity',
    );
    if (isIssue(source)) return invalid(name, [source]);
    if (!Array.isArray(tickets)) return invalid(name, [crmIssue.invalidType([], 'an array of tickets', tickets)]);
    const issues = new IssueList();
    const minutes: number[] = [];
    for (let k = 0; k < tickets.length && !issues.full; k++) {
      const ticket: unknown = tickets[k];
      const t = readResponseTicket(ticket, [k]);
      if (isIssue(t)) {
        issues.push(t);
        continue;
      }
      const linked = source(ticket as object, t.id);
      const bad = measureTicket(kind, ticket, [k], linked.list, linked.where, s, minutes);
      if (bad !== null) issues.push(...bad);
    }
    if (issues.count > 0) return err(issues.error(name));
    return ok(summarizeMinutes(minutes, s.meter.unit));
  });
}
