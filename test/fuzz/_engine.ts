/**
 * The fuzzing loop for one function: time its valid seeds, then make `runs` calls, each with one
 * hostile value at one place of a valid argument list, and fail on the first defect (fast-check prints
 * the seed and path that reproduce it: rerun with `CRMKIT_FUZZ_SEED` and `CRMKIT_FUZZ_PATH`).
 *
 * The time budget of a call is a ratio to the same function's valid seed, measured in the same run:
 * {@link TIME_RATIO} times the seed's median CPU time, and never less than {@link TIME_FLOOR_MS}.
 * - CPU time of this process, not wall time: other processes on a shared machine do not count.
 * - The ratio is generous (100×) because a hostile value can legitimately be far bigger than the seed
 *   (a 100,000-character string, 10,000 levels of nesting) and the seed may take a few microseconds:
 *   what it must catch is work that grows faster than the input, which on these sizes costs seconds.
 * - The floor (250 ms) is well above what legitimate work on the largest hostile value costs here, so
 *   garbage collection or a compile burst cannot reach it on their own, while quadratic work on
 *   100,000 characters (10¹⁰ steps) is far beyond it. Linear work costs a few milliseconds; the
 *   costliest legitimate case is exact arithmetic on a 100,000-digit amount (`allocateMoney`, exact
 *   for any size by design): V8 converts a BigInt of that size from and to decimal in about 8 and
 *   20 ms, about 70 ms for a split in three on an idle machine and 119 ms in one CI run under load,
 *   which failed the earlier floor of 100 ms.
 * - A call over budget is timed twice more with fresh arguments and judged by the fastest of the three,
 *   so one pause of the machine cannot fail the test; a real slow path is slow every time.
 */
import fc from 'fast-check';
import { checkedCall, kindOf, type Kind, type Outcome } from './_call.js';
import { hostileArbitrary, type Hostile } from './_hostile.js';
import { applyPlace, MUTATION_FAMILIES, placesOf, placeText, type MutationFamily, type Place } from './_mutate.js';
import type { FuzzSpec } from './_spec.js';

/** A call may take this many times the CPU time of the same function's valid seed… */
export const TIME_RATIO = 100;
/** …and always at least this many milliseconds of CPU time. */
export const TIME_FLOOR_MS = 250;
/** Timed calls of each valid seed (after two untimed ones), whose median is the baseline. */
const BASELINE_CALLS = 5;

/** Counts over a fuzzing run, for the test's summary and docs/reliability.md. */
export interface FuzzStats {
  /** Hostile calls made (not counting seed calls and re-timings). */
  calls: number;
  /** Calls of the valid seeds (baselines). */
  seedCalls: number;
  /** Calls made again because they were over the time budget once. */
  retimed: number;
  functions: number;
  seeds: number;
  byClass: Record<Outcome['class'], number>;
  errorCodes: Record<string, number>;
  thrownCodes: Record<string, number>;
  families: Record<string, number>;
  hostiles: Record<string, number>;
  defects: string[];
  /** The highest ratio of a call's CPU time to its seed's, with the call. */
  slowest: { ratio: number; cpuMs: number; seedMs: number; call: string };
}

export function emptyStats(): FuzzStats {
  return {
    calls: 0,
    seedCalls: 0,
    retimed: 0,
    functions: 0,
    seeds: 0,
    byClass: { ok: 0, error: 0, value: 0, thrown: 0, defect: 0 },
    errorCodes: {},
    thrownCodes: {},
    families: {},
    hostiles: {},
    defects: [],
    slowest: { ratio: 0, cpuMs: 0, seedMs: 0, call: '' },
  };
}

function bump(table: Record<string, number>, key: string): void {
  table[key] = (table[key] ?? 0) + 1;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** A function with its seeds timed: its kind, each seed's baseline and places. */
export interface Prepared {
  readonly name: string;
  readonly fn: (...args: unknown[]) => unknown;
  readonly spec: FuzzSpec;
  readonly kind: Kind;
  readonly baselineMs: readonly number[];
  readonly places: readonly (readonly Place[])[];
}

/** Calls each valid seed, checks it is valid, and measures its baseline. Throws when a seed is not valid. */
export async function prepare(
  name: string,
  fn: (...args: unknown[]) => unknown,
  spec: FuzzSpec,
  stats: FuzzStats,
): Promise<Prepared> {
  if (spec.seeds.length === 0) throw new Error(`${name}: no seeds`);
  let kind: Kind | undefined;
  const baselineMs: number[] = [];
  const places: Place[][] = [];
  for (const [i, seed] of spec.seeds.entries()) {
    const k = await kindOf(fn, seed(), spec);
    if (typeof k === 'string') throw new Error(`${name}: seed ${i} is not valid: ${k}`);
    if (kind !== undefined && (k.answers !== kind.answers || k.async !== kind.async))
      throw new Error(`${name}: seed ${i} answers differently from seed 0`);
    kind = k;
    const times: number[] = [];
    for (let j = 0; j < BASELINE_CALLS + 2; j++) {
      const t = await checkedCall(fn, k, spec, seed());
      stats.seedCalls++;
      if (t.outcome.class === 'defect') throw new Error(`${name}: seed ${i}: ${t.outcome.defect}`);
      if (j >= 2) times.push(t.cpuMs);
    }
    baselineMs.push(median(times));
    places.push(placesOf(seed(), spec.opaque?.is));
  }
  stats.functions++;
  stats.seeds += spec.seeds.length;
  return { name, fn, spec, kind: kind!, baselineMs, places };
}

/** One fuzzed call's choices, drawn by fast-check. */
interface Draw {
  readonly seed: number;
  readonly family: number;
  readonly place: number;
  readonly hostile: Hostile;
}

const drawArbitrary: fc.Arbitrary<Draw> = fc.record({
  seed: fc.nat(),
  family: fc.nat(),
  place: fc.nat(),
  hostile: hostileArbitrary,
});

function choose(p: Prepared, d: Draw): { seedIndex: number; place: Place } {
  // Only seeds with arguments have places (a seed of no arguments is covered by its baseline calls).
  const withPlaces = p.places.flatMap((x, i) => (x.length > 0 ? [i] : []));
  const seedIndex = withPlaces[d.seed % withPlaces.length]!;
  const all = p.places[seedIndex]!;
  const families = MUTATION_FAMILIES.filter((f) => all.some((x) => x.family === f));
  const family: MutationFamily = families[d.family % families.length]!;
  const inFamily = all.filter((x) => x.family === family);
  return { seedIndex, place: inFamily[d.place % inFamily.length]! };
}

/** Fuzzes one prepared function with `runs` hostile calls; throws (via fast-check) on the first defect. */
export async function fuzz(p: Prepared, runs: number, stats: FuzzStats, seed?: number, path?: string): Promise<void> {
  if (p.places.every((x) => x.length === 0)) return; // a function of no arguments: the seed calls are all
  await fc.assert(
    fc.asyncProperty(drawArbitrary, async (d) => {
      const { seedIndex, place } = choose(p, d);
      const seedFn = p.spec.seeds[seedIndex]!;
      const build = () => applyPlace(seedFn(), place, d.hostile.make());
      const arg = place.path[0] as number;
      let t = await checkedCall(p.fn, p.kind, p.spec, build(), arg);
      stats.calls++;
      bump(stats.families, place.family);
      bump(stats.hostiles, d.hostile.label);
      const where = `${p.name}(${placeText(place)} = ${d.hostile.label}, seed ${seedIndex})`;
      const seedMs = p.baselineMs[seedIndex]!;
      const budget = Math.max(TIME_FLOOR_MS, TIME_RATIO * seedMs);
      let cpu = t.cpuMs;
      if (t.outcome.class !== 'defect' && cpu > budget) {
        for (let k = 0; k < 2 && cpu > budget; k++) {
          stats.retimed++;
          t = await checkedCall(p.fn, p.kind, p.spec, build(), arg);
          cpu = Math.min(cpu, t.cpuMs);
        }
        if (cpu > budget)
          t = {
            ...t,
            outcome: {
              class: 'defect',
              defect: `too slow: ${cpu.toFixed(1)} ms CPU at best of 3, over the budget of ${budget.toFixed(1)} ms (${TIME_RATIO}× the valid seed's ${seedMs.toFixed(3)} ms, at least ${TIME_FLOOR_MS} ms)`,
            },
          };
      }
      const ratio = cpu / Math.max(seedMs, 0.001);
      if (ratio > stats.slowest.ratio && cpu > 1) stats.slowest = { ratio, cpuMs: cpu, seedMs, call: where };
      const o = t.outcome;
      stats.byClass[o.class]++;
      if (o.class === 'error') bump(stats.errorCodes, o.code);
      if (o.class === 'thrown') bump(stats.thrownCodes, o.code);
      if (o.class === 'defect') {
        const msg = `${where}: ${o.defect}`;
        stats.defects.push(msg);
        throw new Error(msg);
      }
    }),
    {
      numRuns: runs,
      endOnFailure: true,
      ...(seed === undefined ? {} : { seed }),
      ...(path === undefined ? {} : { path }),
    },
  );
}
