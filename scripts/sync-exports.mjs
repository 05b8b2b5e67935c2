// Writes package.json `exports`, `main`, `module` and `types`, and tsconfig.json `paths`, from entries.json.
import { readFileSync, writeFileSync } from 'node:fs';
import { packageExports, tsconfigPaths } from './entries.mjs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
pkg.main = './dist/index.cjs';
pkg.module = './dist/index.js';
pkg.types = './dist/index.d.ts';
pkg.exports = packageExports();
writeFileSync('package.json', JSON.stringify(pkg, null, 2) + '\n');
console.log(`package.json exports: ${Object.keys(pkg.exports).join(', ')}`);

const tsconfig = JSON.parse(readFileSync('tsconfig.json', 'utf8'));
tsconfig.compilerOptions.paths = tsconfigPaths();
writeFileSync('tsconfig.json', JSON.stringify(tsconfig, null, 2) + '\n');
console.log(`tsconfig.json paths: ${Object.keys(tsconfig.compilerOptions.paths).join(', ')}`);
