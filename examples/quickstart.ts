/**
 * The crmkit quickstart: a small CRM on the in-memory store.
 *
 * It creates an account, contacts and leads, converts a lead (contact + account + deal in one
 * transaction), opens more deals with exact amounts, moves a deal through the B2B pipeline to
 * Closed Won, loses another, and prints the pipeline's weighted value, a forecast, NPS and the
 * domain events the store recorded. Time and ids are injected, so every run prints the same.
 *
 * Run: npm run demo
 */
import { sequentialIdGenerator, unwrap, type Clock } from 'crmkit';
import { createAccount, createContact, createLead, createSurveyResponse, updateDeal, type Deal } from 'crmkit/entities';
import { money, sumMoney } from 'crmkit/money';
import { b2bPipeline, forecast, openDeal, stageFunnel, timeInStage, weightedPipelineValue } from 'crmkit/pipeline';
import { convertLeadInStore, createMemoryStore, transitionDealInStore } from 'crmkit/repository';
import { nps } from 'crmkit/metrics';
import { period } from 'crmkit/time';

// A clock we advance by hand, and predictable ids: the demo prints the same on every run.
let now = new Date('2026-03-02T09:00:00Z');
const clock: Clock = { now: () => new Date(now.getTime()) };
const advanceDays = (days: number): void => void (now = new Date(now.getTime() + days * 86_400_000));
const entityCtx = { clock, ids: sequentialIdGenerator(), actor: 'user-ana' };
const ctx = { tenantId: 'northwind', actor: 'user-ana' };
const store = createMemoryStore();
const line = (s = ''): void => console.log(s);

// 1. An account with two contacts, and three leads from the web site.
const account = unwrap(
  createAccount(
    {
      name: 'Contoso Ltd',
      domain: 'https://www.contoso.example',
      industry: 'Retail',
      country: 'gb',
      annualRevenue: { amount: '12500000', currency: 'EUR' },
    },
    entityCtx,
  ),
);
unwrap(await store.accounts.insert(ctx, account));
for (const c of [
  {
    firstName: 'Maria',
    lastName: 'Silva',
    emails: [{ address: 'Maria.Silva@contoso.example', primary: true }],
    phones: [{ number: '+44 20 7946 0001' }],
  },
  { firstName: 'Tom', lastName: 'Becker', emails: [{ address: 'tom@contoso.example' }] },
]) {
  unwrap(
    await store.contacts.insert(
      ctx,
      unwrap(createContact({ ...c, accountId: account.id, lifecycleStage: 'growth' }, entityCtx)),
    ),
  );
}
const leadInputs = [
  {
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: ' Ada@Analytical.example ',
    company: 'Analytical Engines',
    title: 'CTO',
    source: 'webinar',
    country: 'GB',
  },
  {
    firstName: 'Grace',
    lastName: 'Hopper',
    email: 'grace@cobol.example',
    company: 'Compilers Inc',
    title: 'VP Engineering',
    source: 'web',
  },
  {
    firstName: 'Alan',
    lastName: 'Turing',
    phone: '0044 161 496 0000',
    company: 'Bletchley Systems',
    source: 'referral',
  },
];
const leads = [];
for (const input of leadInputs) {
  const lead = unwrap(createLead(input, entityCtx));
  unwrap(await store.leads.insert(ctx, lead));
  leads.push(lead);
}
line(
  `Created ${unwrap(await store.accounts.count(ctx))} account, ${unwrap(await store.contacts.count(ctx))} contacts and ${leads.length} leads.`,
);
line(
  `  normalised at the boundary: email '${leads[0]!.email}', phone '${leads[2]!.phone}', account domain '${account.domain}'`,
);

// 2. Ada's lead converts: contact, account and deal are written in one transaction, with an event.
advanceDays(3);
const conversion = unwrap(
  await convertLeadInStore(
    store,
    ctx,
    leads[0]!.id,
    { deal: { pipelineId: 'b2b', stageId: 'qualification', amount: { amount: '48000.00', currency: 'EUR' } } },
    entityCtx,
  ),
).conversion;
line(
  `\nConverted lead ${conversion.lead.id} → contact ${conversion.contact.id}, account '${conversion.account?.name}', deal ${conversion.deal?.id} (${conversion.deal?.amount.amount} ${conversion.deal?.amount.currency})`,
);

// 3. More deals, opened in the B2B pipeline with exact amounts.
const opened: Deal[] = [];
for (const [name, amount, close] of [
  ['Contoso store rollout', '125000.00', '2026-05-29'],
  ['Compilers Inc pilot', '18500.50', '2026-04-15'],
  ['Bletchley Systems support', '9999.99', '2026-06-30'],
] as const) {
  const deal = unwrap(
    openDeal(
      b2bPipeline,
      { name, accountId: account.id, amount: money(amount, 'EUR'), expectedCloseDate: close },
      entityCtx,
    ),
  );
  unwrap(await store.deals.insert(ctx, deal));
  opened.push(deal);
}
line(
  `Opened ${opened.length} more deals worth ${
    sumMoney(
      opened.map((d) => d.amount),
      'EUR',
    ).amount
  } EUR in '${b2bPipeline.stages[0]!.name}'.`,
);

// 4. Ada's deal moves through the pipeline. Proposal requires an expected close date (a guard).
const dealId = conversion.deal!.id;
advanceDays(5);
const refused = await transitionDealInStore(
  store,
  ctx,
  b2bPipeline,
  dealId,
  'proposal',
  { at: clock.now(), by: 'user-ana' },
  entityCtx,
);
if (!refused.ok) line(`\nMove to Proposal refused (${refused.error.code}): ${refused.error.message}`);
const current = unwrap(await store.deals.get(ctx, dealId))!;
const withDate = unwrap(
  updateDeal(current, (d) => void (d.expectedCloseDate = new Date('2026-04-30T00:00:00Z')), entityCtx),
);
unwrap(await store.deals.update(ctx, withDate, { expectedVersion: current.version }));
for (const [stage, days] of [
  ['proposal', 0],
  ['negotiation', 9],
  ['closed_won', 12],
] as const) {
  advanceDays(days);
  const moved = unwrap(
    await transitionDealInStore(store, ctx, b2bPipeline, dealId, stage, { at: clock.now(), by: 'user-ana' }, entityCtx),
  );
  line(
    `  ${clock.now().toISOString().slice(0, 10)}  → ${stage.padEnd(12)} event ${moved.event.type.padEnd(18)} probability ${moved.deal.probability.value}`,
  );
}
const won = unwrap(await store.deals.get(ctx, dealId))!;
line(
  `Deal ${won.id} won on ${won.closedAt?.toISOString().slice(0, 10)}; days per stage: ${unwrap(
    timeInStage(won, {
      asOf: clock.now(),
    }),
  )
    .byStage.map((s) => `${s.stageId} ${s.days.toFixed(0)}`)
    .join(', ')}`,
);

// 5. One deal is lost (a lost reason is required), one moves on to Proposal.
advanceDays(1);
unwrap(
  await transitionDealInStore(
    store,
    ctx,
    b2bPipeline,
    opened[2]!.id,
    'closed_lost',
    { at: clock.now(), by: 'user-ana', lostReason: 'Chose a competitor' },
    entityCtx,
  ),
);
unwrap(
  await transitionDealInStore(
    store,
    ctx,
    b2bPipeline,
    opened[0]!.id,
    'proposal',
    { at: clock.now(), by: 'user-ana' },
    entityCtx,
  ),
);

// 6. Pipeline value and forecast, in exact money: lost deals count 0, won their amount, open amount × probability.
const deals = unwrap(await store.deals.find(ctx, { limit: 100 })).items;
const weighted = unwrap(weightedPipelineValue(b2bPipeline, deals, { currency: 'EUR' }));
const openAndWon = sumMoney(
  deals.filter((d) => d.stageId !== 'closed_lost').map((d) => d.amount),
  'EUR',
);
line(
  `\nWeighted pipeline value: ${weighted.amount} EUR of ${openAndWon.amount} EUR open and won (the lost deal counts 0)`,
);
const byMonth = unwrap(
  forecast(b2bPipeline, deals, {
    period: period('2026-03-01T00:00:00Z', '2026-07-01T00:00:00Z'),
    by: 'month',
    currency: 'EUR',
  }),
);
line('Forecast by expected close month (weighted amount per forecast category):');
for (const bucket of byMonth.buckets) {
  const cells = Object.entries(bucket.categories)
    .filter(([, c]) => c.count > 0)
    .map(([category, c]) => `${category} ${c.weighted.amount}`)
    .join(', ');
  line(`  ${bucket.period.start.toISOString().slice(0, 7)}  ${cells || '—'}`);
}
const funnel = unwrap(stageFunnel(b2bPipeline, deals));
line(`Funnel: ${funnel.stages.map((s) => `${s.stageId} ${s.reached}`).join(' → ')}`);

// 7. Customers answer an NPS survey.
const scores = [10, 9, 9, 8, 7, 10, 6, 3, 9, 10];
for (const [i, score] of scores.entries()) {
  const response = unwrap(
    createSurveyResponse(
      { kind: 'nps', score, touchpoint: 'onboarding', answeredAt: new Date(now.getTime() + i * 3_600_000) },
      entityCtx,
    ),
  );
  unwrap(await store.surveyResponses.insert(ctx, response));
}
const npsResult = unwrap(nps(unwrap(await store.surveyResponses.find(ctx, { limit: 100 })).items));
line(
  `\nNPS ${npsResult.score?.toFixed(1)} from ${npsResult.total} responses (${npsResult.promoters} promoters, ${npsResult.detractors} detractors), 95% interval ${npsResult.interval?.lower.toFixed(1)} … ${npsResult.interval?.upper.toFixed(1)}`,
);

// 8. Every change that mattered left a domain event in the outbox, written in the same transaction.
const { items: events } = unwrap(await store.events.read(ctx, { after: 0 }));
line(`\nOutbox (${events.length} events): ${events.map((e) => `${e.sequence}:${e.type}`).join(', ')}`);
