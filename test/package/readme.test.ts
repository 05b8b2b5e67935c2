import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain .mjs helper without declarations
import { readEntries } from '../../scripts/entries.mjs';

/** The README's first TypeScript block, with `crmkit…` imports pointed at the sources. */
function readmeExample(): string {
  const readme = readFileSync('README.md', 'utf8');
  const block = /```ts\n([\s\S]*?)```/.exec(readme);
  if (block === null) throw new Error('README.md has no ```ts block');
  const entries = readEntries() as Record<string, string>;
  return block[1]!.replace(/from '(crmkit(?:\/[a-z]+)?)'/g, (_, spec: string) => {
    const key = spec === 'crmkit' ? '.' : `./${spec.slice('crmkit/'.length)}`;
    const file = entries[key];
    if (file === undefined) throw new Error(`README imports ${spec}, which is not an entry in entries.json`);
    return `from '${resolve(file)}'`;
  });
}

describe('README', () => {
  it('opens with the two set-up commands: install + demo, install + test', () => {
    const readme = readFileSync('README.md', 'utf8');
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)![1]!;
    expect(firstBlock).toContain('npm ci && npm run demo');
    expect(firstBlock).toContain('npm ci && npm test');
  });

  it('its example runs, and prints what its comments say', () => {
    const dir = mkdtempSync(join(process.cwd(), 'node_modules', '.readme-'));
    try {
      const file = join(dir, 'example.ts');
      writeFileSync(file, readmeExample());
      const out = execFileSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8' });
      expect(out).toContain('contact-1 Analytical Engines');
      expect(out).toContain("amount: '24000.00'");
      expect(out).toContain('16.67');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
