/**
 * The customer journey (issue 17): one cohort from a WhatsApp campaign with an A/B test, through the
 * MQL → SQL hand-off, to deals and customers — with the campaign's performance, ROI and attribution,
 * and the journey funnel.
 *
 * Then the customers' loyalty points and tiers (`crmkit/loyalty`), the promoters' referrals, and a
 * cost-per-acquisition goal tracked month by month (`crmkit/goals`).
 *
 * The campaign's members, the loyalty ledger and the referrals are kept in a store (the memory store
 * here; `createPostgresStore` takes the same calls) and read back through its repositories: members by
 * campaign and variant, a customer's ledger in time order, a referrer's referrals.
 *
 * Run: npx tsx examples/journey.ts
 */
import { fixedClock, sequentialIdGenerator, unwrap } from 'crmkit';
import {
  convertLead,
  createCampaign,
  createCampaignMember,
  createLead,
  createReferral,
  type CampaignMember,
  type Contact,
  type Deal,
  type Lead,
} from 'crmkit/entities';
import {
  b2bPipeline,
  deriveLifecycle,
  journeyFunnel,
  lifecycleDurations,
  transitionContactLifecycle,
  transitionDeal,
  transitionLeadStatus,
} from 'crmkit/pipeline';
import {
  abTestSampleSize,
  attributeRevenue,
  campaignPerformance,
  compareConversion,
  type Touch,
} from 'crmkit/campaigns';
import {
  defineLoyaltyProgram,
  earnPoints,
  loyaltyBalance,
  redeem,
  referralCandidates,
  referralConversion,
  tierFor,
} from 'crmkit/loyalty';
import { defineGoal, goalProgress } from 'crmkit/goals';
import { createMemoryStore } from 'crmkit/repository';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 2, 2, 9); // Monday 2 March 2026, 09:00 UTC
const day = (n: number) => new Date(T0 + n * DAY);
const ids = sequentialIdGenerator();
const at = (n: number) => ({ clock: fixedClock(day(n)), ids, actor: 'marketing-1' });
const store = createMemoryStore();
const tenant = { tenantId: 'acme', actor: 'marketing-1' };
/** Every record a scan yields (a scan reads page by page; a failed read rejects, ending the example). */
async function all<E>(scan: AsyncIterable<E>): Promise<E[]> {
  const out: E[] = [];
  for await (const record of scan) out.push(record);
  return out;
}

// 1. The campaign, and how many members an A/B test of its message needs.
const plan = unwrap(abTestSampleSize({ baseline: 0.2, minimumDetectableEffect: 0.1, power: 0.8, alpha: 0.05 }));
console.log(`A/B test: ${plan.perVariant} members per variant to see 20 % → 30 %`);
const campaign = unwrap(
  createCampaign(
    {
      name: 'WhatsApp spring offer',
      channel: 'whatsapp',
      status: 'active',
      budget: { amount: '3000.00', currency: 'EUR' },
      actualCost: { amount: '2400.00', currency: 'EUR' },
    },
    at(0),
  ),
);

// 2. A cohort of 600 leads, each reached on WhatsApp with variant A or B. Every fifth of A's and every
//    third of B's responds and becomes an MQL; every second MQL becomes an SQL; SQLs convert.
const leads: Lead[] = [];
const reached: CampaignMember[] = []; // written to the store below, in one bulk write
const touches: Touch[] = [];
const contacts: Contact[] = [];
const deals: Deal[] = [];
for (let i = 0; i < 600; i++) {
  const variant = i % 2 === 0 ? 'A' : 'B';
  const k = Math.floor(i / 2);
  const responds = variant === 'A' ? k % 5 === 0 : k % 3 === 0;
  let lead = unwrap(createLead({ lastName: `Lead ${i}`, phone: '+4930123456', campaignId: campaign.id }, at(0)));
  if (!responds) {
    leads.push(lead);
    reached.push(
      unwrap(
        createCampaignMember(
          { campaignId: campaign.id, leadId: lead.id, status: 'delivered', variant, at: day(1) },
          at(1),
        ),
      ),
    );
    continue;
  }
  lead = unwrap(transitionLeadStatus(lead, 'contacted', { at: day(2), by: 'sdr-1' })).lead;
  lead = unwrap(transitionLeadStatus(lead, 'mql', { at: day(4), reason: 'replied to the offer' })).lead;
  const sql = k % 2 === 0;
  if (sql)
    lead = unwrap(transitionLeadStatus(lead, 'sql', { at: day(7), by: 'ae-1', reason: 'budget confirmed' })).lead;
  reached.push(
    unwrap(
      createCampaignMember(
        { campaignId: campaign.id, leadId: lead.id, status: sql ? 'converted' : 'responded', variant, at: day(4) },
        at(4),
      ),
    ),
  );
  if (!sql) {
    leads.push(lead);
    continue;
  }
  // 3. SQL → customer: the lead converts into a contact and a deal, which carries the campaign.
  const converted = unwrap(
    convertLead(
      lead,
      {
        deal: {
          name: `Order ${i}`,
          pipelineId: 'b2b',
          stageId: 'proposal',
          amount: { amount: '450.00', currency: 'EUR' },
        },
      },
      at(10),
    ),
  );
  leads.push(converted.lead);
  touches.push({ campaignId: campaign.id, contactId: converted.contact.id, at: day(1) });
  let contact = converted.contact; // enters at 'decision'
  let deal = converted.deal!;
  if (k % 4 === 0) {
    deal = unwrap(transitionDeal(b2bPipeline, deal, 'closed_won', { at: day(20), by: 'ae-1' })).deal;
    // The records say the contact is a customer now: apply the suggestion through the lifecycle.
    const suggestion = unwrap(deriveLifecycle(contact, { deals: [deal] }));
    if (suggestion.changed)
      contact = unwrap(
        transitionContactLifecycle(contact, suggestion.stage, { at: day(20), reason: suggestion.reasons[0]!.reason }),
      ).contact;
  }
  contacts.push(contact);
  deals.push(deal);
}

// The campaign's members go to the store in one all-or-nothing write, and are read back from it.
unwrap(await store.campaignMembers.insertMany(tenant, reached));
const ofCampaign = { field: 'campaignId', op: 'eq', value: campaign.id } as const;
const members = await all(store.campaignMembers.scan(tenant, { where: ofCampaign, orderBy: [{ field: 'at' }] }));

// 4. Did variant B's message convert better? Counted by the store.
const byVariant = async (variant: string) => {
  const ofVariant = { all: [ofCampaign, { field: 'variant', op: 'eq', value: variant }] } as const;
  const responded = { all: [ofVariant, { field: 'status', op: 'in', value: ['responded', 'converted'] }] } as const;
  return {
    converted: unwrap(await store.campaignMembers.count(tenant, { where: responded })),
    total: unwrap(await store.campaignMembers.count(tenant, { where: ofVariant })),
  };
};
const ab = unwrap(compareConversion(await byVariant('B'), await byVariant('A')));
console.log(
  `B − A response: ${(ab.difference * 100).toFixed(1)} points, 95 % CI [${(ab.interval.lower * 100).toFixed(1)}, ${(ab.interval.upper * 100).toFixed(1)}], p = ${ab.pValue.toPrecision(3)}`,
);

// 5. The campaign's performance and ROI, and who gets the credit for the revenue.
const perf = unwrap(campaignPerformance(campaign, members, leads, deals, { grossMargin: 0.6 }));
console.log(
  `Members ${perf.members}, response rate ${(perf.rates.response.rate! * 100).toFixed(1)} %, leads ${perf.leads}, won ${perf.wonDeals}`,
);
console.log(
  `Revenue ${perf.revenue?.amount} EUR, cost per lead ${perf.costPerLead?.amount}, per acquisition ${perf.costPerAcquisition?.amount}, ROI ${perf.roi?.toFixed(3)}`,
);
const credit = unwrap(attributeRevenue(deals, touches, { model: 'position' }));
console.log(`Attributed to the campaign: ${credit.byCampaign[0]?.revenue.amount} of ${credit.total?.amount} EUR`);

// 6. The journey: the lead funnel, and how long the MQL → SQL hand-off takes.
const funnel = unwrap(journeyFunnel(leads));
console.log(funnel.stages.map((s) => `${s.stageId} ${s.reached}`).join(' → '));
const mqlStay = unwrap(lifecycleDurations(leads)).find((s) => s.stageId === 'mql');
console.log(`MQL → next: median ${mqlStay?.medianDays} days over ${mqlStay?.count} leads`);
console.log(
  `Customers: ${contacts.filter((c) => c.lifecycleStage === 'growth').length} of ${contacts.length} contacts`,
);

// 7. Loyalty: the customers of the won deals earn a point per euro of each order, and reach a tier.
const program = unwrap(
  defineLoyaltyProgram({
    currency: 'EUR',
    rules: [{ id: 'spend', mode: 'per_money', points: 1, per: { amount: '1.00', currency: 'EUR' } }],
    rewards: [{ id: 'forty-off', kind: 'amount_discount', cost: 400, amount: { amount: '40.00', currency: 'EUR' } }],
    tiers: {
      basis: 'points',
      levels: [
        { id: 'silver', threshold: 400 },
        { id: 'gold', threshold: 800 },
      ],
    },
    expiry: { days: 365 },
  }),
);
const loyaltyCtx = { clock: fixedClock('2026-06-01T00:00:00Z'), ids: sequentialIdGenerator('lt') };
const customers = contacts.filter((c) => c.lifecycleStage === 'growth');
const earned = customers.flatMap((c, n) =>
  [
    { total: '450.00', at: new Date(T0 + 20 * DAY) },
    { total: n % 2 === 0 ? '420.00' : '180.00', at: new Date(T0 + 60 * DAY) },
  ].map(
    (o) =>
      unwrap(
        earnPoints(
          program,
          { customerId: c.id, total: { amount: o.total, currency: 'EUR' }, lines: [], at: o.at },
          loyaltyCtx,
        ),
      ).transaction!,
  ),
);
unwrap(await store.loyaltyTransactions.insertMany(tenant, earned));
// A customer's ledger, read back in time order (the index the PostgreSQL adapter keeps for it).
const ledgerOf = (customerId: string) =>
  all(
    store.loyaltyTransactions.scan(tenant, {
      where: { field: 'customerId', op: 'eq', value: customerId },
      orderBy: [{ field: 'at' }],
    }),
  );
const asOf = new Date(T0 + 90 * DAY);
const tiers: (string | null)[] = [];
for (const c of customers) tiers.push(unwrap(tierFor(program, await ledgerOf(c.id), { asOf })).tier);
const first = customers[0]!.id;
const firstBalance = unwrap(loyaltyBalance(await ledgerOf(first), { asOf }));
const spent = unwrap(redeem(program, firstBalance, 'forty-off', { at: asOf, ctx: loyaltyCtx }));
unwrap(await store.loyaltyTransactions.insert(tenant, spent));
const after = unwrap(loyaltyBalance(await ledgerOf(first), { asOf }));
console.log(
  `Loyalty: ${tiers.filter((t) => t === 'gold').length} gold and ${tiers.filter((t) => t === 'silver').length} silver of ${tiers.length} customers; the first had ${firstBalance.available} points, redeemed ${spent.points}, ${after.available} left`,
);

// 8. Referrals: promoters (NPS 9–10) are asked to refer; the referred leads of those who do convert or not.
const answers = customers.map((c, n) => ({
  kind: 'nps' as const,
  score: n % 2 === 0 ? 10 : 7,
  contactId: c.id,
  answeredAt: new Date(T0 + 70 * DAY),
}));
const promoters = unwrap(referralCandidates(answers, customers));
// Each promoter brings in a friend: a lead, and the referral linking the two; every second one converts.
const friends = promoters.map((_, n) =>
  unwrap(createLead({ lastName: `Friend ${n}`, email: `friend${n}@example.com`, source: 'referral' }, at(75))),
);
unwrap(await store.leads.insertMany(tenant, friends));
const made = promoters.map((p, n) =>
  unwrap(
    createReferral(
      {
        referrerContactId: p.contactId,
        referredLeadId: friends[n]!.id,
        status: n % 2 === 0 ? 'converted' : 'pending',
        referredAt: day(75),
        convertedAt: n % 2 === 0 ? day(85) : null,
      },
      at(75),
    ),
  ),
);
unwrap(await store.referrals.insertMany(tenant, made));
const referrals = await all(store.referrals.scan(tenant, { orderBy: [{ field: 'referredAt' }] }));
const byFirst = unwrap(
  await store.referrals.count(tenant, {
    where: { field: 'referrerContactId', op: 'eq', value: promoters[0]!.contactId },
  }),
);
const referralWin = unwrap(referralConversion(referrals));
console.log(
  `Referrals: ${promoters.length} promoters asked, ${referrals.length} referrals stored (${byFirst} by the first), conversion ${referralWin.rate}`,
);

// 9. Goals: cost per acquisition from 115 to 80 EUR by the end of the year, watched month by month.
const cacGoal = unwrap(
  defineGoal({
    id: 'cac-2026',
    metric: 'customerAcquisitionCost',
    period: 'month',
    baseline: { amount: '115', currency: 'EUR' },
    target: { amount: '80', currency: 'EUR' },
    start: '2026-01-01',
    by: '2026-12-31',
  }),
);
const cac = perf.costPerAcquisition;
const progress = unwrap(
  goalProgress(cacGoal, cac === null ? [] : [{ at: '2026-05-31', value: cac }], { asOf: '2026-06-01' }),
);
console.log(`Goal ${cacGoal.id}: CAC ${cac?.amount ?? '—'} EUR, status ${progress.status ?? 'no data yet'}`);
