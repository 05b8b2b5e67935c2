// Issue 18 §1: every TSDoc @example of crmkit/charts type-checks and runs, and every public export has one.
import { describe, it, expect } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as main from '../../src/index.js';
import * as charts from '../../src/charts/index.js';
import * as metrics from '../../src/metrics/index.js';
import * as scoring from '../../src/scoring/index.js';
import * as clv from '../../src/clv/index.js';
import { exportedNames, ROOT, run, tsdocExamples, typeCheck } from '../metrics/_codeBlocks.js';

const files = readdirSync(join(ROOT, 'src', 'charts'))
  .filter((f) => f.endsWith('.ts'))
  .sort()
  .map((f) => `src/charts/${f}`);
const blocks = files.flatMap(tsdocExamples);
const names = exportedNames('src/charts/index.ts');
const prelude = [
  `import { ${names.values.join(', ')} } from 'crmkit/charts';`,
  `import type { ${names.types.join(', ')} } from 'crmkit/charts';`,
  "import { kaplanMeier, cohortRetention, funnel, nps } from 'crmkit/metrics';",
  "import { rocCurve, liftTable, calibrationTable } from 'crmkit/scoring';",
  "import type { Forecast } from 'crmkit/pipeline';",
  "import { unwrap } from 'crmkit';",
  'export {};',
  '',
].join('\n');

describe('TSDoc examples of crmkit/charts', () => {
  it('cover every public export', () => {
    const documented = new Set(blocks.map((b) => /\(([A-Za-z0-9_]+)\)$/.exec(b.where)?.[1]));
    expect([...names.values, ...names.types].filter((n) => !documented.has(n))).toEqual([]);
  });

  it('type-check', () => {
    const checked = typeCheck(new Map(blocks.map((b, i) => [`chartExample${i}.ts`, prelude + b.code])));
    const failures = blocks.flatMap((b, i) =>
      (checked.get(`chartExample${i}.ts`) ?? []).map((d) => `${b.where}: ${d}`),
    );
    expect(failures).toEqual([]);
  }, 180_000);

  it('run, and give the values they document', async () => {
    const globals = { ...main, ...metrics, ...scoring, ...clv, ...charts } as Record<string, unknown>;
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
    expect(checks).toBeGreaterThan(15);
  });
});
