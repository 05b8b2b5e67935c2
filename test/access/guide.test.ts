// Issue 16: the access guide's code runs. Every ```ts block of docs/access.md is type-checked strictly
// against the source (its `crmkit/…` imports resolved to src/ through entries.json) and run; a `//=> value`
// comment is checked against the value of its statement (the helpers of test/metrics/_codeBlocks.ts).
import { guideSuite } from '../metrics/_codeBlocks.js';

guideSuite('docs/access.md', {
  names: ['defineAccessPolicy', 'can(', 'accessCondition', 'redact', 'checkWritableFields', 'withAccess'],
  minChecks: 20,
});
