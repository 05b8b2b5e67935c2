// Issue 13: the automation guide's code runs. Every ```ts block of docs/automation.md is type-checked
// strictly against the source (its `crmkit/…` imports resolved to src/ through entries.json) and run; a
// `//=> value` comment is checked against the value of its statement (test/metrics/_codeBlocks.ts).
import { describe, it, expect } from 'vitest';
import { markdownBlocks, runBlocks, typeCheck } from '../metrics/_codeBlocks.js';

const blocks = markdownBlocks('docs/automation.md');

describe('docs/automation.md', () => {
  it('has runnable code for every function', () => {
    const all = blocks.map((b) => b.code).join('\n');
    for (const name of [
      'diffRecords',
      'RECORD_EVENT_ACTIONS',
      'WORKFLOW_STEP_TYPES',
      'defineWorkflow',
      'planWorkflows',
      'simulateWorkflow',
      'roundRobin',
      'leastBusy',
    ])
      expect(all, name).toContain(name);
    for (const b of blocks) expect(b.code, b.where).toMatch(/from 'crmkit(\/[a-z]+)?'/);
  });

  it('type-checks', () => {
    const checked = typeCheck(new Map(blocks.map((b, i) => [`automation${i}.ts`, b.code])));
    const failures = blocks.flatMap((b, i) => (checked.get(`automation${i}.ts`) ?? []).map((d) => `${b.where}: ${d}`));
    expect(failures).toEqual([]);
  }, 180_000);

  it('runs, and every documented value is what the code gives', async () => {
    const { checks, failures } = await runBlocks(blocks);
    expect(failures).toEqual([]);
    expect(checks).toBeGreaterThanOrEqual(11);
  });
});
