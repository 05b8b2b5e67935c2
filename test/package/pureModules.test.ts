import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain .mjs helpers without declarations
import { leftoverOfUnusedImport } from '../../scripts/bundle.mjs';
// @ts-expect-error -- plain .mjs helper without declarations
import { findMissing } from '../../scripts/annotate-pure.mjs';
// @ts-expect-error -- plain .mjs helper without declarations
import { readEntries } from '../../scripts/entries.mjs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const entries = Object.keys(readEntries() as Record<string, string>);
const leftover = leftoverOfUnusedImport as (subpath: string, from: 'src' | 'dist') => Promise<string>;

// crmkit declares "sideEffects": false, and module-level calls carry /* @__PURE__ */ (docs/contributing.md),
// so a bundler can drop whatever an app does not use — even inside one built chunk, where the
// sideEffects flag no longer separates the source modules.
describe('module-level code is removable (/* @__PURE__ */)', () => {
  it.each(entries)('importing %s and using nothing leaves nothing in a bundle', async (subpath) => {
    const code = await leftover(subpath, 'src');
    expect(
      code,
      `module-level code a bundler must keep; run \`node scripts/annotate-pure.mjs && npm run format\`:\n${code}`,
    ).toBe('');
  });

  it('the check sees a call that lacks the annotation, and the annotator finds it', () => {
    const dir = mkdtempSync(join(process.cwd(), 'node_modules', '.pure-'));
    try {
      const file = join(dir, 'm.ts');
      writeFileSync(
        file,
        [
          'const made = (n: number) => ({ n });',
          'export const a = made(1);',
          'export const b = /* @__PURE__ */ made(2);',
          'export const c = /* @__PURE__ */ Object.freeze({ d: made(3) });',
          'export const e = /* @__PURE__ */ (() => c.d)();',
          'export const f = c.d;',
        ].join('\n'),
      );
      const found = (findMissing as (f: string) => { inserts: number[]; manual: string[] })(file);
      expect(found.inserts).toHaveLength(2); // made(1) and the argument made(3)
      expect(found.manual).toEqual([expect.stringMatching(/m\.ts:6 property read `c\.d`/)]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
