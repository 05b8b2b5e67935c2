// Issue 15 §5 and "Must hold": every service-metric accumulator merges to what one pass gives (any
// partition, through JSON), its state round-trips, the statistics do not depend on input order, and
// median ≤ p90. Plus the accumulators' bad input: bad items by stream position, bad options thrown,
// mismatched merges, forged states.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  type TicketPriority,
  type TicketStatus,
} from '../../src/entities/enums.js';
import { backlog, type BacklogTicket } from '../../src/service/backlog.js';
import { backlogAccumulatorFromJSON, createBacklogAccumulator } from '../../src/service/backlogAccumulator.js';
import type { DurationSummary } from '../../src/service/durationSummary.js';
import { firstResponseTime } from '../../src/service/firstResponseTime.js';
import {
  createFirstResponseTimeAccumulator,
  firstResponseTimeAccumulatorFromJSON,
} from '../../src/service/firstResponseTimeAccumulator.js';
import { leadResponseTime, type LeadActivity, type RespondableLead } from '../../src/service/leadResponseTime.js';
import {
  createLeadResponseTimeAccumulator,
  leadResponseTimeAccumulatorFromJSON,
} from '../../src/service/leadResponseTimeAccumulator.js';
import { nextResponseTime } from '../../src/service/nextResponseTime.js';
import {
  createNextResponseTimeAccumulator,
  nextResponseTimeAccumulatorFromJSON,
} from '../../src/service/nextResponseTimeAccumulator.js';
import { resolutionTime, type ResolutionTimeTicket } from '../../src/service/resolutionTime.js';
import {
  createResolutionTimeAccumulator,
  resolutionTimeAccumulatorFromJSON,
} from '../../src/service/resolutionTimeAccumulator.js';
import type { ReplyActivity, ResponseTimeTicket } from '../../src/service/ticketReplies.js';
import { period } from '../../src/time/period.js';
import { unwrap } from '../../src/core/result.js';
import { defineBusinessCalendar } from '../../src/service/businessCalendar.js';
import { expectInvalid, value } from '../metrics/_helpers.js';

const T0 = Date.parse('2026-03-01T00:00:00Z');
const DAY = 86_400_000;
const at = (ms: number) => new Date(T0 + ms);

// ---- arbitraries ------------------------------------------------------------------------------
interface Replied {
  readonly ticket: ResponseTimeTicket;
  readonly replies: ReplyActivity[];
}
/** A ticket created within 20 days, with up to 8 replies within 10 days of it (whole seconds). */
const repliedTicket = (id: string): fc.Arbitrary<Replied> =>
  fc
    .record({
      created: fc.integer({ min: 0, max: 20 * DAY }),
      first: fc.option(fc.integer({ min: 0, max: 5 * 86_400 }), { nil: null }),
      replies: fc.array(
        fc.record({
          kind: fc.constantFrom('email', 'message', 'note', 'call'),
          direction: fc.constantFrom('outbound', 'inbound', 'internal', null),
          after: fc.integer({ min: 0, max: 10 * 86_400 }),
        }),
        { maxLength: 8 },
      ),
    })
    .map(({ created, first, replies }) => ({
      ticket: {
        id,
        createdAt: at(created),
        firstResponseAt: first === null ? null : at(created + first * 1000),
      },
      replies: replies.map((r) => ({
        kind: r.kind,
        direction: r.direction as ReplyActivity['direction'],
        occurredAt: at(created + r.after * 1000),
        ticketId: id,
      })),
    }));
const repliedTickets = fc
  .integer({ min: 0, max: 25 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => repliedTicket(`t${i}`))));

/** A ticket with a status history of up to 6 moves (or, one time in four, none). */
const lifecycleTicket: fc.Arbitrary<BacklogTicket> = fc
  .record({
    created: fc.integer({ min: 0, max: 20 * DAY }),
    priority: fc.constantFrom(...TICKET_PRIORITIES),
    moves: fc.array(fc.record({ to: fc.constantFrom(...TICKET_STATUSES), gap: fc.integer({ min: 0, max: 3 * DAY }) }), {
      minLength: 1,
      maxLength: 6,
    }),
    withHistory: fc.integer({ min: 0, max: 3 }),
    resolvedAfter: fc.integer({ min: 0, max: 9 * DAY }),
  })
  .map(({ created, priority, moves, withHistory, resolvedAfter }) => {
    let t = created;
    let from: TicketStatus | null = null;
    const history = moves.map(({ to, gap }, i) => {
      t += i === 0 ? 0 : gap;
      const e = { from, to, at: at(t) };
      from = to;
      return e;
    });
    const status = history[history.length - 1]!.to;
    const done = status === 'resolved' || status === 'closed';
    if (withHistory > 0)
      return { createdAt: at(created), priority: priority as TicketPriority, status, statusHistory: history };
    return {
      createdAt: at(created),
      priority: priority as TicketPriority,
      status,
      statusHistory: [],
      resolvedAt: done ? at(created + resolvedAfter) : null,
    };
  });

interface LeadItem {
  readonly lead: RespondableLead;
  readonly activities: LeadActivity[];
}
const leadItem = (id: string): fc.Arbitrary<LeadItem> =>
  fc
    .record({
      created: fc.integer({ min: 0, max: 20 * DAY }),
      acts: fc.array(
        fc.record({
          kind: fc.constantFrom('email', 'call', 'task', 'note'),
          direction: fc.constantFrom('outbound', 'inbound', null),
          after: fc.integer({ min: 0, max: 5 * 86_400 }),
        }),
        { maxLength: 5 },
      ),
    })
    .map(({ created, acts }) => ({
      lead: { id, createdAt: at(created) },
      activities: acts.map((a) => ({
        kind: a.kind,
        direction: a.direction as LeadActivity['direction'],
        occurredAt: at(created + a.after * 1000),
        leadId: id,
      })),
    }));
const leadItems = fc
  .integer({ min: 0, max: 25 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => leadItem(`l${i}`))));

const hours = [
  { from: '09:00', to: '12:30' },
  { from: '13:15', to: '18:00' },
];
const berlin = unwrap(
  defineBusinessCalendar({
    timeZone: 'Europe/Berlin',
    week: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours },
    holidays: ['2026-03-06', { from: '2026-03-16', to: '2026-03-18' }],
  }),
);
const timeOptions = fc.constantFrom(
  undefined,
  { period: period(at(5 * DAY), at(15 * DAY)) },
  { asOf: at(12 * DAY) },
  { period: period(at(0), at(10 * DAY)), asOf: at(8 * DAY) },
  { period: period(at(3 * DAY), at(3 * DAY)) },
  { calendar: berlin },
  { calendar: berlin, period: period(at(2 * DAY), at(12 * DAY)), asOf: at(11 * DAY) },
);
const backlogOptions = fc.constantFrom(
  { asOf: at(10 * DAY) },
  { asOf: at(25 * DAY), buckets: [6, 24, 72], bucketUnit: 'hours' as const },
  { asOf: at(3 * DAY), buckets: [] },
  { asOf: at(40 * DAY), buckets: [0.5, 2, 9] },
);

/** A permutation of `xs` driven by `keys`. */
function permute<T>(xs: readonly T[], keys: readonly number[]): T[] {
  return xs
    .map((x, i) => [x, keys[i % Math.max(1, keys.length)] ?? 0, i] as const)
    .sort((a, b) => a[1] - b[1] || a[2] - b[2])
    .map(([x]) => x);
}

/** How many summaries with at least two durations the properties saw (they must not be vacuous). */
let measured = 0;

function checkSummary(s: DurationSummary): void {
  if (s.count >= 2) measured++;
  if (s.count === 0) {
    expect([s.mean, s.median, s.p90]).toEqual([null, null, null]);
    return;
  }
  expect(s.median!).toBeLessThanOrEqual(s.p90!);
  for (const v of [s.mean!, s.median!, s.p90!]) expect(Number.isFinite(v) && v >= 0).toBe(true);
}

// ---- properties ---------------------------------------------------------------------------------
describe('response-time accumulators', () => {
  for (const [name, fn, create, fromJSON] of [
    ['first', firstResponseTime, createFirstResponseTimeAccumulator, firstResponseTimeAccumulatorFromJSON],
    ['next', nextResponseTime, createNextResponseTimeAccumulator, nextResponseTimeAccumulatorFromJSON],
  ] as const) {
    it(`${name}: merging any partition through JSON equals one pass; order does not matter; median ≤ p90 (property)`, () => {
      fc.assert(
        fc.property(
          repliedTickets,
          fc.nat(),
          timeOptions,
          fc.array(fc.double({ noNaN: true })),
          (items, cut, options, keys) => {
            const tickets = items.map((i) => i.ticket);
            const replies = items.flatMap((i) => i.replies);
            const once = value(fn(tickets, { ...options, replies }));
            const k = items.length === 0 ? 0 : cut % (items.length + 1);
            const acc = create(options).addAll(items.slice(0, k));
            acc.merge(value(fromJSON(JSON.stringify(create(options).addAll(items.slice(k))))));
            expect(value(acc.result())).toEqual(once);
            // The state round-trips.
            const back = value(fromJSON(JSON.stringify(acc)));
            expect(back.toJSON()).toEqual(acc.toJSON());
            expect(value(back.result())).toEqual(once);
            // Input order: tickets and replies shuffled.
            expect(value(fn(permute(tickets, keys), { ...options, replies: permute(replies, keys.slice(1)) }))).toEqual(
              once,
            );
            checkSummary(once);
          },
        ),
      );
    });
  }
});

describe('resolution-time accumulator', () => {
  it('merging any partition through JSON equals one pass; order does not matter; median ≤ p90 (property)', () => {
    fc.assert(
      fc.property(
        fc.array(lifecycleTicket, { maxLength: 30 }),
        fc.nat(),
        timeOptions,
        fc.array(fc.double({ noNaN: true })),
        (ts, cut, options, keys) => {
          const once = value(resolutionTime(ts, options));
          const k = ts.length === 0 ? 0 : cut % (ts.length + 1);
          const acc = createResolutionTimeAccumulator(options).addAll(ts.slice(0, k));
          acc.merge(
            value(
              resolutionTimeAccumulatorFromJSON(
                JSON.stringify(createResolutionTimeAccumulator(options).addAll(ts.slice(k))),
              ),
            ),
          );
          expect(value(acc.result())).toEqual(once);
          expect(value(value(resolutionTimeAccumulatorFromJSON(acc.toJSON())).result())).toEqual(once);
          expect(value(resolutionTime(permute(ts, keys), options))).toEqual(once);
          checkSummary(once);
        },
      ),
    );
  });
});

describe('backlog accumulator', () => {
  it('merging any partition through JSON equals one pass; order does not matter; the counts add up (property)', () => {
    fc.assert(
      fc.property(
        fc.array(lifecycleTicket, { maxLength: 30 }),
        fc.nat(),
        backlogOptions,
        fc.array(fc.double({ noNaN: true })),
        (ts, cut, options, keys) => {
          const once = value(backlog(ts, options));
          const k = ts.length === 0 ? 0 : cut % (ts.length + 1);
          const acc = createBacklogAccumulator(options).addAll(ts.slice(0, k));
          acc.merge(
            value(backlogAccumulatorFromJSON(JSON.stringify(createBacklogAccumulator(options).addAll(ts.slice(k))))),
          );
          expect(value(acc.result())).toEqual(once);
          expect(value(value(backlogAccumulatorFromJSON(acc.toJSON())).result())).toEqual(once);
          expect(value(backlog(permute(ts, keys), options))).toEqual(once);
          const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
          expect(sum(once.byAge.map((b) => b.count))).toBe(once.total);
          expect(sum(Object.values(once.byPriority))).toBe(once.total);
          expect(sum(Object.values(once.byStatus))).toBe(once.total);
          expect(once.total).toBeLessThanOrEqual(ts.length);
        },
      ),
    );
  });
});

describe('lead-response-time accumulator', () => {
  it('merging any partition through JSON equals one pass; order does not matter; leads = answered + unanswered (property)', () => {
    fc.assert(
      fc.property(
        leadItems,
        fc.nat(),
        timeOptions,
        fc.array(fc.double({ noNaN: true })),
        (items, cut, options, keys) => {
          const leads = items.map((i) => i.lead);
          const activities = items.flatMap((i) => i.activities);
          const once = value(leadResponseTime(leads, activities, options));
          const k = items.length === 0 ? 0 : cut % (items.length + 1);
          const acc = createLeadResponseTimeAccumulator(options).addAll(items.slice(0, k));
          acc.merge(
            value(
              leadResponseTimeAccumulatorFromJSON(
                JSON.stringify(createLeadResponseTimeAccumulator(options).addAll(items.slice(k))),
              ),
            ),
          );
          expect(value(acc.result())).toEqual(once);
          expect(value(value(leadResponseTimeAccumulatorFromJSON(acc.toJSON())).result())).toEqual(once);
          expect(value(leadResponseTime(permute(leads, keys), permute(activities, keys.slice(1)), options))).toEqual(
            once,
          );
          expect(once.leads).toBe(once.count + once.unanswered);
          checkSummary(once);
        },
      ),
    );
  });
});

describe('the properties above', () => {
  it('measured real samples', () => {
    expect(measured).toBeGreaterThan(100);
  });
});

// ---- bad input ------------------------------------------------------------------------------------
describe('bad input of the accumulators', () => {
  const good = { ticket: { id: 'a', createdAt: at(0) }, replies: [] };
  it('reports the first bad item at its stream position, across merges', () => {
    const bad = {
      ticket: { id: 'b', createdAt: at(DAY) },
      replies: [{ kind: 'email', direction: 'outbound' as const, occurredAt: at(0) }],
    };
    expectInvalid(createFirstResponseTimeAccumulator().add(good).add(bad).result(), [1, 'replies', 0, 'occurredAt']);
    const acc = createNextResponseTimeAccumulator().add(good);
    acc.merge(
      createNextResponseTimeAccumulator()
        .add(good)
        .add({ ticket: { id: 'c', createdAt: new Date('x') } }),
    );
    expectInvalid(acc.result(), [2, 'ticket', 'createdAt']);
    expectInvalid(
      createFirstResponseTimeAccumulator()
        .add(null as never)
        .result(),
      [0],
    );
    expectInvalid(
      createResolutionTimeAccumulator()
        .add({ createdAt: at(0), status: 'x' as never })
        .result(),
      [0, 'status'],
    );
    expectInvalid(
      createBacklogAccumulator({ asOf: at(0) })
        .add({ createdAt: at(0), status: 'new', priority: 'p0' as never })
        .result(),
      [0, 'priority'],
    );
    expectInvalid(
      createLeadResponseTimeAccumulator()
        .add({
          lead: { id: 'l', createdAt: at(DAY) },
          activities: [{ kind: 'call', direction: 'outbound', occurredAt: at(0) }],
        })
        .result(),
      [0, 'activities', 0, 'occurredAt'],
    );
  });

  it('constructors throw a CrmError for bad options; merging other options throws', () => {
    expect(() => createFirstResponseTimeAccumulator({ asOf: new Date('x') })).toThrow(/asOf/);
    expect(() => createFirstResponseTimeAccumulator({ replies: [] } as never)).toThrow(
      /unknown key 'replies'; allowed: period, asOf/,
    );
    expect(() => createResolutionTimeAccumulator({ period: { start: at(1), end: at(0) } })).toThrow(/period/);
    expect(() => createBacklogAccumulator({} as never)).toThrow(/asOf/);
    expect(() => createBacklogAccumulator({ asOf: at(0), buckets: [2, 1] })).toThrow(/increase/);
    expect(() => createLeadResponseTimeAccumulator({ asOf: 5 } as never)).toThrow(/asOf/);
    expect(() =>
      createFirstResponseTimeAccumulator().merge(createFirstResponseTimeAccumulator({ asOf: at(0) })),
    ).toThrow(/options/);
    expect(() => createBacklogAccumulator({ asOf: at(0) }).merge(createBacklogAccumulator({ asOf: at(1) }))).toThrow(
      /options/,
    );
    expect(() => createFirstResponseTimeAccumulator().merge(createNextResponseTimeAccumulator() as never)).toThrow(
      /kind/,
    );
    expect(() => createFirstResponseTimeAccumulator().addAll(5 as never)).toThrow(/iterable/);
  });

  it('…FromJSON refuses forged or malformed states without throwing', () => {
    const s = createFirstResponseTimeAccumulator()
      .add({ ticket: { id: 'a', createdAt: at(0), firstResponseAt: at(60_000) } })
      .toJSON();
    expect(s.data).toEqual([1]);
    for (const forged of [
      'not json',
      null,
      { ...s, data: [-1] },
      { ...s, data: [Number.NaN] },
      { ...s, data: 'x' },
      { ...s, options: { period: 'x', asOf: null } },
      { ...s, options: { period: null, asOf: 'yesterday' } },
      { ...s, options: { period: null, asOf: null, calendar: 1 } },
      { ...s, kind: 'nps' },
    ])
      expect(firstResponseTimeAccumulatorFromJSON(forged).ok).toBe(false);
    const b = createBacklogAccumulator({ asOf: at(0) }).toJSON();
    for (const forged of [
      { ...b, data: { ...b.data, byAge: [1, 2] } },
      { ...b, data: { ...b.data, byStatus: [0, 0, -1] } },
      { ...b, options: { ...b.options, buckets: [3, 1] } },
      { ...b, options: { ...b.options, asOf: 7 } },
    ])
      expect(backlogAccumulatorFromJSON(forged).ok).toBe(false);
    const l = createLeadResponseTimeAccumulator().toJSON();
    for (const forged of [
      { ...l, data: { minutes: [1], leads: 0, unanswered: 0 } },
      { ...l, data: { minutes: [], leads: 1.5, unanswered: 0 } },
      { ...l, data: [] },
    ])
      expect(leadResponseTimeAccumulatorFromJSON(forged).ok).toBe(false);
    const cyclic: Record<string, unknown> = { kind: 'resolution_time', version: 1, count: 0, firstInvalid: null };
    cyclic['options'] = cyclic;
    expect(resolutionTimeAccumulatorFromJSON(cyclic).ok).toBe(false);
  });
});
