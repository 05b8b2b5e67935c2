import { defineConfig } from 'tsup';
// @ts-expect-error -- a plain .mjs helper shared with typedoc and sync-exports; it has no declarations.
import { tsupEntries } from './scripts/entries.mjs';

export default defineConfig({
  // The worker thread of crmkit/workers: not an entry point of the package, a file the pool starts
  // (`new URL('./workers-thread.js', import.meta.url)`), so it sits beside dist/workers.js.
  entry: { ...(tsupEntries() as Record<string, string>), 'workers-thread': 'src/workers/_thread.ts' },
  // `import.meta.url` in the CJS build (crmkit/workers finds its thread by it).
  shims: true,
  // Keep `node:os` and `node:worker_threads` as written (crmkit/workers): Deno resolves built-ins only by
  // the `node:` scheme, and the bundle-size check leaves `node:*` external.
  removeNodeProtocol: false,
  format: ['esm', 'cjs'],
  dts: true,
  // No source maps in the package: dist/ is unminified ES2022 with crmkit's own names and comments, so a
  // stack trace into it reads like the source; the maps (with sourcesContent) were 3 MB, 60% of dist/.
  sourcemap: false,
  clean: true,
  splitting: true,
  // esbuild's own tree shaking; tsup's rollup pass (treeshake: true) only added "empty chunk" warnings
  // for type-only modules and gave the same bundle sizes (docs/benchmarks.md, Bundle sizes).
  treeshake: false,
  target: 'es2022',
  platform: 'neutral',
  external: [
    'zod',
    'decimal.js',
    'date-fns',
    '@date-fns/utc',
    'immer',
    'libphonenumber-js',
    'libphonenumber-js/core',
    'libphonenumber-js/min/metadata',
    'libphonenumber-js/max/metadata',
    'tldts',
    // crmkit/quality's CSV reader, resolved when crmkit is loaded: package.json "imports" picks csv-parse's
    // browser build under the `browser` condition and its Node build elsewhere (Node, Deno, Bun).
    '#csv-parse',
    'vitest',
    'fast-check',
    // crmkit/pg-boss takes the host's pg-boss instance and never imports it; listed so a future import stays external.
    'pg-boss',
    // Node's built-ins (crmkit/workers only: node:os, node:worker_threads).
    /^node:/,
  ],
});
