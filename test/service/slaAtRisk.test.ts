/**
 * slaAtRisk: the running targets about to breach, soonest first; replies passed as a flat list,
 * a Map, an object or a function; breached, paused and policy-less tickets left out; bad input.
 */
import { describe, expect, it } from 'vitest';
import { unwrap } from '../../src/core/result.js';
import { defineSlaPolicy, slaAtRisk } from '../../src/service/index.js';
import { jakarta, repliesOn, ticketAt } from './_tickets.js';

const policy = unwrap(
  defineSlaPolicy({
    id: 'std',
    default: true,
    priorities: { high: { firstResponse: 240, resolution: 960 }, urgent: { firstResponse: 60, resolution: 480 } },
    calendar: jakarta,
    pauseWhile: ['pending'],
  }),
);
// Tuesday 2026-03-10, Jakarta (UTC+7). asOf 11:00 Jakarta (04:00Z).
const asOf = new Date('2026-03-10T04:00:00Z');
const a = ticketAt('2026-03-10T01:00:00Z', {}, [], 'a'); // high, 08:00: 180 elapsed, first response due 12:00 → 60 left
const b = ticketAt('2026-03-10T03:30:00Z', { priority: 'urgent' }, [], 'b'); // urgent, 10:30: due 11:30 → 30 left
const c = ticketAt('2026-03-10T01:00:00Z', { priority: 'urgent' }, [], 'c'); // urgent, 08:00: due 09:00 → breached
const d = ticketAt(
  '2026-03-10T03:00:00Z',
  { priority: 'urgent' },
  [
    ['open', '2026-03-10T03:00:00Z'],
    ['pending', '2026-03-10T03:10:00Z'],
  ],
  'd',
); // paused
const e = ticketAt('2026-03-10T03:45:00Z', { priority: 'urgent' }, [], 'e'); // urgent, 10:45: due 11:45, but answered

describe('slaAtRisk', () => {
  it('lists running targets with at most withinMinutes left, soonest due first', () => {
    const replies = repliesOn(e, [['agent', '2026-03-10T03:50:00Z']]);
    const r = unwrap(slaAtRisk([policy], [a, b, c, d, e], { asOf, withinMinutes: 60, replies }));
    expect(r.map((x) => [x.ticketId, x.target, x.remainingBusinessMinutes, x.minutesUntilDue])).toEqual([
      ['b', 'firstResponse', 30, 30],
      ['a', 'firstResponse', 60, 60],
    ]);
    expect(r[0]).toMatchObject({ policyId: 'std', priority: 'urgent', dueAt: new Date('2026-03-10T04:30:00Z') });
    expect(r[0]?.status.state).toBe('running');
    expect(Object.isFrozen(r)).toBe(true);
    // Tighter window: only b.
    expect(
      unwrap(slaAtRisk([policy], [a, b, c, d, e], { asOf, withinMinutes: 59, replies })).map((x) => x.ticketId),
    ).toEqual(['b']);
    // Without e's reply, e is at risk too (45 minutes left).
    expect(unwrap(slaAtRisk([policy], [e], { asOf, withinMinutes: 45 })).map((x) => x.ticketId)).toEqual(['e']);
  });

  it('counts business minutes: at Friday 16:50, a target due Monday 08:20 is 30 minutes away', () => {
    const friday = ticketAt('2026-03-13T09:20:00Z', {}, [], 'f'); // Fri 16:20 high → 240 min: 40 Fri + 200 Mon → Mon 11:20
    const r = unwrap(slaAtRisk([policy], [friday], { asOf: new Date('2026-03-13T09:50:00Z'), withinMinutes: 210 }));
    expect(r.map((x) => [x.remainingBusinessMinutes, x.dueAt.toISOString()])).toEqual([
      [210, '2026-03-16T04:20:00.000Z'],
    ]);
  });

  it('takes replies as a flat list, a Map, an object or a function; tickets created after asOf and without a policy are skipped', () => {
    const replies = repliesOn(a, [['agent', '2026-03-10T02:00:00Z']]);
    const forms = [
      replies,
      new Map([['a', replies]]),
      { a: replies },
      (id: string) => (id === 'a' ? replies : undefined),
    ];
    for (const form of forms)
      expect(unwrap(slaAtRisk([policy], [a], { asOf, withinMinutes: 60, replies: form })), String(form)).toEqual([]);
    const future = ticketAt('2026-03-10T05:00:00Z', {}, [], 'future');
    expect(unwrap(slaAtRisk([policy], [future], { asOf, withinMinutes: 1e6 }))).toEqual([]);
    const narrow = unwrap(
      defineSlaPolicy({
        id: 'n',
        when: { field: 'type', op: 'eq', value: 'incident' },
        priorities: { high: { firstResponse: 1 } },
      }),
    );
    expect(unwrap(slaAtRisk([narrow], [a], { asOf, withinMinutes: 1e6 }))).toEqual([]);
    expect(unwrap(slaAtRisk([policy], [], { asOf, withinMinutes: 10 }))).toEqual([]);
  });

  it('bad input: not policies, a bad ticket, a bad window, unlinked replies, unknown keys', () => {
    const fail = (r: { ok: boolean; error?: { issues: readonly { path: readonly unknown[] }[] } }) => {
      expect(r.ok).toBe(false);
      return r.error!.issues[0]!.path;
    };
    expect(fail(slaAtRisk([{}] as never, [a], { asOf, withinMinutes: 1 }))).toEqual(['policies', 0]);
    expect(fail(slaAtRisk([policy], [a, { ...b, createdAt: 'x' }] as never, { asOf, withinMinutes: 1 }))).toEqual([
      'tickets',
      1,
      'createdAt',
    ]);
    expect(fail(slaAtRisk([policy], [a], { asOf, withinMinutes: -1 }))).toEqual(['options', 'withinMinutes']);
    expect(fail(slaAtRisk([policy], [a], { asOf, withinMinutes: Number.NaN }))).toEqual(['options', 'withinMinutes']);
    const [reply] = repliesOn(a, [['agent', '2026-03-10T02:00:00Z']]);
    // A flat list's activities linked to no ticket are not read (as the metrics and segmentMembers do);
    // a reply that is not an object is refused at its index, a bad one at its index and field.
    const unlinked = slaAtRisk([policy], [a], { asOf, withinMinutes: 1e6, replies: [{ ...reply!, ticketId: null }] });
    expect(unwrap(unlinked)).toHaveLength(2);
    expect(fail(slaAtRisk([policy], [a], { asOf, withinMinutes: 1, replies: [reply!, 7 as never] }))).toEqual([
      'options',
      'replies',
      1,
    ]);
    const early = { ...reply!, occurredAt: new Date(0) };
    expect(fail(slaAtRisk([policy], [a], { asOf, withinMinutes: 1, replies: [early] }))).toEqual([
      'options',
      'replies',
      0,
      'occurredAt',
    ]);
    expect(fail(slaAtRisk([policy], [a], { asOf, withinMinutes: 1, replies: 3 as never }))).toEqual([
      'options',
      'replies',
    ]);
    expect(fail(slaAtRisk([policy], [a], { asOf, withinMinutes: 1, limit: 3 } as never))).toEqual(['options']);
    expect(fail(slaAtRisk([policy], 'x' as never, { asOf, withinMinutes: 1 }))).toEqual(['tickets']);
    // Found by the fuzzer: an object whose toString cannot run, and an array whose getter throws.
    expect(fail(slaAtRisk([policy], [a], { asOf, withinMinutes: { toString: null } as never }))).toEqual([
      'options',
      'withinMinutes',
    ]);
    const hostile = Object.defineProperty([a], 0, {
      get() {
        throw new Error('getter');
      },
    });
    expect(fail(slaAtRisk([policy], hostile, { asOf, withinMinutes: 1 }))).toEqual([]);
    // The caller's own replies function throwing is the caller's error, unchanged.
    expect(() =>
      slaAtRisk([policy], [a], {
        asOf,
        withinMinutes: 1,
        replies: () => {
          throw new RangeError('mine');
        },
      }),
    ).toThrow('mine');
  });
});
