// The rule of docs/core.md for the service metrics: the fuzzer's engine (test/fuzz/_engine.ts) puts a
// hostile value in one place of a valid call, for every function of the service-metrics seed table
// (test/fuzz/seeds/serviceMetrics.ts). The suite-wide fuzzer takes the same table once
// `crmkit/service` exports these functions and test/fuzz/_targets.ts lists it.
import { describe, expect, it } from 'vitest';
import { emptyStats, fuzz, prepare } from '../fuzz/_engine.js';
import { SERVICE_METRICS_FUNCTIONS, SERVICE_METRICS_SEEDS } from '../fuzz/seeds/serviceMetrics.js';

const RUNS = Number(process.env['CRMKIT_FUZZ_RUNS'] ?? 200);
const stats = emptyStats();

describe(`service metrics: ${RUNS} hostile calls per function`, () => {
  it('every function has seeds', () => {
    expect(Object.keys(SERVICE_METRICS_SEEDS).sort()).toEqual(Object.keys(SERVICE_METRICS_FUNCTIONS).sort());
  });
  for (const [name, spec] of Object.entries(SERVICE_METRICS_SEEDS)) {
    it(
      name,
      async () => {
        const fn = SERVICE_METRICS_FUNCTIONS[name] as (...args: unknown[]) => unknown;
        const p = await prepare(name, fn, spec, stats);
        await fuzz(p, RUNS, stats);
      },
      120_000,
    );
  }
});
