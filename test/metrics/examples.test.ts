// Issue 11 §5: every TSDoc @example of crmkit/metrics type-checks (strict, as a user's code would: a
// Result is narrowed or unwrapped before `.value` is read) and runs; the `//=> value` a statement
// documents is checked. Every public export of crmkit/metrics has an @example, and every constructor
// that can throw says so with @throws.
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as main from '../../src/index.js';
import * as metrics from '../../src/metrics/index.js';
import { exportedNames, ROOT, run, tsdocExamples, typeCheck } from './_codeBlocks.js';

const files = readdirSync(join(ROOT, 'src', 'metrics'))
  .filter((f) => f.endsWith('.ts'))
  .sort()
  .map((f) => `src/metrics/${f}`);
const blocks = files.flatMap(tsdocExamples);
const metricsNames = exportedNames('src/metrics/index.ts');
const mainNames = exportedNames('src/index.ts');
const fromMain = {
  values: mainNames.values.filter((n) => !metricsNames.values.includes(n)),
  types: mainNames.types.filter((n) => !metricsNames.types.includes(n)),
};
/** Examples may use every export of crmkit and crmkit/metrics without importing it, as the docs do. */
const prelude = [
  `import { ${metricsNames.values.join(', ')} } from 'crmkit/metrics';`,
  `import type { ${metricsNames.types.join(', ')} } from 'crmkit/metrics';`,
  `import { ${fromMain.values.join(', ')} } from 'crmkit';`,
  `import type { ${fromMain.types.join(', ')} } from 'crmkit';`,
  'export {};',
  '',
].join('\n');

describe('TSDoc examples of crmkit/metrics', () => {
  it('finds them', () => {
    expect(blocks.length).toBeGreaterThan(150);
  });

  it('type-check', () => {
    const checked = typeCheck(new Map(blocks.map((b, i) => [`example${i}.ts`, prelude + b.code])));
    const failures: string[] = [];
    blocks.forEach((b, i) => {
      for (const d of checked.get(`example${i}.ts`) ?? []) failures.push(`${b.where}: ${d}`);
    });
    expect(failures).toEqual([]);
  }, 180_000);

  it('run, and give the values they document', async () => {
    const globals: Record<string, unknown> = {
      ...(main as Record<string, unknown>),
      ...(metrics as Record<string, unknown>),
    };
    let checks = 0;
    const failures: string[] = [];
    for (const b of blocks) {
      try {
        checks += await run(b, {}, globals);
      } catch (e) {
        failures.push((e as Error).message);
      }
    }
    expect(failures).toEqual([]);
    expect(checks).toBeGreaterThan(80);
  });

  it('cover every public export, with @throws on the constructors that throw', () => {
    const documented = new Set(blocks.map((b) => /\(([A-Za-z0-9_]+)\)$/.exec(b.where)?.[1]));
    const missing = [...metricsNames.values, ...metricsNames.types].filter((n) => !documented.has(n));
    expect(missing).toEqual([]);
    const text = files.map((f) => readFileSync(join(ROOT, f), 'utf8')).join('\n');
    for (const name of metricsNames.values.filter((n) => /^create.*Accumulator$/.test(n))) {
      const doc = new RegExp(`/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\s*export function ${name}\\(([^)]*)\\)`).exec(text);
      expect(doc, name).not.toBeNull();
      // A constructor with options (or stages) can throw, and says so.
      if (doc![2]!.trim() !== '') expect(doc![1], name).toMatch(/@throws \{CrmError\}/);
    }
  });
});
