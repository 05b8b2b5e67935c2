/**
 * Backlog: the tickets open at an instant, by age, priority and status.
 *
 * @module
 */
import type { CrmIssue, PathSegment } from '../core/errors.js';
import { crmIssue, IssueList } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { TICKET_PRIORITIES, type TicketPriority } from '../entities/enums.js';
import { invalid, isIssue, isValidDate, optionsIssue } from '../metrics/_checks.js';
import { guarded } from '../metrics/_guard.js';
import type { ResolutionTimeTicket } from './resolutionTime.js';
import { DONE, readLifecycle, statusAt } from './_ticketReading.js';

/**
 * A ticket as {@link backlog} reads it (a `Ticket` fits): what `resolutionTime` reads, plus its
 * `priority` (the current one: priorities have no history).
 *
 * @example
 * ```ts
 * const t: BacklogTicket = { createdAt: new Date('2026-03-02T09:00:00Z'), status: 'open', priority: 'high' };
 * ```
 */
export interface BacklogTicket extends ResolutionTimeTicket {
  readonly priority: TicketPriority;
}

/**
 * The statuses a ticket in the backlog can have at `asOf`.
 *
 * @example
 * ```ts
 * const s: OpenTicketStatus = 'pending';
 * ```
 */
export type OpenTicketStatus = 'new' | 'open' | 'pending';

/**
 * The unit of {@link BacklogOptions.buckets}.
 *
 * @example
 * ```ts
 * const u: BacklogAgeUnit = 'hours';
 * ```
 */
export type BacklogAgeUnit = 'hours' | 'days';

/**
 * Options of {@link backlog}:
 * - `asOf` (required): the instant the backlog is taken at;
 * - `buckets`: the age edges, positive and increasing, in `bucketUnit` — `[1, 3, 7, 30]` (the default)
 *   makes the buckets `[0, 1)`, `[1, 3)`, `[3, 7)`, `[7, 30)` and `[30, ∞)`; `[]` makes one bucket;
 *   at most 1,000 edges;
 * - `bucketUnit`: `'days'` (default) or `'hours'`.
 *
 * @example
 * ```ts
 * const o: BacklogOptions = { asOf: new Date('2026-03-31T00:00:00Z'), buckets: [4, 24, 72], bucketUnit: 'hours' };
 * ```
 */
export interface BacklogOptions {
  readonly asOf: Date;
  readonly buckets?: readonly number[] | null;
  readonly bucketUnit?: BacklogAgeUnit | null;
}

/**
 * One age bucket of a {@link BacklogResult}: tickets aged `from` (inclusive) to `to` (exclusive; `null`
 * = no upper end) in the result's `unit`, at `asOf`.
 *
 * @example
 * ```ts
 * const b: BacklogBucket = { from: 7, to: 30, count: 12 };
 * ```
 */
export interface BacklogBucket {
  readonly from: number;
  readonly to: number | null;
  readonly count: number;
}

/**
 * What {@link backlog} returns: the number of open tickets at `asOf` (`total`), and the same tickets
 * counted by age bucket, by priority and by status (each of the three adds up to `total`). Ages are
 * calendar time from `createdAt` to `asOf`.
 *
 * @example
 * ```ts
 * const r = backlog([], { asOf: new Date('2026-03-31T00:00:00Z') });
 * if (r.ok) r.value.byPriority; //=> { low: 0, normal: 0, high: 0, urgent: 0 }
 * ```
 */
export interface BacklogResult {
  readonly asOf: Date;
  readonly total: number;
  readonly unit: BacklogAgeUnit;
  readonly byAge: readonly BacklogBucket[];
  readonly byPriority: Readonly<Record<TicketPriority, number>>;
  readonly byStatus: Readonly<Record<OpenTicketStatus, number>>;
}

/** @internal The backlog's settings, read once. */
export interface BacklogSettings {
  readonly asOf: number;
  readonly unit: BacklogAgeUnit;
  readonly edges: readonly number[];
  /** The edges in ms. */
  readonly edgesMs: readonly number[];
}

/** @internal Counts: per age bucket, per priority (TICKET_PRIORITIES order), per open status. */
export interface BacklogCounts {
  readonly byAge: number[];
  readonly byPriority: number[];
  readonly byStatus: number[];
}

/** The default age edges, in days. */
const DEFAULT_EDGES: readonly number[] = /* @__PURE__ */ Object.freeze([1, 3, 7, 30]);
const MAX_EDGES = 1000;
/** @internal */
export const OPEN_STATUSES: readonly OpenTicketStatus[] = /* @__PURE__ */ Object.freeze(['new', 'open', 'pending']);
const PRIORITIES: readonly string[] = TICKET_PRIORITIES;
/** @internal */
export const BACKLOG_KEYS: readonly string[] = /* @__PURE__ */ Object.freeze(['asOf', 'buckets', 'bucketUnit']);

/** @internal Reads the options (keys already checked): the settings or the issue. */
export function readBacklogOptions(options: unknown): BacklogSettings | CrmIssue {
  const keys = optionsIssue(options, BACKLOG_KEYS);
  if (keys !== null) return keys;
  const o = (options ?? {}) as Readonly<Record<string, unknown>>;
  const asOf = o['asOf'];
  if (!isValidDate(asOf)) return crmIssue.invalidDate(['options', 'asOf'], asOf);
  const u = o['bucketUnit'];
  if (u !== undefined && u !== null && u !== 'hours' && u !== 'days')
    return crmIssue.invalidValue(['options', 'bucketUnit'], 'not an age unit', u, ['hours', 'days']);
  const unit: BacklogAgeUnit = u === 'hours' ? 'hours' : 'days';
  const b = o['buckets'];
  let edges = DEFAULT_EDGES;
  if (b !== undefined && b !== null) {
    if (!Array.isArray(b)) return crmIssue.invalidType(['options', 'buckets'], 'an array of age edges', b);
    if (b.length > MAX_EDGES)
      return crmIssue.tooBig(['options', 'buckets'], 'the number of age edges', MAX_EDGES, true, b.length);
    const read: number[] = [];
    for (let i = 0; i < b.length; i++) {
      const e: unknown = b[i];
      const path: PathSegment[] = ['options', 'buckets', i];
      if (typeof e !== 'number' || !Number.isFinite(e)) return crmIssue.invalidNumber(path, e);
      if (e <= 0) return crmIssue.tooSmall(path, 'an age edge', 0, false, e);
      if (i > 0 && e <= read[i - 1]!)
        return crmIssue.of('out_of_order', path, `age edges must increase; ${e} follows ${read[i - 1]!}`);
      read.push(e);
    }
    edges = read;
  }
  const ms = unit === 'hours' ? 3_600_000 : 86_400_000;
  return { asOf: asOf.getTime(), unit, edges: Object.freeze([...edges]), edgesMs: edges.map((e) => e * ms) };
}

/** @internal Empty counts for these settings. */
export function emptyBacklogCounts(s: BacklogSettings): BacklogCounts {
  return {
    byAge: new Array<number>(s.edges.length + 1).fill(0),
    byPriority: new Array<number>(PRIORITIES.length).fill(0),
    byStatus: new Array<number>(OPEN_STATUSES.length).fill(0),
  };
}

/** @internal Counts one ticket when it is open at `asOf`, or returns its issue. */
export function countBacklogTicket(
  ticket: unknown,
  path: readonly PathSegment[],
  s: BacklogSettings,
  counts: BacklogCounts,
): CrmIssue | null {
  const t = readLifecycle(ticket, path);
  if (isIssue(t)) return t;
  const priority = (ticket as Record<string, unknown>)['priority'];
  const p = typeof priority === 'string' ? PRIORITIES.indexOf(priority) : -1;
  if (p < 0) return crmIssue.invalidValue([...path, 'priority'], 'not a ticket priority', priority, PRIORITIES);
  if (t.created > s.asOf) return null;
  const { status } = statusAt(t, s.asOf);
  if (DONE.has(status)) return null;
  const age = s.asOf - t.created;
  let k = 0;
  while (k < s.edgesMs.length && age >= s.edgesMs[k]!) k++;
  counts.byAge[k]!++;
  counts.byPriority[p]!++;
  counts.byStatus[OPEN_STATUSES.indexOf(status as OpenTicketStatus)]!++;
  return null;
}

/** @internal The frozen result of the counts. */
export function backlogResult(s: BacklogSettings, c: BacklogCounts): BacklogResult {
  const byAge = c.byAge.map((count, k) =>
    Object.freeze({ from: k === 0 ? 0 : s.edges[k - 1]!, to: k < s.edges.length ? s.edges[k]! : null, count }),
  );
  const byPriority = {} as Record<TicketPriority, number>;
  TICKET_PRIORITIES.forEach((p, i) => (byPriority[p] = c.byPriority[i]!));
  const byStatus = {} as Record<OpenTicketStatus, number>;
  OPEN_STATUSES.forEach((st, i) => (byStatus[st] = c.byStatus[i]!));
  return Object.freeze({
    asOf: new Date(s.asOf),
    total: c.byAge.reduce((a, b) => a + b, 0),
    unit: s.unit,
    byAge: Object.freeze(byAge),
    byPriority: Object.freeze(byPriority),
    byStatus: Object.freeze(byStatus),
  });
}

/**
 * The backlog at `asOf`: the tickets open then — created at or before `asOf`, and whose status at
 * `asOf` is `new`, `open` or `pending` — counted by age bucket (calendar time since creation; default
 * buckets `< 1 day`, `1–3 days`, `3–7 days`, `7–30 days`, `≥ 30 days`), by priority and by status.
 *
 * The status at `asOf` comes from the ticket's `statusHistory` (the last move at or before `asOf`), so
 * a backlog can be taken at any past instant: a ticket resolved later is in it, a ticket reopened and
 * not yet resolved again is in it. A ticket with an empty history (stored before histories existed)
 * is read from its current status: a resolved or closed one is open until its `resolvedAt` (else
 * `closedAt`) and counted as `'open'` then; any other is in its current status since creation. Priority
 * is the current priority.
 *
 * Empty input: `total` 0 and every count 0. Bad input is `validation_failed` with paths: a missing or
 * invalid `asOf` (`['options', 'asOf']`), age edges that are not positive finite numbers or do not
 * increase (`['options', 'buckets', 2]`), an unknown `bucketUnit` or option key, a ticket without a
 * valid `createdAt`, `status` or `priority`, a history out of time order. Never throws.
 *
 * @example
 * ```ts
 * const asOf = new Date('2026-03-31T12:00:00Z');
 * const daysAgo = (n: number) => new Date(asOf.getTime() - n * 86_400_000);
 * const tickets = [
 *   { createdAt: daysAgo(0.5), status: 'new' as const, priority: 'urgent' as const },
 *   { createdAt: daysAgo(2), status: 'pending' as const, priority: 'normal' as const },
 *   { createdAt: daysAgo(40), status: 'open' as const, priority: 'normal' as const },
 *   { createdAt: daysAgo(5), status: 'resolved' as const, priority: 'high' as const, resolvedAt: daysAgo(1) }, // done
 * ];
 * const r = backlog(tickets, { asOf });
 * if (r.ok) {
 *   r.value.total; //=> 3
 *   r.value.byAge.map((b) => b.count); //=> [1, 1, 0, 0, 1]
 *   r.value.byStatus; //=> { new: 1, open: 1, pending: 1 }
 * }
 * // Custom buckets in hours: under 4 hours, 4 hours to a day, a day or more.
 * const h = backlog(tickets, { asOf, buckets: [4, 24], bucketUnit: 'hours' });
 * if (h.ok) h.value.byAge.map((b) => [b.from, b.to, b.count]); //=> [[0, 4, 0], [4, 24, 1], [24, null, 2]]
 * ```
 */
export function backlog(tickets: readonly BacklogTicket[], options: BacklogOptions): Result<BacklogResult> {
  return guarded('backlog', () => {
    const s = readBacklogOptions(options);
    if (isIssue(s)) return invalid('backlog', [s]);
    if (!Array.isArray(tickets)) return invalid('backlog', [crmIssue.invalidType([], 'an array of tickets', tickets)]);
    const issues = new IssueList();
    const counts = emptyBacklogCounts(s);
    for (let k = 0; k < tickets.length && !issues.full; k++) {
      const bad = countBacklogTicket(tickets[k], [k], s, counts);
      if (bad !== null) issues.push(bad);
    }
    if (issues.count > 0) return err(issues.error('backlog'));
    return ok(backlogResult(s, counts));
  });
}
