/**
 * Issue 18 §4 for dedupe: how soon `duplicateClustersAsync` and `trainMatchModelAsync` stop after their
 * `signal` aborts. Each call runs on generated people (test/quality/_people.ts); the signal aborts after
 * a fixed share of the call's own unaborted time, and the latency is from `abort()` to the settled
 * promise (an `aborted` error). The unaborted call is timed first in the same process, so the abort
 * lands mid-way whatever the machine's speed. Writes its section of docs/benchmarks.md.
 *
 * Run: npx tsx test/bench/dedupeAbort.bench.ts (DEDUPE_ABORT_PEOPLE sets the size, default 200,000).
 */
import { loadavg } from 'node:os';
import { machineLine, medianOf, writeReportSection } from './_harness.js';
import { duplicateClustersAsync, STANDARD_LEAD_RULE, trainMatchModelAsync } from '../../src/quality/index.js';
import { generatePeople } from '../quality/_people.js';

const N = Number(process.env['DEDUPE_ABORT_PEOPLE'] ?? 200_000);
const SHARES = [0.25, 0.5, 0.75];

async function latencies(
  name: string,
  call: (signal: AbortSignal) => Promise<{ ok: boolean; error?: { code: string } }>,
): Promise<{ name: string; fullMs: number; latencies: number[] }> {
  let t = performance.now();
  const full = await call(new AbortController().signal);
  const fullMs = performance.now() - t;
  if (!full.ok) throw new Error(`${name} failed without an abort`);
  const out: number[] = [];
  for (const share of SHARES) {
    const controller = new AbortController();
    let abortedAt = 0;
    const timer = setTimeout(() => {
      abortedAt = performance.now();
      controller.abort();
    }, fullMs * share);
    t = performance.now();
    const r = await call(controller.signal);
    const settled = performance.now();
    clearTimeout(timer);
    if (r.ok || r.error?.code !== 'aborted') throw new Error(`${name}: not aborted at ${share} of its time`);
    out.push(settled - abortedAt);
  }
  return { name, fullMs, latencies: out };
}

const people = generatePeople(N, 2026).records;
const rows = [
  await latencies('duplicateClustersAsync (standard lead rule)', (signal) =>
    duplicateClustersAsync(STANDARD_LEAD_RULE, people, { signal }),
  ),
  await latencies('trainMatchModelAsync', (signal) => trainMatchModelAsync(people, { seed: 1, signal })),
];
const load = loadavg().map((x) => x.toFixed(1));
const body = [
  '## dedupe — abort latency of the async twins (issue 18 §4)',
  '',
  `${N.toLocaleString('en')} generated people (seed 2026). Each call is timed once unaborted, then aborted after 25%, 50% and 75% of that time; the latency is from \`abort()\` to the settled promise (an \`aborted\` error, no partial result). Target: under 100 ms.`,
  '',
  '| call | unaborted (ms) | abort latency at 25 / 50 / 75% (ms) | median (ms) |',
  '|---|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| \`${r.name}\` | ${r.fullMs.toFixed(0)} | ${r.latencies.map((x) => x.toFixed(1)).join(' / ')} | ${medianOf(r.latencies).toFixed(1)} |`,
  ),
  '',
  `${machineLine()}; load average ${load.join(' / ')} (1 / 5 / 15 min) when the section was written: the machine is shared, so the absolute times are noisy.`,
].join('\n');
writeReportSection('dedupe-abort', body);
console.log(body);
