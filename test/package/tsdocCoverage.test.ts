/**
 * Every public export of every entry point has a TSDoc `@example` (issue 11 §5). The examples
 * themselves are type-checked and run by `npm run check:examples` (scripts/check-examples.mjs, a CI
 * step), the one checker of examples; docs/contributing.md gives its conventions.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { exportsWithoutExample, functionsWithoutFailureDoc } from '../_tsdoc.js';

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

describe('TSDoc of failure', () => {
  it('every public function that neither returns a Result nor is a predicate says how it fails (@throws, or "never throws")', () => {
    expect(functionsWithoutFailureDoc(Object.values(entries).filter((f) => !f.includes('testing')))).toEqual([]);
  }, 180_000);
});
