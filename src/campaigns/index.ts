/**
 * Campaigns: performance over members, leads and deals (rates with Wilson intervals, cost per lead
 * and per acquisition, revenue and ROI in exact money) with a mergeable accumulator, A/B comparison
 * of conversion (Newcombe's interval, the two-proportion test) and sample sizes, and multi-touch
 * revenue attribution.
 *
 * @module crmkit/campaigns
 */
export { campaignPerformance } from './campaignPerformance.js';
export type { CampaignPerformance, CampaignPerformanceOptions, CampaignRates } from './campaignPerformance.js';
export {
  createCampaignPerformanceAccumulator,
  campaignPerformanceAccumulatorFromJSON,
} from './campaignPerformanceAccumulator.js';
export type {
  CampaignPerformanceItem,
  CampaignPerformanceAccumulator,
  CampaignPerformanceAccumulatorState,
} from './campaignPerformanceAccumulator.js';
export type { CampaignPerformanceSetup } from './_performance.js';
export { compareConversion } from './compareConversion.js';
export type { ConversionCounts, CompareConversionOptions, ConversionComparison } from './compareConversion.js';
export { abTestSampleSize } from './abTestSampleSize.js';
export type { AbTestSampleSizeOptions, AbTestSampleSize } from './abTestSampleSize.js';
export { attributeRevenue, ATTRIBUTION_MODELS } from './attributeRevenue.js';
export type {
  AttributionModel,
  Touch,
  AttributeRevenueOptions,
  CampaignAttribution,
  RevenueAttribution,
} from './attributeRevenue.js';
