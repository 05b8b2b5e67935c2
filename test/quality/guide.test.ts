// Issue 21: the quality guide's code runs. Every ```ts block of docs/quality.md is type-checked strictly
// against the source (its `crmkit/…` imports resolved to src/ through entries.json) and run; a `//=> value`
// comment is checked against the value of its statement (the helpers of test/metrics/_codeBlocks.ts).
import { guideSuite } from '../metrics/_codeBlocks.js';

guideSuite('docs/quality.md', {
  names: [
    'normalizePhoneNumber',
    'defineMatchingRule',
    'trainMatchModel',
    'matchScore',
    'matchKeys',
    'findDuplicates',
    'duplicateClusters',
    'completenessReport',
    'mergeRecords',
    'mergeInStore',
    'parseCsv',
    'importRows',
    'importInStore',
    'csvSafe',
  ],
  minChecks: 20,
});
