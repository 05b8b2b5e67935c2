/**
 * Benchmarks of the service metrics (issue 15 §5). Run: `npx tsx test/bench/service-metrics.bench.ts`
 * (BENCH_SCALE=0.1 for a smoke run).
 *
 * Each metric against a hand loop in the same process that computes the same figures with no
 * validation: group the replies by ticket id in a Map, find each ticket's first public reply, collect
 * the minutes, sort, mean and type-7 quantiles; the backlog by a loop over the status histories. The
 * results are checked equal before timing.
 */
import { loadavg } from 'node:os';
import { compare, machineLine, writeReportSection } from './_harness.js';
import { unwrap } from '../../src/core/result.js';
import { createRng } from '../../src/math/random.js';
import { quantileSorted } from '../../src/math/quantile.js';
import { compensatedSum } from '../../src/math/sum.js';
import { defineBusinessCalendar, type BusinessCalendar } from '../../src/service/businessCalendar.js';
import { businessOffset } from '../../src/service/businessTime.js';
import { backlog, type BacklogTicket } from '../../src/service/backlog.js';
import { firstResponseTime } from '../../src/service/firstResponseTime.js';
import { createFirstResponseTimeAccumulator } from '../../src/service/firstResponseTimeAccumulator.js';
import { resolutionTime } from '../../src/service/resolutionTime.js';
import type { ReplyActivity } from '../../src/service/ticketReplies.js';
import type { TicketStatus } from '../../src/entities/enums.js';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const N = Math.max(1000, Math.round(200_000 * SCALE));
const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 5);
const STATUSES = ['new', 'open', 'pending', 'resolved', 'closed'] as const;
const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;

interface Data {
  tickets: (BacklogTicket & { id: string })[];
  replies: ReplyActivity[];
}

/** N tickets over a year, each with 3 replies (a public reply, a requester message, a public reply) and 4 moves. */
function data(): Data {
  const r = createRng(20260305);
  const rng = () => r.next();
  const tickets: Data['tickets'] = [];
  const replies: ReplyActivity[] = [];
  for (let i = 0; i < N; i++) {
    const id = `t${i}`;
    const created = T0 + Math.floor(rng() * 360 * 1440) * MINUTE;
    let t = created;
    type Move = { from: TicketStatus | null; to: TicketStatus; at: Date };
    const history: Move[] = [{ from: null, to: 'new', at: new Date(t) }];
    for (let k = 1; k < 4; k++) {
      t += Math.floor(rng() * 3 * 1440) * MINUTE;
      const to = STATUSES[Math.floor(rng() * STATUSES.length)]!;
      history.push({ from: history[k - 1]!.to, to, at: new Date(t) });
    }
    const status = history[history.length - 1]!.to;
    tickets.push({
      id,
      createdAt: new Date(created),
      status,
      priority: PRIORITIES[i % 4]!,
      statusHistory: history,
      resolvedAt: status === 'resolved' || status === 'closed' ? new Date(t) : null,
    });
    const a = created + Math.floor(rng() * 600) * MINUTE;
    const b = a + Math.floor(rng() * 600) * MINUTE;
    const c = b + Math.floor(rng() * 600) * MINUTE;
    replies.push(
      { kind: 'email', direction: 'outbound', occurredAt: new Date(a), ticketId: id },
      { kind: 'email', direction: 'inbound', occurredAt: new Date(b), ticketId: id },
      { kind: 'email', direction: 'outbound', occurredAt: new Date(c), ticketId: id },
    );
  }
  return { tickets, replies };
}

function summary(minutes: number[]) {
  const sorted = Float64Array.from(minutes).sort();
  return {
    count: sorted.length,
    mean: compensatedSum(sorted) / sorted.length,
    median: quantileSorted(sorted, 0.5),
    p90: quantileSorted(sorted, 0.9),
  };
}

/** The hand loop of first response time: Map by ticket id, earliest outbound reply, minutes. */
function handFirst(d: Data, meter: (a: number, b: number) => number) {
  const by = new Map<string, ReplyActivity[]>();
  for (const r of d.replies) {
    let l = by.get(r.ticketId!);
    if (l === undefined) by.set(r.ticketId!, (l = []));
    l.push(r);
  }
  const minutes: number[] = [];
  for (const t of d.tickets) {
    let first = Infinity;
    for (const r of by.get(t.id) ?? []) {
      const at = r.occurredAt.getTime();
      if (r.direction === 'outbound' && at < first) first = at;
    }
    if (first !== Infinity) minutes.push(meter(t.createdAt.getTime(), first));
  }
  return summary(minutes);
}

/** The hand loop of resolution time: start of the last resolved/closed run of each history. */
function handResolution(d: Data) {
  const minutes: number[] = [];
  for (const t of d.tickets) {
    let run: number | null = null;
    for (const h of t.statusHistory!) {
      const done = h.to === 'resolved' || h.to === 'closed';
      if (!done) run = null;
      else if (run === null) run = h.at.getTime();
    }
    if (run !== null) minutes.push((run - t.createdAt.getTime()) / MINUTE);
  }
  return summary(minutes);
}

/** The hand loop of the backlog at asOf: the status at asOf, age buckets 1/3/7/30 days. */
function handBacklog(d: Data, asOf: number) {
  const edges = [1, 3, 7, 30].map((x) => x * 1440 * MINUTE);
  const byAge = [0, 0, 0, 0, 0];
  for (const t of d.tickets) {
    const created = t.createdAt.getTime();
    if (created > asOf) continue;
    let status: string = t.statusHistory![0]!.to;
    for (const h of t.statusHistory!) if (h.at.getTime() <= asOf) status = h.to;
    if (status === 'resolved' || status === 'closed') continue;
    let k = 0;
    while (k < 4 && asOf - created >= edges[k]!) k++;
    byAge[k]!++;
  }
  return byAge;
}

function same(a: unknown, b: unknown, what: string): void {
  if (JSON.stringify(a) !== JSON.stringify(b))
    throw new Error(`${what}: crmkit ${JSON.stringify(a)} ≠ hand loop ${JSON.stringify(b)}`);
}

/** The "Service metrics" section of docs/benchmarks.md, as markdown (the caller writes it). */
export function serviceMetricsBench(): string {
  const loads = [loadavg()[0]!];
  const d = data();
  const day = [
    { from: '08:00', to: '12:00' },
    { from: '13:00', to: '17:00' },
  ];
  const calendar: BusinessCalendar = unwrap(
    defineBusinessCalendar({
      timeZone: 'Asia/Jakarta',
      week: { mon: day, tue: day, wed: day, thu: day, fri: day },
      holidays: ['2026-01-01', '2026-08-17', '2026-12-25'],
    }),
  );
  const calendarMeter = (a: number, b: number) => (b - a) / MINUTE;
  const businessMeter = (a: number, b: number) =>
    b > a ? (businessOffset(calendar, b) - businessOffset(calendar, a)) / MINUTE : 0;
  const asOf = T0 + 200 * 1440 * MINUTE;
  const drop = <T extends { unit?: unknown }>(x: T) => {
    const { unit: _unit, ...rest } = x;
    return rest;
  };

  const first = () => drop(unwrap(firstResponseTime(d.tickets, { replies: d.replies })));
  const firstBusiness = () => drop(unwrap(firstResponseTime(d.tickets, { replies: d.replies, calendar })));
  const items = () => {
    const by = new Map<string, ReplyActivity[]>();
    for (const r of d.replies) {
      let l = by.get(r.ticketId!);
      if (l === undefined) by.set(r.ticketId!, (l = []));
      l.push(r);
    }
    return d.tickets.map((ticket) => ({ ticket, replies: by.get(ticket.id) }));
  };
  const prepared = items();
  const accumulate = () => drop(unwrap(createFirstResponseTimeAccumulator().addAll(prepared).result()));
  const resolution = () => drop(unwrap(resolutionTime(d.tickets)));
  const queue = () => unwrap(backlog(d.tickets, { asOf: new Date(asOf) })).byAge.map((b) => b.count);

  // Equal results first (the mean to 1e-12: the loops sum in the same sorted order, so exactly).
  same(first(), handFirst(d, calendarMeter), 'firstResponseTime');
  same(firstBusiness(), handFirst(d, businessMeter), 'firstResponseTime (business)');
  same(accumulate(), handFirst(d, calendarMeter), 'accumulator');
  same(resolution(), handResolution(d), 'resolutionTime');
  same(queue(), handBacklog(d, asOf), 'backlog');

  const rows: string[] = [];
  const row = (name: string, c: () => unknown, b: () => unknown) => {
    const r = compare(c, b, 7, 1);
    loads.push(loadavg()[0]!);
    rows.push(
      `| ${name} | ${r.candidate.medianMs.toFixed(0)} | ${r.baseline.medianMs.toFixed(0)} | ${r.ratio.toFixed(2)} |`,
    );
  };
  row('`firstResponseTime(tickets, { replies })` (flat list)', first, () => handFirst(d, calendarMeter));
  row('`firstResponseTime(…, { calendar })` (business minutes)', firstBusiness, () => handFirst(d, businessMeter));
  // The accumulator's items come grouped, so its baseline loops over the same items.
  const handItems = () => {
    const minutes: number[] = [];
    for (const { ticket, replies } of prepared) {
      let first = Infinity;
      for (const r of replies ?? []) {
        const at = r.occurredAt.getTime();
        if (r.direction === 'outbound' && at < first) first = at;
      }
      if (first !== Infinity) minutes.push((first - ticket.createdAt.getTime()) / MINUTE);
    }
    return summary(minutes);
  };
  same(accumulate(), handItems(), 'accumulator (items)');
  row(
    'first-response accumulator, `addAll` of `{ ticket, replies }` (baseline: the same items)',
    accumulate,
    handItems,
  );
  row('`resolutionTime(tickets)`', resolution, () => handResolution(d));
  row('`backlog(tickets, { asOf })`', queue, () => handBacklog(d, asOf));

  return [
    '## Service metrics (`crmkit/service`)',
    '',
    `${N.toLocaleString('en-US')} tickets over 2026, each with 3 replies (public reply, requester message, public reply) and 4 status moves. Scale: BENCH_SCALE=${SCALE}. ${machineLine()}. 1-minute load average during the run: ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} on 2 cores (shared with other agents: absolute times vary by run; the ratios are what to read).`,
    '',
    'Baseline: a hand loop computing the same figures without validation (replies grouped by ticket id in a Map, the earliest outbound reply, minutes collected, sorted once, compensated mean and type-7 quantiles; the backlog from the histories). crmkit also checks every ticket and reply (dates, order, links, replies before creation), reads the response cycles the SLA reads (next-response cycles included), and freezes its result. Results are checked equal before timing. Medians of 7 interleaved runs, ms.',
    '',
    '| call | crmkit ms | hand loop ms | ratio |',
    '|---|---:|---:|---:|',
    ...rows,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const md = serviceMetricsBench();
  console.log(md);
  writeReportSection('service-metrics', md);
}
