/**
 * Benchmark: `churnRate` and `retentionRate` over subscription records against the hand-written loop
 * (one getTime() per Date, integer comparisons, a `Map` of account flags) at 10⁵, 10⁶ and 10⁷
 * subscriptions (700,000 accounts per 1,000,000 subscriptions), interleaved in one process, CPU times;
 * the growth exponent log(t(10⁷) / t(10⁵)) / log(100). Issue 20: ratio ≤ 1.2, exponent ≤ 1.1.
 * metrics.bench.ts measures the same kernels with the rest of crmkit/metrics (and splits the loop).
 *
 * Run: `node --import tsx test/bench/churn.bench.ts` (CHURN_SIZES=100000,1000000 for fewer sizes; the
 * section of docs/benchmarks.md is written when all three sizes ran).
 */
import { loadavg } from 'node:os';
import { machineLine, medianOf, writeReportSection } from './_harness.js';
import { churnLoop, period, subscriptions } from './_churnWorkload.js';
import { churnRate, retentionRate } from '../../src/metrics/index.js';
import { createRng } from '../../src/math/random.js';

const sizes = (process.env['CHURN_SIZES'] ?? '100000,1000000,10000000').split(',').map(Number);

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
let sink = 0;
const rows: { n: number; churn: number; churnLoop: number; retention: number; retentionLoop: number; load: number }[] =
  [];
for (const n of sizes) {
  const subs = subscriptions(n, createRng(n));
  const c0 = churnRate(subs, { period });
  const l0 = churnLoop(subs);
  if (!c0.ok || c0.value.atStart !== l0.atStart || c0.value.lost !== l0.lost)
    throw new Error('churnRate disagrees with the loop');
  const r0 = retentionRate(subs, { period });
  if (!r0.ok || r0.value.retained !== l0.retained) throw new Error('retentionRate disagrees with the loop');
  const runs = n >= 10_000_000 ? 5 : n >= 1_000_000 ? 5 : 9;
  // Warm-up (untimed) below 10⁷, so that every size is timed on optimised code: the first size would
  // otherwise time the compiler too (at 10⁵ two runs measured 11.8 and 16.7 ms for the same kernel).
  for (let i = 0; i < (n >= 10_000_000 ? 0 : 3); i++) {
    sink += churnLoop(subs).lost + (churnRate(subs, { period }).ok ? 1 : 0);
    sink += retentionRate(subs, { period }).ok ? 1 : 0;
  }
  const c: number[] = [];
  const l: number[] = [];
  const r: number[] = [];
  const l2: number[] = [];
  for (let i = 0; i < runs; i++) {
    let t = cpuMs();
    sink += churnLoop(subs).lost;
    l.push(cpuMs() - t);
    t = cpuMs();
    sink += churnRate(subs, { period }).ok ? 1 : 0;
    c.push(cpuMs() - t);
    t = cpuMs();
    sink += churnLoop(subs).retained;
    l2.push(cpuMs() - t);
    t = cpuMs();
    sink += retentionRate(subs, { period }).ok ? 1 : 0;
    r.push(cpuMs() - t);
  }
  const row = {
    n,
    churn: medianOf(c),
    churnLoop: medianOf(l),
    retention: medianOf(r),
    retentionLoop: medianOf(l2),
    load: loadavg()[0]!,
  };
  rows.push(row);
  console.log(JSON.stringify(row));
}

const exponent = (a: number, b: number) => Math.log(b / a) / Math.log(100);
const fmt = (x: number) => x.toFixed(1);
if (rows.length === 3) {
  const [a, , z] = rows as [(typeof rows)[0], (typeof rows)[0], (typeof rows)[0]];
  const md = `## churn — \`churnRate\` / \`retentionRate\` against the hand loop, 10⁵ to 10⁷ subscriptions (issue 20)

Median CPU times (ms) of 9 / 5 / 5 interleaved runs at 10⁵ / 10⁶ / 10⁷ subscriptions (loop, crmkit, loop, crmkit, …) after 3 / 3 / 0 untimed warm-up runs, the same input and answers (checked before timing). ${machineLine()}; the machine is shared with other agents on 2 cores (1-minute load beside each size).

| subscriptions | \`churnRate\` | loop | ratio | \`retentionRate\` | loop | ratio | load |
|---:|---:|---:|---:|---:|---:|---:|---:|
${rows.map((x) => `| ${x.n.toLocaleString('en-US')} | ${fmt(x.churn)} | ${fmt(x.churnLoop)} | **${(x.churn / x.churnLoop).toFixed(2)}×** | ${fmt(x.retention)} | ${fmt(x.retentionLoop)} | **${(x.retention / x.retentionLoop).toFixed(2)}×** | ${x.load.toFixed(1)} |`).join('\n')}
| exponent 10⁵ → 10⁷ | **${exponent(a.churn, z.churn).toFixed(3)}** | ${exponent(a.churnLoop, z.churnLoop).toFixed(3)} | | **${exponent(a.retention, z.retention).toFixed(3)}** | ${exponent(a.retentionLoop, z.retentionLoop).toFixed(3)} | | |

The kernel (from 32,768 subscriptions) is a radix-partitioned hash aggregation: two sequential passes over the records (the first validates, hashes the ids that matter and counts them per partition; the second writes each id and its \`hash | flags\` into its partition), then a merge of each partition in a table the size of the second-level cache, by hash first, every merge then checked by comparing the id strings; a group that joined different ids (equal 32-bit hashes: about 900 of 4,096 partitions hold one at 10⁷, by the birthday bound) is counted again id by id, alone. The partition is taken from the hash times 2³²/φ, so that ids of one partition differ in all 29 bits of the hash the entries keep. It keeps no state per record: 4 bytes per id that matters in a typed array and one pointer per id in a plain array. The loop keeps a \`Map\` of account ids, whose lookups wait on memory once millions of distinct ids outgrow the caches (the metrics section splits it). The exponent is log(t(10⁷) / t(10⁵)) / log(100), from medians of CPU time of this process (garbage collection included, on a heap that holds the caller's subscriptions: about 2.3 GB at 10⁷).`;
  writeReportSection('churn', md);
}
if (sink === 42) console.log('');
