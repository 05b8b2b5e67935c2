// Issue 17: every TSDoc @example of crmkit/loyalty and crmkit/goals type-checks and runs, and every public
// export has one.
import { describe, it, expect } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as main from '../../src/index.js';
import * as loyalty from '../../src/loyalty/index.js';
import * as goals from '../../src/goals/index.js';
import * as time from '../../src/time/index.js';
import { exportedNames, ROOT, run, tsdocExamples, typeCheck } from '../metrics/_codeBlocks.js';

for (const mod of ['loyalty', 'goals'] as const) {
  const files = readdirSync(join(ROOT, 'src', mod))
    .filter((f) => f.endsWith('.ts') && !f.startsWith('_'))
    .sort()
    .map((f) => `src/${mod}/${f}`);
  const blocks = files.flatMap(tsdocExamples);
  const names = exportedNames(`src/${mod}/index.ts`);
  const prelude = [
    `import { ${names.values.join(', ')} } from 'crmkit/${mod}';`,
    `import type { ${names.types.join(', ')} } from 'crmkit/${mod}';`,
    "import { yearPeriod, quarterPeriod } from 'crmkit/time';",
    "import { unwrap } from 'crmkit';",
    'export {};',
    '',
  ].join('\n');

  describe(`TSDoc examples of crmkit/${mod}`, () => {
    it('cover every public export', () => {
      const documented = new Set(blocks.map((b) => /\(([A-Za-z0-9_]+)\)$/.exec(b.where)?.[1]));
      expect([...names.values, ...names.types].filter((n) => !documented.has(n))).toEqual([]);
    });

    it('type-check', () => {
      const checked = typeCheck(new Map(blocks.map((b, i) => [`${mod}Example${i}.ts`, prelude + b.code])));
      const failures = blocks.flatMap((b, i) =>
        (checked.get(`${mod}Example${i}.ts`) ?? []).map((d) => `${b.where}: ${d}`),
      );
      expect(failures).toEqual([]);
    }, 180_000);

    it('run, and give the values they document', async () => {
      const globals = { ...main, ...time, ...loyalty, ...goals } as Record<string, unknown>;
      let checks = 0;
      const failures: string[] = [];
      for (const b of blocks.filter((b) => !b.code.includes('declare const'))) {
        try {
          checks += await run(b, {}, globals);
        } catch (e) {
          failures.push((e as Error).message);
        }
      }
      expect(failures).toEqual([]);
      expect(checks).toBeGreaterThanOrEqual(mod === 'loyalty' ? 10 : 5);
    });
  });
}
