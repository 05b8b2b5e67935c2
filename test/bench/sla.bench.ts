/**
 * slaStatus over 1,000,000 tickets with 5 status changes each (new → open → pending → open →
 * pending → open, the pending spells paused), a first-response and a resolution target on a
 * Jakarta business calendar (two intervals a weekday, holidays), against two hand-written loops:
 *
 * - **the target's baseline, a hand loop on precomputed minute offsets**: what a developer writes
 *   by hand with a table of the calendar's business-minute offset at every minute of the period
 *   (computed before timing). For each ticket it walks the status history, turns instants into
 *   business minutes through the table (linear inside a minute), sums the running spells, finds
 *   the due instant by a binary search of the table, and returns per target { elapsed, remaining,
 *   state, dueAt }. Target: slaStatus ≤ 2× this.
 * - **the arithmetic alone**: handed every instant's business-minute offset already (8 numbers a
 *   ticket), it only adds the spells and compares; reported for scale.
 *
 * Run: `npx tsx test/bench/sla.bench.ts` (N=… for another size).
 */
import { compare, machineLine, writeReportSection } from './_harness.js';
import { unwrap } from '../../src/core/result.js';
import { fixedClock } from '../../src/core/clock.js';
import { createTicket, type Ticket, type TicketStatus } from '../../src/entities/index.js';
import { businessOffset, defineBusinessCalendar, defineSlaPolicy, slaStatus } from '../../src/service/index.js';

const N = Number(process.env['N'] ?? 1_000_000);
const day = [
  { from: '08:00', to: '12:00' },
  { from: '13:00', to: '17:00' },
];
const calendar = unwrap(
  defineBusinessCalendar({
    timeZone: 'Asia/Jakarta',
    week: { mon: day, tue: day, wed: day, thu: day, fri: day },
    holidays: ['2026-01-01', '2026-03-19', '2026-05-01', '2026-08-17', '2026-12-25'],
  }),
);
const FIRST = 240;
const RESOLUTION = 2400;
const policy = unwrap(
  defineSlaPolicy({
    id: 'bench',
    priorities: { normal: { firstResponse: FIRST, resolution: RESOLUTION } },
    calendar,
    pauseWhile: ['pending'],
  }),
);

// A deterministic generator (no Math.random in benches either).
let seed = 12345;
const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;

const template = unwrap(createTicket({ subject: 'Help' }, { clock: fixedClock('2026-01-05T00:00:00Z') }));
const PATH: readonly TicketStatus[] = ['open', 'pending', 'open', 'pending', 'open'];
const start = Date.UTC(2026, 0, 5);
const asOf = Date.UTC(2026, 11, 31);
const tickets: Ticket[] = new Array(N);
// Precomputed for the baseline: per ticket, the business-minute offsets of creation, the five
// changes, the first response and asOf (8 numbers).
const offsets = new Float64Array(N * 8);
for (let i = 0; i < N; i++) {
  const created = start + Math.floor(rand() * 330 * 86_400_000);
  let t = created;
  const history: Ticket['statusHistory'][number][] = [
    Object.freeze({ from: null, to: 'new' as const, at: new Date(created), by: null, reason: null }),
  ];
  const times = [created];
  let from: TicketStatus = 'new';
  for (const to of PATH) {
    t += Math.floor(rand() * 2 * 86_400_000);
    history.push(Object.freeze({ from, to, at: new Date(t), by: null, reason: null }));
    times.push(t);
    from = to;
  }
  const firstResponseAt = created + Math.floor(rand() * 86_400_000);
  tickets[i] = Object.freeze({
    ...template,
    id: `t${i}` as Ticket['id'],
    createdAt: new Date(created),
    status: 'open' as const,
    statusHistory: Object.freeze(history) as Ticket['statusHistory'],
    firstResponseAt: new Date(firstResponseAt),
  });
  for (let k = 0; k < 6; k++) offsets[i * 8 + k] = businessOffset(calendar, times[k]!) / 60_000;
  offsets[i * 8 + 6] = businessOffset(calendar, firstResponseAt) / 60_000;
  offsets[i * 8 + 7] = businessOffset(calendar, asOf) / 60_000;
}

const asOfDate = new Date(asOf);
const out = new Float64Array(N * 6);
let sink = 0;

function viaSlaStatus(): void {
  for (let i = 0; i < N; i++) {
    const s = unwrap(slaStatus(policy, tickets[i]!, { asOf: asOfDate }));
    sink += s.resolution!.elapsedBusinessMinutes + s.firstResponse!.remainingBusinessMinutes;
  }
}

/** Elapsed minutes from offset 0 of the ticket to `end`, the pending spells (changes 2→3 and 4→5) excluded. */
function elapsedTo(o: number, end: number): number {
  let e = 0;
  // Running spells: [created, c2) (new, open), [c3, c4) (open), [c5, ∞) (open).
  const spells = [o, o + 2, o + 3, o + 4, o + 5, -1];
  for (let k = 0; k < 6; k += 2) {
    const a = offsets[spells[k]!]!;
    const b = spells[k + 1]! < 0 ? Infinity : offsets[spells[k + 1]!]!;
    const hi = Math.min(b, end);
    if (hi > a) e += hi - a;
  }
  return e;
}

function handLoop(): void {
  for (let i = 0; i < N; i++) {
    const o = i * 8;
    const first = elapsedTo(o, offsets[o + 6]!);
    const resolution = elapsedTo(o, offsets[o + 7]!);
    const r = i * 6;
    out[r] = first;
    out[r + 1] = Math.max(0, FIRST - first);
    out[r + 2] = first <= FIRST ? 1 : 2;
    out[r + 3] = resolution;
    out[r + 4] = Math.max(0, RESOLUTION - resolution);
    out[r + 5] = resolution <= RESOLUTION ? 0 : 2;
    sink += out[r + 3]! + out[r + 1]!;
  }
}

// The minute table of the hand-written loop: business minutes from T0 at the start of every minute.
const T0 = Date.UTC(2026, 0, 1);
const MINUTES = Math.ceil((Date.UTC(2027, 6, 1) - T0) / 60_000);
const biz = new Float64Array(MINUTES + 1);
{
  const base = businessOffset(calendar, T0);
  for (let k = 0; k <= MINUTES; k++) biz[k] = (businessOffset(calendar, T0 + k * 60_000) - base) / 60_000;
}
/** Business minutes at instant ms (linear inside a minute: the minute is all business or none). */
function minuteOffset(ms: number): number {
  const m = (ms - T0) / 60_000;
  const k = Math.floor(m);
  const a = biz[k]!;
  return a + (biz[k + 1]! - a) * (m - k);
}
/** The earliest instant at which the business-minute offset reaches x. */
function instantOfMinutes(x: number): number {
  let lo = 0;
  let hi = MINUTES;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (biz[mid]! >= x) hi = mid;
    else lo = mid + 1;
  }
  if (lo === 0) return T0;
  return Math.ceil(T0 + (lo - 1 + (x - biz[lo - 1]!)) * 60_000);
}
interface HandTarget {
  elapsed: number;
  remaining: number;
  state: string;
  dueAt: Date;
}
/** One target by hand: the running spells of the history up to `end`, stopping in pending (and solved states). */
function handTarget(t: Ticket, target: number, end: number, metAt: number | null, stopSolved: boolean): HandTarget {
  const h = t.statusHistory;
  let e = 0;
  let due = NaN;
  for (let j = 0; j < h.length; j++) {
    const status = h[j]!.to;
    if (status === 'pending' || (stopSolved && (status === 'resolved' || status === 'closed'))) continue;
    const a = h[j]!.at.getTime();
    if (a >= end) break;
    const b = j + 1 < h.length ? h[j + 1]!.at.getTime() : Infinity;
    const hi = b < end ? b : end;
    const oa = minuteOffset(a);
    const seg = minuteOffset(hi) - oa;
    if (Number.isNaN(due) && e + seg >= target) due = instantOfMinutes(oa + target - e);
    e += seg;
  }
  if (Number.isNaN(due)) due = instantOfMinutes(minuteOffset(end) + target - e);
  return {
    elapsed: e,
    remaining: Math.max(0, target - e),
    state: due < end ? 'breached' : metAt !== null ? 'met' : 'running',
    dueAt: new Date(due),
  };
}
function handWritten(): void {
  for (let i = 0; i < N; i++) {
    const t = tickets[i]!;
    const first = t.firstResponseAt!.getTime();
    const r = {
      firstResponse: handTarget(t, FIRST, first <= asOf ? first : asOf, first <= asOf ? first : null, false),
      resolution: handTarget(t, RESOLUTION, asOf, null, true),
    };
    sink += r.resolution.elapsed + r.firstResponse.remaining;
  }
}

// All three agree on the minutes before anything is timed.
handLoop();
for (let i = 0; i < Math.min(N, 5000); i++) {
  const s = unwrap(slaStatus(policy, tickets[i]!, { asOf: asOfDate }));
  const t = tickets[i]!;
  const byHand = handTarget(t, RESOLUTION, asOf, null, true);
  const firstByHand = handTarget(t, FIRST, t.firstResponseAt!.getTime(), t.firstResponseAt!.getTime(), false);
  const r = i * 6;
  const checks: [string, number, number][] = [
    ['resolution', s.resolution!.elapsedBusinessMinutes, out[r + 3]!],
    ['resolution by hand', s.resolution!.elapsedBusinessMinutes, byHand.elapsed],
    ['first response', s.firstResponse!.elapsedBusinessMinutes, out[r]!],
    ['first response by hand', s.firstResponse!.elapsedBusinessMinutes, firstByHand.elapsed],
    ['resolution due', s.resolution!.dueAt.getTime(), byHand.dueAt.getTime()],
    ['first response due', s.firstResponse!.dueAt.getTime(), firstByHand.dueAt.getTime()],
  ];
  for (const [what, a, b] of checks) if (Math.abs(a - b) > 1e-6) throw new Error(`ticket ${i}: ${what} ${a} vs ${b}`);
  if (s.resolution!.state !== byHand.state || s.firstResponse!.state !== firstByHand.state)
    throw new Error(`ticket ${i}: states differ`);
}

const result = compare(viaSlaStatus, handWritten, 5, 1);
const arithmetic = compare(viaSlaStatus, handLoop, 3, 0);
const line = `slaStatus, ${N.toLocaleString('en')} tickets × 5 status changes (2 targets, Jakarta calendar, pending paused): ${result.candidate.medianMs.toFixed(0)} ms vs the hand-written loop on precomputed minute offsets ${result.baseline.medianMs.toFixed(0)} ms → **${result.ratio.toFixed(2)}×** (target ≤ 2)`;
const scale = `against the arithmetic alone (every offset handed in): ${arithmetic.baseline.medianMs.toFixed(0)} ms → ${arithmetic.ratio.toFixed(1)}×`;
console.log(line, sink > 0 ? '' : '!');
console.log(scale);
writeReportSection(
  'sla',
  `## SLA status (issue 15)

${machineLine()}; the machine is shared, so figures are ratios measured in one process.

- ${line}.
- For scale, ${scale}.
- The hand-written loop is what a developer would write with a table of the calendar's business-minute offset at every minute (built before timing): it walks each ticket's history, reads offsets from the table, finds due instants by a binary search of it, and returns per target { elapsed, remaining, state, dueAt }. \`slaStatus\` does the same from the calendar's interval table, and also checks the fields it reads, handles any policy, and returns frozen results. The three agree on every minute and due instant of the first 5,000 tickets before timing.
`,
);
