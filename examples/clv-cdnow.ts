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
  lifetimeValues,
  lifetimeValuesAsMoney,
  predictBgNbd,
  predictGammaGamma,
  predictParetoNbd,
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

// 4. P(alive) and expected purchases for every customer at once: the batch API over columns.
const columns = {
  frequency: Float64Array.from(customers, (c) => c.frequency),
  recency: Float64Array.from(customers, (c) => c.recency),
  T: Float64Array.from(customers, (c) => c.T),
  monetaryValue: Float64Array.from(customers, (c) => c.monetaryValue),
};
const bgNext = unwrap(predictBgNbd(bg.params, columns, { t: 39, purchaseCounts: [0] }));
const pnNext = unwrap(predictParetoNbd(pn.params, columns, { t: 39 }));
console.log('4. Customer-level predictions (next 39 weeks), from one batch call per model:');
console.log('   x   t_x     T     P(alive) BG  P(alive) PNBD  E[purchases] BG  E[purchases] PNBD  P(none) BG  actual');
const byFrequency = customers.map((c, i) => ({ c, i })).sort((p, q) => q.c.frequency - p.c.frequency);
const examples = [
  0,
  byFrequency[0]!.i,
  byFrequency[1]!.i,
  customers.findIndex((c) => c.frequency === 0),
  customers.findIndex((c) => c.frequency >= 5 && c.recency < 15),
];
for (const i of examples) {
  const c = customers[i]!;
  console.log(
    `   ${String(c.frequency).padStart(2)}  ${c.recency.toFixed(2).padStart(5)}  ${c.T.toFixed(2)}  ${bgNext.probabilityAlive[i]!.toFixed(3).padStart(11)}  ${pnNext.probabilityAlive[i]!.toFixed(3).padStart(13)}  ${bgNext.expectedPurchases[i]!.toFixed(3).padStart(15)}  ${pnNext.expectedPurchases[i]!.toFixed(3).padStart(17)}  ${bgNext.purchaseProbabilities[0]![i]!.toFixed(3).padStart(10)}  ${String(c.frequencyHoldout).padStart(6)}`,
  );
}
// One customer at a time: the per-customer functions give the same numbers (same kernels).
const published = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const worked = { frequency: 2, recency: 30.43, T: 38.86 };
console.log(
  `   at the published parameters, x = 2, t_x = 30.43, T = 38.86 expects ${bgNbdConditionalExpectedPurchases(published, 39, worked).toFixed(3)} purchases (FHL 2005: 1.226); P(alive) ${bgNbdProbabilityAlive(published, worked).toFixed(3)}`,
);

// 5. Calibration/holdout check: predicted vs actual purchases in the 39 holdout weeks, in total and by calibration frequency.
const sum = (a: Float64Array): number => a.reduce((s, v) => s + v, 0);
const actual = customers.reduce((s, c) => s + c.frequencyHoldout!, 0);
console.log(
  `5. Holdout weeks 40–78: actual ${actual} purchases; BG/NBD predicts ${sum(bgNext.expectedPurchases).toFixed(0)}, Pareto/NBD ${sum(pnNext.expectedPurchases).toFixed(0)}`,
);
console.log('   calibration x   customers  actual mean  BG/NBD mean');
for (const x of [0, 1, 2, 3, 4, 5, 6]) {
  const group = customers.map((c, i) => ({ c, i })).filter(({ c }) => (x < 6 ? c.frequency === x : c.frequency >= 6));
  const mean = (g: (p: { c: (typeof customers)[number]; i: number }) => number): string =>
    (group.reduce((s, p) => s + g(p), 0) / group.length).toFixed(2);
  console.log(
    `   ${x < 6 ? String(x) : '6+'}`.padEnd(19) +
      `${String(group.length).padStart(9)}  ${mean(({ c }) => c.frequencyHoldout!).padStart(11)}  ${mean(({ i }) => bgNext.expectedPurchases[i]!).padStart(11)}`,
  );
}
console.log(
  `   a new customer is expected to make ${bgNbdExpectedPurchases(bg.params, 52).toFixed(2)} repeat purchases in her first year`,
);

// 6. Lifetime value: 12 months, 1% a month, both discounting conventions. One batch call gives a Float64Array
//    for ranking; lifetimeValuesAsMoney gives exact Money (the amounts expectedLifetimeValue gives one by one).
console.log('6. Expected 12-month value (USD, 1% monthly discount rate, 100% margin):');
const options = { horizon: 12, discountRate: 0.01, timeUnit: 'week' } as const;
const values = unwrap(lifetimeValues(bg, gg, columns, options));
const money = unwrap(lifetimeValuesAsMoney(bg, gg, columns, { ...options, currency: 'USD' }));
const continuous = unwrap(
  lifetimeValuesAsMoney(bg, gg, columns, { ...options, currency: 'USD', discounting: 'continuous' }),
);
const viaPn = unwrap(lifetimeValuesAsMoney(pn, gg, columns, { ...options, currency: 'USD' }));
const spend = unwrap(predictGammaGamma(gg.params, columns));
const ranked = Array.from(values.keys()).sort((i, j) => values[j]! - values[i]!);
for (const i of ranked.slice(0, 5)) {
  const c = customers[i]!;
  console.log(
    `   customer ${c.customerId.padStart(4)}: x = ${String(c.frequency).padStart(2)}, spend/purchase $${spend[i]!.toFixed(2)}; CLV ${money[i]!.amount} (monthly), ${continuous[i]!.amount} (continuous), ${viaPn[i]!.amount} (Pareto/NBD)`,
  );
}
const first = expectedLifetimeValue({
  transactionModel: bg,
  spendModel: gg,
  customer: customers[ranked[0]!]!,
  currency: 'USD',
  ...options,
});
console.log(`   the same first customer one at a time: ${first.amount} (expectedLifetimeValue)`);
const total = money.reduce((s, m) => s + Number(m.amount), 0);
console.log(`   whole cohort: $${total.toFixed(2)} over the next 12 months (sum of rounded per-customer amounts)`);
