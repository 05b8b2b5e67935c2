/**
 * Every public export of every entry point has a TSDoc `@example` (issue 11 §5). The examples
 * themselves are type-checked and run by `npm run check:examples` (scripts/check-examples.mjs, a CI
 * step), the one checker of examples; docs/contributing.md gives its conventions.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { exportsWithoutExample } from '../_tsdoc.js';

const entries = (
  JSON.parse(readFileSync(new URL('../../entries.json', import.meta.url), 'utf8')) as {
    entries: Record<string, string>;
  }
).entries;

describe('TSDoc', () => {
  it('every public export of every entry point has an @example', () => {
    expect(exportsWithoutExample(Object.values(entries))).toEqual([]);
  }, 180_000);
});
