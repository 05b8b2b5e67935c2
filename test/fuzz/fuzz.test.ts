/**
 * The one fuzzer of the public API (issue 12, "The fuzzer belongs in the suite").
 *
 * Every function exported by every entry of entries.json is a target, with valid seeds
 * (test/fuzz/seeds/*.ts) or an exclusion and its reason (test/fuzz/_targets.ts); a new export without
 * either fails the first test. Each target gets a fixed number of calls with a fresh fast-check seed
 * per run: a hostile value (test/fuzz/_hostile.ts) in one place of a valid call (test/fuzz/_mutate.ts:
 * an argument, a key of an options object, an extra key, the first element of an array, a path in
 * nested records, custom fields, histories and conditions). Each outcome is classified by the rule of
 * docs/core.md (test/fuzz/_call.ts); a defect fails the target's test with the seed that reproduces it.
 * The time budget is a ratio to the same function's valid seed in the same run (test/fuzz/_engine.ts).
 *
 * Environment: `CRMKIT_FUZZ_RUNS` calls per function (default {@link DEFAULT_RUNS});
 * `CRMKIT_FUZZ_SEED` and `CRMKIT_FUZZ_PATH` replay a failure, `CRMKIT_FUZZ_ONLY` (comma-separated
 * names) restricts the targets; `CRMKIT_FUZZ_REPORT` writes the counts as JSON (scripts/fuzz.mjs).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { emptyStats, fuzz, prepare, TIME_FLOOR_MS, TIME_RATIO } from './_engine.js';
import { EXCLUDED, publicFunctions, SEEDS } from './_targets.js';

/** Calls per function in the CI budget (npm test): 274 functions × 200 calls, about 40 s. */
const DEFAULT_RUNS = 200;

const env = process.env;
const RUNS = env['CRMKIT_FUZZ_RUNS'] === undefined ? DEFAULT_RUNS : Number(env['CRMKIT_FUZZ_RUNS']);
const SEED = env['CRMKIT_FUZZ_SEED'] === undefined ? undefined : Number(env['CRMKIT_FUZZ_SEED']);
const PATH = env['CRMKIT_FUZZ_PATH'];
const ONLY = env['CRMKIT_FUZZ_ONLY']?.split(',').map((s) => s.trim());

const functions = await publicFunctions();
const specOf = (f: { name: string; aliases: readonly string[] }) =>
  [f.name, ...f.aliases].map((n) => SEEDS[n]).find((s) => s !== undefined);
const stats = emptyStats();
const started = performance.now();
const cpuStart = process.cpuUsage();
const loadStart = loadavg();

describe('the fuzzer covers the public API', () => {
  it('finds the exported functions of every entry', () => {
    expect(functions.length).toBeGreaterThan(250);
  });

  it('every exported function has valid seeds or an exclusion with a reason', () => {
    const missing = functions.filter(
      (f) => specOf(f) === undefined && ![f.name, ...f.aliases].some((n) => n in EXCLUDED),
    );
    expect(missing.map((f) => `${f.entries.join(' ')} ${f.name}`)).toEqual([]);
    for (const [name, reason] of Object.entries(EXCLUDED)) expect(reason.length, name).toBeGreaterThan(20);
  });

  it('every seed table entry and exclusion names an exported function, and none is both', () => {
    const names = new Set(functions.flatMap((f) => [f.name, ...f.aliases]));
    expect(Object.keys(SEEDS).filter((n) => !names.has(n))).toEqual([]);
    expect(Object.keys(EXCLUDED).filter((n) => !names.has(n))).toEqual([]);
    expect(Object.keys(SEEDS).filter((n) => n in EXCLUDED)).toEqual([]);
  });
});

describe(`fuzz: ${RUNS} hostile calls per function (time budget ${TIME_RATIO}× the valid seed, at least ${TIME_FLOOR_MS} ms CPU)`, () => {
  for (const f of functions) {
    const spec = specOf(f);
    if (spec === undefined || (ONLY !== undefined && !ONLY.includes(f.name))) continue;
    it(`${f.entries[0]} ${f.name}`, async () => {
      const p = await prepare(f.name, f.fn, spec, stats);
      await fuzz(p, RUNS, stats, SEED, PATH);
    });
  }

  afterAll(() => {
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuStart);
    const report = {
      runsPerFunction: RUNS,
      ...stats,
      excluded: Object.keys(EXCLUDED).length,
      wallMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      load: { start: loadStart, end: loadavg(), cores: cpus().length },
      node: process.version,
    };
    const file = env['CRMKIT_FUZZ_REPORT'];
    if (file !== undefined) writeFileSync(file, JSON.stringify(report, null, 2));
    console.log(
      `fuzz: ${stats.calls} hostile calls of ${stats.functions} functions (${stats.seeds} seeds), ` +
        `${stats.defects.length} defects, ${(wallMs / 1000).toFixed(1)} s; ` +
        `ok ${stats.byClass.ok}, error ${stats.byClass.error}, value ${stats.byClass.value}, thrown ${stats.byClass.thrown}`,
    );
  });
});
