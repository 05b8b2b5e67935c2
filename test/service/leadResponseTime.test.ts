// Issue 15 §5: leadResponseTime ("speed to lead") — known values from R, unanswered leads, the four
// forms of `activities`, `period` (by creation) and `asOf`, and bad input.
import { describe, expect, it } from 'vitest';
import { leadResponseTime, type LeadActivity, type RespondableLead } from '../../src/service/leadResponseTime.js';
import { monthPeriod } from '../../src/time/period.js';
import { expectInvalid, value } from '../metrics/_helpers.js';

const T0 = Date.parse('2026-03-02T09:00:00Z');
const min = (m: number) => new Date(T0 + m * 60_000);
const call = (at: Date, leadId?: string): LeadActivity => ({
  kind: 'call',
  direction: 'outbound',
  occurredAt: at,
  leadId,
});

describe('leadResponseTime', () => {
  // R: y <- c(40, 125, 3, 17.5, 600, 61); c(mean(y), quantile(y, c(0.5, 0.9)))
  //    "141.08333333333334" "50.5" "362.5"
  const y = [40, 125, 3, 17.5, 600, 61];
  const leads: RespondableLead[] = [...y, null, null].map((_, i) => ({ id: `l${i}`, createdAt: min(i * 7) }));
  const activities: LeadActivity[] = y.flatMap((m, i) => [
    { kind: 'email', direction: 'inbound', occurredAt: min(i * 7), leadId: `l${i}` }, // their enquiry: not a response
    { kind: 'task', direction: 'outbound', occurredAt: min(i * 7 + 1), leadId: `l${i}` }, // a task is not contact
    call(min(i * 7 + m), `l${i}`),
    call(min(i * 7 + m + 30), `l${i}`),
  ]);

  it('equals R over the answered leads and counts the unanswered', () => {
    expect(value(leadResponseTime(leads, activities))).toEqual({
      count: 6,
      mean: 141.08333333333334,
      median: 50.5,
      p90: 362.5,
      unit: 'calendar_minutes',
      leads: 8,
      unanswered: 2,
    });
  });

  it('reads activities as a flat list, a Map, an object or a function — the same result', () => {
    const byId = new Map<string, LeadActivity[]>();
    for (const a of activities) byId.set(a.leadId!, [...(byId.get(a.leadId!) ?? []), a]);
    const expected = value(leadResponseTime(leads, activities));
    expect(value(leadResponseTime(leads, byId))).toEqual(expected);
    expect(value(leadResponseTime(leads, Object.fromEntries(byId)))).toEqual(expected);
    expect(value(leadResponseTime(leads, (id) => byId.get(id)))).toEqual(expected);
  });

  it('as of an instant: later responses unseen (the lead is unanswered), later leads not counted', () => {
    const r = value(leadResponseTime(leads, activities, { asOf: min(30) }));
    // Leads created at 0, 7, 14, 21, 28: only l2 (14 + 3) is answered by 30 (l3 is answered at 21 + 17.5).
    expect(r).toMatchObject({ leads: 5, count: 1, unanswered: 4, mean: 3 });
    // At 40 (inclusive): l0 (40), l2 (3), l3 (17.5); l5, created at 35, is waiting.
    expect(value(leadResponseTime(leads, activities, { asOf: min(40) }))).toMatchObject({
      leads: 6,
      count: 3,
      unanswered: 3,
      median: 17.5,
    });
  });

  it('counts the leads created in the period, answered or not', () => {
    const l = [
      { id: 'a', createdAt: new Date('2026-03-31T23:00:00Z') },
      { id: 'b', createdAt: new Date('2026-04-01T08:00:00Z') },
    ];
    const acts = [call(new Date('2026-04-01T09:00:00Z'), 'a')];
    expect(value(leadResponseTime(l, acts, { period: monthPeriod('2026-03-01') }))).toMatchObject({
      leads: 1,
      count: 1,
      mean: 600,
    });
    expect(value(leadResponseTime(l, acts, { period: monthPeriod('2026-04-01') }))).toMatchObject({
      leads: 1,
      count: 0,
      unanswered: 1,
      mean: null,
    });
  });

  it('empty input: no leads, null statistics; no activities: every lead unanswered', () => {
    expect(value(leadResponseTime([], []))).toEqual({
      count: 0,
      mean: null,
      median: null,
      p90: null,
      unit: 'calendar_minutes',
      leads: 0,
      unanswered: 0,
    });
    expect(value(leadResponseTime(leads, null))).toMatchObject({ leads: 8, unanswered: 8, count: 0 });
  });

  it('bad input is validation_failed with the path', () => {
    const r = leadResponseTime(leads, [...activities, call(min(-1), 'l0')]);
    expectInvalid(r, ['activities', activities.length, 'occurredAt']);
    expect(!r.ok && r.error.issues[0]!.code).toBe('before_creation');
    expectInvalid(leadResponseTime(leads, { l1: [call(min(0))] }), ['activities', 'l1', 0, 'occurredAt']);
    expectInvalid(leadResponseTime(leads, { l1: [call(min(10), 'l2')] }), ['activities', 'l1', 0, 'leadId']);
    expectInvalid(leadResponseTime(leads, { l1: 'x' as never }), ['activities', 'l1']);
    expectInvalid(leadResponseTime(leads, [7] as never), ['activities', 0]);
    expectInvalid(leadResponseTime(leads, 7 as never), ['activities']);
    expectInvalid(leadResponseTime(leads, [], { period: 'march' as never }), ['options', 'period']);
    expectInvalid(leadResponseTime(leads, [], { asOf: new Date('x') }), ['options', 'asOf']);
    expectInvalid(leadResponseTime(leads, [], { since: 1 } as never), ['options']);
    expectInvalid(leadResponseTime('x' as never, []), []);
    expectInvalid(leadResponseTime([{ id: 'a', createdAt: new Date('x') }], []), [0, 'createdAt']);
    expectInvalid(leadResponseTime([{ createdAt: min(0) } as never], []), [0, 'id']);
    expect(() =>
      leadResponseTime(leads, () => {
        throw new SyntaxError('mine');
      }),
    ).toThrow(SyntaxError);
  });
});
