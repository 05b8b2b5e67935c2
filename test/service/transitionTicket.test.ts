/**
 * transitionTicket: the ticket lifecycle enforced, the history appended, resolution and closing
 * times kept, events, and bad input; a property: a random walk keeps a valid, consistent ticket.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { unwrap } from '../../src/core/result.js';
import { fixedClock } from '../../src/core/clock.js';
import { parseTicket, type TicketStatus } from '../../src/entities/index.js';
import { defineStageMachine, nextStates, ticketLifecycle } from '../../src/pipeline/index.js';
import { transitionTicket } from '../../src/service/index.js';
import { ticketAt } from './_tickets.js';

const at = (iso: string) => new Date(iso);

describe('transitionTicket', () => {
  const t = ticketAt('2026-03-10T01:00:00Z');

  it('a new ticket starts its history at creation', () => {
    expect(t.statusHistory).toEqual([
      { from: null, to: 'new', at: at('2026-03-10T01:00:00Z'), by: null, reason: null },
    ]);
  });

  it('moves, appends {from, to, at, by, reason}, bumps the version, and says what happened', () => {
    const r = unwrap(
      transitionTicket(ticketLifecycle, t, 'open', {
        at: at('2026-03-10T02:00:00Z'),
        by: 'agent-1',
        reason: 'triaged',
      }),
    );
    expect(r.ticket).toMatchObject({ status: 'open', version: t.version + 1, updatedAt: at('2026-03-10T02:00:00Z') });
    expect(r.ticket.statusHistory.at(-1)).toEqual({
      from: 'new',
      to: 'open',
      at: at('2026-03-10T02:00:00Z'),
      by: 'agent-1',
      reason: 'triaged',
    });
    expect(r.event).toEqual({
      id: `${t.id}@${t.version + 1}`,
      type: 'ticket_status_changed',
      at: at('2026-03-10T02:00:00Z'),
      by: 'agent-1',
      aggregate: { kind: 'ticket', id: t.id },
      payload: { fromStatus: 'new', toStatus: 'open', reason: 'triaged' },
    });
    expect(Object.isFrozen(r.ticket) && Object.isFrozen(r.event)).toBe(true);
    expect(t.status).toBe('new');
  });

  it('resolved sets resolvedAt; closed sets closedAt; a reopen clears both', () => {
    const resolved = unwrap(transitionTicket(ticketLifecycle, t, 'resolved', { at: at('2026-03-10T03:00:00Z') }));
    expect(resolved.event.type).toBe('ticket_resolved');
    expect(resolved.ticket.resolvedAt).toEqual(at('2026-03-10T03:00:00Z'));
    const closed = unwrap(
      transitionTicket(ticketLifecycle, resolved.ticket, 'closed', { at: at('2026-03-10T04:00:00Z') }),
    );
    expect(closed.event.type).toBe('ticket_closed');
    expect(closed.ticket).toMatchObject({
      resolvedAt: at('2026-03-10T03:00:00Z'),
      closedAt: at('2026-03-10T04:00:00Z'),
    });
    const reopened = unwrap(
      transitionTicket(ticketLifecycle, closed.ticket, 'open', { at: at('2026-03-10T05:00:00Z') }),
    );
    expect(reopened.event.type).toBe('ticket_reopened');
    expect(reopened.ticket).toMatchObject({ resolvedAt: null, closedAt: null, status: 'open' });
  });

  it('a custom machine may close an open ticket directly: resolvedAt is set with closedAt', () => {
    const machine = unwrap(
      defineStageMachine<TicketStatus>({
        id: 'fast',
        initial: 'new',
        states: [{ id: 'new' }, { id: 'open' }, { id: 'closed' }],
        transitions: [
          { from: 'new', to: 'open' },
          { from: 'open', to: 'closed' },
        ],
      }),
    );
    const open = unwrap(transitionTicket(machine, t, 'open', { at: at('2026-03-10T02:00:00Z') })).ticket;
    const closed = unwrap(transitionTicket(machine, open, 'closed', { at: at('2026-03-10T03:00:00Z') })).ticket;
    expect(closed).toMatchObject({ resolvedAt: at('2026-03-10T03:00:00Z'), closedAt: at('2026-03-10T03:00:00Z') });
  });

  it('the context clock sets updatedAt when given', () => {
    const r = unwrap(
      transitionTicket(
        ticketLifecycle,
        t,
        'open',
        { at: at('2026-03-10T02:00:00Z') },
        { clock: fixedClock('2026-03-10T09:00:00Z') },
      ),
    );
    expect(r.ticket.updatedAt).toEqual(at('2026-03-10T09:00:00Z'));
  });

  it('refuses a move the lifecycle does not allow, naming the allowed targets', () => {
    const r = transitionTicket(ticketLifecycle, t, 'pending', { at: at('2026-03-10T02:00:00Z') });
    expect(!r.ok && r.error.code).toBe('invalid_transition');
    expect(!r.ok && r.error.message).toMatch(/allowed from 'new': open, resolved/);
  });

  it('bad input: time order, unknown status, a broken ticket, bad options, not a machine', () => {
    const issues = (r: ReturnType<typeof transitionTicket>) =>
      r.ok ? [] : r.error.issues.map((i) => [i.path.join('.'), i.code]);
    expect(issues(transitionTicket(ticketLifecycle, t, 'open', { at: at('2026-03-10T00:00:00Z') }))).toEqual([
      ['options.at', 'out_of_order'],
    ]);
    expect(
      issues(transitionTicket(ticketLifecycle, t, 'solved' as never, { at: at('2026-03-10T02:00:00Z') }))[0],
    ).toEqual(['to', 'invalid_value']);
    expect(
      issues(
        transitionTicket(ticketLifecycle, { ...t, subject: '' }, 'open', { at: at('2026-03-10T02:00:00Z') }),
      )[0]?.[0],
    ).toBe('ticket.subject');
    expect(issues(transitionTicket(ticketLifecycle, t, 'open', { at: new Date(NaN) }))[0]).toEqual([
      'options.at',
      'invalid_date',
    ]);
    expect(
      issues(
        transitionTicket(ticketLifecycle, t, 'open', { at: at('2026-03-10T02:00:00Z'), by: 'x'.repeat(201) }),
      )[0]?.[0],
    ).toBe('options.by');
    expect(
      issues(
        transitionTicket(ticketLifecycle, t, 'open', { at: at('2026-03-10T02:00:00Z'), lostReason: 'x' } as never),
      )[0]?.[1],
    ).toBe('unrecognized_keys');
    expect(issues(transitionTicket({} as never, t, 'open', { at: at('2026-03-10T02:00:00Z') }))[0]?.[0]).toBe(
      'machine',
    );
    expect(transitionTicket(ticketLifecycle, t, 'open', null as never).ok).toBe(false);
  });

  it('property: a random walk through the lifecycle keeps a valid ticket whose history ends in its status', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(3), fc.integer({ min: 0, max: 86_400_000 })), { maxLength: 12 }),
        (steps) => {
          let ticket = t;
          let now = ticket.createdAt.getTime();
          for (const [pick, dt] of steps) {
            const options = nextStates(ticketLifecycle, ticket.status as TicketStatus);
            if (options.length === 0) break;
            now += dt;
            ticket = unwrap(
              transitionTicket(ticketLifecycle, ticket, options[pick % options.length]!, { at: new Date(now) }),
            ).ticket;
            expect(parseTicket(ticket).ok).toBe(true);
            expect(ticket.statusHistory.at(-1)?.to).toBe(ticket.status);
            expect(ticket.resolvedAt !== null).toBe(ticket.status === 'resolved' || ticket.status === 'closed');
          }
          expect(ticket.statusHistory).toHaveLength(1 + ticket.version - 1);
        },
      ),
    );
  });
});
