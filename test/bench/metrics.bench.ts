/**
 * Benchmark: crmkit/metrics against hand-written loops over the same input, in one process.
 * Sizes: 10,000,000 survey scores and 1,000,000 subscriptions at BENCH_SCALE=1.
 * Run: `npx tsx test/bench/metrics.bench.ts` (BENCH_SCALE=0.01 for a smoke run).
 */
import { compare, machineLine, writeReportSection } from './_harness.js';
import {
  ces,
  churnRate,
  createNpsAccumulator,
  nps,
  retentionRate,
  type SubscriptionSpan,
} from '../../src/metrics/index.js';
import { createRng } from '../../src/math/random.js';
import { monthPeriod } from '../../src/time/period.js';

const scale = Number(process.env.BENCH_SCALE ?? 1);
const nScores = Math.max(1000, Math.round(10_000_000 * scale));
const nSubs = Math.max(1000, Math.round(1_000_000 * scale));
const rng = createRng(20260301);

const npsScores: number[] = new Array<number>(nScores);
for (let i = 0; i < nScores; i++) npsScores[i] = rng.nextInt(11);
const cesScores: number[] = new Array<number>(nScores);
for (let i = 0; i < nScores; i++) cesScores[i] = 1 + rng.nextInt(7);

const period = monthPeriod('2026-03-01');
const day = 86_400_000;
const base = Date.UTC(2024, 0, 1);
const subs: SubscriptionSpan[] = new Array<SubscriptionSpan>(nSubs);
for (let i = 0; i < nSubs; i++) {
  const start = base + rng.nextInt(820) * day;
  const ended = rng.next() < 0.4;
  subs[i] = {
    accountId: `acc_${rng.nextInt(Math.round(nSubs * 0.7))}`,
    startedAt: new Date(start),
    endedAt: ended ? new Date(start + (1 + rng.nextInt(400)) * day) : null,
  };
}

let sink = 0;

function npsLoop(scores: readonly number[]): number {
  let p = 0;
  let d = 0;
  const n = scores.length;
  for (let i = 0; i < n; i++) {
    const s = scores[i]!;
    if (s >= 9) p++;
    else if (s <= 6) d++;
  }
  return (100 * (p - d)) / n;
}

/** Hand-written CES: the mean and the share agreeing (5–7), the two numbers `ces` reports. */
function cesLoop(scores: readonly number[]): number {
  let sum = 0;
  let agree = 0;
  const n = scores.length;
  for (let i = 0; i < n; i++) {
    const s = scores[i]!;
    sum += s;
    if (s >= 5) agree++;
  }
  return sum / n + agree / n;
}

/** Hand-written customer churn: per account, active at the start and at the end. */
function churnLoop(list: readonly SubscriptionSpan[]): {
  atStart: number;
  lost: number;
  acquired: number;
  retained: number;
} {
  const from = period.start.getTime();
  const to = period.end.getTime();
  const flags = new Map<string, number>();
  for (let i = 0; i < list.length; i++) {
    const s = list[i]!;
    const a = s.startedAt.getTime();
    const b = s.endedAt === null ? Infinity : s.endedAt.getTime();
    let f = 0;
    if (a <= from && from < b) f |= 1;
    if (a <= to && to < b) f |= 2;
    if (a >= from && a < to) f |= 4;
    flags.set(s.accountId, (flags.get(s.accountId) ?? 0) | f);
  }
  let atStart = 0;
  let lost = 0;
  let acquired = 0;
  for (const f of flags.values()) {
    if (f & 1) {
      atStart++;
      if (!(f & 2)) lost++;
    } else if (f & 4) acquired++;
  }
  return { atStart, lost, acquired, retained: atStart - lost };
}

// Same answers first: a benchmark of wrong code is worthless.
const check = nps(npsScores);
if (!check.ok || Math.abs(check.value.score! - npsLoop(npsScores)) > 1e-9)
  throw new Error('nps disagrees with the loop');
const cc = churnRate(subs, { period });
const cl = churnLoop(subs);
if (!cc.ok || cc.value.atStart !== cl.atStart || cc.value.lost !== cl.lost)
  throw new Error('churnRate disagrees with the loop');

const runs = 5;
const rows: [
  string,
  string,
  number,
  { ratio: number; candidate: { medianMs: number }; baseline: { medianMs: number } },
][] = [];
rows.push([
  'nps(scores)',
  'survey scores',
  nScores,
  compare(
    () => (sink += nps(npsScores).ok ? 1 : 0),
    () => (sink += npsLoop(npsScores)),
    runs,
  ),
]);
rows.push([
  'ces(scores)',
  'survey scores',
  nScores,
  compare(
    () => (sink += ces(cesScores).ok ? 1 : 0),
    () => (sink += cesLoop(cesScores)),
    runs,
  ),
]);
rows.push([
  'churnRate(subscriptions, { period })',
  'subscriptions',
  nSubs,
  compare(
    () => (sink += churnRate(subs, { period }).ok ? 1 : 0),
    () => (sink += churnLoop(subs).lost),
    runs,
  ),
]);
rows.push([
  'retentionRate(subscriptions, { period })',
  'subscriptions',
  nSubs,
  compare(
    () => (sink += retentionRate(subs, { period }).ok ? 1 : 0),
    () => (sink += churnLoop(subs).retained),
    runs,
  ),
]);
rows.push([
  'createNpsAccumulator().addAll(scores)',
  'survey scores',
  nScores,
  compare(
    () => (sink += createNpsAccumulator().addAll(npsScores).count),
    () => (sink += npsLoop(npsScores)),
    runs,
  ),
]);

const table = rows
  .map(
    ([name, what, n, r]) =>
      `| \`${name}\` | ${n.toLocaleString('en-US')} ${what} | ${r.candidate.medianMs.toFixed(1)} | ${r.baseline.medianMs.toFixed(1)} | **${r.ratio.toFixed(2)}×** |`,
  )
  .join('\n');
const md = `## metrics

crmkit/metrics against hand-written loops over the same input in the same process (ratio of medians of ${runs} interleaved runs; target ≤ 1.5× for \`nps\`, \`ces\`, \`churnRate\`, \`retentionRate\`).
The loops compute the same answer without validation; crmkit also validates every score and record.
Scale: BENCH_SCALE=${scale} (${nScores.toLocaleString('en-US')} scores, ${nSubs.toLocaleString('en-US')} subscriptions over ${Math.round(nSubs * 0.7).toLocaleString('en-US')} accounts). ${machineLine()}.

| function | input | crmkit ms | loop ms | ratio |
|---|---|---:|---:|---:|
${table}

The accumulator row is informational: \`addAll\` on a numeric array takes the same per-point tally as \`nps\`; \`add\` of single items goes through a method call and validation each (for streaming). Accumulator memory is O(1): three counts for NPS.
`;
writeReportSection('metrics', md);
console.log(md);
if (sink === 42) console.log('');
