/**
 * Customer segmentation: segments as data (a condition in the one condition language on contacts,
 * leads or accounts), their members with explanations, membership changes as domain events, RFM
 * scores with named RFM segments, value concentration, and every metric per segment. docs/segments.md
 * is the guide.
 *
 * @module crmkit/segments
 */
// Segments (defineSegment.ts, segmentMembers.ts, segmentChanges.ts)
export { defineSegment, isSegment, segmentToJSON, SEGMENT_OBJECTS, DEFAULT_SEGMENT_MEASURES } from './defineSegment.js';
export type { Segment, SegmentJson, SegmentObject, DefineSegmentOptions } from './defineSegment.js';
export type { SegmentActivities, SegmentMeasures, SegmentMembersOptions } from './segmentContext.js';
export { segmentMembers } from './segmentMembers.js';
export type { SegmentMembership, SegmentExplanation } from './segmentMembers.js';
export { segmentChanges } from './segmentChanges.js';
export type {
  SegmentChanges,
  SegmentChangesOptions,
  SegmentChangeEvent,
  SegmentChangePayload,
} from './segmentChanges.js';
// In a store (src/repository: it needs a store; re-exported here as the issue names it with the module)
export { segmentMembersInStore } from '../repository/segmentMembersInStore.js';
export type { SegmentMembersInStoreOptions, StoredSegmentMembership } from '../repository/segmentMembersInStore.js';

// RFM scores and named RFM segments (rfmScores.ts, rfmSegments.ts, rfmPresets.ts)
export { rfmScores } from './rfmScores.js';
export type { RfmScores, RfmScore, RfmScoresOptions, RfmAccessors, RfmAxis, RfmTransaction } from './rfmScores.js';
export { rfmSegments, defineRfmSegmentMap } from './rfmSegments.js';
export type {
  RfmSegments,
  RfmSegmentRule,
  RfmScoreRange,
  RfmSegmentMap,
  RfmSegmentCount,
  RfmSegmentedCustomer,
  DefineRfmSegmentMapOptions,
} from './rfmSegments.js';
export { CLASSIC_RFM_SEGMENTS, QUARTILE_RFM_SEGMENTS } from './rfmPresets.js';

// Value concentration (valueConcentration.ts)
export { valueConcentration } from './valueConcentration.js';
export type {
  CustomerValue,
  ValueConcentrationOptions,
  LorenzPoint,
  ValueConcentration,
} from './valueConcentration.js';

// Every metric per segment (re-exported from crmkit/metrics)
export {
  npsBy,
  cesBy,
  csatBy,
  churnBy,
  retentionBy,
  renewalBy,
  lifetimeValueBy,
  conversionBy,
} from '../metrics/index.js';
export type {
  GroupKey,
  GroupKeyFunction,
  GroupValue,
  GroupingOptions,
  MetricSegment,
  NpsGroup,
  NpsByOptions,
  CesGroup,
  CesByOptions,
  CsatGroup,
  CsatByOptions,
  ChurnGroup,
  ChurnByOptions,
  RetentionGroup,
  RetentionByOptions,
  RenewalGroup,
  RenewalByOptions,
  LifetimeValueGroup,
  LifetimeValueByOptions,
  ConversionGroup,
  ConversionByOptions,
} from '../metrics/index.js';
