// The TSDoc @example of every export of the calendar files type-checks (strict, as a user's code) and
// runs; `//=> value` comments are checked. The examples use the files' names and `unwrap` unimported,
// as the published API reference shows them; an import line is put in front of each.
import { describe, it, expect } from 'vitest';
import { run, tsdocExamples, typeCheck } from '../metrics/_codeBlocks.js';
import * as calendar from '../../src/service/businessCalendar.js';
import * as time from '../../src/service/businessTime.js';
import { unwrap } from '../../src/core/result.js';

const FILES = ['src/service/businessCalendar.ts', 'src/service/businessTime.ts'];
const blocks = FILES.flatMap((f) => tsdocExamples(f));
const names = [...Object.keys(calendar), ...Object.keys(time)];
const TYPES = ['BusinessCalendarSpec', 'BusinessCalendar', 'BusinessInterval', 'BusinessHoliday', 'BusinessWeekday'];
const header =
  `import { ${names.join(', ')} } from 'crmkit/service';\n` +
  `import type { ${TYPES.join(', ')} } from 'crmkit/service';\n` +
  `import { unwrap } from 'crmkit/core';\n`;

describe('TSDoc examples of src/service/businessCalendar.ts and businessTime.ts', () => {
  it('every export has one', () => {
    const documented = new Set(blocks.map((b) => /\(([A-Za-z0-9_]+)\)$/.exec(b.where)?.[1]));
    for (const n of [...names, ...TYPES]) expect(documented.has(n), n).toBe(true);
  });

  it('type-check', () => {
    const files = new Map(
      blocks.map((b, i) => [
        `calendarExample${i}.ts`,
        (header + b.code).replaceAll("'crmkit/service'", "'../../../src/service/_examplesEntry.js'"),
      ]),
    );
    files.set(
      '../../../src/service/_examplesEntry.ts',
      "export * from './businessCalendar.js';\nexport * from './businessTime.js';\n",
    );
    const checked = typeCheck(files);
    const failures = blocks.flatMap((b, i) =>
      (checked.get(`calendarExample${i}.ts`) ?? []).map((d) => `${b.where}: ${d}`),
    );
    expect(failures).toEqual([]);
  }, 180_000);

  it('run, and every documented value is what the code gives', async () => {
    const modules = { 'crmkit/service': { ...calendar, ...time }, 'crmkit/core': { unwrap } };
    let checks = 0;
    for (const b of blocks) checks += await run({ where: b.where, code: header + b.code }, modules);
    expect(checks).toBeGreaterThanOrEqual(15);
  });
});
