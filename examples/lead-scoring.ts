/**
 * Lead scoring end to end, on a generated (seeded) data set:
 * 1. an explainable rule model scores and ranks leads;
 * 2. a logistic regression is trained on a train split, evaluated on the test split (AUC, log-loss,
 *    Brier, lift, calibration) and cross-validated with k folds;
 * 3. a naive Bayes frequency model (Odoo-style) is compared;
 * 4. one lead's prediction is explained feature by feature.
 *
 * Run: npx tsx examples/lead-scoring.ts
 */
import { unwrap } from 'crmkit';
import {
  defineScoringModel,
  rankLeads,
  scoreLead,
  trainLogisticRegression,
  predictProbability,
  trainNaiveBayes,
  predictNaiveBayes,
  rocAuc,
  logLoss,
  brierScore,
  confusionAt,
  liftTable,
  calibrationTable,
  trainTestSplit,
  kFold,
  type ScorableActivity,
} from 'crmkit/scoring';

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

const DAY = 86_400_000;
const asOf = new Date('2026-03-01T00:00:00Z');

// ---- A generated book of 4,000 leads with activities and a known outcome (won or not). ----
interface DemoLead {
  id: string;
  title: string;
  industry: string;
  country: string;
  email: string;
  customFields: { employees: number };
}
const rng = seededRandom(20260301);
const pick = <T>(xs: readonly T[]): T => xs[rng.nextInt(xs.length)]!;
const leads: DemoLead[] = [];
const activities = new Map<string, ScorableActivity[]>();
const won = new Map<string, boolean>();
for (let i = 0; i < 4000; i++) {
  const lead: DemoLead = {
    id: `lead_${String(i).padStart(4, '0')}`,
    title: pick(['VP Sales', 'Head of Marketing', 'Engineer', 'CEO', 'Analyst']),
    industry: pick(['saas', 'retail', 'finance', 'health']),
    country: pick(['US', 'CA', 'FR', 'DE']),
    email: `p${i}@${pick(['gmail.com', 'acme.com', 'corp.io'])}`,
    customFields: { employees: Math.round(Math.exp(2 + rng.next() * 5)) },
  };
  const acts: ScorableActivity[] = [];
  const intent = rng.next();
  const n = Math.floor(rng.next() * 12 * intent);
  for (let k = 0; k < n; k++) {
    const kind = pick(['web', 'web', 'email', 'meeting'] as const);
    acts.push({
      kind,
      subject: kind === 'web' ? pick(['Pricing', 'Blog', 'Docs']) : null,
      action: kind === 'email' ? pick(['opened', 'clicked']) : null,
      occurredAt: new Date(asOf.getTime() - Math.floor(rng.next() * 60) * DAY),
    });
  }
  // The "truth" behind the outcomes: seniority, size, intent and engagement raise the odds.
  const eta =
    -2.2 +
    (lead.title.startsWith('VP') || lead.title === 'CEO' ? 0.9 : 0) +
    0.25 * Math.log(lead.customFields.employees) +
    2 * intent +
    (lead.email.endsWith('gmail.com') ? -0.6 : 0) -
    0.6;
  won.set(lead.id, rng.next() < 1 / (1 + Math.exp(-eta)));
  leads.push(lead);
  activities.set(lead.id, acts);
}

// ---- 1. Rule model ----
const model = unwrap(
  defineScoringModel({
    rules: [
      {
        id: 'senior-title',
        axis: 'fit',
        when: {
          any: [
            { field: 'title', op: 'contains', value: 'VP' },
            { field: 'title', op: 'eq', value: 'CEO' },
          ],
        },
        points: 25,
      },
      { id: 'mid-market', axis: 'fit', when: { field: 'customFields.employees', op: 'gte', value: 200 }, points: 20 },
      { id: 'free-mail', axis: 'fit', when: { field: 'email', op: 'matches', value: '*@gmail.com' }, points: -10 },
      {
        id: 'pricing-visits',
        axis: 'engagement',
        when: {
          activity: {
            all: [
              { field: 'kind', op: 'eq', value: 'web' },
              { field: 'subject', op: 'contains', value: 'pricing' },
            ],
          },
          atLeast: 2,
          withinDays: 30,
        },
        points: 30,
      },
      {
        id: 'email-click',
        axis: 'engagement',
        when: {
          activity: {
            all: [
              { field: 'kind', op: 'eq', value: 'email' },
              { field: 'action', op: 'eq', value: 'clicked' },
            ],
          },
          withinDays: 14,
        },
        points: 15,
      },
      {
        id: 'meeting',
        axis: 'engagement',
        when: { activity: { field: 'kind', op: 'eq', value: 'meeting' }, withinDays: 60 },
        points: 30,
      },
    ],
    decay: { engagement: { type: 'halfLife', days: 30 } },
    caps: { engagement: { max: 60 } },
    thresholds: { mql: 50, sql: 80 },
    grades: { fit: [40, 25, 10], engagement: [45, 30, 15] },
  }),
);

const ranked = unwrap(rankLeads(model, leads, activities, { asOf }));
console.log('Top 5 leads by rule score:');
for (const r of ranked.slice(0, 5))
  console.log(
    `  #${r.rank} ${r.id}  total ${r.score.total.toFixed(1)}  grade ${r.score.grade}  ${r.score.qualification}`,
  );
const top = unwrap(scoreLead(model, leads[ranked[0]!.index]!, activities.get(ranked[0]!.id!) ?? [], { asOf }));
console.log(`Why ${ranked[0]!.id}:`);
for (const c of top.contributions.filter((x) => x.points !== 0))
  console.log(`  ${c.ruleId.padEnd(15)} ${c.axis.padEnd(10)} ${c.points.toFixed(1).padStart(6)}  ${c.detail}`);

const ruleScores = ranked.map((r) => r.score.total);
const ruleLabels = ranked.map((r) => won.get(r.id!)!);
console.log(`Rule score AUC against outcomes: ${unwrap(rocAuc(ruleScores, ruleLabels)).toFixed(3)}`);

// ---- 2. Predictive model: features derived from leads and activities ----
const rows = leads.map((l) => {
  const acts = activities.get(l.id) ?? [];
  return {
    id: l.id,
    logEmployees: Math.log(l.customFields.employees),
    senior: l.title.startsWith('VP') || l.title === 'CEO',
    freeMail: l.email.endsWith('gmail.com'),
    industry: l.industry,
    webVisits: acts.filter((a) => a.kind === 'web').length,
    emailClicks: acts.filter((a) => a.action === 'clicked').length,
    won: won.get(l.id)!,
  };
});
const features = ['logEmployees', 'senior', 'freeMail', 'industry', 'webVisits', 'emailClicks'];
const split = unwrap(trainTestSplit(rows, { testFraction: 0.25, seed: 7 }));
const lr = unwrap(trainLogisticRegression(split.train, { features, target: 'won' }));
console.log(
  `\nLogistic regression: ${lr.iterations} iterations, converged ${lr.converged}, training log-loss ${lr.logLoss.toFixed(4)}`,
);
for (const [name, b] of Object.entries(lr.coefficients)) console.log(`  ${name.padEnd(18)} ${b.toFixed(4)}`);

const probs = split.test.map((r) => unwrap(predictProbability(lr, r)).probability);
const labels = split.test.map((r) => r.won);
console.log(
  `Test set (${split.test.length} leads): AUC ${unwrap(rocAuc(probs, labels)).toFixed(3)}, log-loss ${unwrap(logLoss(probs, labels)).toFixed(4)}, Brier ${unwrap(brierScore(probs, labels)).toFixed(4)}`,
);
const cm = unwrap(confusionAt(probs, labels, 0.5));
console.log(
  `At 0.5: precision ${cm.precision?.toFixed(3)}, recall ${cm.recall?.toFixed(3)}, accuracy ${cm.accuracy.toFixed(3)}`,
);
console.log('Lift by decile (bin, rate, lift, cumulative gain):');
for (const row of unwrap(liftTable(probs, labels, { bins: 10 })))
  console.log(
    `  ${String(row.bin).padStart(2)}  ${row.rate.toFixed(3)}  ${row.lift.toFixed(2)}  ${row.gain.toFixed(3)}`,
  );
const cal = unwrap(calibrationTable(probs, labels, { bins: 5, strategy: 'quantile' }));
console.log(
  `Calibration (quantile bins): ${cal.rows.map((r) => `${r.meanPredicted?.toFixed(2)}→${r.observedRate?.toFixed(2)}`).join('  ')}; ECE ${cal.ece.toFixed(4)}`,
);

const cv = unwrap(kFold(rows, { k: 5, seed: 11 })).map((fold) => {
  const m = unwrap(trainLogisticRegression(fold.train, { features, target: 'won', l2: 1 }));
  const p = fold.test.map((r) => unwrap(predictProbability(m, r)).probability);
  return unwrap(
    rocAuc(
      p,
      fold.test.map((r) => r.won),
    ),
  );
});
console.log(`5-fold cross-validated AUC (l2 = 1): ${cv.map((a) => a.toFixed(3)).join(', ')}`);

// ---- 3. Naive Bayes (Odoo-style frequencies) on categorical versions of the same signals ----
const nbRows = rows.map((r) => ({
  ...r,
  size: r.logEmployees > 5 ? 'large' : 'small',
  engaged: r.webVisits >= 3 ? 'yes' : 'no',
}));
const nbSplit = unwrap(trainTestSplit(nbRows, { testFraction: 0.25, seed: 7 }));
const nb = unwrap(
  trainNaiveBayes(nbSplit.train, { features: ['senior', 'freeMail', 'industry', 'size', 'engaged'], target: 'won' }),
);
const nbProbs = nbSplit.test.map((r) => unwrap(predictNaiveBayes(nb, r)).probability);
console.log(
  `\nNaive Bayes test AUC ${unwrap(
    rocAuc(
      nbProbs,
      nbSplit.test.map((r) => r.won),
    ),
  ).toFixed(3)}`,
);

// ---- 4. Explain one prediction ----
const lead = split.test[0]!;
const p = unwrap(predictProbability(lr, lead));
console.log(`\n${lead.id}: P(won) = ${p.probability.toFixed(3)} (baseline log-odds ${p.baselineLogOdds.toFixed(3)})`);
for (const c of [...p.contributions].sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution)))
  console.log(
    `  ${c.feature.padEnd(14)} = ${(typeof c.value === 'number' ? c.value.toFixed(2) : c.value).padEnd(8)} ${c.contribution >= 0 ? '+' : ''}${c.contribution.toFixed(3)}`,
  );
