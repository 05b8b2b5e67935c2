/**
 * Early warning: the tickets whose SLA targets are about to breach, soonest first, ready to drive
 * an escalation (a workflow trigger, a notification, a queue view).
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { err, ok, type Result } from '../core/result.js';
import { caught } from '../metrics/_guard.js';
import { linkedSource, type LinkedSource } from './_linkedActivities.js';
import { crmIssue, invalidInput } from '../core/issues.js';
import { quoteValue } from '../_lib/show.js';
import type { TicketPriority } from '../entities/enums.js';
import type { Activity } from '../entities/activity.js';
import type { Ticket } from '../entities/ticket.js';
import { SLA_TARGETS, policyChooser, policyListIssues, type SlaPolicy, type SlaTargetName } from './slaPolicy.js';
import { readAsOf, statusOf, ticketIssues, type SlaTargetStatus } from './slaStatus.js';
import { responseCycles } from './_responses.js';

/**
 * The replies of many tickets: a flat list of Activities (each linked by its `ticketId`; activities
 * linked to no ticket of the input are not read), a Map or an object from ticket id to that
 * ticket's replies, or a function of the ticket id. A bad reply is reported at its index in a flat
 * list (`['options', 'replies', i, …]`), else at `['options', 'replies', ticketId, i, …]`.
 *
 * @example
 * ```ts
 * declare const activities: readonly Activity[];
 * const byList: TicketReplies = activities;
 * const byFunction: TicketReplies = (ticketId) => activities.filter((a) => a.ticketId === ticketId);
 * ```
 */
export type TicketReplies =
  | readonly Activity[]
  | ReadonlyMap<string, readonly Activity[]>
  | Readonly<Record<string, readonly Activity[]>>
  | ((ticketId: string) => readonly Activity[] | null | undefined);

/**
 * Options of {@link slaAtRisk}.
 *
 * @example
 * ```ts
 * const o: SlaAtRiskOptions = { asOf: new Date('2026-03-02T15:30:00Z'), withinMinutes: 30 };
 * ```
 */
export interface SlaAtRiskOptions {
  readonly asOf: Date;
  /** Report the running targets with at most this many minutes left on their policy's clock (≥ 0). */
  readonly withinMinutes: number;
  /** The tickets' replies (see {@link TicketReplies}); default none. */
  readonly replies?: TicketReplies | null;
}

/**
 * One target about to breach.
 *
 * @example
 * ```ts
 * declare const r: SlaRisk;
 * `${r.ticketId} ${r.target} due ${r.dueAt.toISOString()}`;
 * ```
 */
export interface SlaRisk {
  readonly ticketId: string;
  readonly policyId: string;
  readonly priority: TicketPriority;
  readonly target: SlaTargetName;
  readonly dueAt: Date;
  /** Minutes left on the policy's clock (business minutes with a calendar). */
  readonly remainingBusinessMinutes: number;
  /** Wall-clock minutes from `asOf` to `dueAt`. */
  readonly minutesUntilDue: number;
  /** The target's whole status. */
  readonly status: SlaTargetStatus;
}

/**
 * The SLA targets about to breach at `asOf`, soonest due first (ties by ticket id, then target):
 * for each ticket, its policy is chosen as {@link selectSlaPolicy} does at `asOf`, its status
 * computed as {@link slaStatus} does, and every target that is `running` (not met, not breached,
 * not paused) with at most `withinMinutes` left on the policy's clock is listed. Tickets without a
 * policy, and targets already breached or paused, are not listed. An empty list of tickets gives
 * an empty list.
 *
 * Bad input is a `validation_failed` error with its path: a policy list item not made by
 * `defineSlaPolicy`, a ticket whose read fields are wrong (at `['tickets', i, …]`), `asOf` not a
 * valid Date, `withinMinutes` not a finite number ≥ 0, replies that are not activities or precede
 * their ticket's creation, a ticket created after `asOf` is skipped (it does not exist yet), unknown
 * option keys. Never throws for its input (a replies function's own exception propagates).
 *
 * @example
 * ```ts
 * declare const policies: readonly SlaPolicy[];
 * declare const tickets: readonly Ticket[];
 * const r = slaAtRisk(policies, tickets, { asOf: new Date('2026-03-02T15:30:00Z'), withinMinutes: 30 });
 * if (r.ok) for (const risk of r.value) console.log(risk.ticketId, risk.target, risk.dueAt);
 * ```
 */
export function slaAtRisk(
  policies: readonly SlaPolicy[],
  tickets: readonly Ticket[],
  options: SlaAtRiskOptions,
): Result<readonly SlaRisk[]> {
  try {
    return slaAtRiskUnguarded(policies, tickets, options);
  } catch (e) {
    return caught('slaAtRisk', e);
  }
}

function slaAtRiskUnguarded(
  policies: readonly SlaPolicy[],
  tickets: readonly Ticket[],
  options: SlaAtRiskOptions,
): Result<readonly SlaRisk[]> {
  const issues: CrmIssue[] = policyListIssues(policies, ['policies']);
  const asOf = readAsOf(options, ['asOf', 'withinMinutes', 'replies'], issues);
  let source: LinkedSource | null = null;
  if (typeof options === 'object' && options !== null) {
    const w = (options as { withinMinutes?: unknown }).withinMinutes;
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0)
      issues.push(
        crmIssue.of(
          typeof w === 'number' ? 'too_small' : 'invalid_type',
          ['options', 'withinMinutes'],
          `Expected a finite number of minutes ≥ 0; received ${quoteValue(w)}`,
        ),
      );
    const l = linkedSource(
      (options as { replies?: unknown }).replies,
      'ticketId',
      ['options', 'replies'],
      'an Activity',
    );
    if ('list' in l) source = l;
    else issues.push(l);
  }
  if (!Array.isArray(tickets)) issues.push(crmIssue.invalidType(['tickets'], 'a list of tickets', tickets));
  if (issues.length > 0 || asOf === null || source === null) return err(invalidInput('slaAtRisk', issues));
  const within = options.withinMinutes;
  const choose = policyChooser(policies, asOf);
  const risks: SlaRisk[] = [];
  for (let i = 0; i < tickets.length; i++) {
    const ticket = tickets[i]!;
    const bad = ticketIssues(ticket, ['tickets', i]);
    if (bad.length > 0) return err(invalidInput('slaAtRisk', bad));
    if (ticket.createdAt.getTime() > asOf) continue;
    const policy = choose(ticket);
    if (policy === null) continue;
    const cycles = responseCycles(ticket, source.list(ticket.id), asOf, []);
    if (Array.isArray(cycles))
      return err(
        invalidInput(
          'slaAtRisk',
          cycles.map((c) => ({ ...c, path: source!.where(ticket.id, c.path) })),
        ),
      );
    const s = statusOf(policy, ticket, asOf, cycles as Exclude<typeof cycles, CrmIssue[]>);
    for (const t of [s.firstResponse, s.nextResponse, s.resolution]) {
      if (t === null || t.state !== 'running' || t.remainingBusinessMinutes > within) continue;
      risks.push(
        Object.freeze({
          ticketId: s.ticketId,
          policyId: s.policyId,
          priority: s.priority,
          target: t.target,
          dueAt: t.dueAt,
          remainingBusinessMinutes: t.remainingBusinessMinutes,
          minutesUntilDue: (t.dueAt.getTime() - asOf) / 60_000,
          status: t,
        }),
      );
    }
  }
  const order = (n: SlaTargetName) => SLA_TARGETS.indexOf(n);
  risks.sort(
    (a, b) =>
      a.dueAt.getTime() - b.dueAt.getTime() ||
      (a.ticketId < b.ticketId ? -1 : a.ticketId > b.ticketId ? 1 : 0) ||
      order(a.target) - order(b.target),
  );
  return ok(Object.freeze(risks));
}
