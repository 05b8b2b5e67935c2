/**
 * Metric calculators: NPS, CES, CSAT, churn and retention, revenue retention, renewal, retention
 * cost, customer lifetime value, conversion and funnels, cohort tables and survival analysis.
 *
 * Every metric works at two levels — from counts or sums (what a SQL query returns) and from plain
 * records shaped like crmkit's entities — and every aggregate has a mergeable accumulator
 * (`add`, `merge`, `result`, `toJSON`, `…AccumulatorFromJSON`).
 *
 * One convention holds everywhere: every function returns a `Result`. Bad input (an out-of-scale
 * score, a negative count, lost > atStart, mixed currencies, an invalid date or option) is
 * `validation_failed` whose issue names the index or field and the allowed range. Empty input is
 * `ok`, with the measure `null` and `total: 0`. No result ever holds `NaN` or `Infinity`.
 * Definitions, formulas and sources: docs/metrics.md.
 *
 * @module crmkit/metrics
 */
export type { Accumulator, AccumulatorStateBase, Interval, ConfidenceOptions } from './_shared.js';
export {
  nps,
  npsBy,
  npsChange,
  createNpsAccumulator,
  npsAccumulatorFromJSON,
  ces,
  createCesAccumulator,
  cesAccumulatorFromJSON,
  csat,
  createCsatAccumulator,
  csatAccumulatorFromJSON,
} from './survey.js';
export type {
  SurveyScoreRecord,
  SurveyFilterOptions,
  NpsCounts,
  NpsResult,
  NpsInput,
  NpsGroup,
  NpsChange,
  NpsAccumulator,
  NpsAccumulatorState,
  ScalePointCounts,
  CesOptions,
  CesResult,
  CesAccumulator,
  CesAccumulatorState,
  CsatOptions,
  CsatResult,
  CsatAccumulator,
  CsatAccumulatorState,
} from './survey.js';
export {
  churnRate,
  retentionRate,
  createChurnAccumulator,
  churnAccumulatorFromJSON,
  createRetentionAccumulator,
  retentionAccumulatorFromJSON,
  annualizeRate,
  periodRate,
} from './retention.js';
export type {
  SubscriptionSpan,
  PeriodOptions,
  ChurnCounts,
  ChurnOptions,
  ChurnResult,
  RetentionCounts,
  RetentionResult,
  ChurnAccumulator,
  ChurnAccumulatorState,
  RetentionAccumulator,
  CompoundingOptions,
} from './retention.js';
export {
  grossRevenueRetention,
  netRevenueRetention,
  createRevenueRetentionAccumulator,
  revenueRetentionAccumulatorFromJSON,
  renewalRate,
  createRenewalAccumulator,
  renewalAccumulatorFromJSON,
} from './revenue.js';
export type {
  MrrMovements,
  MrrSubscription,
  RevenueRetentionResult,
  RevenueRetentionOptions,
  RevenueRetentionAccumulator,
  RevenueRetentionAccumulatorOptions,
  RevenueRetentionAccumulatorState,
  RenewableSubscription,
  RenewalCounts,
  RenewalValues,
  RenewalOptions,
  RenewalResult,
  RenewalAccumulator,
  RenewalAccumulatorState,
} from './revenue.js';
export {
  customerLifetimeValue,
  historicalCustomerValue,
  averageRevenuePerCustomer,
  customerAcquisitionCost,
  ltvToCac,
  cacPaybackPeriods,
  customerRetentionCost,
  createHistoricalValueAccumulator,
  historicalValueAccumulatorFromJSON,
  createArpuAccumulator,
  arpuAccumulatorFromJSON,
} from './value.js';
export type {
  LifetimeValueInput,
  LifetimeValueResult,
  ValueTransaction,
  HistoricalValueResult,
  ArpuResult,
  AcquisitionCostResult,
  LtvToCacResult,
  RetentionCostResult,
  ValueAccumulatorState,
  HistoricalValueAccumulator,
  ArpuAccumulator,
} from './value.js';
export {
  conversionRate,
  conversionBy,
  funnel,
  leadToCustomerTime,
  createConversionAccumulator,
  conversionAccumulatorFromJSON,
  createFunnelAccumulator,
  funnelAccumulatorFromJSON,
  createLeadToCustomerTimeAccumulator,
  leadToCustomerTimeAccumulatorFromJSON,
} from './conversion.js';
export type {
  ConversionResult,
  ConvertibleLead,
  ConversionOptions,
  ConversionGroup,
  FunnelStep,
  FunnelRecord,
  FunnelAccumulator,
  FunnelAccumulatorState,
  LeadToCustomerTimeResult,
  ConversionAccumulator,
  ConversionAccumulatorState,
  LeadToCustomerTimeAccumulator,
  LeadToCustomerTimeAccumulatorState,
} from './conversion.js';
export { cohortRetention, createCohortAccumulator, cohortAccumulatorFromJSON } from './cohort.js';
export type {
  CohortCustomer,
  CohortOptions,
  CohortRow,
  CohortTable,
  CohortAccumulator,
  CohortAccumulatorState,
} from './cohort.js';
export {
  kaplanMeier,
  logRankTest,
  createKaplanMeierAccumulator,
  kaplanMeierAccumulatorFromJSON,
  createLogRankAccumulator,
  logRankAccumulatorFromJSON,
} from './survival.js';
export type {
  KaplanMeierRow,
  KaplanMeierResult,
  EventIndicator,
  SurvivalSample,
  LogRankResult,
  SurvivalObservation,
  KaplanMeierAccumulator,
  KaplanMeierAccumulatorState,
  LogRankObservation,
  LogRankAccumulator,
  LogRankAccumulatorState,
} from './survival.js';
