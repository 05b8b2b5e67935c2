// Issue 15 §5: CSAT by ticket type — csatBy(responses, byTicketType(tickets)), worked by hand.
import { describe, expect, it } from 'vitest';
import { csatBy } from '../../src/metrics/csatBy.js';
import { npsBy } from '../../src/metrics/npsBy.js';
import { byTicketType } from '../../src/service/byTicketType.js';
import type { SurveyResponse } from '../../src/entities/surveyResponse.js';
import type { Ticket } from '../../src/entities/ticket.js';
import { value } from '../metrics/_helpers.js';

const tickets = [
  { id: 't1', type: 'complaint' as const },
  { id: 't2', type: 'complaint' as const },
  { id: 't3', type: 'question' as const },
  { id: 't4', type: null },
  { id: 't5' }, // no type field (stored before types existed)
];

describe('byTicketType', () => {
  it('gives CSAT per ticket type; no ticket, an unknown ticket or an untyped one is the null group', () => {
    // CSAT = % of answers ≥ 4 on 1–5 (top-2-box). By hand:
    //   complaint: 2, 4, 1 → 1 of 3 satisfied = 33.33…; question: 5, 4 → 100;
    //   null: 5 (t4, no type), 3 (t5, no type), 2 (no ticket), 4 (unknown ticket t9) → 2 of 4 = 50.
    const responses = [
      { kind: 'csat', score: 2, ticketId: 't1' },
      { kind: 'csat', score: 4, ticketId: 't1' },
      { kind: 'csat', score: 1, ticketId: 't2' },
      { kind: 'csat', score: 5, ticketId: 't3' },
      { kind: 'csat', score: 4, ticketId: 't3' },
      { kind: 'csat', score: 5, ticketId: 't4' },
      { kind: 'csat', score: 3, ticketId: 't5' },
      { kind: 'csat', score: 2, ticketId: null },
      { kind: 'csat', score: 4, ticketId: 't9' },
      { kind: 'nps', score: 10, ticketId: 't3' }, // another kind: not CSAT
    ];
    const rows = value(csatBy(responses, byTicketType(tickets)));
    expect(rows.map((g) => [g.key, g.csat.total, g.csat.score])).toEqual([
      ['complaint', 3, (1 / 3) * 100],
      ['question', 2, 100],
      [null, 4, 50],
    ]);
    expect(value(npsBy(responses, byTicketType(tickets))).map((g) => [g.key, g.nps.score])).toEqual([
      ['question', 100],
    ]);
  });

  it('fits the entities: SurveyResponse records and Tickets', () => {
    const ts: Pick<Ticket, 'id' | 'type'>[] = [];
    const rs: SurveyResponse[] = [];
    expect(value(csatBy(rs, byTicketType(ts)))).toEqual([]);
  });

  it('throws a CrmError for tickets no type-correct program passes', () => {
    expect(() => byTicketType('x' as never)).toThrow(/array of tickets/);
    expect(() => byTicketType([null] as never)).toThrow(/ticket record/);
    expect(() => byTicketType([{ id: 3 }] as never)).toThrow(/ticket id/);
    expect(() => byTicketType([{ id: 'a', type: 'bug' }] as never)).toThrow(/not a ticket type/);
    expect(() =>
      byTicketType([
        { id: 'a', type: 'question' },
        { id: 'a', type: 'incident' },
      ]),
    ).toThrow(/twice/);
    try {
      byTicketType([{ id: 'a', type: 'bug' }] as never);
    } catch (e) {
      expect((e as Error).name).toBe('CrmError');
    }
    // The same ticket twice with the same type is fine.
    expect(byTicketType([tickets[0]!, tickets[0]!])({ ticketId: 't1' })).toBe('complaint');
  });
});
