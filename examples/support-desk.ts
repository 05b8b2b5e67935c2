/**
 * A support team's day (the walkthrough of docs/service.md), on the in-memory store.
 *
 * A Jakarta support desk works Monday to Friday, 08:00–12:00 and 13:00–17:00 (Asia/Jakarta). Two
 * SLA policies apply: incidents and complaints get tight targets, everything else the standard ones;
 * the clocks stop while a ticket waits on the customer (pending). On Tuesday 2026-03-03 tickets
 * arrive from 07:30 to 16:30 (a seeded generator: every run prints the same), two agents answer
 * them — each time taking the ticket whose response is due soonest, from `slaStatus` — and ask the
 * customer for details or solve it. Every 15 minutes a plain loop runs `slaAtRisk` and escalates
 * what is about to breach to the team lead, who answers it at once when free (the automation module will run this loop as a
 * workflow once it lands). At 17:00: each ticket's SLA, attainment per target and priority, the
 * response and resolution times in business minutes, the backlog, and CSAT by ticket type.
 *
 * Run: npx tsx examples/support-desk.ts
 */
import { ok, sequentialIdGenerator, unwrap, type Clock } from 'crmkit';
import {
  createSurveyResponse,
  createTicket,
  type Activity,
  type Ticket,
  type TicketPriority,
  type TicketType,
} from 'crmkit/entities';
import { ticketLifecycle } from 'crmkit/pipeline';
import { createMemoryStore } from 'crmkit/repository';
import { csatBy } from 'crmkit/metrics';
import {
  backlog,
  byTicketType,
  defineBusinessCalendar,
  defineSlaPolicy,
  firstResponseTime,
  recordTicketReply,
  resolutionTime,
  slaAtRisk,
  slaAttainment,
  selectSlaPolicy,
  slaStatus,
  transitionTicket,
  type SlaPolicy,
} from 'crmkit/service';

// --- The calendar and the policies -----------------------------------------------------------------
const day = [
  { from: '08:00', to: '12:00' },
  { from: '13:00', to: '17:00' },
];
const jakarta = unwrap(
  defineBusinessCalendar({
    id: 'jakarta-support',
    timeZone: 'Asia/Jakarta',
    week: { mon: day, tue: day, wed: day, thu: day, fri: day },
    holidays: [{ date: '2026-03-19', name: 'Nyepi' }],
  }),
);
const incidents = unwrap(
  defineSlaPolicy({
    id: 'incidents',
    when: { field: 'type', op: 'in', value: ['incident', 'complaint'] },
    priorities: {
      urgent: { firstResponse: 15, nextResponse: 30, resolution: 120 },
      high: { firstResponse: 30, nextResponse: 60, resolution: 240 },
      normal: { firstResponse: 60, nextResponse: 120, resolution: 480 },
    },
    calendar: jakarta,
    pauseWhile: ['pending'],
  }),
);
const standard = unwrap(
  defineSlaPolicy({
    id: 'standard',
    default: true,
    priorities: {
      high: { firstResponse: 60, nextResponse: 120, resolution: 480 },
      normal: { firstResponse: 120, nextResponse: 240, resolution: 960 },
      low: { firstResponse: 240, resolution: 2400 },
    },
    calendar: jakarta,
    pauseWhile: ['pending'],
  }),
);
const policies: readonly SlaPolicy[] = [incidents, standard];

// --- A seeded day -----------------------------------------------------------------------------------
let seed = 20260303;
const rand = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const minute = 60_000;
const at = (hhmm: string): number => Date.parse(`2026-03-03T${hhmm}:00+07:00`);
const hm = (ms: number): string => new Date(ms + 7 * 3_600_000).toISOString().slice(11, 16); // Jakarta wall time for the log

let now = at('07:30');
const clock: Clock = { now: () => new Date(now) };
const ids = sequentialIdGenerator();
const entityCtx = { clock, ids };
const ctx = { tenantId: 'jakarta-desk' };
const store = createMemoryStore();

const TYPES: readonly TicketType[] = ['question', 'question', 'request', 'incident', 'complaint'];
const PRIORITIES: readonly TicketPriority[] = ['low', 'normal', 'normal', 'normal', 'high', 'urgent'];
const arrivals: { at: number; type: TicketType; priority: TicketPriority }[] = [];
for (let t = at('07:30'); t < at('16:30'); t += Math.round(5 + rand() * 12) * minute)
  arrivals.push({ at: t, type: pick(TYPES), priority: pick(PRIORITIES) });

// The desk's state: tickets by id (the store holds them too), replies, when a customer will answer.
const tickets = new Map<string, Ticket>();
const replies: Activity[] = [];
const customerAnswersAt = new Map<string, number>();
const agents = [
  { id: 'agent-ayu', freeAt: at('08:00') },
  { id: 'agent-budi', freeAt: at('08:00') },
];
const lead = { id: 'lead-dewi', freeAt: at('08:00') };
const escalated = new Set<string>();
const log: string[] = [];

/** Stores a changed ticket (and the reply that came with it) in one transaction. */
async function save(t: Ticket, activity?: Activity): Promise<void> {
  const before = tickets.get(t.id);
  tickets.set(t.id, t);
  unwrap(
    await store.transaction(ctx, async (tx) => {
      if (before === undefined) {
        const inserted = await tx.tickets.insert(ctx, t);
        if (!inserted.ok) return inserted;
      } else if (before.version !== t.version) {
        const updated = await tx.tickets.update(ctx, t, { expectedVersion: before.version });
        if (!updated.ok) return updated;
      }
      if (activity !== undefined) {
        const a = await tx.activities.insert(ctx, activity);
        if (!a.ok) return a;
      }
      return ok(t);
    }),
  );
}
const move = async (t: Ticket, to: 'open' | 'pending' | 'resolved', by: string | null): Promise<Ticket> => {
  const next = unwrap(transitionTicket(ticketLifecycle, t, to, { at: new Date(now), by })).ticket;
  await save(next);
  return next;
};

/** The ticket's policy, chosen as Frappe does (the first matching policy, else the default). */
const policyOf = (t: Ticket): SlaPolicy | null => unwrap(selectSlaPolicy(policies, t, { at: new Date(now) }));

/** The response a ticket is waiting for, and when it is due (null: it waits on nobody at the desk). */
function waiting(t: Ticket): number | null {
  if (t.status === 'resolved' || t.status === 'closed' || t.status === 'pending') return null;
  const policy = policyOf(t);
  if (policy === null) return null;
  const s = unwrap(slaStatus(policy, t, { asOf: new Date(now), replies: replies.filter((r) => r.ticketId === t.id) }));
  const open = [s.firstResponse, s.nextResponse].find((x) => x !== null && x.metAt === null && x.state !== 'paused');
  return open === undefined || open === null ? null : open.dueAt.getTime();
}

/** An agent answers a ticket: a public reply, then either solved or a question back to the customer. */
async function handle(ticket: Ticket, agent: { id: string; freeAt: number }): Promise<void> {
  let t = ticket;
  if (t.status === 'new') t = await move(t, 'open', agent.id);
  const r = unwrap(
    recordTicketReply(t, { at: new Date(now), by: agent.id, body: 'Thanks, looking into it.' }, entityCtx),
  );
  replies.push(r.activity);
  await save(r.ticket, r.activity);
  t = r.ticket;
  agent.freeAt = now + Math.round(10 + rand() * 22) * minute;
  if (rand() < 0.45) await move(t, 'resolved', agent.id);
  else {
    await move(t, 'pending', agent.id);
    customerAnswersAt.set(t.id, now + Math.round(20 + rand() * 100) * minute);
  }
}

// --- The day, minute by minute ----------------------------------------------------------------------
for (now = at('07:30'); now <= at('17:00'); now += minute) {
  for (const a of arrivals.filter((x) => x.at === now)) {
    const t = unwrap(
      createTicket(
        { subject: `${a.type} #${tickets.size + 1}`, type: a.type, priority: a.priority, channel: 'email' },
        entityCtx,
      ),
    );
    await save(t);
  }
  // Customers answer the questions the agents asked.
  for (const [id, when] of customerAnswersAt)
    if (when === now) {
      customerAnswersAt.delete(id);
      const r = unwrap(
        recordTicketReply(
          tickets.get(id)!,
          { at: new Date(now), from: 'requester', body: 'Here are the details.' },
          entityCtx,
        ),
      );
      replies.push(r.activity);
      await save(r.ticket, r.activity);
      await move(r.ticket, 'open', null);
    }
  // Free agents take the ticket whose response is due soonest.
  const lunch = now >= at('12:00') && now < at('13:00');
  for (const agent of agents) {
    if (agent.freeAt > now || now >= at('17:00') || lunch) continue;
    const queue = [...tickets.values()]
      .map((t) => ({ t, due: waiting(t) }))
      .filter((x): x is { t: Ticket; due: number } => x.due !== null)
      .sort((x, y) => x.due - y.due || (x.t.id < y.t.id ? -1 : 1));
    if (queue[0] !== undefined) await handle(queue[0].t, agent);
  }
  // Every 15 minutes: what is about to breach goes to the team lead.
  if ((now - at('07:30')) % (15 * minute) === 0) {
    const risks = unwrap(
      slaAtRisk(policies, [...tickets.values()], { asOf: new Date(now), withinMinutes: 20, replies }),
    );
    for (const risk of risks) {
      const key = `${risk.ticketId}:${risk.target}:${risk.dueAt.getTime()}`;
      if (escalated.has(key)) continue;
      escalated.add(key);
      // The escalation: the team lead takes the ticket now when free, else it is flagged to her.
      const takes = lead.freeAt <= now && !lunch && now < at('17:00') && waiting(tickets.get(risk.ticketId)!) !== null;
      log.push(
        `${hm(now)} ${risk.ticketId} (${risk.priority}, ${risk.policyId}): ${risk.target} due ${hm(risk.dueAt.getTime())}, ${risk.remainingBusinessMinutes} business minutes left → ${takes ? 'the lead answers now' : 'flagged to the lead'}`,
      );
      if (takes) await handle(tickets.get(risk.ticketId)!, lead);
    }
  }
}

// --- 17:00: the day in figures ----------------------------------------------------------------------
const asOf = new Date(at('17:00'));
const all = [...tickets.values()];
console.log(`Tuesday 2026-03-03, Jakarta: ${all.length} tickets, ${replies.length} replies and messages.`);
console.log(`\nEscalations (slaAtRisk every 15 minutes, within 20 business minutes): ${log.length}`);
for (const l of log.slice(0, 8)) console.log(`  ${l}`);
if (log.length > 8) console.log(`  … and ${log.length - 8} more`);

const statuses = all.flatMap((t) => {
  const policy = policyOf(t);
  return policy === null
    ? []
    : [unwrap(slaStatus(policy, t, { asOf, replies: replies.filter((r) => r.ticketId === t.id) }))];
});
console.log('\nSLA attainment (met ÷ due, 95% Wilson interval):');
for (const row of unwrap(slaAttainment(statuses)))
  console.log(
    `  ${row.target.padEnd(13)} ${(row.priority ?? 'all').padEnd(6)} ${String(row.met).padStart(3)} / ${String(row.due).padEnd(3)} ${(100 * row.rate).toFixed(0).padStart(3)}%  [${(100 * row.interval.lower).toFixed(0)}%, ${(100 * row.interval.upper).toFixed(0)}%]`,
  );
const breached = statuses.filter((s) =>
  [s.firstResponse, s.resolution, ...s.nextResponses].some((x) => x?.state === 'breached'),
);
console.log(`  tickets with a breach: ${breached.length} of ${statuses.length}`);

const first = unwrap(firstResponseTime(all, { replies, calendar: jakarta, asOf }));
const solved = unwrap(resolutionTime(all, { calendar: jakarta, asOf }));
console.log(
  `\nFirst response: ${first.count} tickets, median ${first.median} and p90 ${first.p90?.toFixed(1)} business minutes`,
);
console.log(
  `Resolution: ${solved.count} tickets, median ${solved.median?.toFixed(1)} and p90 ${solved.p90?.toFixed(1)} business minutes`,
);

const open = unwrap(backlog(all, { asOf }));
console.log(`\nBacklog at 17:00: ${open.total} open tickets`);
for (const b of open.byAge)
  if (b.count > 0) console.log(`  ${b.to === null ? `${b.from}+` : `${b.from}–${b.to}`} ${open.unit}: ${b.count}`);

// CSAT: the customers of solved tickets answer a 1–5 question (synthetic answers from the seeded generator).
const answers = all
  .filter((t) => t.status === 'resolved')
  .map((t) =>
    unwrap(
      createSurveyResponse(
        { kind: 'csat', score: 2 + Math.floor(rand() * 4), answeredAt: asOf, ticketId: t.id },
        entityCtx,
      ),
    ),
  );
console.log('\nCSAT by ticket type (share of 4–5 answers):');
for (const g of unwrap(csatBy(answers, byTicketType(all))))
  console.log(`  ${String(g.key).padEnd(10)} ${(g.csat.score ?? 0).toFixed(0)}% of ${g.csat.total}`);
console.log(
  `\nStored: ${unwrap(await store.tickets.count(ctx))} tickets, ${unwrap(await store.activities.count(ctx))} activities.`,
);
