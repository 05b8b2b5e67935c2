/**
 * campaignPerformance with a worked example (counts, cumulative reach, rates with Wilson intervals as
 * R's prop.test(x, n, correct = FALSE)$conf.int, cost per lead and acquisition, exact revenue and ROI),
 * bad input, and the accumulator: any split merged equals the one-pass function (property), its JSON
 * state round-trips.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  campaignPerformance,
  campaignPerformanceAccumulatorFromJSON,
  createCampaignPerformanceAccumulator,
  type CampaignPerformanceItem,
} from '../../src/campaigns/index.js';
import { unwrap } from '../../src/core/result.js';
import { fixedClock } from '../../src/core/clock.js';
import { sequentialIdGenerator } from '../../src/core/ids.js';
import {
  CAMPAIGN_MEMBER_STATUSES,
  createCampaign,
  createCampaignMember,
  createDeal,
  createLead,
  type CampaignMember,
  type CampaignMemberStatus,
  type Deal,
  type Lead,
} from '../../src/entities/index.js';
import { b2bPipeline, transitionDeal } from '../../src/pipeline/index.js';

const ctx = () => ({ clock: fixedClock('2026-03-01T00:00:00Z'), ids: sequentialIdGenerator() });
const day = (n: number) => new Date(Date.UTC(2026, 2, 1) + n * 86_400_000);
const campaign = unwrap(
  createCampaign(
    {
      name: 'WhatsApp spring',
      channel: 'whatsapp',
      budget: { amount: '1500.00', currency: 'EUR' },
      actualCost: { amount: '1000.00', currency: 'EUR' },
    },
    ctx(),
  ),
);
const member = (status: CampaignMemberStatus, i: number, at = 1, campaignId: string = campaign.id): CampaignMember =>
  unwrap(createCampaignMember({ campaignId, leadId: `lead-${i}`, status, at: day(at) }, ctx()));
const lead = (campaignId: string | null, at = 0): Lead =>
  unwrap(
    createLead(
      { lastName: 'L', email: 'l@example.com', campaignId },
      { clock: fixedClock(day(at)), ids: sequentialIdGenerator() },
    ),
  );
const won = (amount: string, campaignId: string | null = campaign.id, at = 10): Deal => {
  const d = unwrap(
    createDeal(
      { name: 'D', pipelineId: 'b2b', stageId: 'negotiation', amount: { amount, currency: 'EUR' }, campaignId },
      ctx(),
    ),
  );
  return unwrap(transitionDeal(b2bPipeline, d, 'closed_won', { at: day(at), by: null })).deal;
};

// 20 members: 2 targeted, 3 sent, 4 delivered, 3 opened, 2 clicked, 1 responded, 2 converted,
// 1 opted out, 1 soft bounce, 1 hard bounce.
const SPLIT: Record<CampaignMemberStatus, number> = {
  targeted: 2,
  sent: 3,
  delivered: 4,
  opened: 3,
  clicked: 2,
  responded: 1,
  converted: 2,
  opted_out: 1,
  soft_bounce: 1,
  hard_bounce: 1,
};
const members = CAMPAIGN_MEMBER_STATUSES.flatMap((s) => Array.from({ length: SPLIT[s] }, (_, i) => member(s, i)));
const leads = [lead(campaign.id), lead(campaign.id), lead(campaign.id), lead(campaign.id), lead('other'), lead(null)];
const deals = [won('1250.005'), won('749.995'), won('999.99', 'other')];

describe('campaignPerformance', () => {
  it('worked example', () => {
    const p = unwrap(campaignPerformance(campaign, members, leads, deals, { grossMargin: 0.4 }));
    expect(p.members).toBe(20);
    expect(p.counts).toEqual(SPLIT);
    // sent = 20 − 2; delivered = delivered..converted + opted_out = 4+3+2+1+2+1 = 13; opened = 8; clicked 5; responded 3.
    expect(p.reached).toEqual({ sent: 18, delivered: 13, opened: 8, clicked: 5, responded: 3, converted: 2 });
    expect(p.rates.delivery).toMatchObject({ converted: 13, total: 18, rate: 13 / 18 });
    expect(p.rates.bounce).toMatchObject({ converted: 2, total: 18 });
    expect(p.rates.open.rate).toBe(8 / 13);
    expect(p.rates.clickToOpen.rate).toBe(5 / 8);
    expect(p.rates.conversion.rate).toBe(2 / 20);
    expect(p.rates.optOut.rate).toBe(1 / 13);
    // R: prop.test(8, 13, correct = FALSE)$conf.int → 0.35522891512665694 0.82290292202237425
    expect(p.rates.open.interval!.lower).toBeCloseTo(0.35522891512665694, 14);
    expect(p.rates.open.interval!.upper).toBeCloseTo(0.82290292202237425, 14);
    expect(p.leads).toBe(4);
    expect(p.wonDeals).toBe(2);
    expect(p.cost).toEqual({ amount: '1000.00', currency: 'EUR' });
    expect(p.revenue).toEqual({ amount: '2000.00', currency: 'EUR' }); // 1250.005 + 749.995, exactly
    expect(p.costPerLead).toEqual({ amount: '250.00', currency: 'EUR' });
    expect(p.costPerAcquisition).toEqual({ amount: '500.00', currency: 'EUR' });
    expect(p.roi).toBe(-0.2); // (2000 × 0.4 − 1000) / 1000
    expect(unwrap(campaignPerformance(campaign, members, leads, deals)).roi).toBe(1); // margin 1
  });

  it('cost per lead rounds half-even to minor units; no cost gives null cost measures', () => {
    const three = [lead(campaign.id), lead(campaign.id), lead(campaign.id)];
    expect(unwrap(campaignPerformance(campaign, [], three, [])).costPerLead).toEqual({
      amount: '333.33',
      currency: 'EUR',
    });
    const free = unwrap(createCampaign({ name: 'Organic', channel: 'social' }, ctx()));
    const p = unwrap(campaignPerformance(free, [], [], []));
    expect([p.cost, p.costPerLead, p.costPerAcquisition, p.roi, p.revenue]).toEqual([null, null, null, null, null]);
    expect(p.rates.open).toEqual({ rate: null, converted: 0, total: 0, interval: null });
  });

  it('the period keeps members set, leads created and deals won in it', () => {
    const ms = [member('sent', 1, 1), member('opened', 2, 40)];
    const p = unwrap(
      campaignPerformance(
        campaign,
        ms,
        [lead(campaign.id, 1), lead(campaign.id, 40)],
        [won('10.00', campaign.id, 5), won('20.00', campaign.id, 45)],
        {
          period: { start: day(0), end: day(31) },
        },
      ),
    );
    expect([p.members, p.leads, p.wonDeals, p.revenue?.amount]).toEqual([1, 1, 1, '10.00']);
  });

  it('bad input: a member of an unknown campaign, a negative cost, an unknown status, another currency, bad options', () => {
    const r = campaignPerformance(campaign, [member('sent', 1), member('sent', 2, 1, 'cmp-x')], [], []);
    expect(!r.ok && r.error.issues[0]).toMatchObject({ path: ['members', 1, 'campaignId'], code: 'unknown_reference' });
    const negative = { ...campaign, actualCost: { amount: '-5.00', currency: 'EUR' } };
    const n = campaignPerformance(negative, [], [], []);
    expect(!n.ok && n.error.issues[0]).toMatchObject({ path: ['campaign', 'actualCost', 'amount'], code: 'too_small' });
    const s = campaignPerformance(campaign, [{ ...member('sent', 1), status: 'read' } as never], [], []);
    expect(!s.ok && s.error.issues[0]!.path).toEqual(['members', 0, 'status']);
    const usd = { ...won('5.00'), amount: { amount: '5.00', currency: 'USD' } };
    const c = campaignPerformance(campaign, [], [], [usd]);
    expect(!c.ok && c.error.issues[0]).toMatchObject({
      path: ['deals', 0, 'amount', 'currency'],
      code: 'currency_mismatch',
    });
    const o = campaignPerformance(campaign, [], [], [], { grossMargin: 1.5, margin: 1 } as never);
    expect(!o.ok && o.error.issues.map((i) => i.path.join('.')).sort()).toEqual(['options', 'options.grossMargin']);
    const foreign = { ...won('5.00'), pipelineId: 'emea' };
    expect(campaignPerformance(campaign, [], [], [foreign]).ok).toBe(false);
    expect(campaignPerformance(campaign, null as never, [], []).ok).toBe(false);
  });
});

describe('createCampaignPerformanceAccumulator', () => {
  const items: CampaignPerformanceItem[] = [
    ...members.map((m) => ({ member: m })),
    ...leads.map((l) => ({ lead: l })),
    ...deals.map((d) => ({ deal: d })),
  ];

  it('equals the one-pass function', () => {
    const acc = createCampaignPerformanceAccumulator(campaign, { grossMargin: 0.4 }).addAll(items);
    expect(unwrap(acc.result())).toEqual(
      unwrap(campaignPerformance(campaign, members, leads, deals, { grossMargin: 0.4 })),
    );
  });

  it('property: any split into shards, merged (also through JSON), equals one pass — exactly', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(items), fc.array(fc.nat(), { maxLength: 4 }), (picked, cuts) => {
        const whole = createCampaignPerformanceAccumulator(campaign, { grossMargin: 0.4 }).addAll(picked);
        const bounds = [0, ...cuts.map((c) => c % (picked.length + 1)).sort((a, b) => a - b), picked.length];
        const merged = createCampaignPerformanceAccumulator(campaign, { grossMargin: 0.4 });
        for (let i = 0; i + 1 < bounds.length; i++) {
          const shard = createCampaignPerformanceAccumulator(campaign, { grossMargin: 0.4 }).addAll(
            picked.slice(bounds[i], bounds[i + 1]),
          );
          merged.merge(i % 2 === 0 ? shard : JSON.parse(JSON.stringify(shard.toJSON())));
        }
        expect(unwrap(merged.result())).toEqual(unwrap(whole.result()));
        expect(merged.count).toBe(picked.length);
        const back = unwrap(campaignPerformanceAccumulatorFromJSON(JSON.stringify(whole.toJSON())));
        expect(unwrap(back.result())).toEqual(unwrap(whole.result()));
      }),
    );
  });

  it('an invalid item is reported at its position; other options or campaigns do not merge; bad states are errors', () => {
    const acc = createCampaignPerformanceAccumulator(campaign)
      .add({ member: members[0]! })
      .add({ member: member('sent', 9, 1, 'cmp-x') });
    const r = acc.result();
    expect(!r.ok && r.error.issues[0]!.path).toEqual([1, 'member', 'campaignId']);
    expect(() =>
      createCampaignPerformanceAccumulator(campaign).merge(
        createCampaignPerformanceAccumulator(campaign, { grossMargin: 0.5 }),
      ),
    ).toThrow(/options/);
    expect(() =>
      createCampaignPerformanceAccumulator({ ...campaign, actualCost: { amount: '-1.00', currency: 'EUR' } }),
    ).toThrow();
    const state = createCampaignPerformanceAccumulator(campaign).toJSON();
    expect(campaignPerformanceAccumulatorFromJSON({ ...state, data: { ...state.data, revenue: '-1' } }).ok).toBe(false);
    expect(campaignPerformanceAccumulatorFromJSON({ ...state, options: { ...state.options, grossMargin: 2 } }).ok).toBe(
      false,
    );
    expect(campaignPerformanceAccumulatorFromJSON('{').ok).toBe(false);
  });
});
