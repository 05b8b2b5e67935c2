// Run by Deno, not Node (CI, after `npm run build`):
//
//   node_modules/.bin/deno run --no-prompt --allow-read=dist,node_modules --allow-env=NODE_ENV \
//     scripts/deno-smoke.mjs --except ./testing
//   node_modules/.bin/deno run --no-prompt --allow-read --allow-env scripts/deno-smoke.mjs --only ./testing
//
// Imports every public entry point of entries.json by its package name — Deno resolves `crmkit/…` through
// this repository's package.json exports to dist/, and the dependencies from node_modules, as it would
// in an app — checks that every export is defined, and runs the entry's smoke (test/runtimes/smoke.ts).
// With --no-prompt and read access to the package only (dynamic imports need it), any other read, any
// write, environment or network access at import or in a smoke fails the run. NODE_ENV is read by immer
// (dist/immer.mjs reads process.env.NODE_ENV at load), so every entry that uses immer needs
// --allow-env=NODE_ENV under Deno. crmkit/testing runs inside vitest, which reads the environment and
// files, so it gets its own run with those permissions.
import entries from '../entries.json' with { type: 'json' };
import { smokes } from '../test/runtimes/smoke.ts';

const args = Deno.args;
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const except = args.includes('--except') ? args[args.indexOf('--except') + 1] : undefined;
const selected = Object.keys(entries.entries).filter((e) => (only === undefined || e === only) && e !== except);
if (selected.length === 0) throw new Error(`no entry selected by ${args.join(' ')}`);

const failures = [];
for (const entry of selected) {
  const specifier = entry === '.' ? 'crmkit' : `crmkit/${entry.slice(2)}`;
  try {
    const mod = await import(specifier);
    const names = Object.keys(mod);
    const missing = names.filter((n) => mod[n] === undefined);
    if (names.length === 0 || missing.length > 0) throw new Error(`exports missing: ${missing.join(', ') || 'all'}`);
    const smoke = smokes[entry];
    if (smoke === undefined) throw new Error('test/runtimes/smoke.ts has no smoke for it');
    console.log(`ok  ${specifier}: ${names.length} exports; ${await smoke(mod)}`);
  } catch (e) {
    failures.push(`${specifier}: ${e instanceof Error ? e.message : String(e)}`);
    console.log(`FAIL ${specifier}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
console.log(
  `Deno ${Deno.version.deno}: ${selected.length - failures.length} of ${selected.length} entry points imported and passed their smoke.`,
);
if (failures.length > 0) Deno.exit(1);
