/**
 * Private: how the service metrics read a ticket — its creation, its recorded first response, and its
 * status at any instant from its status history — each field checked, with the path of a bad one.
 *
 * @module
 */
import type { CrmIssue, PathSegment } from '../core/errors.js';
import { crmIssue } from '../core/issues.js';
import { TICKET_STATUSES, type TicketStatus } from '../entities/enums.js';
import { isValidDate } from '../metrics/_checks.js';

/** The statuses in which a ticket is done (no longer in the backlog). */
export const DONE: ReadonlySet<string> = /* @__PURE__ */ new Set<string>(['resolved', 'closed']);

const STATUSES: readonly string[] = TICKET_STATUSES;
const STATUS_SET: ReadonlySet<string> = /* @__PURE__ */ new Set(TICKET_STATUSES);

function fieldOf(t: object, key: string): unknown {
  return (t as Record<string, unknown>)[key];
}

/** The ticket object and its `createdAt` in epoch ms, or the issue. */
export function readCreated(t: unknown, path: readonly PathSegment[]): number | CrmIssue {
  if (t === null || typeof t !== 'object' || Array.isArray(t)) return crmIssue.invalidType(path, 'a ticket record', t);
  const c = fieldOf(t, 'createdAt');
  if (!isValidDate(c)) return crmIssue.invalidDate([...path, 'createdAt'], c);
  return c.getTime();
}

/** A ticket as the response cycles read it. */
export interface ResponseReading {
  readonly id: string;
  readonly createdAt: Date;
  readonly firstResponseAt: Date | null;
}

/** Reads `id`, `createdAt` and `firstResponseAt` (not before creation), or the issue. */
export function readResponseTicket(t: unknown, path: readonly PathSegment[]): ResponseReading | CrmIssue {
  const created = readCreated(t, path);
  if (typeof created !== 'number') return created;
  const o = t as Record<string, unknown>;
  const id = o['id'];
  if (typeof id !== 'string') return crmIssue.invalidType([...path, 'id'], 'a ticket id (a string)', id);
  const first = instantAfter(o['firstResponseAt'], created, path, 'firstResponseAt');
  if (typeof first === 'object' && first !== null) return first;
  return {
    id,
    createdAt: o['createdAt'] as Date,
    firstResponseAt: first === null ? null : (o['firstResponseAt'] as Date),
  };
}

/** A ticket's lifecycle as read: creation, current status, status history, resolution instants. */
export interface LifecycleReading {
  readonly created: number;
  readonly status: TicketStatus;
  /** The history's moves: the status entered (`to`) and when (epoch ms), in time order. */
  readonly history: readonly { readonly to: TicketStatus; readonly at: number }[];
  readonly resolvedAt: number | null;
  readonly closedAt: number | null;
}

/**
 * Reads `createdAt`, `status`, `statusHistory` (entries `{ to, at }`, in time order, none before the
 * creation; a missing or `null` history is empty), `resolvedAt` and `closedAt` (not before creation),
 * or the first issue.
 */
export function readLifecycle(t: unknown, path: readonly PathSegment[]): LifecycleReading | CrmIssue {
  const created = readCreated(t, path);
  if (typeof created !== 'number') return created;
  const o = t as Record<string, unknown>;
  const status = o['status'];
  if (typeof status !== 'string' || !STATUS_SET.has(status))
    return crmIssue.invalidValue([...path, 'status'], 'not a ticket status', status, STATUSES);
  // Paths are built only for an issue: a valid ticket allocates nothing but its reading.
  const resolvedAt = instantAfter(o['resolvedAt'], created, path, 'resolvedAt');
  if (typeof resolvedAt === 'object' && resolvedAt !== null) return resolvedAt;
  const closedAt = instantAfter(o['closedAt'], created, path, 'closedAt');
  if (typeof closedAt === 'object' && closedAt !== null) return closedAt;
  const raw = o['statusHistory'];
  const history: { to: TicketStatus; at: number }[] = [];
  if (raw !== undefined && raw !== null) {
    if (!Array.isArray(raw))
      return crmIssue.invalidType([...path, 'statusHistory'], 'an array of status changes { to, at }', raw);
    let last = -Infinity;
    for (let i = 0; i < raw.length; i++) {
      const e: unknown = raw[i];
      if (e === null || typeof e !== 'object')
        return crmIssue.invalidType([...path, 'statusHistory', i], 'a status change { to, at }', e);
      const to = (e as Record<string, unknown>)['to'];
      if (typeof to !== 'string' || !STATUS_SET.has(to))
        return crmIssue.invalidValue([...path, 'statusHistory', i, 'to'], 'not a ticket status', to, STATUSES);
      const when = (e as Record<string, unknown>)['at'];
      if (!isValidDate(when)) return crmIssue.invalidDate([...path, 'statusHistory', i, 'at'], when);
      const ms = when.getTime();
      if (ms < created)
        return crmIssue.of(
          'before_creation',
          [...path, 'statusHistory', i, 'at'],
          'Status history cannot precede the ticket',
        );
      if (ms < last)
        return crmIssue.of('out_of_order', [...path, 'statusHistory', i, 'at'], 'Status history must be in time order');
      last = ms;
      history.push({ to: to as TicketStatus, at: ms });
    }
  }
  if (history.length === 0 && DONE.has(status) && resolvedAt === null && closedAt === null)
    return crmIssue.of(
      'missing_resolution',
      [...path, 'resolvedAt'],
      `A ${status} ticket without a status history needs resolvedAt (or closedAt)`,
    );
  return { created, status: status as TicketStatus, history, resolvedAt, closedAt };
}

/** An optional instant field, not before `created`: its epoch ms, null, or the issue. */
function instantAfter(
  value: unknown,
  created: number,
  path: readonly PathSegment[],
  key: string,
): number | null | CrmIssue {
  if (value === undefined || value === null) return null;
  if (!isValidDate(value)) return crmIssue.invalidDate([...path, key], value);
  const ms = value.getTime();
  if (ms < created)
    return crmIssue.of('before_creation', [...path, key], `${key} cannot precede the ticket's creation`);
  return ms;
}

/**
 * The ticket's status at `asOf` and, when it is done then, the instant it was last resolved: the start
 * of its final run of resolved/closed statuses up to `asOf` (a reopened ticket counts from its last
 * resolution). With a history, the last move at or before `asOf` gives the status (before the first
 * move, the first move's status, or `'new'` when that move is a resolution). Without one (a ticket stored before histories existed) the current
 * status is read: a resolved or closed ticket is done from its `resolvedAt` (else `closedAt`) on, and
 * counts as `'open'` before it; any other status is taken as the status since creation.
 */
export function statusAt(t: LifecycleReading, asOf: number): { status: TicketStatus; resolvedAt: number | null } {
  const h = t.history;
  if (h.length === 0) {
    if (!DONE.has(t.status)) return { status: t.status, resolvedAt: null };
    const done = (t.resolvedAt ?? t.closedAt)!; // readLifecycle requires one of them
    return done <= asOf ? { status: t.status, resolvedAt: done } : { status: 'open', resolvedAt: null };
  }
  if (h[0]!.at > asOf) return { status: DONE.has(h[0]!.to) ? 'new' : h[0]!.to, resolvedAt: null };
  let status = h[0]!.to;
  let runStart: number | null = DONE.has(status) ? h[0]!.at : null;
  for (let i = 1; i < h.length && h[i]!.at <= asOf; i++) {
    const to = h[i]!.to;
    if (!DONE.has(to)) runStart = null;
    else if (runStart === null) runStart = h[i]!.at;
    status = to;
  }
  return { status, resolvedAt: runStart };
}
