/**
 * A marketer's question, answered on CDNOW (the walkthrough of docs/segments.md):
 *
 *   "My Champions and At Risk customers this month, their retention and NPS, and who moved between
 *    them since last month."
 *
 * "This month" is June 1998, the last month of the CDNOW log; "last month" is May 1998.
 * - Segments: classic RFM segments (quintile scores) as of each month's end, made into segments of the
 *   condition language through the `rfmSegment` measure, so they sit beside any other segment.
 * - Retention: a customer counts as lost after 180 days without a purchase (CDNOW has no contracts)
 *   and back with the next one; June's retention is of the customers each segment had at the end of May.
 * - The classic RFM map is written for 5 bins per axis; on CDNOW frequency gets 3 (see step 2).
 * - NPS: CDNOW has no survey data. The answers here are SYNTHETIC — drawn from a seeded generator, a
 *   little kinder from customers who bought lately — only to show the call.
 *
 * Reads the shared CDNOW transaction log (never copied into the repository) from CRMKIT_CDNOW_DIR,
 * default ../shared/data/cdnow relative to the repository root.
 *
 * Run: npx tsx examples/segments.ts
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { money, monthPeriod, unwrap } from 'crmkit';
import { lifetimeValueBy, npsBy, retentionBy } from 'crmkit/metrics';
import {
  CLASSIC_RFM_SEGMENTS,
  defineSegment,
  rfmScores,
  rfmSegments,
  segmentChanges,
  segmentMembers,
  valueConcentration,
  type RfmSegmentRule,
  type RfmSegments,
} from 'crmkit/segments';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dir = resolve(root, process.env.CRMKIT_CDNOW_DIR ?? '../shared/data/cdnow');
const DAY = 86_400_000;
const day = (yyyymmdd: string) =>
  new Date(Date.UTC(Number(yyyymmdd.slice(0, 4)), Number(yyyymmdd.slice(4, 6)) - 1, Number(yyyymmdd.slice(6, 8))));

// 1. The log: every purchase of the 23,570 customers of the CDNOW cohort (id, YYYYMMDD, CDs, dollars).
const log = readFileSync(resolve(dir, 'CDNOW_master.txt'), 'utf8')
  .trim()
  .split(/\r?\n/)
  .filter((line) => /^\s*\d/.test(line)) // the first line is a header
  .map((line) => {
    const [id, date, , dollars] = line.trim().split(/\s+/);
    return { customerId: id!, at: date!, value: dollars! };
  });
const customers = [...new Set(log.map((t) => t.customerId))].map((id) => ({ id }));
console.log(
  `1. CDNOW: ${log.length.toLocaleString('en-US')} purchases by ${customers.length.toLocaleString('en-US')} customers`,
);

// 2. RFM scores and classic segments at the end of May and of June 1998. Most CDNOW customers bought once
//    or twice, so the frequency quintiles tie and that axis gets 3 bins, not 5 (rfmScores says so in
//    `warnings`). The classic map is written for 5 bins, so it is read on the bins the data has: the
//    frequency scores 1, 2, 3 stand where the 5-bin map has 1, 3 and 5 (its rules restricted to those
//    scores and relabelled), and every segment keeps its meaning — a Champion is among the most
//    recent, the most frequent (5 orders or more here) and the biggest spenders.
function mapFor(bins: number): readonly RfmSegmentRule[] {
  if (bins === 5) return CLASSIC_RFM_SEGMENTS;
  const at = Array.from({ length: bins }, (_, i) => String(Math.round(1 + (i * 4) / Math.max(1, bins - 1))));
  return CLASSIC_RFM_SEGMENTS.map((rule) => ({
    segment: rule.segment,
    scores: (rule.scores ?? []).filter((s) => at.includes(s[1]!)).map((s) => `${s[0]}${at.indexOf(s[1]!) + 1}${s[2]}`),
  })).filter((rule) => rule.scores.length > 0);
}
function rfmAt(end: string): RfmSegments {
  const scores = unwrap(rfmScores(log, { observationEnd: end, currency: 'USD' }));
  for (const w of scores.warnings) console.log(`   (${end}) ${w}`);
  return unwrap(rfmSegments(scores, mapFor(scores.axes.frequency.bins)));
}
const may = rfmAt('1998-05-31');
const june = rfmAt('1998-06-30');
const count = (s: RfmSegments, name: string) => s.segments.find((x) => x.segment === name)?.count ?? 0;
console.log(
  `2. RFM segments on 1998-06-30: ${june.segments
    .filter((s) => s.count > 0)
    .map((s) => `${s.segment} ${s.count}`)
    .join(', ')}`,
);

// 3. The two segments as data: conditions on a measure, evaluated over the customers.
const champions = unwrap(
  defineSegment({
    id: 'champions',
    name: 'Champions',
    object: 'contact',
    where: { measure: 'rfmSegment', op: 'eq', value: 'Champions' },
  }),
);
const atRisk = unwrap(
  defineSegment({
    id: 'at-risk',
    name: 'At Risk',
    object: 'contact',
    where: { measure: 'rfmSegment', op: 'eq', value: 'At Risk' },
  }),
);
const measuresOf = (s: RfmSegments) =>
  new Map(s.customers.map((c) => [c.customerId, { rfmSegment: c.segment, rfmScore: c.score, purchases: c.frequency }]));
const members = (segment: typeof champions, s: RfmSegments, asOf: string) =>
  unwrap(segmentMembers(segment, customers, { asOf, measures: measuresOf(s) }));
const now = {
  champions: members(champions, june, '1998-06-30T00:00:00Z'),
  atRisk: members(atRisk, june, '1998-06-30T00:00:00Z'),
};
const before = {
  champions: members(champions, may, '1998-05-31T00:00:00Z'),
  atRisk: members(atRisk, may, '1998-05-31T00:00:00Z'),
};
console.log(
  `3. This month: ${now.champions.count} Champions, ${now.atRisk.count} At Risk (last month ${before.champions.count} and ${before.atRisk.count})`,
);
if (now.champions.count !== count(june, 'Champions') || now.atRisk.count !== count(june, 'At Risk'))
  throw new Error('segment membership and the RFM counts disagree');
const first = now.champions.ids[0]!;
const why = now.champions.explain(first)!;
console.log(
  `   why ${first} is a Champion: ${why.explanation.detail} (score ${measuresOf(june).get(first)!.rfmScore})`,
);

// 4. Who moved since last month: entries and exits as domain events, and moves between the two.
const at = new Date('1998-07-01T00:00:00Z');
const moved = {
  champions: unwrap(segmentChanges(before.champions, now.champions, { segmentId: 'champions', at })),
  atRisk: unwrap(segmentChanges(before.atRisk, now.atRisk, { segmentId: 'at-risk', at })),
};
const wasChampion = new Set(before.champions.ids);
const fell = moved.atRisk.entered.filter((id) => wasChampion.has(id));
console.log(
  `4. Champions: ${moved.champions.entered.length} entered, ${moved.champions.exited.length} exited, ${moved.champions.stayed} stayed; ` +
    `At Risk: ${moved.atRisk.entered.length} entered, ${moved.atRisk.exited.length} exited`,
);
const juneSegment = new Map(june.customers.map((c) => [c.customerId, c.segment]));
const whereTo = (ids: readonly string[]) => {
  const n = new Map<string, number>();
  for (const id of ids) n.set(juneSegment.get(id)!, (n.get(juneSegment.get(id)!) ?? 0) + 1);
  return [...n].map(([segment, k]) => `${k} to ${segment}`).join(', ') || 'nobody';
};
console.log(
  `   Champions of May now At Risk: ${fell.length}; Champions who left went: ${whereTo(moved.champions.exited)}`,
);
console.log(`   At Risk customers who left went: ${whereTo(moved.atRisk.exited)}`);
console.log(
  `   events for a workflow: ${moved.champions.events
    .slice(0, 2)
    .map((e) => `${e.type} ${e.aggregate.id}`)
    .join(', ')}, …`,
);

// 5. June retention of each segment's May members. A customer is lost after 180 days without a purchase
//    and is back with the next purchase, so each customer has one span per active stretch: from a
//    purchase to 180 days after the last purchase before a gap longer than that (open when it runs past
//    the end of the log).
const GAP = 180 * DAY;
const lastDay = day('19980630').getTime();
const daysOf = new Map<string, number[]>();
for (const t of log) {
  const list = daysOf.get(t.customerId);
  if (list === undefined) daysOf.set(t.customerId, [day(t.at).getTime()]);
  else list.push(day(t.at).getTime());
}
const subscriptions: { accountId: string; startedAt: Date; endedAt: Date | null }[] = [];
for (const [accountId, days] of daysOf) {
  days.sort((a, b) => a - b);
  let start = days[0]!;
  for (let i = 1; i <= days.length; i++) {
    if (i < days.length && days[i]! - days[i - 1]! <= GAP) continue;
    const lost = days[i - 1]! + GAP;
    subscriptions.push({ accountId, startedAt: new Date(start), endedAt: lost <= lastDay ? new Date(lost) : null });
    if (i < days.length) start = days[i]!;
  }
}
const mayAtRisk = new Set(before.atRisk.ids);
const groupOf = (id: string) => [
  ...(wasChampion.has(id) ? ['Champions'] : []),
  ...(mayAtRisk.has(id) ? ['At Risk'] : []),
];
const retention = unwrap(
  retentionBy(subscriptions, (s) => groupOf(s.accountId), { period: monthPeriod('1998-06-01') }),
);
for (const g of retention)
  console.log(
    g.retention.rate === null
      ? `5. ${g.key}: no one active on June 1 (all lost to the 180-day rule), so no June retention`
      : `5. ${g.key}: retention in June ${(g.retention.rate * 100).toFixed(1)}% (${g.retention.retained} of ${g.retention.atStart})`,
  );

// 6. NPS per segment — SYNTHETIC answers (see the header): a seeded generator, 30% of customers answer.
let seed = 20260601;
const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
const isChampion = new Set(now.champions.ids);
const isAtRisk = new Set(now.atRisk.ids);
const juneRecency = new Map(june.customers.map((c) => [c.customerId, c.recencyDays]));
const responses = customers.flatMap(({ id }) => {
  if (random() >= 0.3) return [];
  const lean = (juneRecency.get(id) ?? 999) < 90 ? 2 : 0;
  return [{ contactId: id, score: Math.min(10, 3 + Math.floor(random() * 7) + lean) }];
});
const npsRows = unwrap(
  npsBy(responses, (r) => [
    ...(isChampion.has(r.contactId) ? ['Champions'] : []),
    ...(isAtRisk.has(r.contactId) ? ['At Risk'] : []),
  ]),
);
for (const g of npsRows)
  console.log(`6. ${g.key}: NPS ${g.nps.score?.toFixed(1)} from ${g.nps.total} synthetic answers`);

// 7. What each segment is worth, and how concentrated value is.
const transactions = log.map((t) => ({ customerId: t.customerId, amount: money(t.value, 'USD') }));
const inNow = new Map<string, string>([
  ...now.champions.ids.map((id) => [id, 'Champions'] as const),
  ...now.atRisk.ids.map((id) => [id, 'At Risk'] as const),
]);
for (const g of unwrap(lifetimeValueBy(transactions, (t) => inNow.get(t.customerId) ?? [])))
  console.log(
    `7. ${g.key}: ${g.lifetimeValue.customers} customers, $${g.lifetimeValue.perCustomer?.amount} spent per customer since 1997`,
  );
const concentration = unwrap(
  valueConcentration(transactions.map((t) => ({ customerId: t.customerId, value: t.amount }))),
);
console.log(
  `   value concentration: the top 20% of customers brought ${(concentration.topShare * 100).toFixed(1)}% of revenue (Gini ${concentration.gini.toFixed(3)})`,
);
