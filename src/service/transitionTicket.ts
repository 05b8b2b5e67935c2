/**
 * Pure ticket transitions: the next ticket (status, history, resolution and closing times) and the
 * domain event, or a refusal saying why.
 *
 * @module
 */
import { CrmError, type CrmIssue } from '../core/errors.js';
import { err, ok, type Result } from '../core/result.js';
import { caught } from '../metrics/_guard.js';
import { checkOptionKeys, crmIssue, invalidInput } from '../core/issues.js';
import { DONE } from './_ticketReading.js';
import { fixedClock } from '../core/clock.js';
import type { DomainEvent } from '../core/events.js';
import { TICKET_STATUSES, type TicketStatus } from '../entities/enums.js';
import { parseTicket, updateTicket, type Ticket } from '../entities/ticket.js';
import { contextIssues, type EntityContext } from '../entities/define.js';
import { checkMove, isStageMachine, type StageMachine } from '../pipeline/machine.js';

/**
 * Options of {@link transitionTicket}.
 *
 * @example
 * ```ts
 * const o: TransitionTicketOptions = { at: new Date('2026-03-02T09:00:00Z'), by: 'agent-1', reason: 'waiting for logs' };
 * ```
 */
export interface TransitionTicketOptions {
  /** When the status changes; not before the ticket's creation nor its last history entry. */
  readonly at: Date;
  /** Who changes it (a user id, at most 200 characters), or null. */
  readonly by?: string | null;
  /** Why (kept in the history entry; at most 2,000 characters). */
  readonly reason?: string | null;
}

/**
 * The event of a ticket transition: `ticket_resolved` (into resolved), `ticket_closed` (into
 * closed), `ticket_reopened` (out of resolved or closed into an open status) or
 * `ticket_status_changed` (any other move). Its id is `<ticketId>@<new version>`.
 *
 * @example
 * ```ts
 * declare const e: TicketEvent;
 * e.type === 'ticket_resolved' && e.payload.toStatus; //=> 'resolved'
 * ```
 */
export type TicketEvent = DomainEvent<
  'ticket_status_changed' | 'ticket_resolved' | 'ticket_closed' | 'ticket_reopened',
  { readonly fromStatus: TicketStatus; readonly toStatus: TicketStatus; readonly reason: string | null }
>;

/**
 * What {@link transitionTicket} gives: the next ticket and its event.
 *
 * @example
 * ```ts
 * declare const t: TicketTransition;
 * t.ticket.statusHistory.at(-1)?.to === t.ticket.status; //=> true
 * ```
 */
export interface TicketTransition {
  readonly ticket: Ticket;
  readonly event: TicketEvent;
}

const OPTION_KEYS = ['at', 'by', 'reason'] as const;
const BY_MAX = 200;
const REASON_MAX = 2000;

function optionIssues(options: unknown): CrmIssue[] {
  if (typeof options !== 'object' || options === null)
    return [crmIssue.invalidType(['options'], 'an object with at (a Date)', options)];
  const issues = checkOptionKeys(options, OPTION_KEYS, ['options']);
  const o = options as Record<string, unknown>;
  const at = o['at'];
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) issues.push(crmIssue.invalidDate(['options', 'at'], at));
  for (const [key, max] of [
    ['by', BY_MAX],
    ['reason', REASON_MAX],
  ] as const) {
    const v = o[key];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') issues.push(crmIssue.invalidType(['options', key], 'text or null', v));
    else if (v.length > max) issues.push(crmIssue.tooBig(['options', key], 'text', max, true, v.length));
  }
  return issues;
}

function eventType(from: TicketStatus, to: TicketStatus): TicketEvent['type'] {
  if (to === 'resolved') return 'ticket_resolved';
  if (to === 'closed') return 'ticket_closed';
  if (DONE.has(from)) return 'ticket_reopened';
  return 'ticket_status_changed';
}

/** The checked inputs of a transition: the ticket as parsed, and the options read once. */
function readTransition(
  machine: unknown,
  ticket: unknown,
  to: unknown,
  options: TransitionTicketOptions,
  ctx: unknown,
): Result<{ t: Ticket; at: Date; by: string | null; reason: string | null }> {
  const issues: CrmIssue[] = [];
  if (!isStageMachine(machine)) issues.push(crmIssue.invalidType(['machine'], 'a StageMachine', machine));
  issues.push(...optionIssues(options));
  if (typeof to !== 'string' || !(TICKET_STATUSES as readonly string[]).includes(to))
    issues.push(crmIssue.invalidValue(['to'], 'a ticket status', to, TICKET_STATUSES));
  const read = parseTicket(ticket);
  if (!read.ok) issues.push(...read.error.issues.map((i) => ({ ...i, path: ['ticket', ...i.path] })));
  issues.push(...contextIssues(ctx));
  if (issues.length > 0 || !read.ok) return err(invalidInput('transitionTicket', issues));
  const t = read.value;
  const at = new Date(options.at.getTime());
  const last = t.statusHistory[t.statusHistory.length - 1];
  const floor = last === undefined ? t.createdAt : last.at;
  if (at.getTime() < floor.getTime())
    return err(
      new CrmError(
        'validation_failed',
        `transitionTicket: the change at ${at.toISOString()} is before the ticket's ${last === undefined ? 'creation' : 'last status change'} (${floor.toISOString()}); history must stay in time order`,
        {
          issues: [
            crmIssue.of(
              last === undefined ? 'before_creation' : 'out_of_order',
              ['options', 'at'],
              `must be at or after ${floor.toISOString()}`,
            ),
          ],
        },
      ),
    );
  return ok({ t, at, by: options.by ?? null, reason: options.reason ?? null });
}

/**
 * Changes a ticket's status through a stage machine (`ticketLifecycle` from `crmkit/pipeline`, or
 * your own over the Ticket's statuses, with its guards). Pure: the input ticket is neither changed
 * nor frozen; the result is a new frozen ticket (as `updateTicket` gives it: `version + 1`,
 * `updatedAt` = `at`, or the context clock's time when one is given) with
 * - `status` set and a history entry `{ from, to, at, by, reason }` appended (a ticket stored
 *   before histories existed gets the entry appended to an empty history);
 * - entering `resolved`: `resolvedAt = at`; entering `closed`: `closedAt = at` (and `resolvedAt = at`
 *   when it was not resolved before, as a closed ticket is a resolved one);
 * - leaving `resolved` or `closed` for an open status (a reopen): `resolvedAt` and `closedAt`
 *   cleared, so the resolution is measured again when it is solved again.
 *
 * Bad data is a `validation_failed` error, never a throw: the ticket as `parseTicket` reads it
 * (issues under `['ticket']`), the machine (it must come from `defineStageMachine`), the options
 * (`at` a valid Date not before the ticket's creation nor its last move — `out_of_order`; `by` at
 * most 200 and `reason` at most 2,000 characters; unknown keys refused), a target that is not a
 * ticket status. Then it fails with `invalid_transition` (the machine does not allow the move; the
 * message lists the allowed targets) or `guard_rejected` (the refusing guards named).
 *
 * @example
 * ```ts
 * declare const ticket: Ticket; // status 'open'
 * const r = transitionTicket(ticketLifecycle, ticket, 'pending', { at: new Date('2026-03-02T09:00:00Z'), by: 'agent-1' });
 * if (r.ok) r.value.event.type; //=> 'ticket_status_changed'
 * ```
 */
export function transitionTicket(
  machine: StageMachine<TicketStatus, Ticket>,
  ticket: Ticket,
  to: TicketStatus,
  options: TransitionTicketOptions,
  ctx?: EntityContext,
): Result<TicketTransition> {
  // Reading the input never throws (a getter or proxy of the caller's gives validation_failed); the
  // machine's guards run after, outside this boundary, so their own exceptions reach the caller.
  let read: Result<{ t: Ticket; at: Date; by: string | null; reason: string | null }>;
  try {
    read = readTransition(machine, ticket, to, options, ctx);
  } catch (e) {
    return caught('transitionTicket', e);
  }
  if (!read.ok) return read;
  const { t, at, by, reason } = read.value;
  const from = t.status;
  const refused = checkMove(machine as StageMachine<string, Ticket>, from, to, t, {
    from,
    to,
    at,
    by,
    reason,
    lostReason: null,
  });
  if (refused !== undefined) return err(refused);
  const clock = ctx?.clock ?? fixedClock(at);
  const next = updateTicket(
    t,
    (d) => {
      d.status = to;
      d.statusHistory.push({ from, to, at, by, reason });
      if (to === 'resolved') d.resolvedAt = at;
      else if (to === 'closed') {
        d.closedAt = at;
        if (d.resolvedAt === null || !DONE.has(from)) d.resolvedAt = at;
      } else if (DONE.has(from)) {
        d.resolvedAt = null;
        d.closedAt = null;
      }
    },
    { ...ctx, clock },
  );
  if (!next.ok) return next;
  const ticketOut = next.value;
  const event: TicketEvent = Object.freeze({
    id: `${ticketOut.id}@${ticketOut.version}`,
    type: eventType(from, to),
    at,
    by,
    aggregate: Object.freeze({ kind: 'ticket' as const, id: ticketOut.id }),
    payload: Object.freeze({ fromStatus: from, toStatus: to, reason }),
  });
  return ok(Object.freeze({ ticket: ticketOut, event }));
}
