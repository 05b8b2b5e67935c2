// Issue 18 §2: the Jupyter notebooks of examples/notebooks. CI executes them on the Deno kernel
// (scripts/run-notebooks.sh); these tests keep them sound between CI runs: each is a clean nbformat 4.5
// notebook for the Deno kernel, explains every code cell with a markdown cell before it, imports only
// crmkit's public entries, type-checks strictly against the source, and runs to the end on Node against
// src/ (with a stand-in for the three Deno APIs it uses), displaying the tables and charts it promises.
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain .mjs helper without declarations
import { readEntries, specifier } from '../../scripts/entries.mjs';
import { entryModules, run, typeCheck } from '../metrics/_codeBlocks.js';

const DIR = 'examples/notebooks';
const MIME = 'application/vnd.vegalite.v5+json';
const publicEntries = new Set(Object.keys(readEntries() as Record<string, string>).map((s) => specifier(s) as string));

interface Cell {
  cell_type: string;
  id?: string;
  source: string | string[];
  outputs?: unknown[];
  execution_count?: number | null;
  metadata: object;
}
interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: { kernelspec?: { name: string; language: string; display_name: string }; language_info?: { name: string } };
  cells: Cell[];
}

const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.ipynb'))
  .sort();
const read = (file: string): Notebook => JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Notebook;
const text = (cell: Cell): string => (Array.isArray(cell.source) ? cell.source.join('') : cell.source);
const code = (nb: Notebook): string =>
  nb.cells
    .filter((c) => c.cell_type === 'code')
    .map(text)
    .join('\n\n');

/** The Deno APIs the notebooks use, as a TypeScript declaration (Deno's own types, narrowed). */
const DENO_DECLARATION = `declare const Deno: {
  jupyter: { display(obj: Record<string, unknown>, options?: { raw?: boolean }): Promise<void> };
  env: { get(name: string): string | undefined };
  readTextFileSync(path: string): string;
};
`;

/** A stand-in for Deno in Node: the kernel's working directory is the notebook's folder. */
function fakeDeno(displayed: Record<string, unknown>[]) {
  return {
    jupyter: {
      display: (obj: Record<string, unknown>, options?: { raw?: boolean }) => {
        expect(options).toEqual({ raw: true });
        displayed.push(obj);
        return Promise.resolve();
      },
    },
    env: { get: (name: string) => process.env[name] },
    readTextFileSync: (path: string) => readFileSync(resolve(DIR, path), 'utf8'),
  };
}

describe('examples/notebooks', () => {
  it('holds the CLV and the lead-scoring notebooks', () => {
    expect(files).toEqual(['clv-cdnow.ipynb', 'lead-scoring.ipynb']);
  });

  describe.each(files)('%s', (file) => {
    const nb = read(file);

    it('is an nbformat 4.5 notebook for the Deno kernel, committed without outputs', () => {
      expect([nb.nbformat, nb.nbformat_minor]).toEqual([4, 5]);
      expect(nb.metadata.kernelspec).toEqual({ name: 'deno', language: 'typescript', display_name: 'Deno' });
      expect(nb.metadata.language_info?.name).toBe('typescript');
      const ids = nb.cells.map((c) => c.id);
      expect(ids.every((id) => typeof id === 'string' && /^[a-zA-Z0-9-_]{1,64}$/.test(id))).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
      for (const cell of nb.cells.filter((c) => c.cell_type === 'code')) {
        expect(cell.outputs, cell.id).toEqual([]);
        expect(cell.execution_count, cell.id).toBeNull();
      }
    });

    it('explains every step: each code cell follows a markdown cell, and it starts with a title', () => {
      expect(nb.cells[0]!.cell_type).toBe('markdown');
      expect(text(nb.cells[0]!)).toMatch(/^# \S/);
      nb.cells.forEach((cell, i) => {
        if (cell.cell_type === 'code')
          expect(nb.cells[i - 1]?.cell_type, `${cell.id} has no explanation before it`).toBe('markdown');
      });
    });

    it("imports only crmkit's public entries", () => {
      const imports = ts.preProcessFile(code(nb), true, true).importedFiles.map((f) => f.fileName);
      expect(imports.length).toBeGreaterThan(0);
      for (const name of imports) expect(publicEntries.has(name), name).toBe(true);
    });

    it('type-checks strictly against the source', () => {
      const name = file.replace('.ipynb', '.ts');
      const diagnostics = typeCheck(new Map([[name, DENO_DECLARATION + code(nb)]])).get(name);
      expect(diagnostics).toEqual([]);
    }, 180_000);

    it('runs to the end on Node, displaying a table or chart for each showTable and showChart call', async () => {
      const displayed: Record<string, unknown>[] = [];
      const source = code(nb);
      await run({ where: file, code: source }, await entryModules(), { Deno: fakeDeno(displayed) });
      const calls = (fn: string) => source.split(`${fn}(`).length - 1 - source.split(`function ${fn}(`).length + 1;
      const charts = displayed.filter((d) => d[MIME] !== undefined);
      const tables = displayed.filter((d) => String(d['text/html']).startsWith('<table>'));
      expect(charts.length).toBe(calls('showChart'));
      expect(tables.length).toBe(calls('showTable'));
      expect(charts.length).toBeGreaterThanOrEqual(5);
      for (const chart of charts) expect((chart[MIME] as { $schema: string }).$schema).toContain('vega-lite/v5');
    }, 120_000);
  });
});
