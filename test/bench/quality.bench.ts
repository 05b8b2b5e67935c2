/**
 * Benchmarks of crmkit/quality (issue 21). Run: `npx tsx --expose-gc test/bench/quality.bench.ts`
 * (BENCH_SCALE=0.1 for a smoke run).
 *
 * 1. Quality on data nobody tuned to: 50,000 generated people (test/quality/_people.ts, seed 2026, 20% true
 *    duplicates): pairwise precision, recall and F1 of `duplicateClusters` with STANDARD_LEAD_RULE and with
 *    a model trained by `trainMatchModel` (seed 1), and the candidate pairs compared as a share of all pairs.
 * 2. `duplicateClusters(STANDARD_CONTACT_RULE)` over 1,000,000 contacts: time, compared pairs, heap, and
 *    the ratio to a baseline in the same process (one pass that only groups the contacts by normalised
 *    e-mail in a Map: the floor of any blocking). Memory: heap growth per record at 250,000 and 1,000,000.
 */
import { loadavg } from 'node:os';
import { machineLine, writeReportSection } from './_harness.js';
import { unwrap } from '../../src/core/result.js';
import {
  duplicateClusters,
  STANDARD_CONTACT_RULE,
  STANDARD_LEAD_RULE,
  trainMatchModel,
} from '../../src/quality/index.js';
import { generatePeople, pairScores, type PersonRecord } from '../quality/_people.js';
import { readPhone } from '../../src/entities/phoneNumber.js';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const fmt = (x: number, d = 4) => x.toFixed(d);
const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;

/** The phone as crmkit stores it (E.164). */
function e164(phone: string, country: string): string {
  const r = readPhone(phone, country);
  return r.ok ? r.e164 : phone;
}

function toContact(r: PersonRecord) {
  return {
    id: r.id.replace('lead', 'contact'),
    firstName: r.firstName,
    lastName: r.lastName,
    emails: r.email === null ? [] : [{ address: r.email.trim().toLowerCase(), label: null, primary: true }],
    phones: r.phone === null ? [] : [{ number: e164(r.phone, r.country), label: null }],
    accountId: r.company === null ? null : `account-${r.company.toLowerCase()}`,
    country: r.country,
  };
}

function qualitySection(): string {
  const n = Math.round(50_000 * SCALE);
  const b = generatePeople(n, 2026);
  const all = (n * (n - 1)) / 2;
  let t = performance.now();
  const rule = unwrap(duplicateClusters(STANDARD_LEAD_RULE, b.records));
  const ruleMs = performance.now() - t;
  const rs = pairScores(rule.clusters, b.personOf);
  t = performance.now();
  const model = unwrap(trainMatchModel(b.records, { seed: 1 }));
  const trainMs = performance.now() - t;
  t = performance.now();
  const byModel = unwrap(duplicateClusters(model, b.records));
  const modelMs = performance.now() - t;
  const ms = pairScores(byModel.clusters, b.personOf);
  return [
    `${n.toLocaleString('en')} generated people (seed 2026), ${rs.truePairs.toLocaleString('en')} true duplicate pairs; pairwise scores of the clusters.`,
    '',
    '| matcher | precision | recall | F1 | compared pairs | share of all pairs | time |',
    '|---|---|---|---|---|---|---|',
    `| STANDARD_LEAD_RULE (target precision ≥ 0.98) | ${fmt(rs.precision)} | ${fmt(rs.recall)} | ${fmt(rs.f1)} | ${rule.comparedPairs.toLocaleString('en')} | ${(rule.comparedPairs / all).toExponential(2)} | ${ruleMs.toFixed(0)} ms |`,
    `| trained model, seed 1 (target F1 ≥ 0.95) | ${fmt(ms.precision)} | ${fmt(ms.recall)} | ${fmt(ms.f1)} | ${byModel.comparedPairs.toLocaleString('en')} | ${(byModel.comparedPairs / all).toExponential(2)} | ${modelMs.toFixed(0)} ms (+ ${trainMs.toFixed(0)} ms training: ${model.trainingPairs.toLocaleString('en')} pairs, ${model.iterations} EM iterations) |`,
  ].join('\n');
}

function clustersAt(n: number, people: readonly PersonRecord[]) {
  const contacts = people.slice(0, n).map(toContact);
  gc();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 50);
  let t = performance.now();
  const r = unwrap(duplicateClusters(STANDARD_CONTACT_RULE, contacts));
  const ms = performance.now() - t;
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  clearInterval(timer);
  t = performance.now();
  const byEmail = new Map<string, number>();
  for (const c of contacts) for (const e of c.emails) byEmail.set(e.address, (byEmail.get(e.address) ?? 0) + 1);
  const baselineMs = performance.now() - t;
  return { n, ms, baselineMs, r, growth: peak - before };
}

function scaleSection(): string {
  const n = Math.round(1_000_000 * SCALE);
  const people = generatePeople(n, 7).records;
  const quarter = clustersAt(Math.round(n / 4), people);
  const full = clustersAt(n, people);
  const rows = [quarter, full].map(
    (x) =>
      `| ${x.n.toLocaleString('en')} | ${(x.ms / 1000).toFixed(1)} s | ${x.r.comparedPairs.toLocaleString('en')} | ${x.r.clusters.length.toLocaleString('en')} | ${x.r.droppedKeys.length} | ${mb(x.growth)} (${(x.growth / x.n).toFixed(0)} B/record) | ${(x.ms / x.baselineMs).toFixed(0)}× |`,
  );
  return [
    `\`duplicateClusters(STANDARD_CONTACT_RULE, contacts)\` (target: 1,000,000 contacts under 60 s, memory O(records)). Contacts from the generator (seed 7), e-mails and phones as crmkit stores them.`,
    '',
    '| contacts | time | compared pairs | clusters | dropped keys | peak heap growth | ratio to the e-mail Map baseline |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

const load0 = loadavg()[0]!;
const quality = qualitySection();
const scale = scaleSection();
writeReportSection(
  'quality',
  [
    '## Data quality (`crmkit/quality`, issue 21)',
    '',
    `${machineLine()}; load average ${load0.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end (the machine is shared by other agents: times are indicative).${SCALE === 1 ? '' : ` BENCH_SCALE=${SCALE}.`}`,
    '',
    '### Quality on data nobody tuned to',
    '',
    quality,
    '',
    '### duplicateClusters at scale',
    '',
    scale,
  ].join('\n'),
);
console.log(quality);
console.log(scale);
