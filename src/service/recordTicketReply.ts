/**
 * A reply on a ticket, recorded as an Activity linked to it: an agent's public reply (outbound) or
 * the requester's message (inbound). The SLA and the response-time metrics read these.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { err, ok, type Result } from '../core/result.js';
import { checkOptionKeys, crmIssue, invalidInput } from '../core/issues.js';
import { fixedClock } from '../core/clock.js';
import type { DomainEvent } from '../core/events.js';
import { CHANNELS, type ActivityKind, type Channel } from '../entities/enums.js';
import { createActivity, type Activity } from '../entities/activity.js';
import { parseTicket, updateTicket, type Ticket } from '../entities/ticket.js';
import type { EntityContext } from '../entities/define.js';

/**
 * A reply given to {@link recordTicketReply}.
 *
 * @example
 * ```ts
 * const reply: TicketReply = { at: new Date('2026-03-02T09:15:00Z'), by: 'agent-1', body: 'Could you send the logs?' };
 * ```
 */
export interface TicketReply {
  /** When it was sent; not before the ticket's creation. */
  readonly at: Date;
  /** `'agent'` (default): a public reply, outbound. `'requester'`: the customer's message, inbound. */
  readonly from?: 'agent' | 'requester';
  /** The agent's user id (the activity's `ownerId`), or null. */
  readonly by?: string | null;
  /** The channel; default the ticket's own channel, else `email`. */
  readonly channel?: Channel | null;
  readonly subject?: string | null;
  readonly body?: string | null;
}

/**
 * The event of a recorded reply: `ticket_replied` (an agent's public reply) or
 * `ticket_message_received` (the requester's message), with the activity's id and, for a reply,
 * whether it was the first response. Its id is `<ticketId>:reply:<activityId>`.
 *
 * @example
 * ```ts
 * declare const e: TicketReplyEvent;
 * e.type === 'ticket_replied' && e.payload.firstResponse; //=> true for the first public reply
 * ```
 */
export type TicketReplyEvent = DomainEvent<
  'ticket_replied' | 'ticket_message_received',
  { readonly activityId: string; readonly firstResponse: boolean }
>;

/**
 * What {@link recordTicketReply} gives: the ticket (with `firstResponseAt` set by its first public
 * reply; the same record when nothing on it changed), the new activity to store, and the event.
 *
 * @example
 * ```ts
 * declare const r: RecordedTicketReply;
 * r.activity.ticketId === r.ticket.id; //=> true
 * ```
 */
export interface RecordedTicketReply {
  readonly ticket: Ticket;
  readonly activity: Activity;
  readonly event: TicketReplyEvent;
}

const REPLY_KEYS = ['at', 'from', 'by', 'channel', 'subject', 'body'] as const;

/** The activity kind a channel's reply is. */
function kindOf(channel: Channel): ActivityKind {
  if (channel === 'email') return 'email';
  if (channel === 'phone') return 'call';
  if (channel === 'in_person') return 'meeting';
  return 'message';
}

function replyIssues(reply: unknown, ticket: Ticket | null): CrmIssue[] {
  if (typeof reply !== 'object' || reply === null)
    return [crmIssue.invalidType(['reply'], 'an object with at (a Date)', reply)];
  const issues = checkOptionKeys(reply, REPLY_KEYS, ['reply']);
  const r = reply as Record<string, unknown>;
  const at = r['at'];
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) issues.push(crmIssue.invalidDate(['reply', 'at'], at));
  else if (ticket !== null && at.getTime() < ticket.createdAt.getTime())
    issues.push(
      crmIssue.of(
        'before_creation',
        ['reply', 'at'],
        `A reply at ${at.toISOString()} cannot precede the ticket's creation (${ticket.createdAt.toISOString()})`,
      ),
    );
  const from = r['from'];
  if (from !== undefined && from !== 'agent' && from !== 'requester')
    issues.push(crmIssue.invalidValue(['reply', 'from'], 'who sent the reply', from, ['agent', 'requester']));
  const channel = r['channel'];
  if (channel !== undefined && channel !== null && !(CHANNELS as readonly unknown[]).includes(channel))
    issues.push(crmIssue.invalidValue(['reply', 'channel'], 'a channel', channel, CHANNELS));
  return issues;
}

/**
 * Records a reply on a ticket as an Activity linked to it (`ticketId`, the requester's `contactId`
 * and the ticket's `accountId`; `kind` from the channel: email → `email`, phone → `call`, in person
 * → `meeting`, any other → `message`). An agent's reply is `direction: 'outbound'` (a public reply,
 * which the SLA's first- and next-response targets count); the requester's is `'inbound'` (which
 * starts a next-response wait). The activity's id comes from `ctx.ids` (like `createActivity`).
 *
 * The first public reply sets the ticket's `firstResponseAt` (a new version, `updatedAt` = `at` or
 * the context clock's time); an earlier one recorded already stays. Otherwise the ticket comes back
 * unchanged (the same record). Pure: nothing is stored; store the activity and the ticket together.
 *
 * Bad data is a `validation_failed` error, never a throw: the ticket as `parseTicket` reads it
 * (issues under `['ticket']`), the reply (`at` a valid Date not before the ticket's creation —
 * `before_creation`; `from` agent or requester; a known channel; unknown keys refused; the text
 * fields as `createActivity` checks them, under `['reply']`).
 *
 * @example
 * ```ts
 * declare const ticket: Ticket;
 * declare const ctx: EntityContext;
 * const r = recordTicketReply(ticket, { at: new Date('2026-03-02T09:15:00Z'), by: 'agent-1', body: 'On it.' }, ctx);
 * if (r.ok) r.value.ticket.firstResponseAt; //=> 2026-03-02T09:15:00Z when it was the first reply
 * ```
 */
export function recordTicketReply(
  ticket: Ticket,
  reply: TicketReply,
  ctx?: EntityContext,
): Result<RecordedTicketReply> {
  const read = parseTicket(ticket);
  const issues: CrmIssue[] = read.ok ? [] : read.error.issues.map((i) => ({ ...i, path: ['ticket', ...i.path] }));
  issues.push(...replyIssues(reply, read.ok ? read.value : null));
  if (issues.length > 0 || !read.ok) return err(invalidInput('recordTicketReply', issues));
  const t = read.value;
  const at = new Date(reply.at.getTime());
  const agent = reply.from !== 'requester';
  const channel: Channel = reply.channel ?? t.channel ?? 'email';
  const activity = createActivity(
    {
      kind: kindOf(channel),
      channel,
      direction: agent ? 'outbound' : 'inbound',
      subject: reply.subject ?? null,
      body: reply.body ?? null,
      occurredAt: at,
      ticketId: t.id,
      contactId: t.requesterContactId,
      accountId: t.accountId,
      ownerId: agent ? (reply.by ?? null) : null,
    },
    ctx,
  );
  if (!activity.ok)
    return err(
      invalidInput(
        'recordTicketReply',
        activity.error.issues.map((i) => {
          const field = i.path[0] === 'occurredAt' ? 'at' : i.path[0] === 'ownerId' ? 'by' : i.path[0];
          return { ...i, path: field === undefined ? ['reply'] : ['reply', field, ...i.path.slice(1)] };
        }),
      ),
    );
  const first = agent && (t.firstResponseAt === null || t.firstResponseAt.getTime() > at.getTime());
  let out = t;
  if (first) {
    const next = updateTicket(
      t,
      (d) => {
        d.firstResponseAt = at;
      },
      { ...ctx, clock: ctx?.clock ?? fixedClock(at) },
    );
    if (!next.ok) return next;
    out = next.value;
  }
  const event: TicketReplyEvent = Object.freeze({
    id: `${t.id}:reply:${activity.value.id}`,
    type: agent ? ('ticket_replied' as const) : ('ticket_message_received' as const),
    at,
    by: agent ? (reply.by ?? null) : null,
    aggregate: Object.freeze({ kind: 'ticket' as const, id: t.id }),
    payload: Object.freeze({ activityId: activity.value.id, firstResponse: first }),
  });
  return ok(Object.freeze({ ticket: out, activity: activity.value, event }));
}
