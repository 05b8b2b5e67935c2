/**
 * Valid calls of the public functions of src/scoring, for the fuzzer (test/fuzz/fuzz.test.ts).
 *
 * Data sets are a dozen rows, so every fit stays cheap; models are made with the module's own
 * constructors (`defineScoringModel`, `fitLogisticRegression`, `fitNaiveBayes`) inside each factory.
 */
import { mapResult, unwrap } from '../../../src/core/result.js';
import { fixedClock, sequentialIdGenerator } from '../../../src/core/index.js';
import { createActivity, createLead } from '../../../src/entities/index.js';
import {
  defineScoringModel,
  fitLogisticRegression,
  fitNaiveBayes,
  predictProbability,
  type ScoringModelDefinition,
} from '../../../src/scoring/index.js';
import { seeds, type SeedTable } from '../_spec.js';

const ASOF = '2026-02-01T00:00:00Z';
const asOf = () => ({ asOf: new Date(ASOF) });
const ctx = (prefix: string) => ({ clock: fixedClock('2026-01-15T09:00:00Z'), ids: sequentialIdGenerator(prefix) });

/** A model with every key of the definition filled, rules of each kind (field, activity, per activity). */
const definition = (): ScoringModelDefinition => ({
  id: 'b2b',
  name: 'B2B fit and engagement',
  description: 'Title, country and recent pricing visits',
  version: 3,
  rules: [
    { id: 'title-vp', axis: 'fit', when: { field: 'title', op: 'contains', value: 'VP' }, points: 20 },
    {
      id: 'country',
      axis: 'fit',
      when: {
        any: [
          { field: 'country', op: 'in', value: ['US', 'CA'] },
          { field: 'customFields.tier', op: 'eq', value: 'gold' },
        ],
      },
      points: 10,
      maxPoints: 10,
      description: 'North America or gold tier',
    },
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
        atLeast: 1,
        withinDays: 30,
      },
      points: 5,
      maxPoints: 15,
      per: 'activity',
    },
    { id: 'employees', axis: 'fit', when: { field: 'employees', op: 'gte', value: 100 }, points: 5 },
  ],
  decay: { engagement: { type: 'halfLife', days: 30 } },
  caps: { fit: { min: 0, max: 40 }, engagement: { min: -10, max: 30 } },
  thresholds: { mql: 15, sql: 40 },
  grades: { fit: [30, 20, 10], engagement: [20, 10, 5] },
  extraFields: { employees: 'number' },
});
const model = () => unwrap(defineScoringModel(definition()));

const lead = (i: number) =>
  unwrap(
    createLead(
      {
        firstName: 'Ada',
        lastName: `Lovelace ${i}`,
        email: `ada${i}@example.com`,
        title: i % 2 === 0 ? 'VP Sales' : 'Engineer',
        country: i % 3 === 0 ? 'US' : 'FR',
        customFields: { tier: i === 1 ? 'gold' : 'silver', employees: 50 * i },
      },
      ctx(`lead_${i}_`),
    ),
  );
const activity = (i: number, day: number, subject = 'pricing page') =>
  unwrap(
    createActivity(
      {
        kind: 'web',
        channel: 'web',
        action: 'visited',
        subject,
        occurredAt: `2026-01-${String(day).padStart(2, '0')}T10:00:00Z`,
        leadId: `lead_${i}_1`,
      },
      ctx(`act_${i}_${day}_`),
    ),
  );
/** Plain activities (the scorer reads any object with these fields). */
const plainActivities = () => [
  { kind: 'web', subject: 'Pricing page', occurredAt: '2026-01-05T10:00:00Z' },
  { kind: 'web', channel: 'web', direction: null, action: 'visited', subject: 'pricing', occurredAt: 1767607200000 },
  { kind: 'email', subject: 'hello', occurredAt: new Date('2026-01-20T10:00:00Z') },
];

/** Twelve analyst rows: a numeric, a categorical and a boolean feature, a 0/1 target. */
const rows = () => [
  { employees: 10, industry: 'retail', inbound: true, won: 0 },
  { employees: 250, industry: 'finance', inbound: false, won: 1 },
  { employees: 40, industry: 'retail', inbound: false, won: 0 },
  { employees: 900, industry: 'tech', inbound: true, won: 1 },
  { employees: 120, industry: 'finance', inbound: true, won: 0 },
  { employees: 15, industry: 'tech', inbound: false, won: 0 },
  { employees: 600, industry: 'retail', inbound: true, won: 1 },
  { employees: 75, industry: 'tech', inbound: true, won: 1 },
  { employees: 30, industry: 'finance', inbound: false, won: 0 },
  { employees: 300, industry: 'retail', inbound: false, won: 1 },
  { employees: 8, industry: 'tech', inbound: false, won: 0 },
  { employees: 450, industry: 'finance', inbound: true, won: 0 },
];
const logisticOptions = () => ({
  features: ['employees', { name: 'industry', type: 'categorical' as const, levels: ['retail', 'finance', 'tech'] }],
  target: 'won',
  l2: 0.5,
  maxIterations: 25,
  epsilon: 1e-8,
  onProgress: () => {},
  signal: new AbortController().signal,
});
const logisticModel = () =>
  unwrap(fitLogisticRegression(rows(), { features: ['employees', 'industry'], target: 'won', l2: 0.5 }));
const bayesOptions = () => ({
  features: ['industry', 'inbound'],
  target: 'won',
  smoothing: 0.1,
  minWon: 1,
  minLost: 1,
});
const bayesModel = () => unwrap(fitNaiveBayes(rows(), bayesOptions()));

const scores = () => [0.9, 0.8, 0.35, 0.6, 0.4, 0.1, 0.75, 0.55, 0.2, 0.65, 0.05, 0.5];
const labels = () => [1, 1, 0, 1, 0, 0, 1, 1, 0, 1, 0, 0];
const boolLabels = () => [true, true, false, true, false, false, true, true, false, true, false, false];

type Row = ReturnType<typeof rows>[number];
const cvOptions = () => ({
  k: 3,
  seed: 1,
  target: 'won',
  fit: (train: readonly Row[]) => fitLogisticRegression(train, { features: ['employees'], target: 'won', l2: 1 }),
  predict: (m: Parameters<typeof predictProbability>[0], row: Row) =>
    mapResult(predictProbability(m, row), (p) => p.probability),
  onProgress: () => {},
  signal: new AbortController().signal,
});

export const SCORING_SEEDS: SeedTable = {
  defineScoringModel: seeds(
    () => [definition()],
    () => [{ rules: [] }],
  ),
  scoringCatalog: seeds(
    () => [{ employees: 'number', plan: 'text' }],
    () => [],
  ),
  scoreLead: seeds(
    () => [model(), lead(2), [activity(2, 5), activity(2, 20), activity(2, 28, 'blog')], asOf()],
    () => [
      model(),
      { title: 'VP Sales', country: 'CA', employees: 300, customFields: { tier: 'gold' } },
      plainActivities(),
      asOf(),
    ],
  ),
  scoreLeads: seeds(
    () => [model(), [lead(1), lead(2), lead(3)], { lead_1_1: [activity(1, 5)], lead_3_1: [activity(3, 12)] }, asOf()],
    () => [
      model(),
      [
        { id: 'a', title: 'VP' },
        { id: 'b', country: 'US' },
      ],
      [plainActivities(), []],
      { ...asOf(), onProgress: () => undefined, signal: new AbortController().signal },
    ],
  ),
  scoreLeadsAsync: seeds(() => [
    model(),
    [lead(1), lead(2)],
    { lead_1_1: [activity(1, 5)] },
    { ...asOf(), onProgress: () => undefined, signal: new AbortController().signal },
  ]),
  rankLeads: seeds(
    () => [model(), [lead(1), lead(2), lead(3)], { lead_2_1: [activity(2, 5), activity(2, 25)] }, asOf()],
    () => [model(), [{ id: 'a', title: 'VP' }, { title: 'Engineer' }], [plainActivities()], asOf()],
  ),
  fitLogisticRegression: seeds(
    () => [rows(), logisticOptions()],
    () => [rows(), { features: ['employees', 'inbound'], target: 'won', tolerance: 1e-8 }],
  ),
  fitLogisticRegressionAsync: seeds(() => [rows(), logisticOptions()]),
  trainLogisticRegression: seeds(() => [rows(), logisticOptions()]),
  predictProbability: seeds(
    () => [logisticModel(), { employees: 200, industry: 'tech' }],
    () => [logisticModel(), { employees: 20, industry: 'energy' }],
  ),
  fitNaiveBayes: seeds(() => [rows(), bayesOptions()]),
  trainNaiveBayes: seeds(() => [rows(), bayesOptions()]),
  predictNaiveBayes: seeds(
    () => [bayesModel(), { industry: 'tech', inbound: true }],
    () => [bayesModel(), { industry: 'energy' }],
  ),
  rocAuc: seeds(
    () => [scores(), labels()],
    () => [scores(), boolLabels()],
  ),
  rocCurve: seeds(() => [scores(), labels()]),
  logLoss: seeds(
    () => [scores(), labels(), { epsilon: 1e-15 }],
    () => [scores(), boolLabels(), null],
  ),
  brierScore: seeds(() => [scores(), labels()]),
  confusionAt: seeds(() => [scores(), labels(), 0.5]),
  liftTable: seeds(
    () => [scores(), labels(), { bins: 4 }],
    () => [scores(), boolLabels()],
  ),
  calibrationTable: seeds(
    () => [scores(), labels(), { bins: 4, strategy: 'quantile' }],
    () => [scores(), boolLabels(), { bins: 5, strategy: 'uniform' }],
  ),
  trainTestSplit: {
    seeds: [() => [rows(), { testFraction: 0.25, seed: 42 }]],
    echoes: 'a split hands the caller’s rows back as they are (documented: "the rows are not copied or changed")',
  },
  kFold: {
    seeds: [() => [rows(), { k: 4, seed: 7 }]],
    echoes: 'each fold hands the caller’s rows back as they are (only positions are chosen)',
  },
  crossValidate: seeds(() => [rows(), cvOptions()]),
  crossValidateAsync: seeds(() => [rows(), cvOptions()]),
};
