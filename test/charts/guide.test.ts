// Issue 18 §1: the charts guide's code runs. Every ```ts block of docs/charts.md is type-checked strictly
// against the source and run (the CLV block reads the shared CDNOW data); a `//=> value` comment is
// checked. Every chart of the module has its section and its picture under docs/images/charts/.
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { blockTypeErrors, entryModules, markdownBlocks, ROOT, run } from '../metrics/_codeBlocks.js';
import * as charts from '../../src/charts/index.js';

const blocks = markdownBlocks('docs/charts.md');
const guide = readFileSync(join(ROOT, 'docs/charts.md'), 'utf8');

describe('docs/charts.md', () => {
  it('shows every chart, with a picture that exists', () => {
    const all = blocks.map((b) => b.code).join('\n');
    for (const name of Object.keys(charts).filter((k) => typeof (charts as Record<string, unknown>)[k] === 'function'))
      expect(all, name).toContain(`${name}(`);
    const pictures = [...guide.matchAll(/\((images\/charts\/[a-z-]+\.png)\)/g)].map((m) => m[1]!);
    expect(pictures.length).toBeGreaterThanOrEqual(17);
    for (const p of pictures) expect(existsSync(join(ROOT, 'docs', p)), p).toBe(true);
    for (const b of blocks) expect(b.code, b.where).toMatch(/from 'crmkit(\/[a-z]+)?'/);
  });

  it('type-checks', () => {
    expect(blockTypeErrors(blocks, 'charts')).toEqual([]);
  }, 180_000);

  it('runs, and every documented value is what the code gives', async () => {
    const modules = { ...(await entryModules()), 'node:fs': fs as unknown as Record<string, unknown> };
    let checks = 0;
    const failures: string[] = [];
    for (const b of blocks) {
      try {
        checks += await run(b, modules);
      } catch (e) {
        failures.push((e as Error).message);
      }
    }
    expect(failures).toEqual([]);
    expect(checks).toBeGreaterThanOrEqual(8);
  }, 60_000);
});
