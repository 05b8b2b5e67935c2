// Issue 13: the automation guide's code runs. Every ```ts block of docs/automation.md is type-checked
// strictly against the source (its `crmkit/…` imports resolved to src/ through entries.json) and run; a
// `//=> value` comment is checked against the value of its statement (test/metrics/_codeBlocks.ts).
import { guideSuite } from '../metrics/_codeBlocks.js';

guideSuite('docs/automation.md', {
  names: [
    'diffRecords',
    'RECORD_EVENT_ACTIONS',
    'WORKFLOW_STEP_TYPES',
    'recordEvents',
    'RECORD_EVENT_FIELDS',
    'defineWorkflow',
    'planWorkflows',
    'simulateWorkflow',
    'roundRobin',
    'leastBusy',
  ],
  minChecks: 15,
});
