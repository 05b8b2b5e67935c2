/**
 * A nightly metrics service: generates a year of seeded CRM records (subscriptions, survey
 * responses, leads, deals), then computes the monthly metrics report for March 2026 — the way a
 * backend job would after loading the month's rows. Shows both levels (records, and the counts a SQL
 * query returns), sharded accumulators merged through JSON, and survival analysis by plan.
 *
 * Section 4 is the nightly job on the database: the records go into a PostgreSQL store (the server of
 * CRMKIT_PG_URL, else PGlite in-process) with `insertMany`, plus METRICS_SERVICE_RESPONSES generated
 * survey responses (default 50,000; test/bench/aggregate.bench.ts measures `npsInStore` over 10,000,000), and the report's metrics are
 * computed where the rows live with the `…InStore` functions — one aggregate statement each, so the
 * Node heap stays bounded whatever the table size — and checked against the in-memory report.
 *
 * Run: npx tsx examples/metrics-service.ts
 */
import { deepStrictEqual } from 'node:assert';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { fixedClock, unwrap } from 'crmkit';
import { createLead, createSubscription, createSurveyResponse, type Lead, type SurveyResponse } from 'crmkit/entities';
import { churnInStore, conversionInStore, npsInStore, retentionInStore } from 'crmkit/repository';
import { createPostgresStore, migratePostgres } from 'crmkit/postgres';
import { money, type Money } from 'crmkit/money';
import { addUnits, monthPeriod } from 'crmkit/time';
import {
  ces,
  churnRate,
  cohortRetention,
  conversionBy,
  conversionRate,
  createNpsAccumulator,
  csat,
  customerAcquisitionCost,
  customerLifetimeValue,
  customerRetentionCost,
  funnel,
  grossRevenueRetention,
  kaplanMeier,
  leadToCustomerTime,
  logRankTest,
  ltvToCac,
  netRevenueRetention,
  nps,
  npsAccumulatorFromJSON,
  npsBy,
  renewalRate,
  retentionRate,
  annualizeRate,
  averageRevenuePerCustomer,
} from 'crmkit/metrics';

/** A small seeded generator (mulberry32), so every run generates the same data. */
function seededRandom(seed: number): { next(): number; nextInt(n: number): number } {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, nextInt: (n) => Math.floor(next() * n) };
}

const rng = seededRandom(2026);
const DAY = 86_400_000;
const month = monthPeriod('2026-03-01');
const asOf = month.end;
const yearStart = Date.UTC(2025, 2, 1);

// ---- 1. Generated records (seeded: the same report on every run) --------------------------------
interface Sub {
  id: string;
  accountId: string;
  plan: 'starter' | 'pro';
  mrr: Money;
  startedAt: Date;
  endsAt: Date | null;
  endedAt: Date | null;
  renewalOfId: string | null;
}
const subscriptions: Sub[] = [];
for (let a = 0; a < 400; a++) {
  const plan = rng.next() < 0.6 ? 'starter' : 'pro';
  const monthlyChurn = plan === 'starter' ? 0.06 : 0.03;
  let start = yearStart + rng.nextInt(380) * DAY;
  let prev: string | null = null;
  let mrr = plan === 'starter' ? 29 : 99;
  // Monthly terms that renew until the account churns (or asOf is reached).
  for (let term = 0; start < asOf.getTime(); term++) {
    const id = `sub_${a}_${term}`;
    const endsAt = addUnits(new Date(start), 'month', 1);
    const churns = rng.next() < monthlyChurn;
    if (rng.next() < 0.03) mrr += plan === 'starter' ? 10 : 30; // occasional upgrade at renewal
    subscriptions.push({
      id,
      accountId: `acc_${a}`,
      plan,
      mrr: money(mrr, 'USD'),
      startedAt: new Date(start),
      endsAt,
      endedAt: churns || endsAt >= asOf ? (churns ? endsAt : null) : endsAt,
      renewalOfId: prev,
    });
    if (churns) break;
    prev = id;
    start = endsAt.getTime();
  }
}
// The running term of an account has endedAt null; a renewed term ends when the next begins; a
// churned term ends at its endsAt (possibly after asOf: a cancellation that takes effect later).

const touchpoints = ['onboarding', 'support', 'billing'] as const;
const responses = Array.from({ length: 3000 }, (_, i) => {
  const kind = i % 3 === 0 ? 'nps' : i % 3 === 1 ? 'csat' : 'ces';
  const u = rng.next();
  const score =
    kind === 'nps'
      ? Math.min(10, Math.floor(u * 6) + 5)
      : kind === 'csat'
        ? 1 + Math.min(4, Math.floor(u * 5.5))
        : 1 + Math.min(6, Math.floor(u * 8));
  return {
    kind,
    score,
    touchpoint: touchpoints[rng.nextInt(3)]!,
    answeredAt: new Date(yearStart + rng.nextInt(395) * DAY),
  };
});

const sources = ['webinar', 'ads', 'referral'] as const;
const leads = Array.from({ length: 2000 }, (_, i) => {
  const createdAt = new Date(yearStart + rng.nextInt(395) * DAY);
  const source = sources[i % 3]!;
  const p = source === 'referral' ? 0.3 : source === 'webinar' ? 0.15 : 0.08;
  const convertedAt = rng.next() < p ? new Date(createdAt.getTime() + (3 + rng.nextInt(60)) * DAY) : null;
  return { createdAt, convertedAt: convertedAt !== null && convertedAt < asOf ? convertedAt : null, source };
});
const stages = ['qualified', 'proposal', 'negotiation', 'won'];
const deals = Array.from({ length: 600 }, () => {
  let reached = 0;
  while (reached < 3 && rng.next() < 0.55) reached++;
  return { stageId: stages[reached]!, stageHistory: stages.slice(0, reached + 1).map((to) => ({ to })) };
});

// ---- 2. The monthly report -----------------------------------------------------------------------
const pct = (x: number | null) => (x === null ? 'n/a' : `${(100 * x).toFixed(1)}%`);
const inMonth = { period: month };

const npsR = unwrap(nps(responses, inMonth));
const cesR = unwrap(ces(responses, { ...inMonth, method: 'percentAgree' }));
const csatR = unwrap(csat(responses, inMonth));
console.log(`Monthly metrics report — ${month.start.toISOString().slice(0, 7)}`);
console.log(`\nSurveys`);
console.log(`  NPS  ${npsR.score?.toFixed(1)} ± ${npsR.marginOfError?.toFixed(1)} (n = ${npsR.total})`);
console.log(`  CES  ${cesR.score?.toFixed(1)}% agree, mean ${cesR.mean?.toFixed(2)} / 7 (n = ${cesR.total})`);
console.log(`  CSAT ${csatR.score?.toFixed(1)}% satisfied (n = ${csatR.total})`);
for (const g of unwrap(npsBy(responses, 'touchpoint', inMonth)))
  console.log(`  NPS @ ${g.key}: ${g.nps.score?.toFixed(1)} (n = ${g.nps.total})`);

// Sharded NPS: three workers each take a slice, ship their accumulator as JSON, the service merges.
const shards = [0, 1, 2].map((w) =>
  JSON.stringify(
    createNpsAccumulator().addAll(
      responses.filter((r, i) => i % 3 === w && r.answeredAt >= month.start && r.answeredAt < month.end),
    ),
  ),
);
const merged = createNpsAccumulator();
for (const s of shards) merged.merge(unwrap(npsAccumulatorFromJSON(s)));
console.log(`  NPS from 3 merged shards: ${unwrap(merged.result()).score?.toFixed(1)} (same as one pass)`);

const churn = unwrap(churnRate(subscriptions, inMonth));
const churnAvg = unwrap(churnRate(subscriptions, { ...inMonth, denominator: 'average' }));
const retention = unwrap(retentionRate(subscriptions, inMonth));
console.log(`\nCustomers`);
console.log(
  `  at start ${churn.atStart}, lost ${churn.lost}, acquired ${churn.acquired} (${churn.lostAcquired} of them lost), at end ${churn.atEnd}`,
);
console.log(
  `  churn ${pct(churn.rate)} (average-customers basis ${pct(churnAvg.rate)}), annualized ${pct(unwrap(annualizeRate(churn.rate ?? 0, 12)))}`,
);
console.log(`  retention ${pct(retention.rate)}`);
// The same from the counts a SQL query would return:
console.log(`  from SQL counts: churn ${pct(unwrap(churnRate({ atStart: churn.atStart, lost: churn.lost })).rate)}`);

const grr = unwrap(grossRevenueRetention(subscriptions, inMonth));
const nrr = unwrap(netRevenueRetention(subscriptions, inMonth));
const renewal = unwrap(renewalRate(subscriptions, inMonth));
console.log(`\nRevenue`);
console.log(
  `  starting MRR ${grr.startingMrr.amount} ${grr.startingMrr.currency}: +${nrr.expansion.amount} expansion, −${nrr.contraction.amount} contraction, −${nrr.churned.amount} churned`,
);
console.log(
  `  GRR ${pct(grr.rate)}, NRR ${pct(nrr.rate)}, renewal rate ${pct(renewal.rate)} (${renewal.renewed}/${renewal.upForRenewal})`,
);

const arpu = unwrap(averageRevenuePerCustomer({ revenue: grr.startingMrr, customers: churn.atStart }));
const ltv = unwrap(
  customerLifetimeValue({
    arpu: arpu.arpu ?? money(0, 'USD'),
    grossMargin: '0.8',
    churnRate: Math.max(churn.rate ?? 0.05, 0.001),
    discountRate: '0.01',
  }),
);
const cac = unwrap(customerAcquisitionCost({ spend: money('9500', 'USD'), newCustomers: Math.max(1, churn.acquired) }));
const crc = unwrap(
  customerRetentionCost({
    retentionSpend: money('4200', 'USD'),
    retainedCustomers: retention.retained,
    revenuePerRetainedCustomer: arpu.arpu ?? undefined,
  }),
);
console.log(`\nValue`);
console.log(
  `  ARPA ${arpu.arpu?.amount}, CLTV ${ltv.value.amount} (${ltv.formula}), CAC ${cac.cac?.amount}, LTV:CAC ${unwrap(ltvToCac(ltv.value, cac.cac!)).ratio?.toFixed(1)}`,
);
console.log(
  `  retention cost ${crc.costPerRetainedCustomer?.amount} per retained customer (${crc.warning ? 'WARNING: costs more than the customer brings' : 'below revenue per customer'})`,
);

const conv = unwrap(conversionRate(leads, inMonth));
console.log(`\nSales`);
console.log(
  `  lead conversion ${pct(conv.rate)} [${pct(conv.interval?.lower ?? null)}, ${pct(conv.interval?.upper ?? null)}] of ${conv.total} leads`,
);
for (const g of unwrap(conversionBy(leads, 'source', inMonth)))
  console.log(`    ${g.key}: ${pct(g.conversion.rate)} of ${g.conversion.total}`);
console.log(`  lead-to-customer median ${unwrap(leadToCustomerTime(leads)).medianDays?.toFixed(1)} days`);
console.log(
  `  funnel: ${unwrap(funnel(stages, deals))
    .map((s) => `${s.stage} ${s.count} (${pct(s.stepRate)})`)
    .join(' → ')}`,
);

// ---- 3. Cohorts and survival --------------------------------------------------------------------
const firstTerms = new Map<string, { startedAt: Date; endedAt: Date | null; plan: string }>();
for (const s of subscriptions) {
  const c = firstTerms.get(s.accountId);
  if (c === undefined) firstTerms.set(s.accountId, { startedAt: s.startedAt, endedAt: s.endedAt, plan: s.plan });
  else c.endedAt = s.endedAt; // terms are in order: the last one's end is the account's end
}
const customers = [...firstTerms.values()];
const table = unwrap(cohortRetention(customers, { cohortBy: 'month', periods: 6, asOf }));
console.log(`\nCohort retention (share still active k months after the signup month)`);
for (const r of table.rows.slice(-8))
  console.log(
    `  ${r.cohort.start.toISOString().slice(0, 7)} n=${String(r.size).padStart(3)}  ${r.rates.map((x) => (x === null ? '   · ' : `${(100 * x).toFixed(0).padStart(4)}%`)).join('')}`,
  );

const tenure = (c: { startedAt: Date; endedAt: Date | null }) =>
  ((c.endedAt ?? asOf).getTime() - c.startedAt.getTime()) / DAY / 30.4375;
const byPlan = (plan: string) => {
  const cs = customers.filter((c) => c.plan === plan);
  return { durations: cs.map(tenure), events: cs.map((c) => c.endedAt !== null && c.endedAt <= asOf) };
};
for (const plan of ['starter', 'pro']) {
  const g = byPlan(plan);
  const km = unwrap(kaplanMeier(g.durations, g.events));
  console.log(
    `  ${plan}: median lifetime ${km.median?.toFixed(1) ?? '> follow-up'} months, S(6 months) = ${pct(km.survivalAt(6))}`,
  );
}
const lr = unwrap(logRankTest(byPlan('starter'), byPlan('pro')));
console.log(`  log-rank starter vs pro: χ² = ${lr.chiSquare?.toFixed(2)}, p = ${lr.pValue?.toExponential(2)}`);

// ---- 4. The nightly job on the database: the same metrics computed where the rows live -----------
const pgUrl = process.env['CRMKIT_PG_URL'];
const extraResponses = Number(process.env['METRICS_SERVICE_RESPONSES'] ?? 50_000);
const schema = `metrics_service_${process.pid}`;
const pool = pgUrl === undefined || pgUrl === '' ? null : new pg.Pool({ connectionString: pgUrl, max: 4 });
const lite = pool === null ? new PGlite() : null;
const client = pool ?? lite!;
unwrap(await migratePostgres(client, { schema }));
const store = createPostgresStore(client, { schema });
const ctx = { tenantId: 'acme' };
try {
  // The month's records, as the backend keeps them.
  unwrap(
    await store.subscriptions.insertMany(
      ctx,
      subscriptions.map((s) => ({
        ...unwrap(
          createSubscription({
            accountId: s.accountId,
            plan: s.plan,
            status: 'active',
            mrr: s.mrr,
            termMonths: 1,
            startedAt: s.startedAt,
            endsAt: s.endsAt,
            endedAt: s.endedAt,
            renewalOfId: s.renewalOfId,
          }),
        ),
        id: s.id as never,
      })),
    ),
  );
  const leadRecords: Lead[] = leads.map((l, i) => {
    const lead = unwrap(
      createLead(
        { lastName: `Lead ${i}`, email: `lead${i}@example.com`, source: l.source },
        { clock: fixedClock(l.createdAt) },
      ),
    );
    if (l.convertedAt === null) return lead;
    const at = l.convertedAt;
    return {
      ...lead,
      status: 'converted',
      convertedAt: at,
      convertedContactId: `contact_${i}` as never,
      updatedAt: at,
      statusHistory: [
        ...lead.statusHistory,
        { from: 'new', to: 'converted', at, by: null, reason: null, forced: false },
      ],
    } as Lead;
  });
  unwrap(await store.leads.insertMany(ctx, leadRecords));
  const toResponse = (r: (typeof responses)[number], i: number, prefix: string): SurveyResponse => ({
    ...unwrap(
      createSurveyResponse(
        { kind: r.kind as 'nps', score: r.score, touchpoint: r.touchpoint, answeredAt: r.answeredAt },
        { clock: fixedClock(r.answeredAt) },
      ),
    ),
    id: `${prefix}${i}` as never,
  });
  unwrap(
    await store.surveyResponses.insertMany(
      ctx,
      responses.map((r, i) => toResponse(r, i, 'resp_')),
    ),
  );
  // Plus generated March responses, in batches of 10,000 (never all in memory), counted as they go.
  const live = createNpsAccumulator();
  for (const r of responses)
    if (r.kind === 'nps' && r.answeredAt >= month.start && r.answeredAt < month.end) live.add(r);
  for (let at = 0; at < extraResponses; at += 10_000) {
    const batch = Array.from({ length: Math.min(10_000, extraResponses - at) }, (_, i) => {
      const r = {
        kind: 'nps',
        score: Math.min(10, Math.floor(rng.next() * 6) + 5),
        touchpoint: touchpoints[rng.nextInt(3)]!,
        answeredAt: new Date(month.start.getTime() + rng.nextInt(31 * 24) * 3_600_000),
      };
      live.add(r);
      return toResponse(r, at + i, 'gen_');
    });
    unwrap(await store.surveyResponses.insertMany(ctx, batch));
  }

  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const npsStored = unwrap(await npsInStore(store, ctx, inMonth));
  const npsByTouchpoint = unwrap(await npsInStore(store, ctx, { ...inMonth, by: 'touchpoint' }));
  const churnStored = unwrap(await churnInStore(store, ctx, inMonth));
  const retentionStored = unwrap(await retentionInStore(store, ctx, inMonth));
  const conversionStored = unwrap(await conversionInStore(store, ctx, inMonth));
  const ms = performance.now() - t0;
  const heapGrowth = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;

  console.log(`
From the store (${pool === null ? 'PGlite' : 'PostgreSQL server'}, ${responses.length + extraResponses} survey responses)`);
  console.log(`  NPS ${npsStored.score?.toFixed(1)} ± ${npsStored.marginOfError?.toFixed(1)} (n = ${npsStored.total})`);
  for (const g of npsByTouchpoint) console.log(`  NPS @ ${g.key}: ${g.nps.score?.toFixed(1)} (n = ${g.nps.total})`);
  console.log(
    `  churn ${pct(churnStored.rate)}, retention ${pct(retentionStored.rate)}, lead conversion ${pct(conversionStored.rate)}`,
  );
  console.log(
    `  five metrics in ${ms.toFixed(0)} ms, heap growth ${heapGrowth.toFixed(1)} MB (counts come back, not rows)`,
  );
  // The same numbers as the in-memory report (and, for the generated responses, as counting them on the way in).
  deepStrictEqual(npsStored, unwrap(live.result()));
  deepStrictEqual(churnStored, churn);
  deepStrictEqual(retentionStored, retention);
  deepStrictEqual(conversionStored, conv);
  if (heapGrowth > 50) throw new Error(`heap grew by ${heapGrowth.toFixed(1)} MB`);
  console.log('  equal to the in-memory report: yes');
} finally {
  if (pool !== null) {
    await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
    await pool.end();
  } else await lite!.close();
}
