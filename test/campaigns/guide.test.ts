// Issue 17: the campaigns guide's code runs. Every ```ts block of docs/campaigns.md is type-checked strictly
// against the source (its `crmkit/…` imports resolved to src/ through entries.json) and run; a `//=> value`
// comment is checked against the value of its statement (the helpers of test/metrics/_codeBlocks.ts).
import { guideSuite } from '../metrics/_codeBlocks.js';

guideSuite('docs/campaigns.md', {
  names: [
    'campaignPerformance(',
    'createCampaignPerformanceAccumulator(',
    'campaignPerformanceAccumulatorFromJSON(',
    'compareConversion(',
    'abTestSampleSize(',
    'attributeRevenue(',
  ],
  minChecks: 20,
});
