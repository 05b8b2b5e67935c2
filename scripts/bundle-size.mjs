// Bundle sizes of crmkit's entry points against the budgets in test/package/bundleBudgets.json.
//
//   npm run check:size   (node scripts/bundle-size.mjs)          measure dist/, fail over budget
//   npm run size         (node scripts/bundle-size.mjs --write)  the same, and rewrite the
//                        'Bundle sizes' section of docs/benchmarks.md
//   --from src           bundle the TypeScript sources instead of dist/ (no build needed; sizes
//                        differ from dist/ by a few bytes)
//
// Each entry is bundled as a browser app would bundle it: esbuild, minified, platform browser, every
// dependency (zod, decimal.js, date-fns, immer; vitest and fast-check for crmkit/testing) bundled in.
// It also checks that importing an entry and using nothing leaves nothing (see pureModules.test.ts).
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { entryName, leftoverOfUnusedImport, measureEntry, measureImport, root } from './bundle.mjs';

const args = process.argv.slice(2);
const from = args.includes('--from') ? args[args.indexOf('--from') + 1] : 'dist';
const write = args.includes('--write');
if (from !== 'dist' && from !== 'src') throw new Error(`--from dist|src, not ${from}`);

/** Sizes before issue 11 (commit f2d25f3, dist/, KiB min+gzip; the imports row in KiB minified). */
const BEFORE = {
  entries: { './money': 108.9, './entities': 118.8, './pipeline': 125.4, './repository': 132.3, './scoring': 128.1 },
  imports: { b2bPipelineDefinition: 49.3, createLead: 503.3 },
};

function newestMtime(dir) {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    newest = Math.max(newest, s.isDirectory() ? newestMtime(p) : s.mtimeMs);
  }
  return newest;
}

if (from === 'dist') {
  let built = 0;
  try {
    built = statSync(join(root, 'dist', 'index.js')).mtimeMs;
  } catch {
    console.error('dist/ is missing: run `npm run build` first (or pass --from src).');
    process.exit(1);
  }
  if (newestMtime(join(root, 'src')) > built) {
    console.error('dist/ is older than src/: run `npm run build` first (or pass --from src).');
    process.exit(1);
  }
}

const budgets = JSON.parse(readFileSync(join(root, 'test/package/bundleBudgets.json'), 'utf8'));
const kib = (bytes) => (bytes / 1024).toFixed(1);
const failures = [];
const entryRows = [];
for (const [subpath, budget] of Object.entries(budgets.entries)) {
  const m = await measureEntry(subpath, from);
  const deps = Object.entries(m.byPackage)
    .filter(([p, b]) => p !== 'crmkit' && b >= 1024)
    .sort((a, b) => b[1] - a[1])
    .map(([p, b]) => `${p} ${kib(b)}`)
    .join(', ');
  const over = m.gzip / 1024 > budget;
  if (over) failures.push(`${entryName(subpath)}: ${kib(m.gzip)} KiB gzip, over its budget of ${budget} KiB`);
  const leftover = await leftoverOfUnusedImport(subpath, from);
  if (leftover !== '')
    failures.push(`${entryName(subpath)}: importing it and using nothing leaves code in a bundle:\n${leftover}`);
  entryRows.push({ subpath, m, budget, over, deps });
}
const importRows = [];
for (const { entry, name, budget } of budgets.imports) {
  const m = await measureImport(entry, name, from);
  const over = m.gzip / 1024 > budget;
  if (over)
    failures.push(`{ ${name} } from ${entryName(entry)}: ${kib(m.gzip)} KiB gzip, over its budget of ${budget} KiB`);
  importRows.push({ entry, name, m, budget, over });
}

const mark = (over) => (over ? ' **over**' : '');
const table = [
  '| entry (everything it exports) | minified KiB | min + gzip KiB | budget | dependencies in the bundle (minified KiB) |',
  '|---|---:|---:|---:|---|',
  ...entryRows.map(
    ({ subpath, m, budget, over, deps }) =>
      `| \`${entryName(subpath)}\` | ${kib(m.minified)} | ${kib(m.gzip)} | ${budget}${mark(over)} | ${deps || '—'} |`,
  ),
  '',
  '| an app that uses only | minified KiB | min + gzip KiB | budget |',
  '|---|---:|---:|---:|',
  ...importRows.map(
    ({ entry, name, m, budget, over }) =>
      `| \`${name}\` from \`${entryName(entry)}\` | ${kib(m.minified)} | ${kib(m.gzip)} | ${budget}${mark(over)} |`,
  ),
].join('\n');
console.log(table);

if (write) {
  const byName = Object.fromEntries(entryRows.map((r) => [r.subpath, r.m]));
  const byImport = Object.fromEntries(importRows.map((r) => [r.name, r.m]));
  const history = [
    ...Object.entries(BEFORE.entries).map(
      ([s, before]) => `\`${entryName(s)}\` ${before} → ${kib(byName[s].gzip)} KiB min+gzip`,
    ),
    ...Object.entries(BEFORE.imports).map(
      ([n, before]) => `\`${n}\` alone ${before} → ${kib(byImport[n].minified)} KiB minified`,
    ),
  ].join('; ');
  const section = `## Bundle sizes

What a browser app pays for each entry point: esbuild ${(await import('esbuild')).version}, \`--bundle --minify --platform=browser\`, every dependency bundled in, gzip -9; KiB = 1,024 bytes. Budgets live in \`test/package/bundleBudgets.json\`; \`npm run check:size\` (CI, after \`npm run build\`) fails over a budget, \`npm run size\` rewrites this section. Sizes do not depend on machine load. ${new Date().toISOString().slice(0, 10)}.

${table}

Every module-level call in \`src/\` carries \`/* @__PURE__ */\`, so an app keeps only what it uses; \`test/package/pureModules.test.ts\` and this check fail when importing an entry and using nothing leaves any code. \`crmkit/testing\` bundles vitest and fast-check and is meant for test runs only.

Before issue 11 (commit f2d25f3): ${history}. zod was 443 KiB of minified output: \`import { z } from 'zod'\` makes a bundler keep zod's whole namespace object — every locale (64 of them), JSON-schema conversion, every schema type. crmkit now imports \`* as z\`, so only the schema types it uses stay (57 KiB minified for \`moneySchema\`, the classic API's floor; 94 KiB for all entity schemas). An app that builds its own zod schemas should import zod the same way.`;
  const reportPath = join(root, 'docs', 'benchmarks.md');
  const start = '<!-- bench:bundle-size:start -->';
  const end = '<!-- bench:bundle-size:end -->';
  const current = readFileSync(reportPath, 'utf8');
  const block = `${start}\n${section}\n${end}`;
  const i = current.indexOf(start);
  const j = current.indexOf(end);
  writeFileSync(
    reportPath,
    i >= 0 && j > i
      ? current.slice(0, i) + block + current.slice(j + end.length)
      : `${current.trimEnd()}\n\n${block}\n`,
  );
  console.log("docs/benchmarks.md: section 'bundle-size' written");
}

if (failures.length > 0) {
  console.error(`\n${failures.length} bundle-size failure(s):\n${failures.map((f) => `- ${f}`).join('\n')}`);
  process.exit(1);
}
console.log(`\nEvery entry within its budget, and nothing left over when unused (from ${from}/).`);
