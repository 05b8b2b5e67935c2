/** Results to chart, built fresh for each test from known data (no shared mutable state). */
import { unwrap } from '../../src/core/result.js';
import { kaplanMeier, cohortRetention, funnel, nps } from '../../src/metrics/index.js';
import { rocCurve, liftTable, calibrationTable } from '../../src/scoring/index.js';

/** R's survival::aml (weeks in remission): maintained and not maintained chemotherapy. */
export const amlMaintained = () =>
  unwrap(kaplanMeier([9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161], [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0]));
export const amlNotMaintained = () =>
  unwrap(kaplanMeier([5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45], [1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1]));

export const cohortTable = () =>
  unwrap(
    cohortRetention(
      [
        { startedAt: new Date('2026-01-10T00:00:00Z'), endedAt: new Date('2026-03-20T00:00:00Z') },
        { startedAt: new Date('2026-01-12T00:00:00Z'), endedAt: null },
        { startedAt: new Date('2026-02-20T00:00:00Z'), endedAt: null },
      ],
      { periods: 4, asOf: new Date('2026-05-15T00:00:00Z') },
    ),
  );

export const funnelSteps = () => unwrap(funnel(['lead', 'qualified', 'won'], [1200, 80, 20]));
export const scores = [0.1, 0.4, 0.35, 0.8, 0.5, 0.5, 0.9, 0.2, 0.65, 0.3];
export const labels = [0, 0, 1, 1, 1, 0, 1, 0, 1, 0] as const;
export const rocPoints = () => unwrap(rocCurve(scores, [...labels]));
export const liftRows = () => unwrap(liftTable(scores, [...labels], { bins: 5 }));
export const calibration = () => unwrap(calibrationTable(scores, [...labels], { bins: 4 }));
export const bgNbdCdnow = { model: 'bg_nbd' as const, params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } };
export const paretoCdnow = {
  model: 'pareto_nbd' as const,
  params: { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 },
};
export const npsGroups = () => [
  { key: '2026-01', nps: unwrap(nps({ promoters: 50, passives: 30, detractors: 20 })) },
  { key: '2026-02', nps: unwrap(nps({ promoters: 60, passives: 25, detractors: 15 })) },
  { key: null, nps: unwrap(nps([])) },
];
export const stageDurationRows = () => [
  { stageId: 'qualified', count: 40, meanDays: 6.5, medianDays: 5, p90Days: 14 },
  { stageId: 'proposal', count: 25, meanDays: 12.5, medianDays: 10, p90Days: 28 },
];
