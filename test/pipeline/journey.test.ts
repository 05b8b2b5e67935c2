/**
 * deriveLifecycle (HubSpot-like default rules, with reasons), lifecycleDurations and journeyFunnel
 * (the pipeline's stage analytics over lifecycle and status histories), with worked values.
 */
import { describe, expect, it } from 'vitest';
import { unwrap } from '../../src/core/result.js';
import {
  createContact,
  createDeal,
  createLead,
  createSubscription,
  createSurveyResponse,
  type Contact,
  type Lead,
} from '../../src/entities/index.js';
import {
  b2bPipeline,
  DEFAULT_LIFECYCLE_RULES,
  deriveLifecycle,
  journeyFunnel,
  lifecycleDurations,
  transitionContactLifecycle,
  transitionLeadStatus,
  transitionDeal,
} from '../../src/pipeline/index.js';
import { ctxAt, day } from './_fixtures.js';

const person = (stage: Contact['lifecycleStage'] = 'decision'): Contact =>
  unwrap(createContact({ lastName: 'Hopper', lifecycleStage: stage, accountId: 'acc-1' }, ctxAt()));
const amount = { amount: '1000.00', currency: 'EUR' };
const openDeal = unwrap(
  createDeal({ name: 'D', pipelineId: 'b2b', stageId: 'proposal', amount, accountId: 'acc-1' }, ctxAt()),
);
const wonDeal = unwrap(transitionDeal(b2bPipeline, openDeal, 'closed_won', { at: day(3), by: null })).deal;
const sub = (status: 'active' | 'canceled' | 'expired') =>
  unwrap(
    createSubscription(
      {
        accountId: 'acc-1',
        plan: 'pro',
        status,
        mrr: { amount: '50.00', currency: 'EUR' },
        startedAt: day(0),
        ...(status === 'active' ? {} : { endedAt: day(30) }),
      },
      ctxAt(),
    ),
  );
const nps = (score: number, at: number, contactId: string) =>
  unwrap(createSurveyResponse({ kind: 'nps', score, answeredAt: day(at), contactId }, ctxAt()));

describe('deriveLifecycle', () => {
  it('no evidence keeps the current stage', () => {
    const c = person('consideration');
    expect(unwrap(deriveLifecycle(c, {}))).toEqual({
      stage: 'consideration',
      current: 'consideration',
      changed: false,
      rule: null,
      reasons: [],
    });
  });

  it('an open deal → decision; a won deal → growth (by stage kind in the pipeline)', () => {
    const c = person('consideration');
    expect(unwrap(deriveLifecycle(c, { deals: [openDeal] }))).toMatchObject({
      stage: 'decision',
      changed: true,
      rule: 'open_deal',
      reasons: [{ reason: '1 open deal' }],
    });
    const r = unwrap(deriveLifecycle(c, { deals: [openDeal, wonDeal] }));
    expect(r.stage).toBe('growth');
    expect(r.reasons.map((x) => [x.rule, x.reason])).toEqual([
      ['customer', '1 won deal'],
      ['open_deal', '1 open deal'],
    ]);
  });

  it('an active subscription → growth; every subscription ended → churned (first rule wins)', () => {
    const c = person('growth');
    expect(unwrap(deriveLifecycle(c, { subscriptions: [sub('active')] })).stage).toBe('growth');
    const r = unwrap(deriveLifecycle(c, { subscriptions: [sub('canceled'), sub('expired')], deals: [wonDeal] }));
    expect([r.stage, r.rule, r.reasons[0]!.reason]).toEqual([
      'churned',
      'all_subscriptions_ended',
      'all 2 subscriptions ended',
    ]);
    expect(unwrap(deriveLifecycle(c, { subscriptions: [sub('canceled'), sub('active')] })).stage).toBe('growth');
  });

  it('a promoter (latest NPS 9–10) or a referrer → advocacy', () => {
    const c = person('growth');
    expect(unwrap(deriveLifecycle(c, { surveys: [nps(6, 1, c.id), nps(10, 5, c.id)] })).reasons[0]).toEqual({
      rule: 'promoter_or_referrer',
      stage: 'advocacy',
      reason: 'a promoter (latest NPS answer 10)',
    });
    // The latest answer decides: a former promoter who now answers 6 is not one.
    expect(unwrap(deriveLifecycle(c, { surveys: [nps(10, 1, c.id), nps(6, 5, c.id)] })).stage).toBe('growth');
    expect(unwrap(deriveLifecycle(c, { surveys: [nps(10, 1, 'someone-else')] })).stage).toBe('growth');
    expect(unwrap(deriveLifecycle(c, { referrals: [{ referrerContactId: c.id }] })).reasons[0]!.reason).toBe(
      'a referrer (1 referral)',
    );
  });

  it('records of other contacts and accounts are left out; custom rules run in order', () => {
    const c = person('awareness');
    const other = unwrap(
      createDeal({ name: 'X', pipelineId: 'b2b', stageId: 'proposal', amount, accountId: 'acc-2' }, ctxAt()),
    );
    expect(unwrap(deriveLifecycle(c, { deals: [other] })).stage).toBe('awareness');
    const rules = [{ id: 'always', stage: 'consideration' as const, when: () => 'asked' }, ...DEFAULT_LIFECYCLE_RULES];
    expect(unwrap(deriveLifecycle(c, { deals: [openDeal] }, rules)).stage).toBe('consideration');
    expect(() =>
      deriveLifecycle(c, {}, [
        {
          id: 'boom',
          stage: 'decision',
          when: () => {
            throw new RangeError('mine');
          },
        },
      ]),
    ).toThrow(RangeError);
  });

  it('bad input: unknown pipeline or stage, unknown fact keys, bad rules, not a contact', () => {
    const c = person();
    const foreign = { ...openDeal, pipelineId: 'emea' };
    const r = deriveLifecycle(c, { deals: [foreign] });
    expect(!r.ok && r.error.issues[0]).toMatchObject({
      path: ['facts', 'deals', 0, 'pipelineId'],
      code: 'unknown_reference',
    });
    const s = deriveLifecycle(c, { deals: [{ ...openDeal, stageId: 'limbo' }] });
    expect(!s.ok && s.error.issues[0]!.code).toBe('unknown_stage');
    const k = deriveLifecycle(c, { deal: [] } as never);
    expect(!k.ok && k.error.issues[0]!.code).toBe('unrecognized_keys');
    const bad = deriveLifecycle(c, {}, [{ id: 'x', stage: 'nowhere', when: 1 }] as never);
    expect(!bad.ok && bad.error.issues.map((i) => i.path.join('.'))).toEqual(['rules.0.stage', 'rules.0.when']);
    expect(deriveLifecycle(null as never, {}).ok).toBe(false);
    expect(deriveLifecycle(c, null as never).ok).toBe(false);
  });
});

describe('lifecycleDurations and journeyFunnel', () => {
  // Worked example: A: awareness (day 0) → consideration (2) → decision (6) → growth (16);
  // B: awareness (0) → consideration (4); C: created at decision (0) → growth (10) → churned (40).
  const walk = (start: Contact['lifecycleStage'], steps: readonly (readonly [Contact['lifecycleStage'], number])[]) => {
    let c = unwrap(createContact({ lastName: 'X', lifecycleStage: start }, ctxAt()));
    for (const [to, d] of steps) c = unwrap(transitionContactLifecycle(c, to, { at: day(d) })).contact;
    return c;
  };
  const a = walk('awareness', [
    ['consideration', 2],
    ['decision', 6],
    ['growth', 16],
  ]);
  const b = walk('awareness', [['consideration', 4]]);
  const c = walk('decision', [
    ['growth', 10],
    ['churned', 40],
  ]);

  it('durations of completed stays per stage (awareness: 2 and 4 days; growth: 30 days)', () => {
    const d = unwrap(lifecycleDurations([a, b, c]));
    expect(d.map((s) => [s.stageId, s.count, s.meanDays, s.medianDays])).toEqual([
      ['awareness', 2, 3, 3],
      ['consideration', 1, 4, 4],
      ['decision', 2, 10, 10],
      ['growth', 1, 30, 30],
    ]);
    expect(unwrap(lifecycleDurations([]))).toEqual([]);
  });

  it('the funnel counts entered and reached (cumulative), churned as an exit', () => {
    const f = unwrap(journeyFunnel([a, b, c]));
    expect(f.pipelineId).toBe('customer_lifecycle');
    expect(f.deals).toBe(3);
    expect(f.stages.map((s) => [s.stageId, s.entered, s.reached])).toEqual([
      ['awareness', 2, 3],
      ['consideration', 2, 3],
      ['decision', 2, 2],
      ['growth', 2, 2],
      ['advocacy', 0, 0],
      ['churned', 1, 1],
    ]);
    expect(f.stages[2]!.conversionFromPrevious).toBeCloseTo(2 / 3, 15);
  });

  it('leads: new → … → sql, converted past every open stage, unqualified an exit', () => {
    const mk = () => unwrap(createLead({ lastName: 'L', email: 'l@example.com' }, ctxAt()));
    let x: Lead = mk();
    for (const [to, d] of [
      ['contacted', 1],
      ['mql', 2],
      ['sql', 3],
    ] as const)
      x = unwrap(transitionLeadStatus(x, to, { at: day(d) })).lead;
    const y = unwrap(transitionLeadStatus(mk(), 'unqualified', { at: day(1) })).lead;
    const f = unwrap(journeyFunnel([x, y, mk()]));
    expect(f.pipelineId).toBe('lead_lifecycle');
    expect(f.stages.map((s) => [s.stageId, s.kind, s.reached])).toEqual([
      ['new', 'open', 3],
      ['contacted', 'open', 1],
      ['nurturing', 'open', 1],
      ['mql', 'open', 1],
      ['sql', 'open', 1],
      ['converted', 'won', 0],
      ['unqualified', 'lost', 1],
    ]);
  });

  it('bad input: not an array, a record without a history, a mix of contacts and leads', () => {
    expect(journeyFunnel(null as never).ok).toBe(false);
    const r = lifecycleDurations([a, { lastName: 'x' } as never]);
    expect(!r.ok && r.error.issues[0]!.path).toEqual(['records', 1]);
    const lead = unwrap(createLead({ lastName: 'L', email: 'l@example.com' }, ctxAt()));
    expect(journeyFunnel([a, lead] as never).ok).toBe(false);
    const broken = lifecycleDurations([{ lifecycleHistory: [{ to: 'awareness', at: 'yesterday' }] } as never]);
    expect(!broken.ok && broken.error.issues[0]!.path).toEqual(['records', 0, 'lifecycleHistory']);
  });
});
