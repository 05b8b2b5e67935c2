import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
// @ts-expect-error -- a plain .mjs helper shared with tsup, typedoc and sync-exports; it has no declarations.
import { readEntries, specifier } from './scripts/entries.mjs';

// `crmkit` and `crmkit/<entry>` resolve to the sources in tests, as tsconfig.json `paths` make them for tsc
// and tsx (without this, Vite would resolve them through package.json exports to dist/, which needs a build).
// Exact matches: `crmkit` must not catch `crmkit/money`.
const alias = Object.entries(readEntries() as Record<string, string>).map(([subpath, file]) => ({
  find: new RegExp(`^${(specifier(subpath) as string).replace('/', '\\/')}$`),
  replacement: resolve(import.meta.dirname, file),
}));

export default defineConfig({
  resolve: { alias },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
