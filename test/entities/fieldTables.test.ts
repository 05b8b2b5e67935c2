/** docs/entities.md has a field table per entity, generated from the schemas so it cannot drift (issue 11 §5). */
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { END, fieldTablesMarkdown, START } from './_fieldTables.js';

describe('docs/entities.md field tables', () => {
  it('match the entity schemas (CRMKIT_WRITE_DOCS=1 rewrites them)', () => {
    const doc = readFileSync('docs/entities.md', 'utf8');
    const i = doc.indexOf(START);
    const j = doc.indexOf(END);
    expect(i).toBeGreaterThan(0);
    expect(j).toBeGreaterThan(i);
    const expected = `${START}\n${fieldTablesMarkdown()}\n${END}`;
    if (process.env['CRMKIT_WRITE_DOCS'] === '1') {
      writeFileSync('docs/entities.md', doc.slice(0, i) + expected + doc.slice(j + END.length));
      return;
    }
    expect(doc.slice(i, j + END.length)).toBe(expected);
  });
});
