/**
 * Private: a ticket's response cycles, read from its replies. One definition for the SLA targets
 * (`slaStatus`) and the response-time metrics, so that both count the same replies.
 *
 * - A **public reply** is an Activity linked to the ticket with `direction: 'outbound'` (an agent
 *   answering: `recordTicketReply` makes one). A **requester message** is one with
 *   `direction: 'inbound'`. Internal activities (`direction` `'internal'` or `null`) and notes and
 *   tasks never count.
 * - The **first cycle** starts at the ticket's creation and ends at the first public reply (or at
 *   the ticket's `firstResponseAt` when that is earlier, or when no reply is given).
 * - After an answer, the next requester message starts a **next-response cycle**, which the next
 *   public reply ends. Further requester messages while a cycle is open do not restart it: the
 *   oldest unanswered message is what the requester has waited on (Zendesk's "next reply time").
 * - A requester message and a public reply at the same instant are read in that order: the reply
 *   answers the message (a wait of 0), whatever order the replies come in.
 *
 * @module
 */
import type { CrmIssue, PathSegment } from '../core/errors.js';
import { crmIssue } from '../core/issues.js';
import { isValidDate } from '../metrics/_checks.js';
import type { Ticket } from '../entities/ticket.js';

/** One wait of the requester for a public reply: from `since` to `at` (null while unanswered). */
export interface ResponseCycle {
  /** Epoch ms the wait started (the ticket's creation for the first cycle). */
  readonly since: number;
  /** Epoch ms of the public reply that ended it, or null when unanswered (as of the reading). */
  readonly at: number | null;
}

/** The cycles of one ticket: the first response, then every next response in time order. */
export interface ResponseCycles {
  readonly first: ResponseCycle;
  readonly next: readonly ResponseCycle[];
}

/** A reply reduced to what the cycles read. */
interface Reply {
  readonly at: number;
  readonly outbound: boolean;
  readonly order: number;
}

const COUNTED_KINDS: ReadonlySet<string> = /* @__PURE__ */ new Set(['call', 'email', 'meeting', 'message', 'web']);

const NO_CYCLES: readonly ResponseCycle[] = /* @__PURE__ */ Object.freeze([]);

/**
 * Reads the replies of `ticket` (validated lightly: each must be an object with a valid
 * `occurredAt`, not before the ticket's creation, and linked to this ticket when it names one) and
 * returns its response cycles as of `asOf` (epoch ms; replies after it are not seen yet), or the
 * issues found (paths under `path`). Never throws for its input.
 */
export function responseCycles(
  ticket: Pick<Ticket, 'id' | 'createdAt' | 'firstResponseAt'>,
  replies: unknown,
  asOf: number,
  path: readonly PathSegment[],
): ResponseCycles | CrmIssue[] {
  const created = ticket.createdAt.getTime();
  if (replies === undefined || replies === null || (Array.isArray(replies) && replies.length === 0)) {
    // No replies: the first response is the one the ticket records (when seen by asOf), no next ones.
    const recorded = ticket.firstResponseAt === null ? null : ticket.firstResponseAt.getTime();
    return Object.freeze({
      first: Object.freeze({ since: created, at: recorded !== null && recorded <= asOf ? recorded : null }),
      next: NO_CYCLES,
    });
  }
  const issues: CrmIssue[] = [];
  const read: Reply[] = [];
  if (replies !== undefined && replies !== null) {
    if (!Array.isArray(replies)) return [crmIssue.invalidType(path, 'an array of Activity records', replies)];
    for (let i = 0; i < replies.length; i++) {
      const r: unknown = replies[i];
      if (typeof r !== 'object' || r === null) {
        issues.push(crmIssue.invalidType([...path, i], 'an Activity record', r));
        continue;
      }
      const a = r as Record<string, unknown>;
      const occurredAt = a['occurredAt'];
      if (!isValidDate(occurredAt)) {
        issues.push(crmIssue.invalidDate([...path, i, 'occurredAt'], occurredAt));
        continue;
      }
      const linked = a['ticketId'];
      if (linked !== undefined && linked !== null && linked !== ticket.id) {
        issues.push(
          crmIssue.of(
            'unknown_reference',
            [...path, i, 'ticketId'],
            `This reply belongs to another ticket; expected ticketId ${JSON.stringify(ticket.id)} or none`,
          ),
        );
        continue;
      }
      const at = occurredAt.getTime();
      if (at < created) {
        issues.push(
          crmIssue.of(
            'before_creation',
            [...path, i, 'occurredAt'],
            `A reply at ${occurredAt.toISOString()} cannot precede the ticket's creation (${ticket.createdAt.toISOString()})`,
          ),
        );
        continue;
      }
      const direction = a['direction'];
      if ((direction !== 'outbound' && direction !== 'inbound') || !COUNTED_KINDS.has(a['kind'] as string)) continue;
      if (at > asOf) continue;
      read.push({ at, outbound: direction === 'outbound', order: i });
    }
  }
  if (issues.length > 0) return issues;
  // At one instant a requester's message comes before the reply that answers it, whatever the
  // order the replies were given in (so the result never depends on input order).
  read.sort((x, y) => x.at - y.at || Number(x.outbound) - Number(y.outbound) || x.order - y.order);
  const recorded = ticket.firstResponseAt === null ? null : ticket.firstResponseAt.getTime();
  let firstAt: number | null = recorded !== null && recorded <= asOf ? recorded : null;
  let k = 0;
  // The first public reply ends the first cycle (unless the ticket records an earlier response).
  for (; k < read.length; k++) {
    const r = read[k]!;
    if (!r.outbound) continue;
    if (firstAt === null || r.at < firstAt) firstAt = r.at;
    break;
  }
  const next: ResponseCycle[] = [];
  if (firstAt !== null) {
    let open: number | null = null;
    for (const r of read) {
      if (r.at < firstAt || (r.at === firstAt && r.outbound)) continue;
      if (!r.outbound) {
        if (open === null) open = r.at;
      } else if (open !== null) {
        next.push(Object.freeze({ since: open, at: r.at }));
        open = null;
      }
    }
    if (open !== null) next.push(Object.freeze({ since: open, at: null }));
  }
  return Object.freeze({ first: Object.freeze({ since: created, at: firstAt }), next: Object.freeze(next) });
}
