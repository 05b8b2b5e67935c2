import { defineConfig } from 'tsup';
// @ts-expect-error -- a plain .mjs helper shared with typedoc and sync-exports; it has no declarations.
import { tsupEntries } from './scripts/entries.mjs';

export default defineConfig({
  entry: tsupEntries() as Record<string, string>,
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  splitting: true,
  treeshake: true,
  target: 'es2022',
  platform: 'neutral',
  external: ['zod', 'decimal.js', 'date-fns', '@date-fns/utc', 'immer', 'vitest', 'fast-check'],
});
