// Issue 21: the quality guide's code runs. Every ```ts block of docs/quality.md is type-checked strictly
// against the source (its `crmkit/…` imports resolved to src/ through entries.json) and run; a `//=> value`
// comment is checked against the value of its statement (the helpers of test/metrics/_codeBlocks.ts).
import { describe, it, expect } from 'vitest';
import { markdownBlocks, runBlocks, typeCheck } from '../metrics/_codeBlocks.js';

const blocks = markdownBlocks('docs/quality.md');

describe('docs/quality.md', () => {
  it('has runnable code for normalisers, rules, models, duplicates and completeness', () => {
    const all = blocks.map((b) => b.code).join('\n');
    for (const name of [
      'normalizePhoneNumber',
      'defineMatchingRule',
      'trainMatchModel',
      'matchScore',
      'matchKeys',
      'findDuplicates',
      'duplicateClusters',
      'completenessReport',
      'parseCsv',
      'importRows',
      'importInStore',
      'csvSafe',
    ])
      expect(all, name).toContain(name);
    for (const b of blocks) expect(b.code, b.where).toMatch(/from 'crmkit(\/[a-z]+)?'/);
  });

  it('type-checks', () => {
    const checked = typeCheck(new Map(blocks.map((b, i) => [`quality${i}.ts`, b.code])));
    const failures = blocks.flatMap((b, i) => (checked.get(`quality${i}.ts`) ?? []).map((d) => `${b.where}: ${d}`));
    expect(failures).toEqual([]);
  }, 180_000);

  it('runs, and every documented value is what the code gives', async () => {
    const { checks, failures } = await runBlocks(blocks);
    expect(failures).toEqual([]);
    expect(checks).toBeGreaterThanOrEqual(20);
  });
});
