/**
 * crmkit/workers as the package builds it: the entry and its worker thread bundled with esbuild into
 * node_modules/.cache (a worker thread loads JavaScript, not the TypeScript source). Shared by the
 * tests and the benchmark.
 */
import { build } from 'esbuild';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Workers from '../../src/workers/index.js';

const root = resolve(import.meta.dirname, '..', '..');

/** Builds crmkit/workers and its thread into a fresh folder; returns the module and a function that removes the folder. */
export async function bundleWorkers(): Promise<{ api: typeof Workers; remove: () => void }> {
  const outdir = join(root, 'node_modules', '.cache', `crmkit-workers-${process.pid}-${Date.now()}`);
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: {
      workers: join(root, 'src/workers/index.ts'),
      'workers-thread': join(root, 'src/workers/_thread.ts'),
    },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    outdir,
    logLevel: 'silent',
  });
  const api = (await import(pathToFileURL(join(outdir, 'workers.js')).href)) as typeof Workers;
  return { api, remove: () => rmSync(outdir, { recursive: true, force: true }) };
}
