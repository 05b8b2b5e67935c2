/**
 * Campaigns benchmark (issue 17): `campaignPerformance` over 10,000,000 members against a hand-written
 * tally of the same members in the same process (counts per status, then the same cumulative reach),
 * target ≤ 1.5×. The tally checks nothing; `campaignPerformance` also checks that every member names
 * the campaign and has a known status, and computes the rates with their Wilson intervals, cost per
 * lead and acquisition and ROI (over a few leads and deals, negligible here).
 *
 * Members are stored-member-shaped objects (what `parseCampaignMember` gives): 1,000,000 distinct ones
 * repeated to fill the 10,000,000 slots of the array, so the run fits in the memory of a shared
 * machine; both sides read the same array.
 *
 * Run: node --max-old-space-size=4096 --import tsx test/bench/campaigns.bench.ts   (BENCH_SCALE=0.05 for a smoke run)
 */
import os from 'node:os';
import { compare, machineLine, writeReportSection } from './_harness.js';
import { campaignPerformance } from '../../src/campaigns/index.js';
import { CAMPAIGN_MEMBER_STATUSES, createCampaign, type CampaignMember } from '../../src/entities/index.js';
import { fixedClock } from '../../src/core/clock.js';
import { sequentialIdGenerator } from '../../src/core/ids.js';
import { unwrap } from '../../src/core/result.js';
import { createRng } from '../../src/math/random.js';

const scale = Number(process.env.BENCH_SCALE ?? 1);
const N = Math.max(100_000, Math.round(10_000_000 * scale));
const DISTINCT = Math.min(N, 1_000_000);
const runs = Number(process.env.BENCH_RUNS ?? 9);

const campaign = unwrap(
  createCampaign(
    { name: 'Spring', channel: 'whatsapp', actualCost: { amount: '25000.00', currency: 'EUR' } },
    { clock: fixedClock('2026-03-01T00:00:00Z'), ids: sequentialIdGenerator() },
  ),
);
// A realistic spread: most members stop early on the path.
const WEIGHTS = [5, 20, 30, 20, 10, 5, 3, 3, 2, 2];
const rng = createRng(17);
let sum = 0;
const cumulative = WEIGHTS.map((w) => (sum += w));
const total = cumulative.at(-1)!;
const created = new Date('2026-03-01T00:00:00Z');
const empty = Object.freeze({});
const distinct: CampaignMember[] = [];
for (let i = 0; i < DISTINCT; i++) {
  const x = rng.next() * total;
  const status = CAMPAIGN_MEMBER_STATUSES[cumulative.findIndex((c) => x < c)]!;
  distinct.push(
    Object.freeze({
      campaignId: campaign.id,
      leadId: `lead-${i}` as CampaignMember['leadId'],
      contactId: null,
      status,
      variant: i % 2 === 0 ? 'A' : 'B',
      at: new Date(created.getTime() + (i % 86_400) * 1000),
      id: `cm-${i}` as CampaignMember['id'],
      customFields: empty,
      createdAt: created,
      updatedAt: created,
      version: 1,
    }),
  );
}
const members: CampaignMember[] = new Array<CampaignMember>(N);
for (let i = 0; i < N; i++) members[i] = distinct[i % DISTINCT]!;

/** The hand-written tally: counts per status, then the cumulative reach. */
function tally(ms: readonly CampaignMember[]): { counts: Record<string, number>; delivered: number } {
  const counts: Record<string, number> = {
    targeted: 0,
    sent: 0,
    delivered: 0,
    opened: 0,
    clicked: 0,
    responded: 0,
    converted: 0,
    opted_out: 0,
    soft_bounce: 0,
    hard_bounce: 0,
  };
  for (let i = 0; i < ms.length; i++) counts[ms[i]!.status]!++;
  const delivered =
    counts['delivered']! +
    counts['opened']! +
    counts['clicked']! +
    counts['responded']! +
    counts['converted']! +
    counts['opted_out']!;
  return { counts, delivered };
}

const loads: number[] = [os.loadavg()[0]!];
// Same answers first.
const ours = unwrap(campaignPerformance(campaign, members, [], []));
const theirs = tally(members);
for (const s of CAMPAIGN_MEMBER_STATUSES)
  if (ours.counts[s] !== theirs.counts[s])
    throw new Error(`count of ${s} differs: ${ours.counts[s]} vs ${theirs.counts[s]}`);
if (ours.reached.delivered !== theirs.delivered) throw new Error('delivered differs');

const r = compare(
  () => campaignPerformance(campaign, members, [], []),
  () => tally(members),
  runs,
  1,
);
loads.push(os.loadavg()[0]!);
const ratio = r.ratio;
const md = `## campaigns — \`campaignPerformance\` (\`crmkit/campaigns\`)

\`campaignPerformance\` over ${N.toLocaleString('en-US')} members against a hand-written tally of the same array (counts per status in an object, then the delivered total), ratio of medians of ${runs} interleaved runs after a warm-up. Target ≤ 1.5× (issue 17). The tally checks nothing; \`campaignPerformance\` checks that each member names the campaign and has a known status, and computes the rates with Wilson intervals, cost per lead and acquisition, revenue and ROI. Members are stored-member-shaped frozen objects, ${DISTINCT.toLocaleString('en-US')} distinct ones repeated to fill the array (memory of a shared machine); answers checked equal before timing.
Scale: BENCH_SCALE=${scale}. ${machineLine()}. 1-minute load average during the run: ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} on 2 cores (shared with other agents; the runs are interleaved so load hits both sides alike, but absolute times vary by run).

| function | members | crmkit ms | tally ms | ratio |
|---|---:|---:|---:|---:|
| \`campaignPerformance\` | ${N.toLocaleString('en-US')} | ${r.candidate.medianMs.toFixed(1)} | ${r.baseline.medianMs.toFixed(1)} | **${ratio.toFixed(2)}** |
`;
console.log(md);
if (process.env.BENCH_WRITE !== '0') writeReportSection('campaigns', md);
if (ratio > 1.5) {
  console.error(`campaignPerformance is ${ratio.toFixed(2)}× the hand-written tally (target ≤ 1.5×)`);
  process.exitCode = 1;
}
