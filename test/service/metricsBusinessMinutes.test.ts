// Issue 15 §5: the service time metrics in business minutes — a worked Jakarta example over a
// holiday, agreement with businessMinutesBetween, business ≤ calendar minutes (property, random
// calendars in real zones), accumulators with a calendar (merge through JSON = one pass), bad calendars.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unwrap } from '../../src/core/result.js';
import { defineBusinessCalendar } from '../../src/service/businessCalendar.js';
import { businessMinutesBetween } from '../../src/service/businessTime.js';
import { firstResponseTime } from '../../src/service/firstResponseTime.js';
import {
  createFirstResponseTimeAccumulator,
  firstResponseTimeAccumulatorFromJSON,
} from '../../src/service/firstResponseTimeAccumulator.js';
import { leadResponseTime } from '../../src/service/leadResponseTime.js';
import {
  createLeadResponseTimeAccumulator,
  leadResponseTimeAccumulatorFromJSON,
} from '../../src/service/leadResponseTimeAccumulator.js';
import { nextResponseTime } from '../../src/service/nextResponseTime.js';
import { resolutionTime } from '../../src/service/resolutionTime.js';
import {
  createResolutionTimeAccumulator,
  resolutionTimeAccumulatorFromJSON,
} from '../../src/service/resolutionTimeAccumulator.js';
import { summarizeMinutes, type DurationSummary } from '../../src/service/durationSummary.js';
import { calendarArb } from './_calendars.js';
import { expectInvalid, value } from '../metrics/_helpers.js';

const weekdays = [
  { from: '08:00', to: '12:00' },
  { from: '13:00', to: '17:00' },
];
const jakarta = unwrap(
  defineBusinessCalendar({
    timeZone: 'Asia/Jakarta',
    week: { mon: weekdays, tue: weekdays, wed: weekdays, thu: weekdays, fri: weekdays },
    holidays: [{ date: '2026-03-02', name: 'Public holiday' }],
  }),
);

describe('business minutes', () => {
  it('a ticket opened Friday 16:30 in Jakarta, answered Tuesday 08:30 over a Monday holiday: 60 minutes', () => {
    // Jakarta is UTC+7. Friday 2026-02-27 16:30 local = 09:30 UTC; Tuesday 2026-03-03 08:30 local = 01:30 UTC.
    // By hand: Friday 16:30–17:00 (30) + Monday holiday (0) + Tuesday 08:00–08:30 (30) = 60.
    const ticket = { id: 't', createdAt: new Date('2026-02-27T09:30:00Z') };
    const reply = { kind: 'email', direction: 'outbound' as const, occurredAt: new Date('2026-03-03T01:30:00Z') };
    const r = value(firstResponseTime([ticket], { replies: { t: [reply] }, calendar: jakarta }));
    expect(r).toEqual({ count: 1, mean: 60, median: 60, p90: 60, unit: 'business_minutes' });
    expect(value(firstResponseTime([ticket], { replies: { t: [reply] } })).mean).toBe(3 * 1440 + 16 * 60);
    // Resolution at Tuesday 14:00 local (07:00 UTC): 30 + 4 h + 1 h = 330; lunch 12:00–13:00 does not count.
    const resolved = {
      createdAt: ticket.createdAt,
      status: 'resolved' as const,
      resolvedAt: new Date('2026-03-03T07:00:00Z'),
    };
    expect(value(resolutionTime([resolved], { calendar: jakarta })).mean).toBe(330);
    // Speed to lead on the same calendar.
    const lead = { id: 'l', createdAt: ticket.createdAt };
    const call = { kind: 'call', direction: 'outbound' as const, occurredAt: reply.occurredAt };
    expect(value(leadResponseTime([lead], [{ ...call, leadId: 'l' }], { calendar: jakarta })).mean).toBe(60);
  });

  it('counts exactly what businessMinutesBetween counts, and never more than calendar minutes (property)', () => {
    const summaryLe = (b: DurationSummary, c: DurationSummary) => {
      expect(b.count).toBe(c.count);
      if (b.count === 0) return;
      expect(b.mean!).toBeLessThanOrEqual(c.mean! * (1 + 1e-12));
      expect(b.median!).toBeLessThanOrEqual(c.median!);
      expect(b.p90!).toBeLessThanOrEqual(c.p90!);
    };
    const T0 = Date.UTC(2026, 0, 1);
    fc.assert(
      fc.property(
        calendarArb,
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 300 * 86_400 }),
            fc.integer({ min: 0, max: 20 * 86_400 }),
            fc.integer({ min: 0, max: 20 * 86_400 }),
          ),
          { minLength: 1, maxLength: 12 },
        ),
        (calendar, spans) => {
          const tickets = spans.map(([c, a, b], i) => ({
            id: `t${i}`,
            createdAt: new Date(T0 + c * 1000),
            status: 'resolved' as const,
            resolvedAt: new Date(T0 + (c + b) * 1000),
          }));
          const replies = spans.flatMap(([c, a, b], i) => [
            {
              kind: 'email',
              direction: 'outbound' as const,
              occurredAt: new Date(T0 + (c + a) * 1000),
              ticketId: `t${i}`,
            },
            {
              kind: 'message',
              direction: 'inbound' as const,
              occurredAt: new Date(T0 + (c + a + 60) * 1000),
              ticketId: `t${i}`,
            },
            {
              kind: 'email',
              direction: 'outbound' as const,
              occurredAt: new Date(T0 + (c + a + b + 60) * 1000),
              ticketId: `t${i}`,
            },
          ]);
          const first = value(firstResponseTime(tickets, { replies, calendar }));
          // The same minutes as businessMinutesBetween, ticket by ticket.
          const expected = tickets.map((t, i) =>
            businessMinutesBetween(calendar, t.createdAt, replies[3 * i]!.occurredAt),
          );
          expect(first).toEqual(summarizeMinutes(expected, 'business_minutes'));
          summaryLe(first, value(firstResponseTime(tickets, { replies })));
          summaryLe(
            value(nextResponseTime(tickets, { replies, calendar })),
            value(nextResponseTime(tickets, { replies })),
          );
          summaryLe(value(resolutionTime(tickets, { calendar })), value(resolutionTime(tickets)));
          expect(first.unit).toBe('business_minutes');
        },
      ),
      { numRuns: 60 },
    );
  });

  it('accumulators with a calendar: merge through JSON equals one pass; the calendar is defined again from the state', () => {
    const day = (d: number, h: number) => new Date(Date.UTC(2026, 2, d, h));
    const items = [2, 3, 4, 5, 6, 9].map((d, i) => ({
      ticket: { id: `t${i}`, createdAt: day(d, i) },
      replies: [{ kind: 'email', direction: 'outbound' as const, occurredAt: day(d + 1, 2 + i) }],
    }));
    const once = value(
      firstResponseTime(
        items.map((i) => i.ticket),
        { replies: items.flatMap((i) => i.replies.map((r) => ({ ...r, ticketId: i.ticket.id }))), calendar: jakarta },
      ),
    );
    const a = createFirstResponseTimeAccumulator({ calendar: jakarta }).addAll(items.slice(0, 3));
    const text = JSON.stringify(createFirstResponseTimeAccumulator({ calendar: jakarta }).addAll(items.slice(3)));
    expect(JSON.parse(text).options.calendar.timeZone).toBe('Asia/Jakarta');
    a.merge(value(firstResponseTimeAccumulatorFromJSON(text)));
    expect(value(a.result())).toEqual(once);
    expect(once.unit).toBe('business_minutes');
    // A calendar and none do not merge; a redefined equal calendar does.
    expect(() => createFirstResponseTimeAccumulator().merge(a)).toThrow(/options/);
    const again = unwrap(defineBusinessCalendar(JSON.parse(JSON.stringify(jakarta))));
    expect(() => createFirstResponseTimeAccumulator({ calendar: again }).merge(a)).not.toThrow();
    const r = createResolutionTimeAccumulator({ calendar: jakarta });
    expect(value(value(resolutionTimeAccumulatorFromJSON(JSON.stringify(r))).result()).unit).toBe('business_minutes');
    const l = createLeadResponseTimeAccumulator({ calendar: jakarta });
    expect(value(value(leadResponseTimeAccumulatorFromJSON(l.toJSON())).result()).unit).toBe('business_minutes');
    // A forged calendar in a state is refused with its path.
    const forged = {
      ...r.toJSON(),
      options: { ...r.toJSON().options, calendar: { timeZone: 'Mars/Olympus', week: {} } },
    };
    const bad = resolutionTimeAccumulatorFromJSON(forged);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error.issues[0]!.path.slice(0, 2)).toEqual(['options', 'calendar']);
  });

  it('bad calendars and instants the calendar cannot count are validation errors, never throws', () => {
    const t = {
      id: 't',
      createdAt: new Date('2026-03-02T00:00:00Z'),
      firstResponseAt: new Date('2026-03-02T05:00:00Z'),
    };
    const plain = { timeZone: 'UTC', week: { mon: [{ from: '09:00', to: '17:00' }] } };
    expectInvalid(firstResponseTime([t], { calendar: plain as never }), ['options', 'calendar']);
    expectInvalid(resolutionTime([], { calendar: 'UTC' as never }), ['options', 'calendar']);
    expectInvalid(leadResponseTime([], [], { calendar: {} as never }), ['options', 'calendar']);
    expect(() => createFirstResponseTimeAccumulator({ calendar: plain as never })).toThrow(/BusinessCalendar/);
    const ancient = {
      id: 'a',
      createdAt: new Date('1850-01-01T00:00:00Z'),
      firstResponseAt: new Date('1850-01-02T00:00:00Z'),
    };
    expectInvalid(firstResponseTime([ancient], { calendar: jakarta }), [0, 'createdAt']);
    expect(value(firstResponseTime([ancient])).mean).toBe(1440);
    const ancientResolved = {
      createdAt: ancient.createdAt,
      status: 'resolved' as const,
      resolvedAt: ancient.firstResponseAt,
    };
    expectInvalid(resolutionTime([ancientResolved], { calendar: jakarta }), [0, 'createdAt']);
    expectInvalid(createResolutionTimeAccumulator({ calendar: jakarta }).add(ancientResolved).result(), [
      0,
      'createdAt',
    ]);
  });

  it('an accumulator defines its calendar again from the fields: a tampered copy is refused (fuzz finding), never a TypeError', () => {
    // A copy with every property (the hidden table too) but a week that is not a week: before the fix,
    // the constructor read the week with .map and threw a TypeError.
    const descriptors = Object.getOwnPropertyDescriptors(jakarta) as PropertyDescriptorMap;
    descriptors['week'] = { value: { tue: 5 }, enumerable: true };
    const tampered: unknown = Object.defineProperties({}, descriptors);
    let thrown: unknown;
    try {
      createResolutionTimeAccumulator({ calendar: tampered as never });
    } catch (e) {
      thrown = e;
    }
    expect((thrown as Error).name).toBe('CrmError');
    expect((thrown as Error).message).toMatch(/options\.calendar|calendar/);
    // The one-pass functions count with the calendar's table and never read its fields.
    const t = {
      createdAt: new Date('2026-03-03T01:00:00Z'),
      status: 'resolved' as const,
      resolvedAt: new Date('2026-03-03T03:00:00Z'),
    };
    expect(value(resolutionTime([t], { calendar: tampered as never })).mean).toBe(120);
  });
});
