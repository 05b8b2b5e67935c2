// Writes package.json `exports`, `main`, `module` and `types`, and tsconfig.json `paths`, from entries.json.
import { readFileSync, writeFileSync } from 'node:fs';
import * as prettier from 'prettier';
import { packageExports, tsconfigPaths } from './entries.mjs';

/** Writes JSON as prettier formats it (the repository's style; CI checks it with prettier --check). */
async function writeJson(file, value) {
  const options = (await prettier.resolveConfig(file)) ?? {};
  writeFileSync(file, await prettier.format(JSON.stringify(value, null, 2), { ...options, filepath: file }));
}

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
pkg.main = './dist/index.cjs';
pkg.module = './dist/index.js';
pkg.types = './dist/index.d.ts';
pkg.exports = packageExports();
await writeJson('package.json', pkg);
console.log(`package.json exports: ${Object.keys(pkg.exports).join(', ')}`);

const tsconfig = JSON.parse(readFileSync('tsconfig.json', 'utf8'));
tsconfig.compilerOptions.paths = tsconfigPaths();
await writeJson('tsconfig.json', tsconfig);
console.log(`tsconfig.json paths: ${Object.keys(tsconfig.compilerOptions.paths).join(', ')}`);
