/**
 * Valid calls of crmkit/charts, for the fuzzer (test/fuzz/fuzz.test.ts). Every seed fills each option key.
 */
import { unwrap } from '../../../src/core/result.js';
import { kaplanMeier, cohortRetention, funnel, nps } from '../../../src/metrics/index.js';
import { rocCurve, liftTable, calibrationTable } from '../../../src/scoring/index.js';
import { funnelChart } from '../../../src/charts/index.js';
import { seeds, type SeedTable } from '../_spec.js';

const common = () => ({ title: 'T', width: 300, height: 200, colors: ['#112233', 'teal'], locale: 'id-ID' as const });
const km = () => unwrap(kaplanMeier([9, 13, 13, 18, 23], [1, 1, 0, 1, 0]));
const bg = () => ({ model: 'bg_nbd' as const, params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } });
const rows = () => [
  { frequency: 2, recency: 30.43, T: 38.86 },
  { frequency: 0, recency: 0, T: 32, weight: 3 },
];
const scores = [0.1, 0.4, 0.35, 0.8, 0.5, 0.9];
const labels = () => [0, 0, 1, 1, 0, 1] as (0 | 1)[];
const npsPoint = () => ({ promoters: 5, passives: 3, detractors: 2 });

export const CHARTS_SEEDS: SeedTable = {
  kaplanMeierChart: seeds(
    () => [km(), { ...common(), band: true, censorMarks: true, timeTitle: 'Weeks' }],
    () => [[{ name: 'a', result: km() }], null],
  ),
  cohortRetentionHeatmap: seeds(() => [
    unwrap(
      cohortRetention([{ startedAt: new Date('2026-01-10T00:00:00Z'), endedAt: null }], {
        periods: 3,
        asOf: new Date('2026-04-01T00:00:00Z'),
      }),
    ),
    { ...common(), labels: true },
  ]),
  funnelChart: seeds(() => [unwrap(funnel(['a', 'b'], [10, 4])), common()]),
  rocChart: seeds(
    () => [unwrap(rocCurve([...scores], labels())), common()],
    () => [[{ name: 'm', points: unwrap(rocCurve([...scores], labels())) }], null],
  ),
  liftChart: seeds(() => [unwrap(liftTable([...scores], labels(), { bins: 3 })), { ...common(), kind: 'gains' }]),
  calibrationChart: seeds(() => [unwrap(calibrationTable([...scores], labels(), { bins: 3 })), common()]),
  frequencyRecencyMatrix: seeds(() => [bg(), { ...common(), maxFrequency: 3, maxRecency: 4, t: 2 }]),
  probabilityAliveMatrix: seeds(() => [bg(), { ...common(), maxFrequency: 3, maxRecency: 4 }]),
  periodTransactionsChart: seeds(() => [bg(), rows(), { ...common(), maxFrequency: 4 }]),
  trackingChart: seeds(() => [
    bg(),
    rows(),
    [1, 0, 2, 1],
    { ...common(), kind: 'incremental', periodLength: 10, timeTitle: 'Week' },
  ]),
  clvDistributionChart: seeds(
    () => [[1, 2.5, 40], { ...common(), bins: 3, valueTitle: 'CLV' }],
    () => [[{ amount: '1.50', currency: 'USD' }], null],
  ),
  forecastChart: seeds(() => [
    {
      pipelineIds: ['b2b'],
      pipelineId: 'b2b',
      currency: 'EUR',
      by: 'month',
      buckets: [
        {
          period: { start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-02-01T00:00:00Z') },
          categories: Object.fromEntries(
            ['pipeline', 'best_case', 'commit', 'closed', 'omitted'].map((c) => [
              c,
              { count: 1, amount: { amount: '10.00', currency: 'EUR' }, weighted: { amount: '5.00', currency: 'EUR' } },
            ]),
          ),
          rollup: {
            closed: { amount: '10.00', currency: 'EUR' },
            commit: { amount: '20.00', currency: 'EUR' },
            bestCase: { amount: '30.00', currency: 'EUR' },
            openPipeline: { amount: '30.00', currency: 'EUR' },
          },
        },
      ],
      total: null,
      unscheduled: null,
    },
    { ...common(), measure: 'weighted' },
  ]),
  npsTrendChart: seeds(
    () => [[{ key: 'Jan', nps: unwrap(nps(npsPoint())) }], { ...common(), dateFormat: '%b' }],
    () => [
      [
        {
          period: { start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-02-01T00:00:00Z') },
          nps: unwrap(nps(npsPoint())),
        },
      ],
      null,
    ],
  ),
  pipelineStageDurationsChart: seeds(() => [
    [{ stageId: 'a', count: 2, meanDays: 1, medianDays: 1, p90Days: 2 }],
    { ...common(), stageNames: { a: 'A' } },
  ]),
  toMimeBundle: {
    seeds: [() => [unwrap(funnelChart(unwrap(funnel(['a'], [1]))))]],
    throws: {
      args: [0],
      reason: 'a value that is not a Vega-Lite spec: a call no type-correct program makes (@throws)',
    },
    echoes: 'returns the spec it was given inside the bundle',
  },
};
