// Issue 11 §5: the guide's code runs. Every ```ts block of docs/metrics.md is type-checked strictly
// against the source (its `crmkit/…` imports resolved to src/ through entries.json) and run; a
// `//=> value` comment is checked against the value of its statement.
import { describe, it, expect } from 'vitest';
import { markdownBlocks, runBlocks, typeCheck } from './_codeBlocks.js';

const blocks = markdownBlocks('docs/metrics.md');

describe('docs/metrics.md', () => {
  it('has runnable code for every part of the tour', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(8);
    for (const b of blocks) expect(b.code, b.where).toMatch(/from 'crmkit(\/[a-z]+)?'/);
  });

  it('type-checks', () => {
    const checked = typeCheck(new Map(blocks.map((b, i) => [`guide${i}.ts`, b.code])));
    const failures = blocks.flatMap((b, i) => (checked.get(`guide${i}.ts`) ?? []).map((d) => `${b.where}: ${d}`));
    expect(failures).toEqual([]);
  }, 180_000);

  it('runs, and every documented value is what the code gives', async () => {
    const { checks, failures } = await runBlocks(blocks);
    expect(failures).toEqual([]);
    expect(checks).toBeGreaterThan(40);
  });
});
