/**
 * slaStatus: hand-computed known values on a Jakarta business calendar (a ticket opened Friday
 * 16:30 over a Monday holiday, a pause in pending across a weekend, next-response waits, a reopen),
 * both DST days, the priority re-plan, tickets without history, properties (elapsed monotone in
 * asOf, paused time never counts, agreement with a direct computation in calendar hours), and bad
 * input.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { unwrap } from '../../src/core/result.js';
import { fixedClock } from '../../src/core/clock.js';
import { parseTicket, updateTicket, type Ticket, type TicketStatus } from '../../src/entities/index.js';
import { ticketLifecycle, nextStates } from '../../src/pipeline/index.js';
import {
  businessMinutesBetween,
  defineBusinessCalendar,
  defineSlaPolicy,
  nextResponseTime,
  slaStatus,
  transitionTicket,
  type SlaPolicySpec,
} from '../../src/service/index.js';
import { jakarta, repliesOn, ticketAt } from './_tickets.js';

const policy = (spec: Partial<SlaPolicySpec> = {}) =>
  unwrap(
    defineSlaPolicy({
      id: 'std',
      priorities: { high: { firstResponse: 240, nextResponse: 120, resolution: 960 }, urgent: { firstResponse: 60 } },
      calendar: jakarta,
      pauseWhile: ['pending'],
      ...spec,
    }),
  );
const at = (iso: string) => new Date(iso);

describe('slaStatus: known values on the Jakarta calendar (Mon–Fri 08–12, 13–17, UTC+7; Mon 2026-03-09 a holiday)', () => {
  // Opened Friday 2026-03-06 16:30 Jakarta (09:30Z), first response target 4 business hours.
  const friday = ticketAt('2026-03-06T09:30:00Z');

  it('Friday 16:30 with a 4-hour first response over a Monday holiday: due Tuesday 11:30', () => {
    // Fri 16:30–17:00 = 30 min; Sat, Sun closed; Mon a holiday; Tue 08:00–11:30 = 210 → 240 at Tue 11:30 (04:30Z).
    // At Tue 10:00 (03:00Z): 30 + 120 = 150 elapsed, 90 left.
    const s = unwrap(slaStatus(policy(), friday, { asOf: at('2026-03-10T03:00:00Z') }));
    expect(s.firstResponse).toMatchObject({
      dueAt: at('2026-03-10T04:30:00Z'),
      elapsedBusinessMinutes: 150,
      remainingBusinessMinutes: 90,
      state: 'running',
      metAt: null,
      breachedAt: null,
    });
    // Resolution 16 business hours: 30 (Fri) + 480 (Tue) + Wed 08–12 (240) + 13:00–16:30 (210) = 960 → Wed 16:30 (09:30Z).
    expect(s.resolution?.dueAt).toEqual(at('2026-03-11T09:30:00Z'));
    expect(s.nextResponse).toBeNull();
  });

  it('a reply exactly at the due time is met; a minute later it is breached, at the due time', () => {
    const onTime = repliesOn(friday, [['agent', '2026-03-10T04:30:00Z']]);
    const met = unwrap(slaStatus(policy(), friday, { asOf: at('2026-03-10T06:00:00Z'), replies: onTime }));
    expect(met.firstResponse).toMatchObject({
      state: 'met',
      metAt: at('2026-03-10T04:30:00Z'),
      elapsedBusinessMinutes: 240,
    });
    const late = repliesOn(friday, [['agent', '2026-03-10T04:31:00Z']]);
    const breached = unwrap(slaStatus(policy(), friday, { asOf: at('2026-03-10T06:00:00Z'), replies: late }));
    expect(breached.firstResponse).toMatchObject({
      state: 'breached',
      breachedAt: at('2026-03-10T04:30:00Z'),
      elapsedBusinessMinutes: 241,
      remainingBusinessMinutes: 0,
    });
  });

  it('due Friday 17:00 and answered Saturday: breached, though no business minute passed after 17:00', () => {
    // Opened Fri 13:00 (06:00Z), target 240 → due Fri 17:00 (10:00Z); reply Sat 10:00 (03:00Z on the 7th).
    const t = ticketAt('2026-03-06T06:00:00Z');
    const s = unwrap(
      slaStatus(policy(), t, {
        asOf: at('2026-03-07T05:00:00Z'),
        replies: repliesOn(t, [['agent', '2026-03-07T03:00:00Z']]),
      }),
    );
    expect(s.firstResponse).toMatchObject({
      state: 'breached',
      dueAt: at('2026-03-06T10:00:00Z'),
      elapsedBusinessMinutes: 240,
    });
    // Without the reply, at Saturday 12:00 it is breached too (the due time has passed).
    expect(unwrap(slaStatus(policy(), t, { asOf: at('2026-03-07T05:00:00Z') })).firstResponse?.state).toBe('breached');
  });

  it('pending across a weekend and the holiday does not count', () => {
    // Thu 2026-03-05 15:00 (08:00Z) opened; pending Fri 10:00 (03:00Z) … open again Tue 09:00 (02:00Z).
    const t = ticketAt('2026-03-05T08:00:00Z', {}, [
      ['open', '2026-03-05T08:00:00Z'],
      ['pending', '2026-03-06T03:00:00Z'],
      ['open', '2026-03-10T02:00:00Z'],
    ]);
    // Before the pause: Thu 15–17 (120) + Fri 08–10 (120) = 240. From Tue 09:00: 09–12 (180) → 420,
    // 13–17 (240) → 660, Wed 08–12 (240) → 900, 13:00–14:00 (60) → 960 at Wed 14:00 (07:00Z).
    const asOf = at('2026-03-11T03:00:00Z'); // Wed 10:00: 240 + 420 + 120 = 780
    const s = unwrap(slaStatus(policy(), t, { asOf }));
    expect(s.resolution).toMatchObject({
      dueAt: at('2026-03-11T07:00:00Z'),
      elapsedBusinessMinutes: 780,
      remainingBusinessMinutes: 180,
      state: 'running',
    });
    // Without pausing: Thu 120 + Fri 480 + Tue 360 = 960 at Tue 15:00 (08:00Z): breached.
    const plain = unwrap(slaStatus(policy({ pauseWhile: [] }), t, { asOf }));
    expect(plain.resolution).toMatchObject({
      dueAt: at('2026-03-10T08:00:00Z'),
      state: 'breached',
      elapsedBusinessMinutes: 1200,
    });
    // While pending (Saturday), the targets are paused and their due time is projected from asOf.
    const paused = unwrap(slaStatus(policy(), t, { asOf: at('2026-03-07T03:00:00Z') }));
    expect(paused.paused).toBe(true);
    expect(paused.resolution).toMatchObject({
      state: 'paused',
      elapsedBusinessMinutes: 240,
      remainingBusinessMinutes: 720,
    });
    // Projected: 720 business minutes from Saturday: Tue (480, the Monday a holiday) + Wed 08–12 (240) → Wed 12:00 (05:00Z).
    expect(paused.resolution?.dueAt).toEqual(at('2026-03-11T05:00:00Z'));
  });

  it('next-response waits: from the oldest unanswered requester message to the next public reply', () => {
    // Tue 2026-03-10 08:00 (01:00Z) opened; agent 08:30; requester 09:00 and 09:30; agent 11:00; requester 13:00.
    const t = ticketAt('2026-03-10T01:00:00Z');
    const replies = repliesOn(t, [
      ['agent', '2026-03-10T01:30:00Z'],
      ['requester', '2026-03-10T02:00:00Z'],
      ['requester', '2026-03-10T02:30:00Z'],
      ['agent', '2026-03-10T04:00:00Z'],
      ['requester', '2026-03-10T06:00:00Z'],
    ]);
    const s = unwrap(slaStatus(policy(), t, { asOf: at('2026-03-10T07:00:00Z'), replies }));
    expect(s.firstResponse).toMatchObject({ state: 'met', elapsedBusinessMinutes: 30 });
    // 09:00 → 11:00 = 120 = the target: met at the due time.
    expect(s.nextResponses[0]).toMatchObject({
      startedAt: at('2026-03-10T02:00:00Z'),
      metAt: at('2026-03-10T04:00:00Z'),
      dueAt: at('2026-03-10T04:00:00Z'),
      state: 'met',
    });
    // 13:00 → asOf 14:00: 60 elapsed, due 15:00 (08:00Z).
    expect(s.nextResponse).toMatchObject({
      state: 'running',
      elapsedBusinessMinutes: 60,
      dueAt: at('2026-03-10T08:00:00Z'),
    });
    expect(s.nextResponses).toHaveLength(2);
  });

  it('a requester message and a reply at the same instant: the reply answers it, in whichever order they come (found by a property of the metrics)', () => {
    const t = ticketAt('2026-03-10T01:00:00Z');
    const replies = repliesOn(t, [
      ['agent', '2026-03-10T01:30:00Z'],
      ['agent', '2026-03-10T02:00:00Z'],
      ['requester', '2026-03-10T02:00:00Z'],
    ]);
    const asOf = at('2026-03-10T05:00:00Z');
    const given = unwrap(slaStatus(policy(), t, { asOf, replies }));
    const reversed = unwrap(slaStatus(policy(), t, { asOf, replies: [...replies].reverse() }));
    expect(given.nextResponses).toEqual(reversed.nextResponses);
    expect(given.nextResponses).toHaveLength(1);
    expect(given.nextResponses[0]).toMatchObject({ state: 'met', elapsedBusinessMinutes: 0 });
    const count = (r: typeof replies) => unwrap(nextResponseTime([t], { replies: r })).count;
    expect([count(replies), count([...replies].reverse())]).toEqual([1, 1]);
  });

  it('resolution: the time a ticket spends resolved before a reopen does not count', () => {
    // Tue 08:00 opened, resolved 09:00, reopened 10:00, resolved again 11:00: 60 + 60 = 120 minutes.
    const t = ticketAt('2026-03-10T01:00:00Z', {}, [
      ['open', '2026-03-10T01:00:00Z'],
      ['resolved', '2026-03-10T02:00:00Z'],
      ['open', '2026-03-10T03:00:00Z'],
      ['resolved', '2026-03-10T04:00:00Z'],
    ]);
    const s = unwrap(slaStatus(policy(), t, { asOf: at('2026-03-10T09:00:00Z') }));
    expect(s.resolution).toMatchObject({
      state: 'met',
      metAt: at('2026-03-10T04:00:00Z'),
      elapsedBusinessMinutes: 120,
    });
    // As of 10:30 (reopened), it runs again: 60 + 30.
    const mid = unwrap(slaStatus(policy(), t, { asOf: at('2026-03-10T03:30:00Z') }));
    expect(mid.resolution).toMatchObject({ state: 'running', metAt: null, elapsedBusinessMinutes: 90 });
    // Closed counts as solved too: its resolution time is when it entered resolved.
    const closed = unwrap(transitionTicket(ticketLifecycle, t, 'closed', { at: at('2026-03-10T05:00:00Z') })).ticket;
    expect(unwrap(slaStatus(policy(), closed, { asOf: at('2026-03-12T00:00:00Z') })).resolution?.metAt).toEqual(
      at('2026-03-10T04:00:00Z'),
    );
  });

  it('a priority change re-plans the targets from the creation (Zendesk): raising it can breach at once', () => {
    const t = ticketAt('2026-03-10T01:00:00Z'); // Tue 08:00, high: first response 240
    const asOf = at('2026-03-10T03:00:00Z'); // 10:00: 120 elapsed
    expect(unwrap(slaStatus(policy(), t, { asOf })).firstResponse?.state).toBe('running');
    const urgent = unwrap(updateTicket(t, (d) => void (d.priority = 'urgent'), { clock: fixedClock(asOf) }));
    const s = unwrap(slaStatus(policy(), urgent, { asOf }));
    // Urgent: 60 minutes from 08:00 → due 09:00 (02:00Z), already past.
    expect(s.firstResponse).toMatchObject({
      state: 'breached',
      dueAt: at('2026-03-10T02:00:00Z'),
      targetMinutes: 60,
    });
    // The policy sets no resolution for urgent tickets.
    expect(s.resolution).toBeNull();
    // A priority the policy does not cover has no targets at all.
    const low = unwrap(updateTicket(t, (d) => void (d.priority = 'low'), { clock: fixedClock(asOf) }));
    expect(unwrap(slaStatus(policy(), low, { asOf }))).toMatchObject({
      firstResponse: null,
      nextResponse: null,
      resolution: null,
    });
  });

  it('a ticket stored before status histories existed: pending since creation is paused; a resolved one solved at resolvedAt', () => {
    const base = ticketAt('2026-03-10T01:00:00Z');
    const pending = unwrap(parseTicket({ ...base, status: 'pending', statusHistory: [] }));
    const s = unwrap(slaStatus(policy(), pending, { asOf: at('2026-03-10T05:00:00Z') }));
    expect(s.firstResponse).toMatchObject({ state: 'paused', elapsedBusinessMinutes: 0 });
    const solved = unwrap(
      parseTicket({ ...base, status: 'resolved', resolvedAt: at('2026-03-10T02:00:00Z'), statusHistory: [] }),
    );
    expect(unwrap(slaStatus(policy(), solved, { asOf: at('2026-03-10T05:00:00Z') })).resolution).toMatchObject({
      state: 'met',
      elapsedBusinessMinutes: 60,
    });
    // Before its resolvedAt it is read as open.
    expect(unwrap(slaStatus(policy(), solved, { asOf: at('2026-03-10T01:30:00Z') })).resolution?.state).toBe('running');
  });

  it('calendar hours (no calendar): minutes are wall-clock minutes', () => {
    const t = ticketAt('2026-03-07T00:00:00Z'); // a Saturday
    const s = unwrap(slaStatus(policy({ calendar: null }), t, { asOf: at('2026-03-07T03:00:00Z') }));
    expect(s.firstResponse).toMatchObject({ elapsedBusinessMinutes: 180, dueAt: at('2026-03-07T04:00:00Z') });
  });
});

describe('slaStatus across DST switches (the calendar counts real minutes)', () => {
  it('America/New_York, Sunday 2026-03-08 (spring forward): 01:00–05:00 local holds 3 real hours', () => {
    const ny = unwrap(
      defineBusinessCalendar({ timeZone: 'America/New_York', week: { sun: [{ from: '01:00', to: '05:00' }] } }),
    );
    const p = unwrap(defineSlaPolicy({ id: 'ny', priorities: { high: { firstResponse: 180 } }, calendar: ny }));
    // Opened 01:00 EST (06:00Z); 180 minutes end at 05:00 EDT (09:00Z), the interval's end.
    const t = ticketAt('2026-03-08T06:00:00Z');
    const s = unwrap(slaStatus(p, t, { asOf: at('2026-03-08T08:00:00Z') }));
    expect(s.firstResponse).toMatchObject({ dueAt: at('2026-03-08T09:00:00Z'), elapsedBusinessMinutes: 120 });
    // 181 minutes do not fit that Sunday: they end 1 minute into the next Sunday (01:01 EDT = 05:01Z).
    const q = unwrap(defineSlaPolicy({ id: 'ny', priorities: { high: { firstResponse: 181 } }, calendar: ny }));
    expect(unwrap(slaStatus(q, t, { asOf: at('2026-03-08T08:00:00Z') })).firstResponse?.dueAt).toEqual(
      at('2026-03-15T05:01:00Z'),
    );
  });

  it('Europe/Berlin, Sunday 2026-10-25 (fall back): 01:00–05:00 local holds 5 real hours', () => {
    const berlin = unwrap(
      defineBusinessCalendar({ timeZone: 'Europe/Berlin', week: { sun: [{ from: '01:00', to: '05:00' }] } }),
    );
    const p = unwrap(defineSlaPolicy({ id: 'be', priorities: { high: { resolution: 300 } }, calendar: berlin }));
    // Opened 01:00 CEST (23:00Z on the 24th); 300 minutes end at 05:00 CET (04:00Z).
    const t = ticketAt('2026-10-24T23:00:00Z');
    const s = unwrap(slaStatus(p, t, { asOf: at('2026-10-25T02:00:00Z') }));
    expect(s.resolution).toMatchObject({ dueAt: at('2026-10-25T04:00:00Z'), elapsedBusinessMinutes: 180 });
  });
});

/** A random ticket: created at 2026-03-02 plus an offset, then random lifecycle moves at increasing times. */
const ticketArb = fc
  .record({
    start: fc.integer({ min: 0, max: 20 * 86_400 }),
    steps: fc.array(fc.tuple(fc.integer({ min: 1, max: 3 * 86_400 }), fc.nat(3)), { maxLength: 6 }),
    priority: fc.constantFrom('high' as const, 'urgent' as const),
    replies: fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 10 * 86_400 })), { maxLength: 5 }),
  })
  .map(({ start, steps, priority, replies }) => {
    const created = Date.UTC(2026, 2, 2) + start * 1000;
    let t = ticketAt(new Date(created).toISOString(), { priority });
    let now = created;
    for (const [dt, pick] of steps) {
      const options = nextStates(ticketLifecycle, t.status as TicketStatus);
      if (options.length === 0) break;
      now += dt * 1000;
      t = unwrap(transitionTicket(ticketLifecycle, t, options[pick % options.length]!, { at: new Date(now) })).ticket;
    }
    const activities = repliesOn(
      t,
      replies.map(
        ([agent, dt]) => [agent ? 'agent' : 'requester', new Date(created + dt * 1000).toISOString()] as const,
      ),
    );
    return { ticket: t, replies: activities, created };
  });

/** Milliseconds of [a, b) that the ticket spends in `statuses`, read straight from its history. */
function timeIn(t: Ticket, statuses: readonly string[], a: number, b: number): number {
  let total = 0;
  const h = t.statusHistory;
  for (let i = 0; i < h.length; i++) {
    if (!statuses.includes(h[i]!.to)) continue;
    const s = Math.max(a, h[i]!.at.getTime());
    const e = Math.min(b, i + 1 < h.length ? h[i + 1]!.at.getTime() : Infinity);
    if (e > s) total += e - s;
  }
  return total;
}

describe('slaStatus properties', () => {
  it('calendar hours: elapsed = wall time from the start to the reply (or asOf) minus the time paused', () => {
    const p = policy({ calendar: null });
    fc.assert(
      fc.property(ticketArb, fc.integer({ min: 0, max: 30 * 86_400 }), ({ ticket, replies, created }, dt) => {
        const asOf = created + dt * 1000;
        const s = unwrap(slaStatus(p, ticket, { asOf: new Date(asOf), replies }));
        const first = s.firstResponse!;
        const end = first.metAt?.getTime() ?? asOf;
        expect(first.elapsedBusinessMinutes).toBeCloseTo(
          (end - created - timeIn(ticket, ['pending'], created, end)) / 60_000,
          9,
        );
        if (s.resolution !== null) {
          const r = s.resolution;
          const rEnd = r.metAt?.getTime() ?? asOf;
          expect(r.elapsedBusinessMinutes).toBeCloseTo(
            (rEnd - created - timeIn(ticket, ['pending', 'resolved', 'closed'], created, rEnd)) / 60_000,
            9,
          );
        }
      }),
      { numRuns: 150 },
    );
  });

  it('business hours: elapsed never decreases as asOf moves on, and paused time never counts', () => {
    const paused = policy();
    const running = policy({ pauseWhile: [] });
    fc.assert(
      fc.property(
        ticketArb,
        fc.integer({ min: 0, max: 15 * 86_400 }),
        fc.integer({ min: 0, max: 15 * 86_400 }),
        ({ ticket, replies, created }, d1, d2) => {
          const [a, b] = [created + Math.min(d1, d2) * 1000, created + Math.max(d1, d2) * 1000];
          const sa = unwrap(slaStatus(paused, ticket, { asOf: new Date(a), replies }));
          const sb = unwrap(slaStatus(paused, ticket, { asOf: new Date(b), replies }));
          for (const k of ['firstResponse', 'resolution'] as const) {
            const x = sa[k];
            const y = sb[k];
            if (x === null || y === null) continue;
            expect(y.elapsedBusinessMinutes).toBeGreaterThanOrEqual(x.elapsedBusinessMinutes);
          }
          // The same target without pauses counts exactly the business minutes spent pending more.
          const first = sb.firstResponse!;
          const whole = unwrap(slaStatus(running, ticket, { asOf: new Date(b), replies })).firstResponse!;
          const end = first.metAt?.getTime() ?? b;
          let pendingMinutes = 0;
          const h = ticket.statusHistory;
          for (let i = 0; i < h.length; i++) {
            if (h[i]!.to !== 'pending') continue;
            const s = h[i]!.at.getTime();
            const e = Math.min(end, i + 1 < h.length ? h[i + 1]!.at.getTime() : Infinity);
            if (e > s && s < end) pendingMinutes += businessMinutesBetween(jakarta, new Date(s), new Date(e));
          }
          expect(whole.elapsedBusinessMinutes - first.elapsedBusinessMinutes).toBeCloseTo(pendingMinutes, 9);
        },
      ),
      { numRuns: 120 },
    );
  });

  it('states agree with the times: met ⇒ metAt ≤ dueAt; breached ⇒ breachedAt = dueAt < the end; elapsed + remaining = target before a breach', () => {
    fc.assert(
      fc.property(ticketArb, fc.integer({ min: 0, max: 20 * 86_400 }), ({ ticket, replies, created }, dt) => {
        const asOf = created + dt * 1000;
        const s = unwrap(slaStatus(policy(), ticket, { asOf: new Date(asOf), replies }));
        for (const t of [s.firstResponse, s.resolution, ...s.nextResponses]) {
          if (t === null) continue;
          const end = t.metAt?.getTime() ?? asOf;
          if (t.state === 'met') expect(t.metAt!.getTime()).toBeLessThanOrEqual(t.dueAt.getTime());
          if (t.state === 'breached') {
            expect(t.breachedAt).toEqual(t.dueAt);
            expect(t.dueAt.getTime()).toBeLessThan(end);
          } else {
            expect(t.breachedAt).toBeNull();
            expect(t.elapsedBusinessMinutes + t.remainingBusinessMinutes).toBeCloseTo(t.targetMinutes, 9);
          }
          expect(Number.isFinite(t.elapsedBusinessMinutes)).toBe(true);
          expect(Object.isFrozen(t)).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('slaStatus: bad input', () => {
  const t = ticketAt('2026-03-10T01:00:00Z');
  const asOf = at('2026-03-10T05:00:00Z');
  const fails = (r: {
    ok: boolean;
    error?: { code: string; issues: readonly { path: readonly unknown[]; code: string }[] };
  }) => {
    expect(r.ok).toBe(false);
    expect(r.error?.code).toBe('validation_failed');
    return r.error!.issues;
  };

  it('a policy not made by defineSlaPolicy, a ticket with wrong fields, a bad asOf, unknown keys', () => {
    expect(fails(slaStatus({ id: 'x' } as never, t, { asOf }))[0]?.path).toEqual(['policy']);
    expect(fails(slaStatus(policy(), { ...t, createdAt: new Date(NaN) }, { asOf }))[0]?.path).toEqual([
      'ticket',
      'createdAt',
    ]);
    expect(fails(slaStatus(policy(), { ...t, priority: 'p1' as never }, { asOf }))[0]?.path).toEqual([
      'ticket',
      'priority',
    ]);
    expect(fails(slaStatus(policy(), null as never, { asOf }))[0]?.path).toEqual(['ticket']);
    expect(fails(slaStatus(policy(), t, { asOf: new Date(NaN) }))[0]?.path).toEqual(['options', 'asOf']);
    expect(fails(slaStatus(policy(), t, null as never))[0]?.path).toEqual(['options']);
    expect(fails(slaStatus(policy(), t, { asOf, calendar: jakarta } as never))[0]?.code).toBe('unrecognized_keys');
  });

  it('asOf before the creation, a history out of order or not ending in the status', () => {
    expect(fails(slaStatus(policy(), t, { asOf: at('2026-03-10T00:00:00Z') }))[0]).toMatchObject({
      path: ['options', 'asOf'],
      code: 'before_creation',
    });
    const moved = ticketAt('2026-03-10T01:00:00Z', {}, [
      ['open', '2026-03-10T02:00:00Z'],
      ['pending', '2026-03-10T03:00:00Z'],
    ]);
    const swapped = {
      ...moved,
      statusHistory: [moved.statusHistory[0]!, moved.statusHistory[2]!, moved.statusHistory[1]!],
    };
    expect(fails(slaStatus(policy(), swapped as Ticket, { asOf }))[0]?.code).toBe('out_of_order');
    expect(fails(slaStatus(policy(), { ...moved, status: 'open' }, { asOf }))[0]?.code).toBe('inconsistent_history');
  });

  it('a reply before the ticket was created, of another ticket, or not an activity', () => {
    const [reply] = repliesOn(t, [['agent', '2026-03-10T02:00:00Z']]);
    const early = { ...reply!, occurredAt: at('2026-03-10T00:59:00Z') };
    expect(fails(slaStatus(policy(), t, { asOf, replies: [early] }))[0]).toMatchObject({
      path: ['options', 'replies', 0, 'occurredAt'],
      code: 'before_creation',
    });
    expect(
      fails(slaStatus(policy(), t, { asOf, replies: [{ ...reply!, ticketId: 'other' as never }] }))[0]?.path,
    ).toEqual(['options', 'replies', 0, 'ticketId']);
    expect(fails(slaStatus(policy(), t, { asOf, replies: [null as never] }))[0]?.path).toEqual([
      'options',
      'replies',
      0,
    ]);
    expect(fails(slaStatus(policy(), t, { asOf, replies: 'x' as never }))[0]?.path).toEqual(['options', 'replies']);
  });
});
