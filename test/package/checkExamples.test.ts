import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- plain .mjs helper without declarations
import { checkExamples, parseExpectation } from '../../scripts/check-examples.mjs';

// The checker behind `npm run check:examples` (docs/contributing.md): fixtures with known failures,
// so the check itself can fail.

interface Failure {
  line: number;
  kind: string;
  message: string;
}
interface Entry {
  id: string;
  line: number;
  failures: Failure[];
  prose: { line: number; text: string }[];
  checked: number;
  ran: boolean;
}
const check = checkExamples as (files: string[]) => Entry[];
const fence = '```';

describe('check:examples', () => {
  const dir = mkdtempSync(join(process.cwd(), 'node_modules', '.check-examples-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const guide = join(dir, 'guide.md');
  writeFileSync(
    guide,
    [
      '# A guide', //                                                                   1
      '', //                                                                            2
      `${fence}ts`, //                                                                  3
      "import { money, addMoney } from 'crmkit/money';", //                             4
      "addMoney(money('1.10', 'USD'), money('2.20', 'USD')); //=> { amount: '3.30', currency: 'USD' }",
      "addMoney(money('1.10', 'USD'), money('2.20', 'USD')); //=> { amount: '3.31', currency: 'USD' }",
      "money('1', 'usd'); //=> throws validation_failed", //                            7
      "money('1', 'USD'); //=> throws validation_failed", //                            8
      'Math.PI; //=> 3.1416', //                                                        9
      'Math.PI; //=> 3.1417', //                                                        10
      '0.1 + 0.2; //=> 0.3 (binary floating point: within 12 digits)', //               11
      'const n = 2 ** 0.5;', //                                                         12
      '//=> 1.414', //                                                                  13
      'Math.E; //=> an irrational number', //                                           14
      "new Date('2026-01-31T00:00:00Z'); //=> 2026-01-31T00:00:00Z", //                 15
      'if ((n as number) > 2) {', //                                                    16
      '  n; //=> 2', //                                                                 17
      '}', //                                                                           18
      fence, //                                                                         19
      '', //                                                                            20
      `${fence}ts`, //                                                                  21
      "const s: number = 'text';", //                                                   22
      fence,
      '',
      `${fence}ts`, //                                                                  25
      'unwrap(nps([10, 9, 0])).score; //=> 33.333333333333336', //                      26 names come from the entries
      fence,
      '',
      `${fence}ts`, //                                                                  29
      'declare const x: number;', //                                                    30 given: type-checked, not run
      'x.toFixed(2); //=> 1',
      fence,
      '',
      `${fence}ts`, //                                                                  34
      "console.log(JSON.parse('{'));", //                                               35
      fence,
      '',
    ].join('\n'),
  );
  const source = join(dir, 'double.ts');
  writeFileSync(
    source,
    [
      '/**', //                                                                         1
      ' * Twice a number.', //                                                          2
      ' *', //                                                                          3
      ' * @example', //                                                                 4
      ' * ```ts', //                                                                    5
      ' * double(2); //=> 4', //                                                        6
      ' * double(2); //=> 5', //                                                        7
      ' * ```', //                                                                      8
      ' */', //                                                                         9
      'export function double(x: number): number {',
      '  return 2 * x;',
      '}',
      '/** Half. @example `half(4); //=> 2` */', //                                     13
      'export const half = (x: number): number => x / 2;',
      '',
    ].join('\n'),
  );

  const report = check([guide, source]);
  const byId = (file: string, line: number): Entry => {
    const id = `${relative(process.cwd(), file)}:${line}`;
    const e = report.find((r) => r.id === id);
    if (e === undefined) throw new Error(`no example ${id} in ${report.map((r) => r.id).join(', ')}`);
    return e;
  };
  const failedLines = (e: Entry): number[] => e.failures.map((f) => f.line).sort((a, b) => a - b);

  it('finds every ```ts block of a guide and every @example of a source file', () => {
    expect(report.map((r) => r.id.replace(/^.*\//, ''))).toEqual([
      'guide.md:4',
      'guide.md:22',
      'guide.md:26',
      'guide.md:30',
      'guide.md:35',
      'double.ts:6',
      'double.ts:13',
    ]);
  });

  it('checks stated values, throws, numbers to the digits shown and instants; flags a check that never ran', () => {
    const e = byId(guide, 4);
    expect(e.ran).toBe(true);
    // 6: wrong amount; 8: did not throw; 10: 3.1417 is not π to 4 places; 17: inside a branch that never runs.
    expect(failedLines(e)).toEqual([6, 8, 10, 17]);
    expect(e.failures.find((f) => f.line === 6)?.message).toBe(
      `got {"amount":"3.30","currency":"USD"}; the example says { amount: '3.31', currency: 'USD' }`,
    );
    expect(e.failures.find((f) => f.line === 17)?.message).toBe('never ran: //=> 2');
    expect(e.prose).toEqual([{ line: 14, text: 'an irrational number' }]);
    expect(e.checked).toBe(10);
  });

  it('reports type errors with their line, and does not run such a block', () => {
    const e = byId(guide, 22);
    expect(e.failures).toEqual([{ line: 22, kind: 'type', message: expect.stringMatching(/^TS2322: Type 'string'/) }]);
    expect(e.ran).toBe(false);
  });

  it("imports names a block uses but does not import from crmkit's entries", () => {
    const e = byId(guide, 26);
    expect(e.failures).toEqual([]);
    expect(e.checked).toBe(1);
  });

  it('type-checks a block that declares its inputs, without running it', () => {
    const e = byId(guide, 30);
    expect(e).toMatchObject({ failures: [], ran: false, checked: 0 });
  });

  it('reports a block that throws', () => {
    expect(byId(guide, 35).failures).toEqual([
      { line: 35, kind: 'run', message: expect.stringMatching(/^threw SyntaxError/) },
    ]);
  });

  it('gives a TSDoc example the names of the file it documents, and reads the one-line form', () => {
    expect(failedLines(byId(source, 6))).toEqual([7]);
    expect(byId(source, 13)).toMatchObject({ failures: [], checked: 1 });
  });

  it('tells values, throws, instants, periods and prose apart', () => {
    const parse = parseExpectation as (t: string) => unknown;
    expect(parse(" { a: [1, 'x'] } (why)")).toEqual({ kind: 'value', source: "{ a: [1, 'x'] }", approx: false });
    expect(parse(' ≈ 0.5')).toEqual({ kind: 'value', source: '0.5', approx: true });
    expect(parse(' throws currency_mismatch')).toEqual({ kind: 'throws', code: 'currency_mismatch' });
    expect(parse(' [2026-01-01T00:00Z, 2026-02-01T00:00Z)')).toEqual({
      kind: 'period',
      start: '2026-01-01T00:00Z',
      end: '2026-02-01T00:00Z',
    });
    expect(parse(' a number in [0, 1)')).toEqual({ kind: 'prose' });
  });
});
