/**
 * The replies the response-time metrics read, and the ticket fields they need.
 *
 * @module
 */
import type { ActivityDirection } from '../entities/enums.js';

/**
 * A reply as the response-time metrics read it (an `Activity` fits). A **public reply** is one with
 * `direction: 'outbound'` (an agent answering); a **requester message** one with `'inbound'`; only
 * kinds `call`, `email`, `meeting`, `message` and `web` count (notes, tasks and internal or undirected
 * activities never do). `ticketId` links it to its ticket; a reply that names another ticket than the
 * one it is listed for is an error.
 *
 * @example
 * ```ts
 * const r: ReplyActivity = { kind: 'email', direction: 'outbound', occurredAt: new Date('2026-03-02T10:00:00Z'), ticketId: 't1' };
 * ```
 */
export interface ReplyActivity {
  readonly kind: string;
  readonly direction?: ActivityDirection | null;
  readonly occurredAt: Date;
  readonly ticketId?: string | null;
}

/**
 * Where a response-time metric finds each ticket's replies — the forms `slaAtRisk` takes its
 * `replies` in (any `TicketReplies` value fits, so one value serves both):
 * - a flat list of activities, each linked to its ticket by `ticketId` (activities linked to no ticket
 *   of the input — no `ticketId`, or a ticket not in the list — are not read);
 * - a Map or an object keyed by ticket id;
 * - a function of the ticket id (`null`/`undefined`: no replies).
 *
 * A bad reply is reported at `['options', 'replies', i, …]` (its index in a flat list) or
 * `['options', 'replies', ticketId, i, …]` (the other forms).
 *
 * @example
 * ```ts
 * const byTicket: ResponseTimeReplies = new Map([
 *   ['t1', [{ kind: 'email', direction: 'outbound', occurredAt: new Date('2026-03-02T10:00:00Z') }]],
 * ]);
 * ```
 */
export type ResponseTimeReplies =
  | readonly ReplyActivity[]
  | ReadonlyMap<string, readonly ReplyActivity[]>
  | Readonly<Record<string, readonly ReplyActivity[]>>
  | ((ticketId: string) => readonly ReplyActivity[] | null | undefined);

/**
 * A ticket as the response-time metrics read it (a `Ticket` fits): its `id` (to find its replies),
 * `createdAt` (the first wait starts there) and, when the ticket records it, `firstResponseAt` (it
 * ends the first wait when earlier than the first public reply, or when no reply is listed).
 *
 * @example
 * ```ts
 * const t: ResponseTimeTicket = { id: 't1', createdAt: new Date('2026-03-02T09:00:00Z'), firstResponseAt: null };
 * ```
 */
export interface ResponseTimeTicket {
  readonly id: string;
  readonly createdAt: Date;
  readonly firstResponseAt?: Date | null;
}

/**
 * One item of a response-time accumulator: a ticket and its replies (`null`/missing: none).
 *
 * @example
 * ```ts
 * const item: TicketWithReplies = {
 *   ticket: { id: 't1', createdAt: new Date('2026-03-02T09:00:00Z') },
 *   replies: [{ kind: 'email', direction: 'outbound', occurredAt: new Date('2026-03-02T10:00:00Z') }],
 * };
 * ```
 */
export interface TicketWithReplies {
  readonly ticket: ResponseTimeTicket;
  readonly replies?: readonly ReplyActivity[] | null;
}
