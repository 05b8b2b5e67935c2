/**
 * A nightly metrics service: generates a year of seeded CRM records (subscriptions, survey
 * responses, leads, deals), then computes the monthly metrics report for March 2026 — the way a
 * backend job would after loading the month's rows. Shows both levels (records, and the counts a SQL
 * query returns), sharded accumulators merged through JSON, and survival analysis by plan.
 *
 * Run: npx tsx examples/metrics-service.ts
 */
import { unwrap } from 'crmkit';
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
