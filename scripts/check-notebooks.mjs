// Checks executed notebooks (scripts/run-notebooks.sh runs it on nbconvert's output): every code cell ran,
// none has an error output, each cell that calls showTable(…) n times displayed n tables and each that
// calls showChart(…) n times displayed n Vega-Lite specs, each of which vega-lite compiles. Prints one line per notebook.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { compile } from 'vega-lite';

const MIME = 'application/vnd.vegalite.v5+json';
/** How many times a cell's source calls `name(` (its own definition excluded). */
const calls = (source, name) =>
  (source.match(new RegExp(`\\b${name}\\(`, 'g')) ?? []).length -
  (source.match(new RegExp(`function ${name}\\(`, 'g')) ?? []).length;
const files = process.argv.slice(2);
if (files.length === 0) throw new Error('usage: node scripts/check-notebooks.mjs executed.ipynb …');
const problems = [];
for (const file of files) {
  const nb = JSON.parse(readFileSync(file, 'utf8'));
  const name = basename(file);
  let charts = 0;
  let tables = 0;
  const code = nb.cells.filter((c) => c.cell_type === 'code');
  for (const [i, cell] of code.entries()) {
    const source = Array.isArray(cell.source) ? cell.source.join('') : cell.source;
    const where = `${name}, code cell ${i + 1}`;
    if (typeof cell.execution_count !== 'number') problems.push(`${where} did not run`);
    for (const out of cell.outputs) {
      if (out.output_type === 'error') problems.push(`${where} raised ${out.ename}: ${out.evalue}`);
      if (out.output_type === 'stream' && out.name === 'stderr') problems.push(`${where} wrote to stderr: ${out.text}`);
    }
    const specs = cell.outputs.flatMap((o) => (o.data?.[MIME] === undefined ? [] : [o.data[MIME]]));
    const html = cell.outputs.filter((o) => [o.data?.['text/html'] ?? ''].flat().join('').startsWith('<table>'));
    const wantedTables = calls(source, 'showTable');
    if (html.length !== wantedTables)
      problems.push(`${where} calls showTable ${wantedTables} times but displayed ${html.length} tables`);
    tables += html.length;
    const wanted = calls(source, 'showChart');
    if (specs.length !== wanted)
      problems.push(`${where} calls showChart ${wanted} times but displayed ${specs.length} charts`);
    for (const spec of specs) {
      try {
        compile(spec);
      } catch (e) {
        problems.push(`${where}: vega-lite cannot compile a displayed spec: ${e.message}`);
      }
    }
    charts += specs.length;
  }
  console.log(`${name}: ${code.length} code cells ran, ${tables} tables and ${charts} charts displayed`);
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
