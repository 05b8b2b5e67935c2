/**
 * Time: half-open UTC periods, calendar buckets (day, ISO week, month, quarter, year) and series.
 *
 * @module crmkit/time
 */
export {
  period,
  periodContains,
  periodsOverlap,
  periodLengthMs,
  calendarPeriod,
  dayPeriod,
  weekPeriod,
  monthPeriod,
  quarterPeriod,
  yearPeriod,
  periodsBetween,
  periodSeries,
  addUnits,
  daysBetween,
  toDate,
  periodIssue,
  MAX_PERIODS,
} from './period.js';
export type { Period, PeriodUnit, DateInput } from './period.js';
