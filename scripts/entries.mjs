// Reads entries.json and derives everything the build, the docs and package.json need from it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** @returns {Record<string, string>} subpath ('.', './money', ...) → source file */
export function readEntries() {
  return JSON.parse(readFileSync(join(root, 'entries.json'), 'utf8')).entries;
}

/** The name of the built file for a subpath: '.' → 'index', './money' → 'money'. */
export function outName(subpath) {
  return subpath === '.' ? 'index' : subpath.slice(2);
}

/** tsup `entry` option: { index: 'src/index.ts', money: 'src/money/index.ts', ... } */
export function tsupEntries() {
  return Object.fromEntries(Object.entries(readEntries()).map(([k, v]) => [outName(k), v]));
}

/** package.json `exports` for every entry, ESM and CJS, each with its own declarations. */
export function packageExports() {
  const exports = {};
  for (const subpath of Object.keys(readEntries())) {
    const name = outName(subpath);
    exports[subpath] = {
      import: { types: `./dist/${name}.d.ts`, default: `./dist/${name}.js` },
      require: { types: `./dist/${name}.d.cts`, default: `./dist/${name}.cjs` },
    };
  }
  exports['./package.json'] = './package.json';
  return exports;
}

/** The import specifier of a subpath: '.' → 'crmkit', './money' → 'crmkit/money'. */
export function specifier(subpath) {
  return subpath === '.' ? 'crmkit' : `crmkit/${subpath.slice(2)}`;
}

/**
 * tsconfig.json `compilerOptions.paths`: `crmkit/money` → `./src/money/index.ts`, so examples and docs
 * import the public entries exactly as an app does, and run from a fresh clone without a build (tsc and
 * tsx both honour `paths`).
 */
export function tsconfigPaths() {
  return Object.fromEntries(Object.entries(readEntries()).map(([k, v]) => [specifier(k), [`./${v}`]]));
}
