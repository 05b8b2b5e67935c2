/**
 * Valid calls of the public functions of src/time, for the fuzzer (test/fuzz/fuzz.test.ts).
 */
import { period } from '../../../src/time/index.js';
import { seeds, type SeedTable } from '../_spec.js';

const q1 = () => period('2026-01-01', '2026-04-01');

export const TIME_SEEDS: SeedTable = {
  toDate: seeds(
    () => ['2026-03-31T23:30:00Z', 'closedAt'],
    () => [new Date(0)],
    () => [1_700_000_000_000],
  ),
  periodIssue: seeds(() => [q1(), ['options', 'period']]),
  period: seeds(
    () => ['2026-01-01', '2026-04-01'],
    () => [new Date(0), 86_400_000],
  ),
  periodContains: seeds(() => [q1(), '2026-02-01']),
  periodsOverlap: seeds(() => [q1(), period('2026-03-01', '2026-05-01')]),
  periodLengthMs: seeds(() => [q1()]),
  calendarPeriod: seeds(() => ['quarter', '2026-05-17']),
  dayPeriod: seeds(() => ['2026-05-17T12:00:00Z']),
  weekPeriod: seeds(() => ['2026-05-17']),
  monthPeriod: seeds(() => ['2026-05-17']),
  quarterPeriod: seeds(() => ['2026-05-17']),
  yearPeriod: seeds(() => ['2026-05-17']),
  periodsBetween: seeds(() => ['2026-01-01', '2026-12-31', 'month']),
  periodSeries: seeds(() => ['2026-01-01', 'week', 6]),
  addUnits: seeds(() => ['2026-01-31', 'month', 1]),
  daysBetween: seeds(() => ['2026-01-01', '2026-03-01']),
};
