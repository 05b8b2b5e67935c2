// Issue 17 §3: the goals guide's code runs. Every ```ts block of docs/goals.md is type-checked strictly
// against the source (its `crmkit/…` imports resolved to src/ through entries.json) and run; a `//=> value`
// comment is checked against the value of its statement (the helpers of test/metrics/_codeBlocks.ts).
import { guideSuite } from '../metrics/_codeBlocks.js';

guideSuite('docs/goals.md', {
  names: ['defineGoal', 'goalProgress', 'GOAL_METRICS', 'measures'],
  minChecks: 10,
});
