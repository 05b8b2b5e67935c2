// Type-checks crmkit the way its users do: packs dist/ into a tarball, installs it into a temporary
// consumer project (with zod, the optional peers vitest and fast-check, @types/node and TypeScript),
// and compiles a program that imports every entry point with `skipLibCheck: false` under
//   - module/moduleResolution node16: an ESM file (package "type": "module") and a CJS file (.cts),
//     then runs both with Node;
//   - module esnext + moduleResolution bundler, for a browser app (lib DOM, no Node types);
//   - the oldest TypeScript crmkit supports (MIN_TYPESCRIPT, installed as `typescript-min` through an
//     npm alias), under node16.
// (nodenext resolves crmkit exactly as node16 does; it is left out to keep the step near a minute.)
// The program also asserts that crmkit's types are not `any` (a decimal, an entity field, a Result).
//
//   npm run check:consumers          after `npm run build` (CI runs it after the build)
//   node scripts/check-consumers.mjs --keep   keep the temporary project and print its path
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './bundle.mjs';
import { readEntries } from './entries.mjs';

/**
 * The oldest TypeScript crmkit's declarations compile with: 5.4 brought `NoInfer`, which crmkit's and
 * zod 4's declarations use (5.0–5.3 fail with TS2304). Keep in step with README.md and
 * package.json `peerDependencies.typescript`. CRMKIT_MIN_TYPESCRIPT=x.y.z tries another version.
 */
export const MIN_TYPESCRIPT = process.env.CRMKIT_MIN_TYPESCRIPT ?? '5.4.5';

const keep = process.argv.includes('--keep');
const started = Date.now();
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const dev = pkg.devDependencies;

function newestMtime(dir) {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    newest = Math.max(newest, s.isDirectory() ? newestMtime(p) : s.mtimeMs);
  }
  return newest;
}
let built = 0;
try {
  built = statSync(join(root, 'dist', 'index.d.ts')).mtimeMs;
} catch {
  console.error('dist/ is missing: run `npm run build` first.');
  process.exit(1);
}
if (newestMtime(join(root, 'src')) > built) {
  console.error('dist/ is older than src/: run `npm run build` first.');
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), 'crmkit-consumers-'));
const step = (what) => console.log(`== ${what} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
const failures = [];
try {
  step(`npm pack into ${dir}`);
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--loglevel=error', '--pack-destination', dir], {
      cwd: root,
      encoding: 'utf8',
    }),
  );
  const tarball = join(dir, packed[0].filename);
  // What the tarball holds: the licence and readme, the build, and no source maps (tsup.config.ts says why).
  const files = packed[0].files.map((f) => f.path);
  for (const needed of ['LICENSE', 'README.md', 'package.json', 'dist/index.js', 'dist/index.cjs', 'dist/index.d.ts'])
    if (!files.includes(needed)) failures.push(`the tarball lacks ${needed}`);
  const unexpected = files.filter((f) => f.endsWith('.map') || !/^(LICENSE|README\.md|package\.json|dist\/)/.test(f));
  if (unexpected.length > 0) failures.push(`the tarball holds files it should not: ${unexpected.join(', ')}`);
  console.log(
    `   ${files.length} files, ${(packed[0].size / 1024).toFixed(0)} KiB packed, ${(packed[0].unpackedSize / 1024).toFixed(0)} KiB unpacked`,
  );

  const entries = Object.keys(readEntries()).map((subpath) => ({
    spec: subpath === '.' ? 'crmkit' : `crmkit/${subpath.slice(2)}`,
    // An entry such as ./pg-boss becomes the identifier pgBoss.
    alias: subpath === '.' ? 'main' : subpath.slice(2).replace(/[^A-Za-z0-9]+(.)/g, (_, c) => c.toUpperCase()),
  }));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify(
      {
        name: 'crmkit-consumer',
        private: true,
        type: 'module',
        dependencies: {
          crmkit: `file:${tarball}`,
          zod: dev.zod,
          vitest: dev.vitest,
          'fast-check': dev['fast-check'],
          '@types/node': dev['@types/node'],
          typescript: dev.typescript,
          'typescript-min': `npm:typescript@${MIN_TYPESCRIPT}`,
        },
      },
      null,
      2,
    ),
  );

  // One program, written as ESM; the CJS copy is the same text in a .cts file (TypeScript compiles its
  // imports to require()). crmkit/testing runs inside vitest, which cannot be require()d, so the CJS
  // program only type-checks it.
  const program = (cjs) => `${entries
    .map(({ spec, alias }) => `import ${cjs && spec === 'crmkit/testing' ? 'type ' : ''}* as ${alias} from '${spec}';`)
    .join('\n')}

// Every entry point loads, and each namespace has exports.
export const loaded: Record<string, number> = {
${entries
  .filter(({ spec }) => !(cjs && spec === 'crmkit/testing'))
  .map(({ spec, alias }) => `  '${spec}': Object.keys(${alias}).length,`)
  .join('\n')}
};
export type Suite = typeof testing.runRepositoryContract;

// The decimal behind Money is decimal.js's Decimal, not \`any\`.
const d = money.moneyToDecimal(money.money('19.99', 'USD'));
export const fixed: string = d.toFixed(2);
// @ts-expect-error -- a Decimal is not a number (were the decimal type \`any\`, this would not be an error)
export const notANumber: number = d;

// Entity types come from their zod schemas, not \`any\`.
const lead = main.unwrap(entities.createLead({ lastName: 'Lovelace', email: 'ada@example.com' }));
export const email: string | null = lead.email;
// @ts-expect-error -- an email is a string or null
export const notAnEmail: number = lead.email;

// A Result narrows on \`ok\`.
const r = money.parseMoney({ amount: '1', currency: 'usd' });
export const issues: number = r.ok ? 0 : r.error.issues.length;
// @ts-expect-error -- value exists only on an ok Result
export const unnarrowed = r.value;

export const summary = \`\${fixed} \${email} \${issues} issue(s); \${Object.keys(loaded).length} entries\`;
`;
  writeFileSync(join(dir, 'esm.ts'), `${program(false)}console.log('esm', summary);\n`);
  writeFileSync(join(dir, 'cjs.cts'), `${program(true)}console.log('cjs', summary);\n`);
  writeFileSync(join(dir, 'bundler.ts'), `${program(false)}console.log('bundler', summary);\n`);

  const strict = { strict: true, skipLibCheck: false, target: 'ES2022', noEmitOnError: true };
  const tsconfig = (name, compilerOptions, include) =>
    writeFileSync(
      join(dir, name),
      JSON.stringify({ compilerOptions: { ...strict, ...compilerOptions }, include }, null, 2),
    );
  tsconfig(
    'tsconfig.node16.json',
    { module: 'node16', moduleResolution: 'node16', lib: ['ES2022'], types: ['node'], outDir: 'out-node16' },
    ['esm.ts', 'cjs.cts'],
  );
  tsconfig(
    'tsconfig.bundler.json',
    { module: 'esnext', moduleResolution: 'bundler', lib: ['ES2022', 'DOM'], types: [], noEmit: true },
    ['bundler.ts'],
  );

  step('npm install (the tarball, zod, vitest, fast-check, @types/node, typescript, typescript-min)');
  const install = spawnSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline', '--loglevel=error'],
    { cwd: dir, encoding: 'utf8' },
  );
  if (install.status !== 0) throw new Error(`npm install failed:\n${install.stdout}\n${install.stderr}`);

  const tsc = (compiler, config) => {
    const label = `${compiler === 'typescript' ? `TypeScript ${dev.typescript}` : `TypeScript ${MIN_TYPESCRIPT}`}, ${config}`;
    step(label);
    const r = spawnSync(process.execPath, [join(dir, 'node_modules', compiler, 'bin', 'tsc'), '-p', config], {
      cwd: dir,
      encoding: 'utf8',
    });
    if (r.status !== 0) failures.push(`${label}:\n${r.stdout}${r.stderr}`);
    return r.status === 0;
  };
  const run = (file, expected) => {
    step(`node ${file}`);
    const r = spawnSync(process.execPath, [file], { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0 || !r.stdout.startsWith(expected))
      failures.push(`node ${file}: exit ${r.status}\n${r.stdout}${r.stderr}`);
    else console.log(`   ${r.stdout.trim()}`);
  };

  if (tsc('typescript', 'tsconfig.node16.json')) {
    run('out-node16/esm.js', `esm 19.99 ada@example.com 1 issue(s); ${entries.length} entries`);
    run('out-node16/cjs.cjs', `cjs 19.99 ada@example.com 1 issue(s); ${entries.length - 1} entries`);
  }
  tsc('typescript', 'tsconfig.bundler.json');
  writeFileSync(
    join(dir, 'tsconfig.min-node16.json'),
    JSON.stringify({ extends: './tsconfig.node16.json', compilerOptions: { noEmit: true, outDir: null } }),
  );
  tsc('typescript-min', 'tsconfig.min-node16.json');
} finally {
  if (keep) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

const seconds = ((Date.now() - started) / 1000).toFixed(0);
if (failures.length > 0) {
  console.error(`\n${failures.length} consumer check(s) failed (${seconds} s):\n\n${failures.join('\n\n')}`);
  process.exit(1);
}
console.log(
  `\nConsumers type-check (skipLibCheck false) and run: node16 ESM + CJS, bundler; TypeScript ${dev.typescript} and ${MIN_TYPESCRIPT} (${seconds} s).`,
);
