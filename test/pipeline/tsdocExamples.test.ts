/**
 * Every TSDoc `@example` in crmkit/pipeline, crmkit/entities, crmkit/money and crmkit/time
 * type-checks against the public API (issue 11 §1, §5).
 */
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkExamples, exportsWithoutExample } from '../_tsdoc.js';

const files = ['src/pipeline', 'src/entities', 'src/money', 'src/time'].flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f)),
);

describe('TSDoc examples', () => {
  it('every @example of pipeline, entities, money and time type-checks', () => {
    const { count, problems } = checkExamples(files);
    expect(count).toBeGreaterThan(200);
    expect(problems).toEqual([]);
  }, 120_000);

  it('every code block of docs/pipeline.md, entities.md, money.md and time.md type-checks', () => {
    const { count, problems } = checkExamples(
      [],
      ['docs/pipeline.md', 'docs/entities.md', 'docs/money.md', 'docs/time.md'],
    );
    expect(count).toBeGreaterThan(20);
    expect(problems).toEqual([]);
  }, 120_000);

  it('every public export of these entries has an @example', () => {
    expect(
      exportsWithoutExample([
        'src/pipeline/index.ts',
        'src/entities/index.ts',
        'src/money/index.ts',
        'src/time/index.ts',
      ]),
    ).toEqual([]);
  }, 120_000);
});
