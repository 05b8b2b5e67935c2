/**
 * Test helpers for the service module: tickets built through createTicket and transitionTicket
 * (so their histories are what crmkit itself writes), replies through recordTicketReply, and the
 * Jakarta business calendar the known values use.
 */
import { unwrap } from '../../src/core/result.js';
import { fixedClock } from '../../src/core/clock.js';
import { sequentialIdGenerator } from '../../src/core/ids.js';
import {
  createTicket,
  type Activity,
  type Ticket,
  type TicketInput,
  type TicketStatus,
} from '../../src/entities/index.js';
import { ticketLifecycle } from '../../src/pipeline/index.js';
import {
  defineBusinessCalendar,
  recordTicketReply,
  transitionTicket,
  type BusinessCalendar,
} from '../../src/service/index.js';

const day = [
  { from: '08:00', to: '12:00' },
  { from: '13:00', to: '17:00' },
];

/** Jakarta (UTC+7, no DST), Monday to Friday 08:00–12:00 and 13:00–17:00; Monday 2026-03-09 a holiday. */
export const jakarta: BusinessCalendar = unwrap(
  defineBusinessCalendar({
    timeZone: 'Asia/Jakarta',
    week: { mon: day, tue: day, wed: day, thu: day, fri: day },
    holidays: [{ date: '2026-03-09', name: 'Test holiday' }],
  }),
);

/** A ticket created at `at` (ISO), then moved through `moves` ([status, ISO time]) with ticketLifecycle. */
export function ticketAt(
  at: string,
  input: Partial<TicketInput> = {},
  moves: readonly (readonly [TicketStatus, string])[] = [],
  id = 'ticket-1',
): Ticket {
  let t = unwrap(
    createTicket({ subject: 'Help', priority: 'high', ...input }, { clock: fixedClock(at), ids: { next: () => id } }),
  );
  for (const [to, when] of moves) t = unwrap(transitionTicket(ticketLifecycle, t, to, { at: new Date(when) })).ticket;
  return t;
}

/** Replies on `ticket`: [from, ISO time] pairs, recorded with recordTicketReply. */
export function repliesOn(ticket: Ticket, replies: readonly (readonly ['agent' | 'requester', string])[]): Activity[] {
  const ids = sequentialIdGenerator();
  return replies.map(
    ([from, at]) =>
      unwrap(recordTicketReply(ticket, { at: new Date(at), from }, { ids, clock: fixedClock(at) })).activity,
  );
}
