// Issue 19 item 5: the crmkit/sql guide's code runs. Every ```ts block of docs/sql.md is type-checked
// strictly against the source (its `crmkit/…` imports resolved to src/ through entries.json) and run, with
// DuckDB and PGlite as the blocks import them; a `//=> value` comment is checked against the value of its
// statement (the helpers of test/metrics/_codeBlocks.ts).
import { describe, it, expect } from 'vitest';
import * as duckdb from '@duckdb/node-api';
import * as pglite from '@electric-sql/pglite';
import { blockTypeErrors, entryModules, markdownBlocks, run } from '../metrics/_codeBlocks.js';

const blocks = markdownBlocks('docs/sql.md');

describe('docs/sql.md', () => {
  it('has runnable code for the DuckDB path on CDNOW and the three builders', () => {
    const all = blocks.map((b) => b.code).join('\n');
    for (const name of [
      'rfmSummarySql',
      'rfmSummaryFromSql',
      'fitBgNbd',
      'CDNOW_sample.txt',
      'npsCountsSql',
      'cohortRetentionSql',
    ])
      expect(all, name).toContain(name);
  });

  it('type-checks', () => {
    expect(blockTypeErrors(blocks, 'sql')).toEqual([]);
  }, 180_000);

  it('runs, and every documented value is what the code gives', async () => {
    const modules = { ...(await entryModules()), '@duckdb/node-api': duckdb, '@electric-sql/pglite': pglite };
    // `expr; //=> ≈ 0.2426` (check:examples' convention: equal to the digits shown) becomes a check here too.
    const approx: string[] = [];
    let approxChecks = 0;
    const __approx = (got: unknown, shown: string, line: string) => {
      approxChecks++;
      const digits = shown.split('.')[1]?.length ?? 0;
      if (typeof got !== 'number' || Math.abs(got - Number(shown)) > 0.5 * 10 ** -digits)
        approx.push(`${line}: got ${String(got)}, documented ≈ ${shown}`);
    };
    let checks = 0;
    for (const b of blocks) {
      const code = b.code.replace(
        /^(.*?);\s*\/\/=> ≈ ([-\d.]+)\s*$/gm,
        (_m, expr: string, shown: string) => `__approx(${expr}, '${shown}', ${JSON.stringify(expr.trim())});`,
      );
      checks += await run({ ...b, code }, modules as Record<string, Record<string, unknown>>, { __approx });
    }
    expect(approx).toEqual([]);
    expect(approxChecks).toBe(4);
    expect(checks).toBeGreaterThanOrEqual(6);
  }, 120_000);
});
