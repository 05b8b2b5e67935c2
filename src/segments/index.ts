/**
 * Customer segmentation: segments as data (a condition in the one condition language on contacts,
 * leads or accounts), their members with explanations, membership changes as domain events, RFM
 * scores with named RFM segments, value concentration, and every metric per segment. docs/segments.md
 * is the guide.
 *
 * @module crmkit/segments
 */
// Segments (defineSegment.ts, segmentMembers.ts, segmentChanges.ts)

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

// Every metric per segment (re-exported from crmkit/metrics)
