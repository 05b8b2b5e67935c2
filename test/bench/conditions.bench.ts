/**
 * Benchmark for crmkit/conditions. Run: `npx tsx test/bench/conditions.bench.ts` (BENCH_SCALE=0.1 for a
 * smoke run). Target (issue 10): a compiled predicate over 1,000,000 records within 1.5× of a
 * hand-written `filter` for the same test.
 *
 * For each test, `records.filter(compileCondition(c, context))` is timed against the filter an
 * application developer would write for the same test with the same semantics (exact decimal
 * comparison for money, code-point-safe text equality, dates by instant), alternating 7 times after a
 * warm-up; the medians are compared. Both filters must select the same records (checked first).
 */
import { loadavg } from 'node:os';
import { compare, machineLine, writeReportSection } from './_harness.js';
import { compileCondition, compareDecimal, defineCondition, foldCase } from '../../src/conditions/index.js';
import { unwrap } from '../../src/core/result.js';
import { createRng } from '../../src/math/random.js';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const N = Math.max(10_000, Math.round(1_000_000 * SCALE));
const asOf = new Date('2026-03-01T00:00:00Z');
const DAY = 86_400_000;

interface Row {
  id: string;
  stageId: string;
  ownerId: string | null;
  name: string;
  amount: { amount: string; currency: string };
  closedAt: Date | null;
  customFields: { employees: number };
}

const rng = createRng(2026);
const STAGES = ['qualification', 'proposal', 'negotiation', 'won', 'lost'];
const rows: Row[] = new Array(N);
for (let i = 0; i < N; i++) {
  rows[i] = {
    id: `deal-${i}`,
    stageId: STAGES[rng.nextInt(STAGES.length)]!,
    ownerId: rng.next() < 0.2 ? null : `user-${rng.nextInt(50)}`,
    name: `${['Acme', 'Globex', 'Initech', 'Umbrella'][rng.nextInt(4)]} ${['renewal', 'expansion', 'pilot'][rng.nextInt(3)]} ${i}`,
    amount: { amount: `${rng.nextInt(200_000)}.${String(rng.nextInt(100)).padStart(2, '0')}`, currency: 'EUR' },
    closedAt: rng.next() < 0.5 ? null : new Date(asOf.getTime() - rng.nextInt(365) * DAY),
    customFields: { employees: rng.nextInt(5000) },
  };
}

const since = asOf.getTime() - 90 * DAY;
const cases: { name: string; json: unknown; hand: (r: Row) => boolean }[] = [
  {
    name: 'text eq (`stageId eq won`)',
    json: { field: 'stageId', op: 'eq', value: 'won' },
    hand: (r) => r.stageId === 'won',
  },
  {
    name: 'money gte (`amount gte 100000`)',
    json: { field: 'amount', op: 'gte', value: '100000' },
    hand: (r) => compareDecimal(r.amount.amount, '100000') >= 0,
  },
  {
    name: 'date, relative (`closedAt gte $now −90 days`)',
    json: { field: 'closedAt', op: 'gte', value: { $now: '-P90D' } },
    hand: (r) => r.closedAt !== null && r.closedAt.getTime() >= since,
  },
  {
    name: 'custom number (`customFields.employees between 200 and 1000`)',
    json: { field: 'customFields.employees', op: 'between', value: [200, 1000] },
    hand: (r) => r.customFields.employees >= 200 && r.customFields.employees <= 1000,
  },
  {
    name: 'text contains, case-insensitive (`name contains RENEWAL`)',
    json: { field: 'name', op: 'contains', value: 'RENEWAL' },
    hand: (r) => foldCase(r.name).includes('renewal'),
  },
  {
    name: 'all of 3 (`stageId in […] and ownerId is set and not amount lt 1000`)',
    json: {
      all: [
        { field: 'stageId', op: 'in', value: ['proposal', 'negotiation'] },
        { field: 'ownerId', op: 'isNull', value: false },
        { not: { field: 'amount', op: 'lt', value: '1000' } },
      ],
    },
    hand: (r) =>
      (r.stageId === 'proposal' || r.stageId === 'negotiation') &&
      r.ownerId !== null &&
      !(compareDecimal(r.amount.amount, '1000') < 0),
  },
];

const lines: string[] = [];
let worst = 0;
for (const c of cases) {
  const condition = unwrap(defineCondition(c.json, { entity: 'deal' }));
  const predicate = compileCondition<Row>(condition, { asOf });
  const a = rows.filter(predicate);
  const b = rows.filter(c.hand);
  if (a.length !== b.length || a.some((r, i) => r !== b[i])) throw new Error(`${c.name}: the two filters disagree`);
  const r = compare(
    () => rows.filter(compileCondition<Row>(condition, { asOf })),
    () => rows.filter(c.hand),
    7,
    1,
  );
  worst = Math.max(worst, r.ratio);
  const line = `| ${c.name} | ${a.length.toLocaleString('en-US')} | ${r.candidate.medianMs.toFixed(1)} | ${r.baseline.medianMs.toFixed(1)} | ${r.ratio.toFixed(2)} |`;
  lines.push(line);
  console.log(line);
}

const load = loadavg()
  .map((x) => x.toFixed(2))
  .join(' ');
writeReportSection(
  'conditions',
  [
    '## Conditions (`crmkit/conditions`)',
    '',
    `${N.toLocaleString('en-US')} deal records in memory; \`records.filter(compileCondition(c, { asOf }))\` (compiling included) against the hand-written filter with the same semantics, alternating, median of 7 after a warm-up. Target: ≤ 1.5×. ${machineLine()}; load average ${load} at the end.`,
    '',
    '| test | matches | crmkit ms | hand-written ms | ratio |',
    '|---|---:|---:|---:|---:|',
    ...lines,
    '',
    `Worst ratio ${worst.toFixed(2)} (target ≤ 1.5).`,
  ].join('\n'),
);
console.log(`worst ratio ${worst.toFixed(2)}`);
