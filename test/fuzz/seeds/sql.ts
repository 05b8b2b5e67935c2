/**
 * Valid calls of crmkit/sql (the statement builders and their row readers), for the fuzzer
 * (test/fuzz/fuzz.test.ts). Every seed fills each option key; the rows are what the drivers return.
 */
import { seeds, type SeedTable } from '../_spec.js';

const rfmRow = () => ({
  customer_id: 'a',
  frequency: 2,
  recency: 30.428571428571427,
  t: 38.857142857142854,
  monetary_sum: '44.69',
  frequency_holdout: '1',
  monetary_sum_holdout: '26.48',
  duration_holdout: 39,
  invalid_rows: '0',
});
const cohortOptions = () => ({ cohortBy: 'month' as const, periods: 3, asOf: new Date('2026-03-15T00:00:00Z') });

export const SQL_SEEDS: SeedTable = {
  rfmSummarySql: seeds(() => [
    {
      table: 'sales.orders',
      customerId: 'customer_id',
      at: 'ordered_at',
      value: 'amount',
      observationEnd: '1998-06-30',
      timeUnit: 'week',
      calibrationEnd: '1997-09-30',
      filter: { tenant_id: 't1' },
      dialect: 'duckdb',
    },
  ]),
  rfmSummaryFromSql: seeds(
    () => [[rfmRow(), { ...rfmRow(), customer_id: 'b', frequency: 0, monetary_sum: '0' }]],
    () => [{ rows: [rfmRow()] }],
  ),
  npsCountsSql: seeds(() => [
    {
      table: 'survey_responses',
      score: 'score',
      kind: 'kind',
      answeredAt: 'answered_at',
      period: { start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-02-01T00:00:00Z') },
      filter: { tenant_id: 't1' },
      dialect: 'postgres',
    },
  ]),
  npsCountsFromSql: seeds(() => [[{ promoters: '50', passives: 30, detractors: 20n, invalid_rows: '0' }]]),
  cohortRetentionSql: seeds(() => [
    {
      table: 'subscriptions',
      startedAt: 'started_at',
      endedAt: 'ended_at',
      ...cohortOptions(),
      filter: { tenant_id: 't1' },
      dialect: 'duckdb',
    },
  ]),
  cohortRetentionFromSql: seeds(() => [
    [
      { cohort_day: Date.UTC(2026, 0, 1) / 864e5, survived: 3, customers: '1' },
      { cohort_day: Date.UTC(2026, 1, 1) / 864e5, survived: 1, customers: 2 },
    ],
    cohortOptions(),
  ]),
};
