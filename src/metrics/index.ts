/**
 * Metric calculators: NPS, CES, CSAT, churn and retention, revenue retention, renewal, retention
 * cost, customer lifetime value, conversion and funnels, cohort tables and survival analysis.
 *
 * Every metric works at two levels — from counts or sums (what a SQL query returns) and from plain
 * records shaped like crmkit's entities — and every aggregate has a mergeable accumulator
 * (`add`, `merge`, `result`, `toJSON`, `…AccumulatorFromJSON`).
 *
 * Every survey, churn, retention, renewal, value and conversion metric has a `…By` form (`npsBy`,
 * `churnBy`, `lifetimeValueBy`, …) that groups records by a field, a function or a segment list and
 * returns one row per group with the base metric's result; they share one implementation and order
 * groups the same way (docs/metrics.md, "Per group and per segment").
 *
 * One convention holds everywhere: every metric returns a `Result` and never throws for its input.
 * Bad input (an out-of-scale score, a negative count, lost > atStart, mixed currencies, an invalid
 * date, a bad period, a bad or unknown option) is `validation_failed` whose issue names the index or
 * field and the allowed range. Empty input (and an empty period) is `ok`, with the measure `null`
 * and `total: 0`. Input that cannot be read (a getter or proxy of the caller's that throws) is
 * `validation_failed` at the root, never a throw. No result ever holds `NaN` or `Infinity`. The accumulator constructors
 * (`create…Accumulator`) throw a `CrmError` for bad options; `…AccumulatorFromJSON` return a
 * `Result`. Definitions, formulas and sources: docs/metrics.md.
 *
 * One file per concept: `nps.ts`, `npsAccumulator.ts`, `churnRate.ts`, …; files starting with `_`
 * are private.
 *
 * @module crmkit/metrics
 */
export type { Interval, ConfidenceOptions } from './interval.js';
export type { Accumulator, AccumulatorStateBase } from './accumulator.js';
export type { GroupKey, GroupKeyFunction, GroupValue, GroupingOptions, MetricSegment } from './groupKey.js';

// Survey
export type { SurveyScoreRecord, SurveyFilterOptions, ScalePointCounts } from './surveyScoreRecord.js';
export type { ScoreInput } from './_surveyScores.js';
export { nps } from './nps.js';
export type { NpsCounts, NpsResult, NpsInput, NpsOptions } from './nps.js';
export { npsBy } from './npsBy.js';
export type { NpsGroup, NpsByOptions } from './npsBy.js';
export { npsChange } from './npsChange.js';
export type { NpsChange, NpsChangeOptions } from './npsChange.js';
export { createNpsAccumulator, npsAccumulatorFromJSON } from './npsAccumulator.js';
export type { NpsAccumulator, NpsAccumulatorState, NpsAccumulatorOptions } from './npsAccumulator.js';
export { ces } from './ces.js';
export type { CesOptions, CesResult } from './ces.js';
export { cesBy } from './cesBy.js';
export type { CesGroup, CesByOptions } from './cesBy.js';
export { createCesAccumulator, cesAccumulatorFromJSON } from './cesAccumulator.js';
export type { CesAccumulator, CesAccumulatorState, CesAccumulatorOptions } from './cesAccumulator.js';
export { csat } from './csat.js';
export type { CsatOptions, CsatResult } from './csat.js';
export { csatBy } from './csatBy.js';
export type { CsatGroup, CsatByOptions } from './csatBy.js';
export { createCsatAccumulator, csatAccumulatorFromJSON } from './csatAccumulator.js';
export type { CsatAccumulator, CsatAccumulatorState, CsatAccumulatorOptions } from './csatAccumulator.js';

// Churn and retention
export type { SubscriptionSpan, PeriodOptions } from './subscriptionSpan.js';
export { churnRate } from './churnRate.js';
export type { ChurnCounts, ChurnRateOptions, ChurnOptions, ChurnResult } from './churnRate.js';
export { churnBy } from './churnBy.js';
export type { ChurnGroup, ChurnByOptions } from './churnBy.js';
export { retentionRate } from './retentionRate.js';
export type { RetentionCounts, RetentionResult, RetentionRateOptions } from './retentionRate.js';
export { retentionBy } from './retentionBy.js';
export type { RetentionGroup, RetentionByOptions } from './retentionBy.js';
export { createChurnAccumulator, churnAccumulatorFromJSON } from './churnAccumulator.js';
export type { ChurnAccumulator, ChurnAccumulatorState, ChurnAccumulatorOptions } from './churnAccumulator.js';
export { createRetentionAccumulator, retentionAccumulatorFromJSON } from './retentionAccumulator.js';
export type { RetentionAccumulator } from './retentionAccumulator.js';
export { annualizeRate } from './annualizeRate.js';
export type { AnnualizeRateOptions, CompoundingOptions } from './annualizeRate.js';
export { periodRate } from './periodRate.js';
export type { PeriodRateOptions } from './periodRate.js';

// Revenue retention and renewal
export type {
  MrrMovements,
  MrrSubscription,
  RevenueRetentionResult,
  RevenueRetentionOptions,
} from './revenueRetention.js';
export { grossRevenueRetention } from './grossRevenueRetention.js';
export type { GrossRevenueRetentionOptions } from './grossRevenueRetention.js';
export { netRevenueRetention } from './netRevenueRetention.js';
export type { NetRevenueRetentionOptions } from './netRevenueRetention.js';
export {
  createRevenueRetentionAccumulator,
  revenueRetentionAccumulatorFromJSON,
} from './revenueRetentionAccumulator.js';
export type {
  RevenueRetentionAccumulator,
  RevenueRetentionAccumulatorOptions,
  RevenueRetentionAccumulatorState,
} from './revenueRetentionAccumulator.js';
export { renewalRate } from './renewalRate.js';
export type {
  RenewableSubscription,
  RenewalCounts,
  RenewalValues,
  RenewalRateOptions,
  RenewalOptions,
  RenewalResult,
} from './renewalRate.js';
export { renewalBy } from './renewalBy.js';
export type { RenewalGroup, RenewalByOptions } from './renewalBy.js';
export { createRenewalAccumulator, renewalAccumulatorFromJSON } from './renewalAccumulator.js';
export type { RenewalAccumulator, RenewalAccumulatorState } from './renewalAccumulator.js';

// Customer value
export { customerLifetimeValue } from './customerLifetimeValue.js';
export type { LifetimeValueInput, LifetimeValueResult } from './customerLifetimeValue.js';
export type { ValueTransaction, ValueAccumulatorState } from './valueTransaction.js';
export { historicalCustomerValue } from './historicalCustomerValue.js';
export type { HistoricalValueResult, HistoricalCustomerValueOptions } from './historicalCustomerValue.js';
export { lifetimeValueBy } from './lifetimeValueBy.js';
export type { LifetimeValueGroup, LifetimeValueByOptions } from './lifetimeValueBy.js';
export { averageRevenuePerCustomer } from './averageRevenuePerCustomer.js';
export type { ArpuResult } from './averageRevenuePerCustomer.js';
export { createHistoricalValueAccumulator, historicalValueAccumulatorFromJSON } from './historicalValueAccumulator.js';
export type { HistoricalValueAccumulator, HistoricalValueAccumulatorOptions } from './historicalValueAccumulator.js';
export { createArpuAccumulator, arpuAccumulatorFromJSON } from './arpuAccumulator.js';
export type { ArpuAccumulator, ArpuAccumulatorOptions } from './arpuAccumulator.js';
export { customerAcquisitionCost } from './customerAcquisitionCost.js';
export type { AcquisitionCostResult } from './customerAcquisitionCost.js';
export { ltvToCac } from './ltvToCac.js';
export type { LtvToCacResult } from './ltvToCac.js';
export { cacPaybackPeriods } from './cacPaybackPeriods.js';
export type { CacPaybackInput, CacPaybackResult } from './cacPaybackPeriods.js';
export { customerRetentionCost } from './customerRetentionCost.js';
export type { RetentionCostInput, RetentionCostResult } from './customerRetentionCost.js';

// Conversion
export { conversionRate } from './conversionRate.js';
export type { ConversionResult, ConvertibleLead, ConversionRateOptions, ConversionOptions } from './conversionRate.js';
export { conversionBy } from './conversionBy.js';
export type { ConversionGroup, ConversionByOptions } from './conversionBy.js';
export { createConversionAccumulator, conversionAccumulatorFromJSON } from './conversionAccumulator.js';
export type {
  ConversionAccumulator,
  ConversionAccumulatorState,
  ConversionAccumulatorOptions,
} from './conversionAccumulator.js';
export { funnel } from './funnel.js';
export type { FunnelStep, FunnelRecord, FunnelOptions } from './funnel.js';
export { createFunnelAccumulator, funnelAccumulatorFromJSON } from './funnelAccumulator.js';
export type { FunnelAccumulator, FunnelAccumulatorState, FunnelAccumulatorOptions } from './funnelAccumulator.js';
export { leadToCustomerTime } from './leadToCustomerTime.js';
export type { LeadToCustomerTimeResult, LeadToCustomerTimeOptions } from './leadToCustomerTime.js';
export {
  createLeadToCustomerTimeAccumulator,
  leadToCustomerTimeAccumulatorFromJSON,
} from './leadToCustomerTimeAccumulator.js';
export type {
  LeadToCustomerTimeAccumulator,
  LeadToCustomerTimeAccumulatorState,
  LeadToCustomerTimeAccumulatorOptions,
} from './leadToCustomerTimeAccumulator.js';

// Cohorts
export { cohortRetention } from './cohortRetention.js';
export type {
  CohortCustomer,
  CohortRetentionOptions,
  CohortOptions,
  CohortRow,
  CohortTable,
} from './cohortRetention.js';
export { createCohortAccumulator, cohortAccumulatorFromJSON } from './cohortAccumulator.js';
export type { CohortAccumulator, CohortAccumulatorState, CohortAccumulatorOptions } from './cohortAccumulator.js';

// Survival
export type {
  Durations,
  EventIndicator,
  EventIndicators,
  SurvivalSample,
  SurvivalObservation,
} from './survivalSample.js';
export { kaplanMeier } from './kaplanMeier.js';
export type { KaplanMeierRow, KaplanMeierResult, KaplanMeierOptions, KaplanMeierCensoring } from './kaplanMeier.js';
export { logRankTest } from './logRankTest.js';
export type { LogRankResult } from './logRankTest.js';
export { createKaplanMeierAccumulator, kaplanMeierAccumulatorFromJSON } from './kaplanMeierAccumulator.js';
export type {
  KaplanMeierAccumulator,
  KaplanMeierAccumulatorState,
  KaplanMeierAccumulatorOptions,
} from './kaplanMeierAccumulator.js';
export { createLogRankAccumulator, logRankAccumulatorFromJSON } from './logRankAccumulator.js';
export type { LogRankObservation, LogRankAccumulator, LogRankAccumulatorState } from './logRankAccumulator.js';
