import { readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain .mjs helper without declarations
import { readEntries, specifier, tsconfigPaths } from '../../scripts/entries.mjs';

// Examples are for copying into an app: they import crmkit only through its public entries
// ('crmkit', 'crmkit/money', …), never '../src/…'. In this repository those resolve to the sources
// through tsconfig.json `paths` (generated from entries.json by `npm run sync:exports`), which tsc and
// tsx honour, so `npm run demo` and `npm run examples` need no build.

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as Record<string, Record<string, string> | undefined>;
const declared = new Set(
  ['dependencies', 'devDependencies', 'peerDependencies'].flatMap((k) => Object.keys(pkg[k] ?? {})),
);
const publicEntries = new Set(Object.keys(readEntries() as Record<string, string>).map((s) => specifier(s) as string));

/** What is wrong with the imports of one example file ([] when every import is one an app can make). */
export function importProblems(text: string): string[] {
  const problems: string[] = [];
  for (const { fileName } of ts.preProcessFile(text, true, true).importedFiles) {
    if (fileName === 'crmkit' || fileName.startsWith('crmkit/')) {
      if (!publicEntries.has(fileName)) problems.push(`'${fileName}' is not a public entry (entries.json)`);
    } else if (fileName.startsWith('.') || fileName.startsWith('/')) {
      problems.push(`'${fileName}' is a path; import crmkit's public entries ('crmkit', 'crmkit/money', …)`);
    } else if (fileName.startsWith('node:') || builtinModules.includes(fileName)) {
      continue;
    } else {
      const name = fileName.startsWith('@') ? fileName.split('/').slice(0, 2).join('/') : fileName.split('/')[0]!;
      if (!declared.has(name)) problems.push(`'${fileName}' is not a package this repository declares`);
    }
  }
  return problems;
}

function exampleFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return exampleFiles(p);
    return /\.(ts|mts|cts|js|mjs|cjs)$/.test(name) ? [p] : [];
  });
}

describe('examples import only public entries', () => {
  const files = exampleFiles('examples');

  it('there are examples to check', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s', (file) => {
    expect(importProblems(readFileSync(file, 'utf8')), file).toEqual([]);
  });

  it('refuses a path into the sources, a private subpath and an undeclared package', () => {
    const text = [
      "import { createRng } from '../src/math/random.js';",
      "import { money } from 'crmkit/money';",
      "export { nps } from 'crmkit/dist/metrics.js';",
      "import fs from 'node:fs';",
      "import { z } from 'zod';",
      "const left = await import('left-pad');",
    ].join('\n');
    expect(importProblems(text)).toEqual([
      "'../src/math/random.js' is a path; import crmkit's public entries ('crmkit', 'crmkit/money', …)",
      "'crmkit/dist/metrics.js' is not a public entry (entries.json)",
      "'left-pad' is not a package this repository declares",
    ]);
  });

  it('tsconfig.json paths map every public entry to its source (npm run sync:exports)', () => {
    const tsconfig = JSON.parse(readFileSync('tsconfig.json', 'utf8')) as { compilerOptions: { paths: unknown } };
    expect(tsconfig.compilerOptions.paths).toEqual(tsconfigPaths());
  });
});
