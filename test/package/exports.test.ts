import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain .mjs helper without declarations
import { packageExports, readEntries, tsupEntries } from '../../scripts/entries.mjs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  exports: unknown;
  sideEffects: unknown;
  engines: { node: string };
  peerDependencies: Record<string, string>;
  license: string;
  repository: { type: string; url: string };
  homepage: string;
  bugs: { url: string };
  files: string[];
};

describe('the one list of entry points (entries.json)', () => {
  it('package.json exports are generated from it (run `npm run sync:exports` after changing entries.json)', () => {
    expect(pkg.exports).toEqual(packageExports());
  });

  it('feeds tsup with one entry per subpath', () => {
    const entries = readEntries() as Record<string, string>;
    expect(Object.values(tsupEntries() as Record<string, string>).sort()).toEqual(Object.values(entries).sort());
  });

  it('every entry module exists and exports something', async () => {
    for (const file of Object.values(readEntries() as Record<string, string>)) {
      const mod = (await import(/* @vite-ignore */ `../../${file}`)) as Record<string, unknown>;
      expect(Object.keys(mod).length, file).toBeGreaterThan(0);
    }
  });

  it('declares the package side-effect free, Node ≥ 20, zod as a peer', () => {
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.engines.node).toBe('>=20');
    expect(pkg.peerDependencies['zod']).toBeDefined();
  });

  it('names its licence, repository, home page and issue tracker, and ships the LICENSE file', () => {
    expect(pkg.license).toBe('MIT');
    expect(readFileSync('LICENSE', 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} crmkit contributors\n/);
    expect(pkg.repository).toEqual({ type: 'git', url: 'git+https://github.com/crmkit/crmkit.git' });
    expect(pkg.homepage).toBe('https://github.com/crmkit/crmkit#readme');
    expect(pkg.bugs.url).toBe('https://github.com/crmkit/crmkit/issues');
    expect(pkg.files).toEqual(['dist', 'README.md', 'LICENSE']);
  });

  it('states the oldest TypeScript its declarations support, as scripts/check-consumers.mjs tests it', () => {
    const script = readFileSync('scripts/check-consumers.mjs', 'utf8');
    const tested = /CRMKIT_MIN_TYPESCRIPT \?\? '(\d+)\.(\d+)\.\d+'/.exec(script);
    expect(tested).not.toBeNull();
    expect(pkg.peerDependencies['typescript']).toBe(`>=${tested![1]}.${tested![2]}`);
    expect(readFileSync('README.md', 'utf8')).toContain(`TypeScript ≥ ${tested![1]}.${tested![2]}`);
  });
});
