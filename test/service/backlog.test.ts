// Issue 15 §5: backlog(tickets, { asOf }) — a worked example by hand, the status at a past instant
// from the history, tickets without a history, custom buckets, and bad input.
import { describe, expect, it } from 'vitest';
import { backlog, type BacklogTicket } from '../../src/service/backlog.js';
import { expectInvalid, value } from '../metrics/_helpers.js';

const asOf = new Date('2026-03-31T12:00:00Z');
const daysAgo = (n: number) => new Date(asOf.getTime() - n * 86_400_000);
const hoursAgo = (n: number) => new Date(asOf.getTime() - n * 3_600_000);

describe('backlog', () => {
  // Worked by hand: ages 0.5, 1 (edge: in 1–3), 2.9, 3, 6.99, 7, 29, 30, 400 days; one resolved, one
  // created after asOf, one reopened, one pending.
  const tickets: BacklogTicket[] = [
    { createdAt: daysAgo(0.5), status: 'new', priority: 'urgent' },
    { createdAt: daysAgo(1), status: 'open', priority: 'high' },
    { createdAt: daysAgo(2.9), status: 'pending', priority: 'normal' },
    { createdAt: daysAgo(3), status: 'open', priority: 'normal' },
    { createdAt: daysAgo(6.99), status: 'open', priority: 'low' },
    { createdAt: daysAgo(7), status: 'open', priority: 'normal' },
    { createdAt: daysAgo(29), status: 'open', priority: 'normal' },
    { createdAt: daysAgo(30), status: 'pending', priority: 'high' },
    { createdAt: daysAgo(400), status: 'open', priority: 'low' },
    { createdAt: daysAgo(2), status: 'resolved', priority: 'urgent', resolvedAt: daysAgo(1) }, // done
    { createdAt: hoursAgo(-1), status: 'new', priority: 'urgent' }, // not created yet
    {
      createdAt: daysAgo(10),
      status: 'open', // reopened: in the backlog
      priority: 'high',
      statusHistory: [
        { from: null, to: 'new', at: daysAgo(10) },
        { from: 'new', to: 'resolved', at: daysAgo(9) },
        { from: 'resolved', to: 'open', at: daysAgo(2) },
      ],
      resolvedAt: null,
    },
  ];

  it('counts the open tickets by age bucket, priority and status', () => {
    const r = value(backlog(tickets, { asOf }));
    expect(r.total).toBe(10);
    expect(r.unit).toBe('days');
    expect(r.byAge).toEqual([
      { from: 0, to: 1, count: 1 },
      { from: 1, to: 3, count: 2 },
      { from: 3, to: 7, count: 2 },
      { from: 7, to: 30, count: 3 },
      { from: 30, to: null, count: 2 },
    ]);
    expect(r.byPriority).toEqual({ low: 2, normal: 4, high: 3, urgent: 1 });
    expect(r.byStatus).toEqual({ new: 1, open: 7, pending: 2 });
    expect(r.asOf).toEqual(asOf);
    expect(Object.isFrozen(r) && Object.isFrozen(r.byAge) && Object.isFrozen(r.byPriority)).toBe(true);
  });

  it('reads the status at a past asOf from the history', () => {
    const reopened = tickets[tickets.length - 1]!;
    // New 10 days ago, resolved 9 days ago, reopened 2 days ago.
    expect(value(backlog([reopened], { asOf: daysAgo(9.5) })).byStatus).toEqual({ new: 1, open: 0, pending: 0 });
    expect(value(backlog([reopened], { asOf: daysAgo(5) })).total).toBe(0);
    expect(value(backlog([reopened], { asOf: daysAgo(1) })).byStatus).toEqual({ new: 0, open: 1, pending: 0 });
    expect(value(backlog([reopened], { asOf: daysAgo(11) })).total).toBe(0); // not created yet
    // Without a history, a resolved ticket is open (as 'open') until its resolvedAt.
    const old: BacklogTicket = { createdAt: daysAgo(5), status: 'closed', priority: 'low', closedAt: daysAgo(2) };
    expect(value(backlog([old], { asOf })).total).toBe(0);
    expect(value(backlog([old], { asOf: daysAgo(3) })).byStatus).toEqual({ new: 0, open: 1, pending: 0 });
  });

  it('takes custom edges in hours or days; [] is one bucket', () => {
    const h = value(backlog(tickets, { asOf, buckets: [4, 24, 72], bucketUnit: 'hours' }));
    expect(h.byAge.map((b) => [b.from, b.to, b.count])).toEqual([
      [0, 4, 0],
      [4, 24, 1],
      [24, 72, 2],
      [72, null, 7],
    ]);
    expect(value(backlog(tickets, { asOf, buckets: [] })).byAge).toEqual([{ from: 0, to: null, count: 10 }]);
    expect(value(backlog(tickets, { asOf, buckets: [0.5] })).byAge.map((b) => b.count)).toEqual([0, 10]);
  });

  it('empty input: every count 0', () => {
    const r = value(backlog([], { asOf }));
    expect(r.total).toBe(0);
    expect(r.byAge.map((b) => b.count)).toEqual([0, 0, 0, 0, 0]);
  });

  it('bad input is validation_failed with the path', () => {
    const t: BacklogTicket = { createdAt: daysAgo(1), status: 'open', priority: 'low' };
    expectInvalid(backlog([t], undefined as never), ['options', 'asOf']);
    expectInvalid(backlog([t], { asOf: new Date('x') }), ['options', 'asOf']);
    expectInvalid(backlog([t], { asOf, bucket: [1] } as never), ['options']);
    expectInvalid(backlog([t], { asOf, buckets: [1, 1] }), ['options', 'buckets', 1]);
    expectInvalid(backlog([t], { asOf, buckets: [3, 2] }), ['options', 'buckets', 1]);
    expectInvalid(backlog([t], { asOf, buckets: [0, 2] }), ['options', 'buckets', 0]);
    expectInvalid(backlog([t], { asOf, buckets: [-1] }), ['options', 'buckets', 0]);
    expectInvalid(backlog([t], { asOf, buckets: [1, Number.NaN] }), ['options', 'buckets', 1]);
    expectInvalid(backlog([t], { asOf, buckets: [1, Infinity] }), ['options', 'buckets', 1]);
    expectInvalid(backlog([t], { asOf, buckets: '1,3' as never }), ['options', 'buckets']);
    expectInvalid(backlog([t], { asOf, buckets: Array.from({ length: 1001 }, (_, i) => i + 1) }), [
      'options',
      'buckets',
    ]);
    expectInvalid(backlog([t], { asOf, bucketUnit: 'weeks' as never }), ['options', 'bucketUnit']);
    expectInvalid(backlog([t, { ...t, priority: 'p1' as never }], { asOf }), [1, 'priority']);
    expectInvalid(backlog([{ ...t, createdAt: new Date('x') }], { asOf }), [0, 'createdAt']);
    expectInvalid(backlog({} as never, { asOf }), []);
  });
});
