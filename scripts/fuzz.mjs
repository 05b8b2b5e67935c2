// The fuzzer at a larger budget than CI's (issue 12): runs test/fuzz/fuzz.test.ts several times, each
// with a fresh fast-check seed, and sums the counts. A nightly-style job:
//
//   node scripts/fuzz.mjs [--runs N] [--rounds K] [--only a,b] [--write]
//
// --runs   hostile calls per function per round (default 2000; CI's npm test uses the test's default)
// --rounds rounds, each with fresh seeds (default 3)
// --only   restrict to these exported functions
// --write  rewrite the generated section of docs/reliability.md with the totals
//
// Exits non-zero when a round finds a defect; the failing call, its seed and path are in the output
// (replay with CRMKIT_FUZZ_SEED / CRMKIT_FUZZ_PATH / CRMKIT_FUZZ_ONLY, see test/fuzz/fuzz.test.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus, loadavg } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
};
const known = new Set(['--runs', '--rounds', '--only', '--write']);
for (const a of args)
  if (a.startsWith('--') && !known.has(a)) {
    console.error(`fuzz: unknown option ${a}; allowed: ${[...known].join(', ')}`);
    process.exit(2);
  }
const runs = Number(flag('runs', '2000'));
const rounds = Number(flag('rounds', '3'));
const only = flag('only', undefined);
if (!Number.isSafeInteger(runs) || runs < 1 || !Number.isSafeInteger(rounds) || rounds < 1) {
  console.error('fuzz: --runs and --rounds take positive integers');
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), 'crmkit-fuzz-'));
const reports = [];
let failed = false;
for (let round = 1; round <= rounds; round++) {
  const file = join(dir, `round-${round}.json`);
  console.log(`\n=== fuzz round ${round}/${rounds}: ${runs} hostile calls per function ===`);
  const env = { ...process.env, CRMKIT_FUZZ_RUNS: String(runs), CRMKIT_FUZZ_REPORT: file };
  if (only !== undefined) env.CRMKIT_FUZZ_ONLY = only;
  const r = spawnSync('npx', ['vitest', 'run', 'test/fuzz/fuzz.test.ts'], { stdio: 'inherit', env });
  try {
    reports.push(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    console.error(`fuzz: round ${round} wrote no report`);
  }
  if (r.status !== 0) {
    failed = true;
    break;
  }
}

const add = (into, from) => {
  for (const [k, v] of Object.entries(from ?? {})) into[k] = (into[k] ?? 0) + v;
  return into;
};
const total = reports.reduce(
  (t, r) => ({
    calls: t.calls + r.calls,
    seedCalls: t.seedCalls + r.seedCalls,
    retimed: t.retimed + r.retimed,
    functions: Math.max(t.functions, r.functions),
    seeds: Math.max(t.seeds, r.seeds),
    excluded: r.excluded,
    byClass: add(t.byClass, r.byClass),
    families: add(t.families, r.families),
    errorCodes: add(t.errorCodes, r.errorCodes),
    thrownCodes: add(t.thrownCodes, r.thrownCodes),
    defects: [...t.defects, ...r.defects],
    slowest: r.slowest.ratio > t.slowest.ratio ? r.slowest : t.slowest,
    wallMs: t.wallMs + r.wallMs,
  }),
  {
    calls: 0,
    seedCalls: 0,
    retimed: 0,
    functions: 0,
    seeds: 0,
    excluded: 0,
    byClass: {},
    families: {},
    errorCodes: {},
    thrownCodes: {},
    defects: [],
    slowest: { ratio: 0 },
    wallMs: 0,
  },
);
console.log(`\nfuzz: ${rounds} round(s), ${total.calls} hostile calls, ${total.defects.length} defects`);
console.log(JSON.stringify(total.byClass));

if (args.includes('--write') && !failed && only === undefined) {
  const fmt = (n) => n.toLocaleString('en-US');
  const table = (o) =>
    Object.entries(o)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `| ${k} | ${fmt(v)} |`)
      .join('\n');
  const section = [
    '<!-- fuzz:begin (written by `node scripts/fuzz.mjs --write`; do not edit by hand) -->',
    `Last run: ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} cores, load ${loadavg()[0].toFixed(1)} (a shared machine).`,
    '',
    `- ${fmt(rounds)} rounds × ${fmt(runs)} hostile calls per function, each round with fresh seeds`,
    `- ${fmt(total.functions)} functions fuzzed (${fmt(total.seeds)} valid seeds), ${fmt(total.excluded)} exports excluded with a reason`,
    `- **${fmt(total.calls)} hostile calls, ${fmt(total.defects.length)} defects**; ${fmt(total.retimed)} call${total.retimed === 1 ? '' : 's'} over budget once, re-timed and within it at best of three`,
    `- wall time ${(total.wallMs / 1000).toFixed(0)} s`,
    `- slowest call relative to its valid seed: ${total.slowest.ratio.toFixed(0)}× (${total.slowest.cpuMs?.toFixed(1)} ms CPU), \`${total.slowest.call}\``,
    '',
    '| outcome | calls |',
    '| --- | --- |',
    table(total.byClass),
    '',
    '| where the hostile value was put | calls |',
    '| --- | --- |',
    table(total.families),
    '',
    '| error code in a Result | calls |',
    '| --- | --- |',
    table(total.errorCodes),
    '',
    '| code of a thrown error | calls |',
    '| --- | --- |',
    table(total.thrownCodes),
    '<!-- fuzz:end -->',
  ].join('\n');
  const path = 'docs/reliability.md';
  const doc = readFileSync(path, 'utf8');
  const re = /<!-- fuzz:begin[\s\S]*?<!-- fuzz:end -->/;
  if (!re.test(doc)) {
    console.error(`fuzz: ${path} has no fuzz:begin/fuzz:end markers`);
    process.exit(1);
  }
  writeFileSync(path, doc.replace(re, section));
  console.log(`fuzz: wrote the counts to ${path}`);
}
process.exit(failed ? 1 : 0);
