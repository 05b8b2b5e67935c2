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
import { readResponseTicket, type ResponseReading } from './_ticketReading.js';
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
 * Adds to `out` the answered waits of one ticket (minutes), read with `t`'s replies as the caller
 * passed them (`replies`, relative paths placed by `where`); the issues of a bad reply.
 */
export function measureTicket(
  kind: ResponseKind,
  t: ResponseReading,
  ticketPath: readonly PathSegment[],
  replies: unknown,
  where: (path: readonly PathSegment[]) => PathSegment[],
  s: TimeSettings,
  out: number[],
): CrmIssue[] | null {
  // A structural ticket's id is a plain string; the cycles only compare it with the replies' ticketId.
  const cycles = responseCycles(t as Parameters<typeof responseCycles>[0], replies, s.asOf, []);
  if (Array.isArray(cycles)) return cycles.map((i) => ({ ...i, path: where(i.path) }));
  if (kind === 'first') return addWait(cycles.first, ticketPath, s, out);
  for (const c of cycles.next) {
    const bad = addWait(c, ticketPath, s, out);
    if (bad !== null) return bad;
  }
  return null;
}

/** Adds one answered wait in the period to `out`; the issue when the calendar cannot count it. */
function addWait(
  c: { readonly since: number; readonly at: number | null },
  ticketPath: readonly PathSegment[],
  s: TimeSettings,
  out: number[],
): CrmIssue[] | null {
  if (c.at === null || !inPeriod(s, c.at)) return null;
  const m = s.meter.minutes(c.since, c.at);
  if (Number.isNaN(m)) return [outsideCalendar([...ticketPath, 'createdAt'])];
  out.push(m);
  return null;
}

/** An accumulator's `add`: an item `{ ticket, replies }`, paths relative to the item. */
export function measureItem(kind: ResponseKind) {
  const where = (p: readonly PathSegment[]): PathSegment[] => ['replies', ...p];
  return (item: unknown, s: TimeSettings, out: number[]): CrmIssue | null => {
    if (item === null || typeof item !== 'object' || Array.isArray(item))
      return crmIssue.invalidType([], 'an item { ticket, replies }', item);
    const { ticket, replies } = item as { ticket?: unknown; replies?: unknown };
    const t = readResponseTicket(ticket, ['ticket']);
    if (isIssue(t)) return t;
    const bad = measureTicket(kind, t, ['ticket'], replies, where, s, out);
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
      const id = t.id;
      const bad = measureTicket(kind, t, [k], source.list(id), (p) => source.where(id, p), s, minutes);
      if (bad !== null) issues.push(...bad);
    }
    if (issues.count > 0) return err(issues.error(name));
    return ok(summarizeMinutes(minutes, s.meter.unit));
  });
}
