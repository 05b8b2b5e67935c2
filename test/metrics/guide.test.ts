// Issue 11 §5: the guide's code runs. Every ```ts block of docs/metrics.md is type-checked strictly
// against the source (its `crmkit/…` imports resolved to src/ through entries.json) and run; a
// `//=> value` comment is checked against the value of its statement.
import { guideSuite } from './_codeBlocks.js';

guideSuite('docs/metrics.md', {
  names: [],
  minChecks: 41,
  minBlocks: 8,
});
