import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain .mjs helper without declarations
import { packageExports, readEntries, tsupEntries } from '../../scripts/entries.mjs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  exports: unknown;
  sideEffects: unknown;
  engines: { node: string };
  peerDependencies: Record<string, string>;
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
});
