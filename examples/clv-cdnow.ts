/**
 * Customer lifetime value on CDNOW, step by step (the walkthrough of docs/clv.md).
 *
 * Reads the shared CDNOW transaction log (never copied into the repository) from
 * CRMKIT_CDNOW_DIR, default ../shared/data/cdnow relative to the repository root.
 *
 * Run: npx tsx examples/clv-cdnow.ts
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  bgNbdConditionalExpectedPurchases,
  bgNbdExpectedPurchases,
  bgNbdProbabilityAlive,
  expectedLifetimeValue,
  fitBgNbd,
  fitGammaGamma,
  fitParetoNbd,
  gammaGammaExpectedSpend,
  paretoNbdConditionalExpectedPurchases,
  paretoNbdProbabilityAlive,
  rfmSummary,
} from 'crmkit/clv';
import { unwrap } from 'crmkit';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dir = resolve(root, process.env.CRMKIT_CDNOW_DIR ?? '../shared/data/cdnow');

// 1. The transaction log: 6,919 purchases of 2,357 customers (columns: master id, sample id, YYYYMMDD, CDs, dollars).
const transactions = readFileSync(resolve(dir, 'CDNOW_sample.txt'), 'utf8')
  .trim()
  .split(/\r?\n/)
  .map((line) => {
    const [, id, date, , dollars] = line.trim().split(/\s+/);
    return { customer: String(Number(id)), date: date!, dollars: dollars! };
  });
console.log(`1. Transaction log: ${transactions.length} purchases`);

// 2. RFM summary: 39 calibration weeks (to 1997-09-30) and 39 holdout weeks (to 1998-06-30).
const customers = unwrap(
  rfmSummary(transactions, {
    customerId: 'customer',
    at: 'date',
    value: 'dollars',
    calibrationEnd: '1997-09-30',
    observationEnd: '1998-06-30',
    timeUnit: 'week',
  }),
);
const repeaters = customers.filter((c) => c.frequency > 0).length;
console.log(
  `2. RFM summary: ${customers.length} customers, ${repeaters} with repeat purchases in calibration, ${customers.reduce((n, c) => n + c.frequency, 0)} repeat purchases`,
);
const c1 = customers[0]!;
console.log(
  `   customer ${c1.customerId}: x = ${c1.frequency}, t_x = ${c1.recency.toFixed(2)} weeks, T = ${c1.T.toFixed(2)} weeks, mean repeat spend $${c1.monetaryValue}`,
);

// 3. Fit the transaction models and the spend model.
const f = (v: number): string => v.toFixed(3);
const bg = unwrap(fitBgNbd(customers));
console.log(
  `3. BG/NBD:      r = ${f(bg.params.r)}, α = ${f(bg.params.alpha)}, a = ${f(bg.params.a)}, b = ${f(bg.params.b)}, LL = ${bg.logLikelihood.toFixed(1)} (${bg.iterations} iterations, converged: ${bg.converged})`,
);
console.log('   published:   r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = -9582.4 (Fader, Hardie & Lee 2005)');
const pn = unwrap(fitParetoNbd(customers));
console.log(
  `   Pareto/NBD:  r = ${f(pn.params.r)}, α = ${f(pn.params.alpha)}, s = ${f(pn.params.s)}, β = ${f(pn.params.beta)}, LL = ${pn.logLikelihood.toFixed(1)}`,
);
console.log('   published:   r = 0.553, α = 10.578, s = 0.606, β = 11.669, LL = -9595.0');
const gg = unwrap(fitGammaGamma(customers));
console.log(
  `   Gamma-Gamma: p = ${f(gg.params.p)}, q = ${f(gg.params.q)}, γ = ${f(gg.params.v)} on ${gg.customers} repeat buyers (published: 6.25, 3.74, 15.44)`,
);

// 4. P(alive) and expected purchases for customers with different histories.
console.log('4. Customer-level predictions (next 39 weeks):');
console.log('   x   t_x     T     P(alive) BG  P(alive) PNBD  E[purchases] BG  E[purchases] PNBD  actual');
const examples = [
  customers[0]!,
  ...[...customers].sort((a, b) => b.frequency - a.frequency).slice(0, 2),
  customers.find((c) => c.frequency === 0)!,
  customers.find((c) => c.frequency >= 5 && c.recency < 15)!,
];
for (const c of examples) {
  console.log(
    `   ${String(c.frequency).padStart(2)}  ${c.recency.toFixed(2).padStart(5)}  ${c.T.toFixed(2)}  ${bgNbdProbabilityAlive(bg.params, c).toFixed(3).padStart(11)}  ${paretoNbdProbabilityAlive(pn.params, c).toFixed(3).padStart(13)}  ${bgNbdConditionalExpectedPurchases(bg.params, 39, c).toFixed(3).padStart(15)}  ${paretoNbdConditionalExpectedPurchases(pn.params, 39, c).toFixed(3).padStart(17)}  ${String(c.frequencyHoldout).padStart(6)}`,
  );
}
console.log(
  `   at the published parameters, x = 2, t_x = 30.43, T = 38.86 expects ${bgNbdConditionalExpectedPurchases({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 39, { frequency: 2, recency: 30.43, T: 38.86 }).toFixed(3)} purchases (FHL 2005: 1.226)`,
);

// 5. Calibration/holdout check: predicted vs actual purchases in the 39 holdout weeks, in total and by calibration frequency.
const predictedBg = customers.reduce((s, c) => s + bgNbdConditionalExpectedPurchases(bg.params, 39, c), 0);
const predictedPn = customers.reduce((s, c) => s + paretoNbdConditionalExpectedPurchases(pn.params, 39, c), 0);
const actual = customers.reduce((s, c) => s + c.frequencyHoldout!, 0);
console.log(
  `5. Holdout weeks 40–78: actual ${actual} purchases; BG/NBD predicts ${predictedBg.toFixed(0)}, Pareto/NBD ${predictedPn.toFixed(0)}`,
);
console.log('   calibration x   customers  actual mean  BG/NBD mean');
for (const x of [0, 1, 2, 3, 4, 5, 6]) {
  const group = customers.filter((c) => (x < 6 ? c.frequency === x : c.frequency >= 6));
  const mean = (g: (c: (typeof customers)[number]) => number): string =>
    (group.reduce((s, c) => s + g(c), 0) / group.length).toFixed(2);
  console.log(
    `   ${x < 6 ? String(x) : '6+'}`.padEnd(19) +
      `${String(group.length).padStart(9)}  ${mean((c) => c.frequencyHoldout!).padStart(11)}  ${mean((c) => bgNbdConditionalExpectedPurchases(bg.params, 39, c)).padStart(11)}`,
  );
}
console.log(
  `   a new customer is expected to make ${bgNbdExpectedPurchases(bg.params, 52).toFixed(2)} repeat purchases in her first year`,
);

// 6. Lifetime value: 12 months, 1% a month, both discounting conventions, exact Money out.
console.log('6. Expected 12-month value (USD, 1% monthly discount rate, 100% margin):');
const ranked = customers
  .map((c) => ({
    c,
    value: expectedLifetimeValue({
      transactionModel: bg,
      spendModel: gg,
      customer: c,
      horizon: 12,
      discountRate: 0.01,
      timeUnit: 'week',
      currency: 'USD',
    }),
  }))
  .sort((a, b) => Number(b.value.amount) - Number(a.value.amount));
for (const { c, value } of ranked.slice(0, 5)) {
  const continuous = expectedLifetimeValue({
    transactionModel: bg,
    spendModel: gg,
    customer: c,
    horizon: 12,
    discountRate: 0.01,
    timeUnit: 'week',
    currency: 'USD',
    discounting: 'continuous',
  });
  const viaPn = expectedLifetimeValue({
    transactionModel: pn,
    spendModel: gg,
    customer: c,
    horizon: 12,
    discountRate: 0.01,
    timeUnit: 'week',
    currency: 'USD',
  });
  console.log(
    `   customer ${c.customerId.padStart(4)}: x = ${String(c.frequency).padStart(2)}, spend/purchase $${gammaGammaExpectedSpend(gg.params, c).toFixed(2)}; CLV ${value.amount} (monthly), ${continuous.amount} (continuous), ${viaPn.amount} (Pareto/NBD)`,
  );
}
const total = ranked.reduce((s, r) => s + Number(r.value.amount), 0);
console.log(`   whole cohort: $${total.toFixed(2)} over the next 12 months (sum of rounded per-customer amounts)`);
