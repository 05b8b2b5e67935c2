// Issue 17 §4: the loyalty guide's code runs. Every ```ts block of docs/loyalty.md is type-checked strictly
// against the source (its `crmkit/…` imports resolved to src/ through entries.json) and run; a `//=> value`
// comment is checked against the value of its statement (the helpers of test/metrics/_codeBlocks.ts).
import { guideSuite } from '../metrics/_codeBlocks.js';

guideSuite('docs/loyalty.md', {
  names: [
    'defineLoyaltyProgram',
    'earnPoints',
    'loyaltyBalance',
    'redeem(',
    'tierFor',
    'pointsLiability',
    'redemptionRate',
    'referralRate',
    'referralConversion',
    'referralCandidates',
  ],
  minChecks: 20,
});
