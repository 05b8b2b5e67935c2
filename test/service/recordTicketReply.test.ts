/**
 * recordTicketReply: a public reply is an outbound Activity linked to the ticket and sets the
 * first response; the requester's message is inbound; bad input has paths.
 */
import { describe, expect, it } from 'vitest';
import { unwrap } from '../../src/core/result.js';
import { sequentialIdGenerator } from '../../src/core/ids.js';
import { recordTicketReply } from '../../src/service/index.js';
import { ticketAt } from './_tickets.js';

const at = (iso: string) => new Date(iso);

describe('recordTicketReply', () => {
  const t = ticketAt('2026-03-10T01:00:00Z', {
    channel: 'chat',
    requesterContactId: 'contact-9' as never,
    accountId: 'account-3' as never,
  });

  it("an agent's first reply: an outbound activity on the ticket's channel, firstResponseAt set, ticket_replied", () => {
    const r = unwrap(
      recordTicketReply(
        t,
        { at: at('2026-03-10T01:30:00Z'), by: 'agent-1', body: 'On it' },
        { ids: sequentialIdGenerator() },
      ),
    );
    expect(r.activity).toMatchObject({
      kind: 'message',
      channel: 'chat',
      direction: 'outbound',
      body: 'On it',
      occurredAt: at('2026-03-10T01:30:00Z'),
      ticketId: t.id,
      contactId: 'contact-9',
      accountId: 'account-3',
      ownerId: 'agent-1',
      id: 'activity-1',
    });
    expect(r.ticket).toMatchObject({ firstResponseAt: at('2026-03-10T01:30:00Z'), version: t.version + 1 });
    expect(r.event).toMatchObject({
      type: 'ticket_replied',
      id: `${t.id}:reply:activity-1`,
      payload: { activityId: 'activity-1', firstResponse: true },
    });
    // A later reply leaves the ticket as it is.
    const again = unwrap(
      recordTicketReply(
        r.ticket,
        { at: at('2026-03-10T02:00:00Z'), channel: 'email' },
        { ids: sequentialIdGenerator() },
      ),
    );
    expect(again.ticket).toEqual(r.ticket);
    expect(again.activity.kind).toBe('email');
    expect(again.event.payload.firstResponse).toBe(false);
  });

  it("the requester's message is inbound and does not touch the first response", () => {
    const r = unwrap(recordTicketReply(t, { at: at('2026-03-10T01:10:00Z'), from: 'requester', channel: 'phone' }));
    expect(r.activity).toMatchObject({ direction: 'inbound', kind: 'call', ownerId: null });
    expect(r.ticket.firstResponseAt).toBeNull();
    expect(r.event.type).toBe('ticket_message_received');
  });

  it('bad input: a reply before the ticket, a bad sender or channel, unknown keys, a broken ticket', () => {
    const codes = (r: ReturnType<typeof recordTicketReply>) =>
      r.ok ? [] : r.error.issues.map((i) => [i.path.join('.'), i.code]);
    expect(codes(recordTicketReply(t, { at: at('2026-03-10T00:59:00Z') }))).toEqual([['reply.at', 'before_creation']]);
    expect(codes(recordTicketReply(t, { at: new Date(NaN) }))).toEqual([['reply.at', 'invalid_date']]);
    expect(codes(recordTicketReply(t, { at: at('2026-03-10T02:00:00Z'), from: 'bot' as never }))[0]?.[0]).toBe(
      'reply.from',
    );
    expect(codes(recordTicketReply(t, { at: at('2026-03-10T02:00:00Z'), channel: 'fax' as never }))[0]?.[0]).toBe(
      'reply.channel',
    );
    expect(codes(recordTicketReply(t, { at: at('2026-03-10T02:00:00Z'), public: true } as never))[0]?.[1]).toBe(
      'unrecognized_keys',
    );
    expect(codes(recordTicketReply(t, { at: at('2026-03-10T02:00:00Z'), body: 5 as never }))[0]?.[0]).toBe(
      'reply.body',
    );
    expect(
      codes(recordTicketReply({ ...t, priority: 'p0' as never }, { at: at('2026-03-10T02:00:00Z') }))[0]?.[0],
    ).toBe('ticket.priority');
    expect(recordTicketReply(t, null as never).ok).toBe(false);
  });
});
