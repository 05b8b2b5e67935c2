// Which Node built-ins each public entry point needs, its dependencies included (after `npm run build`):
// each dist entry is bundled with esbuild for Node, everything bundled in, and the imports esbuild leaves
// external are the built-ins. Fails when an entry other than crmkit/postgres, crmkit/testing and
// crmkit/workers (worker threads, Node only) needs one,
// since crmkit promises to run in Deno and in browsers. Run by CI with the Deno smoke.
import { builtinModules } from 'node:module';
import { build } from 'esbuild';
import { entryName } from './bundle.mjs';
import { readEntries } from './entries.mjs';

const ALLOWED = new Set(['./postgres', './testing', './workers']);
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const failures = [];
for (const subpath of Object.keys(readEntries())) {
  const file = `dist/${subpath === '.' ? 'index' : subpath.slice(2)}.js`;
  const result = await build({
    entryPoints: [file],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'silent',
  });
  const used = new Set();
  for (const input of Object.values(result.metafile.inputs))
    for (const imp of input.imports)
      if (imp.external && builtins.has(imp.path)) used.add(imp.path.replace(/^node:/, ''));
  const list = [...used].sort();
  console.log(
    `${entryName(subpath)}: ${list.length === 0 ? 'no Node built-ins' : list.join(', ')}${ALLOWED.has(subpath) ? ' (allowed)' : ''}`,
  );
  if (list.length > 0 && !ALLOWED.has(subpath)) failures.push(`${entryName(subpath)} needs ${list.join(', ')}`);
}
if (failures.length > 0) {
  console.error(`Node built-ins outside crmkit/postgres, crmkit/testing and crmkit/workers:\n${failures.join('\n')}`);
  process.exit(1);
}
