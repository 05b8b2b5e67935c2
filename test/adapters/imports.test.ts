/**
 * Adapters import nothing but the public repository entry (`crmkit/repository`, in the source tree
 * `src/repository/index.ts`) and each other's files, so that a third-party adapter can be written
 * with nothing private (issue 11 §3). Every import and re-export of every file under src/adapters
 * is checked — `import type` included, and dynamic `import()`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const adapters = join(root, 'src', 'adapters');
const repositoryEntry = join(root, 'src', 'repository', 'index.ts');
/** The workflow queue's port: a queue adapter (src/adapters/pgBoss) implements it, as a store adapter the repository's. */
const automationEntry = join(root, 'src', 'automation', 'index.ts');
const queueAdapters = join(adapters, 'pgBoss');

/** Imports allowed although they break the rule: none (compile.ts imports the entry since the condition language). */
const KNOWN_EXCEPTIONS: ReadonlyMap<string, string> = new Map();

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : /\.(ts|mts|cts|js|mjs)$/.test(name) ? [path] : [];
  });
}

/** Every module specifier a file imports or re-exports (static, type-only, side-effect and dynamic). */
function specifiersOf(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:\\])\/\/.*$/gm, '$1');
  const out: string[] = [];
  const patterns = [
    /\bimport\s+(?:type\s+)?[\w*{}\s,$]*?\s*from\s*['"]([^'"]+)['"]/g,
    /\bexport\s+(?:type\s+)?(?:\*(?:\s+as\s+\w+)?|\{[^}]*\})\s*from\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const p of patterns) for (const m of code.matchAll(p)) out.push(m[1]!);
  return out;
}

/** The source file a relative specifier names (`./x.js` → `x.ts`), or null for a package. */
function target(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  return resolve(dirname(from), specifier).replace(/\.(m|c)?js$/, '.$1ts');
}

function violations(file: string, source: string): string[] {
  const rel = relative(root, file).split(sep).join('/');
  const out: string[] = [];
  for (const spec of specifiersOf(source)) {
    const t = target(file, spec);
    if (t === null) {
      out.push(`${rel} imports the package '${spec}' (adapters depend on the shape of a driver, never on a package)`);
      continue;
    }
    if (t === repositoryEntry || t.startsWith(adapters + sep)) continue;
    if (t === automationEntry && file.startsWith(queueAdapters + sep)) continue;
    const relTarget = relative(root, t).split(sep).join('/');
    if (KNOWN_EXCEPTIONS.get(rel) === relTarget) continue;
    out.push(
      `${rel} imports ${relTarget}: adapters may import only src/repository/index.ts (crmkit/repository), and a queue adapter src/automation/index.ts (crmkit/automation)`,
    );
  }
  return out;
}

describe('adapters import only the public repository entry', () => {
  it('finds the imports of every form', () => {
    const src = [
      `import { a } from '../../repository/index.js';`,
      `import type { B } from "../../core/errors.js";`,
      `import {\n  c,\n  type D,\n} from '../../repository/evaluate.js';`,
      `export { e } from './x.js';`,
      `export * from '../../_lib/show.js';`,
      `import 'pg';`,
      `const m = await import('../../entities/index.js');`,
      `// import { no } from '../../commented/out.js';`,
      `/* import { no } from '../../block/comment.js'; */`,
    ].join('\n');
    expect(specifiersOf(src)).toEqual([
      '../../repository/index.js',
      '../../core/errors.js',
      '../../repository/evaluate.js',
      './x.js',
      '../../_lib/show.js',
      'pg',
      '../../entities/index.js',
    ]);
    const fake = join(adapters, 'fake', 'store.ts');
    expect(violations(fake, src)).toHaveLength(5);
    // A queue adapter may import the automation entry (its port); a store adapter may not.
    const automation = `import { q } from '../../automation/index.js';`;
    expect(violations(join(adapters, 'pgBoss', 'queue.ts'), automation)).toEqual([]);
    expect(violations(join(adapters, 'postgres', 'store.ts'), automation)).toHaveLength(1);
  });

  it('every file under src/adapters imports nothing but src/repository/index.ts and files under src/adapters', () => {
    const files = filesUnder(adapters);
    expect(files.length).toBeGreaterThan(5);
    const found = files.flatMap((f) => violations(f, readFileSync(f, 'utf8')));
    expect(found).toEqual([]);
  });
});
