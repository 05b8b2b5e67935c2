// Issue 15 §5: firstResponseTime and nextResponseTime — known values from R, the four forms of
// `replies`, `period` (by the answer) and `asOf`, and bad input.
import { describe, expect, it } from 'vitest';
import { firstResponseTime } from '../../src/service/firstResponseTime.js';
import { nextResponseTime } from '../../src/service/nextResponseTime.js';
import type { ReplyActivity, ResponseTimeTicket } from '../../src/service/ticketReplies.js';
import { monthPeriod, period } from '../../src/time/period.js';
import { expectFinite, expectInvalid, value } from '../metrics/_helpers.js';

const T0 = Date.parse('2026-03-02T09:00:00Z');
const min = (m: number) => new Date(T0 + m * 60_000);
const sec = (s: number) => new Date(T0 + s * 1000);
const out = (at: Date, ticketId?: string): ReplyActivity => ({
  kind: 'email',
  direction: 'outbound',
  occurredAt: at,
  ticketId,
});
const inb = (at: Date, ticketId?: string): ReplyActivity => ({
  kind: 'message',
  direction: 'inbound',
  occurredAt: at,
  ticketId,
});

// R 4.x: x <- c(15, 42, 7.5, 180, 60, 33, 1440, 5, 90, 12.25)
//        sprintf("%.17g", c(mean(x), quantile(x, c(0.5, 0.9), type = 7)))
//        "188.47499999999999" "37.5" "305.99999999999955"
const FIRST = [15, 42, 7.5, 180, 60, 33, 1440, 5, 90, 12.25];
const tickets: ResponseTimeTicket[] = FIRST.map((_, i) => ({ id: `t${i}`, createdAt: min(i * 10) }));
const replies: ReplyActivity[] = FIRST.flatMap((m, i) => [
  { kind: 'note', direction: 'internal', occurredAt: min(i * 10 + m / 2), ticketId: `t${i}` }, // never counts
  out(min(i * 10 + m), `t${i}`),
  out(min(i * 10 + m + 500), `t${i}`), // a later reply does not change the first
]);

describe('firstResponseTime', () => {
  it('equals R on ten tickets (mean, type-7 median and p90)', () => {
    const r = value(firstResponseTime(tickets, { replies }));
    expect(r).toEqual({
      count: 10,
      mean: 188.47499999999999,
      median: 37.5,
      p90: 305.99999999999955,
      unit: 'calendar_minutes',
    });
  });

  it('equals R on durations of whole seconds (fractional minutes)', () => {
    // R: z <- c(20, 40, 140, 857, 3601, 59) / 60; c(mean(z), quantile(z, c(0.5, 0.9)))
    //    "13.102777777777778" "1.6583333333333334" "37.149999999999999"
    const s = [20, 40, 140, 857, 3601, 59];
    const ts = s.map((_, i) => ({ id: `s${i}`, createdAt: sec(0), firstResponseAt: sec(s[i]!) }));
    const r = value(firstResponseTime(ts));
    expect(r).toMatchObject({ count: 6, median: 1.6583333333333334, p90: 37.149999999999999 });
    // R's mean() adds a long-double correction pass; the compensated sum of the sorted minutes is
    // within an ulp of it (the bar: 1e-13 relative).
    expect(Math.abs(r.mean! - 13.102777777777778) / 13.102777777777778).toBeLessThan(1e-13);
  });

  it('gives count 0 and null statistics on empty input and on unanswered tickets, never NaN', () => {
    const empty = { count: 0, mean: null, median: null, p90: null, unit: 'calendar_minutes' };
    expect(value(firstResponseTime([]))).toEqual(empty);
    expect(value(firstResponseTime(tickets))).toEqual(empty);
    expect(value(firstResponseTime(tickets, { replies: [inb(min(3), 't0')] }))).toEqual(empty);
    expect(value(firstResponseTime([], null))).toEqual(empty);
  });

  it('reads replies as a flat list, a Map, an object or a function — the same result', () => {
    const byId = new Map<string, ReplyActivity[]>();
    for (const r of replies) byId.set(r.ticketId!, [...(byId.get(r.ticketId!) ?? []), r]);
    const expected = value(firstResponseTime(tickets, { replies }));
    expect(value(firstResponseTime(tickets, { replies: byId }))).toEqual(expected);
    expect(value(firstResponseTime(tickets, { replies: Object.fromEntries(byId) }))).toEqual(expected);
    expect(value(firstResponseTime(tickets, { replies: (id) => byId.get(id) }))).toEqual(expected);
    // An object's inherited keys are not a ticket's replies.
    expect(value(firstResponseTime([{ id: 'constructor', createdAt: min(0) }], { replies: {} })).count).toBe(0);
  });

  it('takes firstResponseAt when it is earlier than the first listed reply, or when none is listed', () => {
    const t = { id: 'a', createdAt: min(0), firstResponseAt: min(20) };
    expect(value(firstResponseTime([t])).mean).toBe(20);
    expect(value(firstResponseTime([t], { replies: [out(min(5), 'a')] })).mean).toBe(5);
    expect(value(firstResponseTime([t], { replies: [out(min(50), 'a')] })).mean).toBe(20);
  });

  it('counts a ticket in the period its first response falls in, and sees nothing after asOf', () => {
    // Created on 31 March, answered on 1 April: April's figure, not March's.
    const late = { id: 'late', createdAt: new Date('2026-03-31T23:00:00Z') };
    const rs = [out(new Date('2026-04-01T01:00:00Z'), 'late')];
    expect(value(firstResponseTime([late], { replies: rs, period: monthPeriod('2026-03-01') })).count).toBe(0);
    expect(value(firstResponseTime([late], { replies: rs, period: monthPeriod('2026-04-01') })).mean).toBe(120);
    expect(value(firstResponseTime([late], { replies: rs, asOf: new Date('2026-04-01T00:30:00Z') })).count).toBe(0);
    expect(value(firstResponseTime([late], { replies: rs, asOf: new Date('2026-04-01T01:00:00Z') })).count).toBe(1);
    // An empty period measures nothing.
    expect(value(firstResponseTime(tickets, { replies, period: period(min(0), min(0)) })).count).toBe(0);
  });

  it('gives no NaN or Infinity on extreme instants', () => {
    const far = { id: 'f', createdAt: new Date(-8.64e15), firstResponseAt: new Date(8.64e15) };
    const r = value(firstResponseTime([far]));
    expectFinite(r);
  });
});

describe('nextResponseTime', () => {
  it('measures each answered wait after the first response; an open wait is left out', () => {
    const t = { id: 'a', createdAt: min(0) };
    const rs = [
      out(min(10)),
      inb(min(20)),
      inb(min(25)), // same wait
      out(min(60)), // 40
      inb(min(100)),
      out(min(103)), // 3
      inb(min(200)), // open
    ];
    expect(value(nextResponseTime([t], { replies: new Map([['a', rs]]) }))).toEqual({
      count: 2,
      mean: 21.5,
      median: 21.5,
      p90: 36.3, // R: quantile(c(3, 40), 0.9) = 36.3
      unit: 'calendar_minutes',
    });
    // Before the first response, requester messages start no next wait.
    expect(value(nextResponseTime([t], { replies: { a: [inb(min(1)), out(min(2))] } })).count).toBe(0);
  });

  it('counts waits by the period of their answer', () => {
    const t = { id: 'a', createdAt: new Date('2026-03-30T00:00:00Z') };
    const rs = [
      out(new Date('2026-03-30T01:00:00Z'), 'a'),
      inb(new Date('2026-03-31T23:00:00Z'), 'a'),
      out(new Date('2026-04-01T00:30:00Z'), 'a'),
    ];
    expect(value(nextResponseTime([t], { replies: rs, period: monthPeriod('2026-03-01') })).count).toBe(0);
    expect(value(nextResponseTime([t], { replies: rs, period: monthPeriod('2026-04-01') })).mean).toBe(90);
  });
});

describe('bad input of the response-time metrics', () => {
  for (const [name, fn] of [
    ['firstResponseTime', firstResponseTime],
    ['nextResponseTime', nextResponseTime],
  ] as const) {
    it(`${name}: a reply before the ticket's creation, at its index in the flat list`, () => {
      const r = fn(tickets, { replies: [...replies, out(min(-1), 't0')] });
      expectInvalid(r, ['options', 'replies', replies.length, 'occurredAt']);
      expect(!r.ok && r.error.issues[0]!.code).toBe('before_creation');
      // In a Map: at the ticket id and the index in its list.
      expectInvalid(fn(tickets, { replies: new Map([['t3', [out(min(0))]]]) }), [
        'options',
        'replies',
        't3',
        0,
        'occurredAt',
      ]);
    });

    it(`${name}: unknown option keys, wrong types, invalid dates`, () => {
      expect(expectInvalid(fn(tickets, { replys: [] } as never), ['options'])).toMatch(
        /unknown key 'replys'; allowed: replies, period, asOf/,
      );
      expectInvalid(fn(tickets, 'x' as never), ['options']);
      expectInvalid(fn(tickets, { asOf: new Date('nope') }), ['options', 'asOf']);
      expectInvalid(fn(tickets, { asOf: '2026-03-01' as never }), ['options', 'asOf']);
      expectInvalid(fn(tickets, { period: { start: min(5), end: min(0) } }), ['options', 'period']);
      expectInvalid(fn(tickets, { replies: 42 as never }), ['options', 'replies']);
      expectInvalid(fn(tickets, { replies: [null] as never }), ['options', 'replies', 0]);
      expectInvalid(fn(tickets, { replies: { t1: 'x' } as never }), ['options', 'replies', 't1']);
      expectInvalid(fn('tickets' as never), []);
      expectInvalid(fn([null] as never), [0]);
      expectInvalid(fn([{ id: 1, createdAt: min(0) }] as never), [0, 'id']);
      expectInvalid(fn([{ id: 'a', createdAt: new Date('nope') }]), [0, 'createdAt']);
      expectInvalid(fn([{ id: 'a', createdAt: min(5), firstResponseAt: min(1) }]), [0, 'firstResponseAt']);
      expectInvalid(fn([{ id: 'a', createdAt: min(5), firstResponseAt: 'soon' as never }]), [0, 'firstResponseAt']);
      expectInvalid(fn(tickets, { replies: [{ ...out(min(5), 't1'), occurredAt: new Date('x') }] }), [
        'options',
        'replies',
        0,
        'occurredAt',
      ]);
      // A reply listed for another ticket.
      expectInvalid(fn(tickets, { replies: { t1: [out(min(20), 't2')] } }), [
        'options',
        'replies',
        't1',
        0,
        'ticketId',
      ]);
    });

    it(`${name}: never throws for unreadable input; a replies function's own error propagates`, () => {
      const hostile = {
        id: 'a',
        get createdAt(): Date {
          throw new Error('boom');
        },
      };
      const r = fn([hostile]);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error.code).toBe('validation_failed');
      expect(() =>
        fn(tickets, {
          replies: () => {
            throw new RangeError('mine');
          },
        }),
      ).toThrow(RangeError);
    });

    it(`${name}: reports every bad ticket, with its path`, () => {
      const r = fn([
        { id: 'a', createdAt: new Date('x') },
        { id: 'b', createdAt: min(0) },
        { id: 'c', createdAt: 'x' as never },
      ]);
      expect(!r.ok && r.error.issues.map((i) => i.path)).toEqual([
        [0, 'createdAt'],
        [2, 'createdAt'],
      ]);
    });
  }

  it('does not change its input', () => {
    const ts = structuredClone(tickets);
    const rs = structuredClone(replies);
    firstResponseTime(ts, { replies: rs });
    expect(ts).toEqual(tickets);
    expect(rs).toEqual(replies);
    expect(Object.isFrozen(value(firstResponseTime(ts, { replies: rs })))).toBe(true);
  });
});
