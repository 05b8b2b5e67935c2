/**
 * Where a ticket stands against its SLA policy at a moment: for each target, when it is due, when
 * it was met, how much time has run and is left on the policy's clock, and whether it is running,
 * paused, met or breached.
 *
 * @module
 */
import type { CrmIssue, PathSegment } from '../core/errors.js';
import { err, ok, type Result } from '../core/result.js';
import { caught } from '../metrics/_guard.js';
import { checkOptionKeys, crmIssue, invalidInput } from '../core/issues.js';
import { isValidDate } from '../metrics/_checks.js';
import { DONE } from './_ticketReading.js';
import { TICKET_PRIORITIES, TICKET_STATUSES, type TicketPriority, type TicketStatus } from '../entities/enums.js';
import type { Activity } from '../entities/activity.js';
import type { Ticket } from '../entities/ticket.js';
import { isSlaPolicy, policyClock, type SlaPolicy, type SlaTargetName } from './slaPolicy.js';
import { responseCycles, type ResponseCycle } from './_responses.js';
import type { PolicyClock } from './_slaClock.js';

/**
 * The state of one SLA target at `asOf`:
 * - `running`: not met, not past due, the clock running;
 * - `paused`: not met, not past due, the ticket in a status the policy pauses in;
 * - `met`: the reply or resolution came at or before `dueAt`;
 * - `breached`: it came after `dueAt`, or has not come and `dueAt` has passed.
 *
 * @example
 * ```ts
 * const s: SlaState = 'breached';
 * ```
 */
export type SlaState = 'running' | 'paused' | 'met' | 'breached';

/**
 * One target of a ticket's SLA at `asOf`. Minutes are on the policy's clock (business minutes with
 * a calendar, else calendar minutes), never counting paused time.
 *
 * @example
 * ```ts
 * declare const t: SlaTargetStatus;
 * t.state === 'running' && t.remainingBusinessMinutes; //=> minutes left before the breach
 * ```
 */
export interface SlaTargetStatus {
  readonly target: SlaTargetName;
  /** The target, in minutes on the policy's clock. */
  readonly targetMinutes: number;
  /** When the clock of this target started (the ticket's creation; a requester's message for a next response). */
  readonly startedAt: Date;
  /**
   * When the target is (or was) due: the moment its elapsed time reaches the target. While it runs
   * or is paused, the projection from `asOf` with the clock running on (so a paused target's due
   * time moves later while the pause lasts).
   */
  readonly dueAt: Date;
  /** When it was met (the public reply, or the resolution), or null. */
  readonly metAt: Date | null;
  /** Minutes elapsed on the policy's clock from `startedAt` to `metAt` (or `asOf`), paused time excluded. */
  readonly elapsedBusinessMinutes: number;
  /** `targetMinutes - elapsedBusinessMinutes`, or 0 once that is negative. */
  readonly remainingBusinessMinutes: number;
  readonly state: SlaState;
  /** When it breached (its `dueAt`), or null. */
  readonly breachedAt: Date | null;
}

/**
 * A ticket's SLA at `asOf` under one policy: the targets its priority has (`null` for a target the
 * policy does not set for that priority; `nextResponse` also while no requester message has waited
 * on a reply), every next-response wait in `nextResponses`, and whether the ticket is paused.
 *
 * @example
 * ```ts
 * declare const s: SlaStatus;
 * s.firstResponse?.state; //=> 'met'
 * ```
 */
export interface SlaStatus {
  readonly ticketId: string;
  readonly policyId: string;
  readonly priority: TicketPriority;
  readonly asOf: Date;
  /** Whether the ticket is in a status the policy pauses in at `asOf`. */
  readonly paused: boolean;
  /** The first response: from creation to the first public reply. */
  readonly firstResponse: SlaTargetStatus | null;
  /** The current next-response wait, or the last one. */
  readonly nextResponse: SlaTargetStatus | null;
  /** The resolution: from creation to entering resolved or closed. */
  readonly resolution: SlaTargetStatus | null;
  /** Every next-response wait, in time order (what `slaAttainment` counts). */
  readonly nextResponses: readonly SlaTargetStatus[];
}

/**
 * Options of {@link slaStatus}.
 *
 * @example
 * ```ts
 * declare const replies: readonly Activity[];
 * const o: SlaStatusOptions = { asOf: new Date('2026-03-02T12:00:00Z'), replies };
 * ```
 */
export interface SlaStatusOptions {
  /** The moment to report at; not before the ticket's creation. History and replies after it are not seen. */
  readonly asOf: Date;
  /**
   * The ticket's replies: Activities linked to it (`recordTicketReply` makes them); outbound ones are
   * public replies, inbound ones the requester's messages. Default none (then the first response is
   * the ticket's `firstResponseAt`).
   */
  readonly replies?: readonly Activity[] | null;
}

const MINUTE = 60_000;

const nullableDate = (v: unknown): boolean => v === null || isValidDate(v);
const STATUSES: ReadonlySet<unknown> = /* @__PURE__ */ new Set(TICKET_STATUSES);
const PRIORITIES: ReadonlySet<unknown> = /* @__PURE__ */ new Set(TICKET_PRIORITIES);

/** Whether the fields slaStatus reads are right (the allocation-free check of the common case). */
function ticketReadable(ticket: unknown): boolean {
  if (typeof ticket !== 'object' || ticket === null) return false;
  const t = ticket as Record<string, unknown>;
  const created = t['createdAt'];
  if (
    typeof t['id'] !== 'string' ||
    !isValidDate(created) ||
    !PRIORITIES.has(t['priority']) ||
    !STATUSES.has(t['status'])
  )
    return false;
  if (!nullableDate(t['firstResponseAt']) || !nullableDate(t['resolvedAt'])) return false;
  const history = t['statusHistory'];
  if (!Array.isArray(history)) return false;
  let previous = created.getTime();
  for (let i = 0; i < history.length; i++) {
    const e: unknown = history[i];
    if (typeof e !== 'object' || e === null) return false;
    const at = (e as { at?: unknown }).at;
    if (!STATUSES.has((e as { to?: unknown }).to) || !isValidDate(at) || at.getTime() < previous) return false;
    previous = at.getTime();
  }
  return history.length === 0 || (history[history.length - 1] as { to: unknown }).to === t['status'];
}

/** The issues of a ticket as slaStatus reads it (light checks of the fields it reads; never throws). */
export function ticketIssues(ticket: unknown, path: readonly PathSegment[]): readonly CrmIssue[] {
  if (ticketReadable(ticket)) return NO_ISSUES;
  if (typeof ticket !== 'object' || ticket === null) return [crmIssue.invalidType(path, 'a Ticket', ticket)];
  const t = ticket as Record<string, unknown>;
  const issues: CrmIssue[] = [];
  if (typeof t['id'] !== 'string') issues.push(crmIssue.invalidType([...path, 'id'], 'an id', t['id']));
  if (!isValidDate(t['createdAt'])) issues.push(crmIssue.invalidDate([...path, 'createdAt'], t['createdAt']));
  if (!PRIORITIES.has(t['priority']))
    issues.push(crmIssue.invalidValue([...path, 'priority'], 'a ticket priority', t['priority'], TICKET_PRIORITIES));
  if (!STATUSES.has(t['status']))
    issues.push(crmIssue.invalidValue([...path, 'status'], 'a ticket status', t['status'], TICKET_STATUSES));
  for (const key of ['firstResponseAt', 'resolvedAt'] as const)
    if (!nullableDate(t[key])) issues.push(crmIssue.invalidDate([...path, key], t[key]));
  const history = t['statusHistory'];
  if (!Array.isArray(history)) {
    issues.push(crmIssue.invalidType([...path, 'statusHistory'], 'a list of status changes', history));
    return issues;
  }
  let previous = isValidDate(t['createdAt']) ? t['createdAt'].getTime() : -Infinity;
  for (let i = 0; i < history.length; i++) {
    const e: unknown = history[i];
    const p = [...path, 'statusHistory', i];
    if (typeof e !== 'object' || e === null) {
      issues.push(crmIssue.invalidType(p, 'a status change { from, to, at }', e));
      continue;
    }
    const entry = e as Record<string, unknown>;
    if (!STATUSES.has(entry['to']))
      issues.push(crmIssue.invalidValue([...p, 'to'], 'a ticket status', entry['to'], TICKET_STATUSES));
    const at = entry['at'];
    if (!isValidDate(at)) issues.push(crmIssue.invalidDate([...p, 'at'], at));
    else {
      if (at.getTime() < previous)
        issues.push(
          crmIssue.of(
            i === 0 ? 'before_creation' : 'out_of_order',
            [...p, 'at'],
            i === 0 ? 'Status history cannot precede the ticket' : 'Status history must be in time order',
          ),
        );
      previous = at.getTime();
    }
  }
  const last = history[history.length - 1] as { to: unknown } | undefined;
  if (issues.length === 0 && last !== undefined && last.to !== t['status'])
    issues.push(
      crmIssue.of(
        'inconsistent_history',
        [...path, 'statusHistory', history.length - 1, 'to'],
        `The last history entry moves to '${String(last.to)}' but the ticket is '${String(t['status'])}'`,
      ),
    );
  return issues;
}
const NO_ISSUES: readonly CrmIssue[] = /* @__PURE__ */ Object.freeze([]);

/**
 * The ticket's status spells as of `asOf`: spell i has status `statuses[i]` from `starts[i]` until
 * the next start (the last is open-ended). A ticket without history is read as open until its
 * resolvedAt when it is solved, else as in its current status since creation.
 */
interface Spells {
  readonly starts: number[];
  readonly statuses: TicketStatus[];
}

function spellsOf(ticket: Ticket, asOf: number): Spells {
  const created = ticket.createdAt.getTime();
  const h = ticket.statusHistory;
  if (h.length === 0) {
    const solved = DONE.has(ticket.status) && ticket.resolvedAt !== null ? ticket.resolvedAt.getTime() : created;
    if (solved <= created) return { starts: [created], statuses: [ticket.status] };
    if (solved > asOf) return { starts: [created], statuses: ['open'] };
    return { starts: [created, solved], statuses: ['open', ticket.status] };
  }
  const first = h[0]!;
  const starts: number[] = [];
  const statuses: TicketStatus[] = [];
  if (first.at.getTime() > created) {
    starts.push(created);
    statuses.push(first.from ?? first.to);
  }
  for (let i = 0; i < h.length; i++) {
    const at = h[i]!.at.getTime();
    if (at > asOf) break;
    starts.push(at);
    statuses.push(h[i]!.to);
  }
  if (starts.length === 0) {
    starts.push(created);
    statuses.push(first.from ?? first.to);
  }
  return { starts, statuses };
}

/** The stopped intervals [s0, e0, s1, e1, …]: the spells whose status is in `stops` (a touching run merged). */
function stoppedOf(spells: Spells, stops: readonly TicketStatus[], done: boolean): number[] {
  const { starts, statuses } = spells;
  const out: number[] = [];
  for (let i = 0; i < starts.length; i++) {
    const status = statuses[i]!;
    if (!(stops.includes(status) || (done && DONE.has(status)))) continue;
    const start = starts[i]!;
    const end = i + 1 < starts.length ? starts[i + 1]! : Infinity;
    if (end <= start) continue;
    const n = out.length;
    if (n > 0 && out[n - 1] === start) out[n - 1] = end;
    else out.push(start, end);
  }
  return out;
}

/**
 * Measures one target: the clock runs from `start` to `end` outside the stopped intervals; `due` is
 * the earliest instant the elapsed time reaches `target` (a projection past `end` when it has not).
 */
function measure(
  clock: PolicyClock,
  name: SlaTargetName,
  targetMinutes: number,
  start: number,
  metAt: number | null,
  asOf: number,
  stopped: readonly number[],
): SlaTargetStatus {
  const end = metAt ?? asOf;
  const target = targetMinutes * MINUTE;
  let acc = 0;
  let due = NaN;
  let cursor = start;
  let stoppedAtEnd = false;
  const n = stopped.length;
  // Each round runs the clock over [cursor, segEnd), then jumps over the next stopped interval.
  for (let i = 0; i <= n && cursor < end; i += 2) {
    let segEnd = end;
    let resume = end;
    if (i < n) {
      const ps = stopped[i]!;
      const pe = stopped[i + 1]!;
      if (pe <= cursor) continue;
      if (ps <= end) {
        if (end < pe) stoppedAtEnd = true;
        segEnd = ps;
        resume = pe > cursor ? pe : cursor;
      }
    }
    if (segEnd > cursor) {
      const oa = clock.offset(cursor);
      const seg = clock.offset(segEnd) - oa;
      if (Number.isNaN(due) && acc + seg >= target) due = clock.instantAt(oa + (target - acc));
      acc += seg;
    }
    cursor = resume;
  }
  if (Number.isNaN(due)) due = clock.instantAt(clock.offset(end) + (target - acc));
  const late = due < end;
  const state: SlaState = late ? 'breached' : metAt !== null ? 'met' : stoppedAtEnd ? 'paused' : 'running';
  return Object.freeze({
    target: name,
    targetMinutes,
    startedAt: new Date(start),
    dueAt: new Date(due),
    metAt: metAt === null ? null : new Date(metAt),
    elapsedBusinessMinutes: acc / MINUTE,
    remainingBusinessMinutes: acc >= target ? 0 : (target - acc) / MINUTE,
    state,
    breachedAt: late ? new Date(due) : null,
  });
}

/** When the ticket was solved as of the last spell (the start of its final resolved/closed run), or null. */
function solvedAt(spells: Spells): number | null {
  const { starts, statuses } = spells;
  let i = starts.length - 1;
  if (i < 0 || !DONE.has(statuses[i]!)) return null;
  while (i > 0 && DONE.has(statuses[i - 1]!)) i--;
  return starts[i]!;
}

/** The SLA of one checked ticket (internal: `policy`, `ticket`, `asOf` and the cycles are valid). */
export function statusOf(
  policy: SlaPolicy,
  ticket: Ticket,
  asOf: number,
  cycles: { readonly first: ResponseCycle; readonly next: readonly ResponseCycle[] },
): SlaStatus {
  const clock = policyClock(policy);
  const spells = spellsOf(ticket, asOf);
  const pauses = policy.pauseWhile;
  const current = spells.statuses[spells.statuses.length - 1]!;
  const targets = policy.priorities[ticket.priority];
  const created = ticket.createdAt.getTime();
  let firstResponse: SlaTargetStatus | null = null;
  let resolution: SlaTargetStatus | null = null;
  let nextResponses: SlaTargetStatus[] = [];
  if (targets !== undefined) {
    const responseStops =
      targets.firstResponse === undefined && (targets.nextResponse === undefined || cycles.next.length === 0)
        ? []
        : pauses.length === 0
          ? []
          : stoppedOf(spells, pauses, false);
    if (targets.firstResponse !== undefined)
      firstResponse = measure(
        clock,
        'firstResponse',
        targets.firstResponse,
        created,
        cycles.first.at,
        asOf,
        responseStops,
      );
    if (targets.nextResponse !== undefined) {
      const next = targets.nextResponse;
      nextResponses = cycles.next.map((c) => measure(clock, 'nextResponse', next, c.since, c.at, asOf, responseStops));
    }
    if (targets.resolution !== undefined)
      resolution = measure(
        clock,
        'resolution',
        targets.resolution,
        created,
        solvedAt(spells),
        asOf,
        stoppedOf(spells, pauses, true),
      );
  }
  return Object.freeze({
    ticketId: ticket.id,
    policyId: policy.id,
    priority: ticket.priority,
    asOf: new Date(asOf),
    paused: pauses.includes(current),
    firstResponse,
    nextResponse: nextResponses.length === 0 ? null : nextResponses[nextResponses.length - 1]!,
    resolution,
    nextResponses: Object.freeze(nextResponses),
  });
}

/**
 * A ticket's SLA under a policy at `asOf`, for each target of its priority (Zendesk's and
 * Freshdesk's first reply, next reply and resolution targets):
 * - **first response**: from the ticket's creation to its first public reply (an outbound activity
 *   in `replies`, or the ticket's `firstResponseAt` when earlier or when no replies are given);
 * - **next response**: from each requester message that follows an answer (an inbound activity) to
 *   the next public reply; `nextResponse` is the current or last wait, `nextResponses` all;
 * - **resolution**: from creation to the moment the ticket entered resolved or closed (as of `asOf`,
 *   from its status history). The time a ticket spends resolved before it is reopened does not
 *   count: its clock stops while solved and runs again on reopening.
 *
 * Time counts on the policy's clock (its business calendar: working hours in its zone, holidays
 * skipped, computed interval by interval; or calendar hours) and **stops while the ticket is in a
 * `pauseWhile` status**, read from its status history (paused time never counts, for any target).
 * A ticket with no status history (stored before histories existed) is read as open until its
 * `resolvedAt` when it is resolved or closed, else as in its current status since creation.
 *
 * **A priority change re-plans every target from the ticket's creation**, as Zendesk does: the
 * targets of the ticket's current priority are measured from `createdAt`, so raising a ticket's
 * priority can breach it at once, and lowering it can turn a breach back into a running target.
 *
 * `dueAt` is when the elapsed time reaches the target; `met` means the reply or resolution came at
 * or before it, `breached` that it came later or has not come and `asOf` is past it. A target the
 * policy does not set for the ticket's priority is `null`.
 *
 * Bad input is a `validation_failed` error with its path: a policy not made by `defineSlaPolicy`, a
 * ticket whose read fields are wrong (`createdAt`, `priority`, `status`, `statusHistory` out of order
 * or not ending in the status, …), `asOf` not a valid Date or before the ticket's creation
 * (`before_creation`), a reply that is not an activity, belongs to another ticket or precedes the
 * ticket's creation (`before_creation`, at `['options', 'replies', i, 'occurredAt']`), unknown option
 * keys. Never throws for its input.
 *
 * @example
 * ```ts
 * declare const policy: SlaPolicy;
 * declare const ticket: Ticket;
 * const r = slaStatus(policy, ticket, { asOf: new Date('2026-03-02T12:00:00Z'), replies: [] });
 * if (r.ok) r.value.firstResponse?.state; //=> 'running' | 'paused' | 'met' | 'breached'
 * ```
 */
export function slaStatus(policy: SlaPolicy, ticket: Ticket, options: SlaStatusOptions): Result<SlaStatus> {
  try {
    return slaStatusUnguarded(policy, ticket, options);
  } catch (e) {
    return caught('slaStatus', e);
  }
}

function slaStatusUnguarded(policy: SlaPolicy, ticket: Ticket, options: SlaStatusOptions): Result<SlaStatus> {
  const issues: CrmIssue[] = [];
  if (!isSlaPolicy(policy))
    issues.push(crmIssue.invalidType(['policy'], 'an SLA policy made by defineSlaPolicy', policy));
  const bad = ticketIssues(ticket, ['ticket']);
  if (bad.length > 0) issues.push(...bad);
  const asOf = readAsOf(options, ['asOf', 'replies'], issues);
  if (issues.length > 0 || asOf === null) return err(invalidInput('slaStatus', issues));
  if (asOf < ticket.createdAt.getTime())
    return err(
      invalidInput('slaStatus', [
        crmIssue.of(
          'before_creation',
          ['options', 'asOf'],
          `asOf ${options.asOf.toISOString()} is before the ticket's creation (${ticket.createdAt.toISOString()})`,
        ),
      ]),
    );
  const cycles = responseCycles(ticket, options.replies, asOf, ['options', 'replies']);
  if (Array.isArray(cycles)) return err(invalidInput('slaStatus', cycles));
  // A due instant past 2300 on a calendar throws a CrmError: slaStatus returns it as the error.
  return ok(statusOf(policy, ticket, asOf, cycles as Exclude<typeof cycles, CrmIssue[]>));
}

/** Reads `options.asOf` (checking the option keys); null when it is bad (the issues pushed). */
export function readAsOf(options: unknown, keys: readonly string[], issues: CrmIssue[]): number | null {
  if (typeof options !== 'object' || options === null) {
    issues.push(crmIssue.invalidType(['options'], 'an object with asOf (a Date)', options));
    return null;
  }
  // The usual case (known keys only) without allocating; anything else is reported by checkOptionKeys.
  for (const k in options)
    if (!keys.includes(k)) {
      issues.push(...checkOptionKeys(options, keys, ['options']));
      break;
    }
  const asOf = (options as { asOf?: unknown }).asOf;
  if (!isValidDate(asOf)) {
    issues.push(crmIssue.invalidDate(['options', 'asOf'], asOf));
    return null;
  }
  return asOf.getTime();
}
