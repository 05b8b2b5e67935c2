// Bundles crmkit's entry points the way a browser app would (esbuild, minified, platform browser,
// every dependency bundled in) and measures them. Shared by test/package/pureModules.test.ts and
// scripts/bundle-size.mjs (npm run check:size, npm run size).
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { outName, readEntries } from './entries.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The file an entry is bundled from: the built ESM file (`dist/money.js`), what an app gets from npm,
 * or the TypeScript source (`src/money/index.ts`).
 * @param {string} subpath '.', './money', …
 * @param {'dist' | 'src'} from
 */
export function entryFile(subpath, from) {
  return join(root, from === 'dist' ? `dist/${outName(subpath)}.js` : readEntries()[subpath]);
}

/** `crmkit` for '.', `crmkit/money` for './money'. */
export function entryName(subpath) {
  return subpath === '.' ? 'crmkit' : `crmkit/${subpath.slice(2)}`;
}

/** Which package (or `crmkit`) an input file of a bundle belongs to. */
function packageOf(input) {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  return m ? m[1] : 'crmkit';
}

/**
 * Bundles `code` (an ES module that imports crmkit files by absolute path) for a browser, minified,
 * with every dependency bundled in, and measures it.
 * @param {string} code
 * @returns {Promise<{ minified: number, gzip: number, byPackage: Record<string, number>, text: string }>}
 */
export async function bundleBrowser(code) {
  const r = await build({
    stdin: { contents: code, resolveDir: root, loader: 'js', sourcefile: 'app.js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
    // Node built-ins stay imports (only crmkit/testing reaches them, through vitest).
    external: ['node:*'],
  });
  const out = r.outputFiles[0];
  const byPackage = {};
  for (const [input, { bytesInOutput }] of Object.entries(Object.values(r.metafile.outputs)[0].inputs)) {
    const p = packageOf(input);
    byPackage[p] = (byPackage[p] ?? 0) + bytesInOutput;
  }
  return {
    minified: out.contents.length,
    gzip: gzipSync(out.contents, { level: 9 }).length,
    byPackage,
    text: out.text,
  };
}

/** Bundle size of everything an entry exports (`export * from entry`). */
export function measureEntry(subpath, from = 'dist') {
  return bundleBrowser(`export * from ${JSON.stringify(entryFile(subpath, from))};`);
}

/** Bundle size of an app that uses one export of an entry. */
export function measureImport(subpath, name, from = 'dist') {
  return bundleBrowser(`import { ${name} } from ${JSON.stringify(entryFile(subpath, from))};\nconsole.log(${name});`);
}

/**
 * What is left in a bundle when an app imports an entry and uses nothing from it. Every module is
 * treated as having side effects (as if `"sideEffects": false` were absent, or a bundler had merged the
 * modules into one chunk), so what survives is module-level code a bundler cannot prove pure: a call
 * that lacks a `/* @__PURE__ *\/` annotation. Dependencies stay external. Returns the surviving code,
 * unminified, with a `// src/…` line before each module's part; '' when nothing survives.
 * @param {string} subpath
 * @param {'dist' | 'src'} from
 */
export async function leftoverOfUnusedImport(subpath, from = 'src') {
  const file = entryFile(subpath, from);
  if (!existsSync(file))
    throw new Error(`${relative(root, file)} does not exist${from === 'dist' ? ' (npm run build)' : ''}`);
  const everythingHasSideEffects = {
    name: 'side-effects',
    setup(b) {
      b.onResolve({ filter: /^\.|^\// }, async (args) => {
        if (args.pluginData === 'inner') return undefined;
        const r = await b.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, pluginData: 'inner' });
        return r.errors.length > 0 ? r : { path: r.path, sideEffects: true };
      });
    },
  };
  const bundle = async (minify) =>
    (
      await build({
        stdin: { contents: `import ${JSON.stringify(file)};`, resolveDir: root, loader: 'js', sourcefile: 'app.js' },
        bundle: true,
        minify,
        minifySyntax: true,
        format: 'esm',
        platform: 'neutral',
        target: 'es2022',
        write: false,
        logLevel: 'silent',
        packages: 'external',
        plugins: [everythingHasSideEffects],
      })
    ).outputFiles[0].text;
  // Imports of dependencies stay (a bundler drops them through their own sideEffects flags).
  const withoutImports = (text) =>
    text
      .replace(/\bimport\s*(?:[\w${},*\s]+from\s*)?["'][^"'\n]+["'];?/g, '')
      .replace(/^\s*\/\/ (?:src|dist)\/.*$/gm, '')
      .trim();
  if (withoutImports(await bundle(true)) === '') return '';
  return withoutImports(await bundle(false));
}
