/**
 * A grouping key for the survey metrics: a response's ticket's type.
 *
 * @module
 */
import { CrmError } from '../core/errors.js';
import { crmIssue, invalidInput } from '../core/issues.js';
import { TICKET_TYPES, type TicketType } from '../entities/enums.js';
import type { GroupKeyFunction } from '../metrics/groupKey.js';

/**
 * A ticket as {@link byTicketType} reads it (a `Ticket` fits): its `id` and `type`.
 *
 * @example
 * ```ts
 * const t: TypedTicket = { id: 't1', type: 'complaint' };
 * ```
 */
export interface TypedTicket {
  readonly id: string;
  readonly type?: TicketType | null;
}

/**
 * A response as the key of {@link byTicketType} reads it (a `SurveyResponse` fits): the ticket it is
 * about, if any.
 *
 * @example
 * ```ts
 * const r: TicketLinkedResponse = { ticketId: 't1' };
 * ```
 */
export interface TicketLinkedResponse {
  readonly ticketId?: string | null;
}

const TYPES: readonly string[] = TICKET_TYPES;

function bad(path: (string | number)[], expected: string, value: unknown): CrmError {
  return invalidInput('byTicketType', [crmIssue.invalidType(path, expected, value)]);
}

/**
 * The grouping key that puts a survey response in the group of its ticket's `type`, for the `…By`
 * survey metrics: `csatBy(responses, byTicketType(tickets))` gives CSAT per ticket type (`npsBy` and
 * `cesBy` take it too). The tickets are indexed by id once; the key then reads each response's
 * `ticketId`. A response with no `ticketId`, with the id of a ticket not in `tickets`, or whose ticket
 * has no type (`null`), is in the `null` group (the last row).
 *
 * @throws {CrmError} `validation_failed` when `tickets` is not an array, a ticket is not a record with
 * a string `id`, a `type` is not a ticket type or `null`, or one id is listed twice with two different
 * types — the key is built by the caller's code from records it already holds, so these are calls no
 * type-correct program makes.
 *
 * @example
 * ```ts
 * const tickets = [
 *   { id: 't1', type: 'complaint' as const },
 *   { id: 't2', type: 'question' as const },
 * ];
 * const responses = [
 *   { kind: 'csat', score: 2, ticketId: 't1' },
 *   { kind: 'csat', score: 5, ticketId: 't2' },
 *   { kind: 'csat', score: 4, ticketId: 't2' },
 *   { kind: 'csat', score: 5, ticketId: null }, // about no ticket: the null group
 * ];
 * const key = byTicketType(tickets);
 * key(responses[0]!); //=> 'complaint'
 * key({ ticketId: 'unknown' }); //=> null
 * ```
 */
export function byTicketType(tickets: readonly TypedTicket[]): GroupKeyFunction<TicketLinkedResponse> {
  if (!Array.isArray(tickets)) throw bad([], 'an array of tickets', tickets);
  const types = new Map<string, TicketType | null>();
  for (let i = 0; i < tickets.length; i++) {
    const t: unknown = tickets[i];
    if (t === null || typeof t !== 'object') throw bad([i], 'a ticket record', t);
    const id = (t as Record<string, unknown>)['id'];
    if (typeof id !== 'string') throw bad([i, 'id'], 'a ticket id (a string)', id);
    const type = (t as Record<string, unknown>)['type'] ?? null;
    if (type !== null && (typeof type !== 'string' || !TYPES.includes(type)))
      throw invalidInput('byTicketType', [crmIssue.invalidValue([i, 'type'], 'not a ticket type', type, TYPES)]);
    const seen = types.get(id);
    if (seen !== undefined && seen !== type)
      throw invalidInput('byTicketType', [
        crmIssue.of('duplicate', [i, 'id'], `ticket ${JSON.stringify(id)} is listed twice with two types`),
      ]);
    types.set(id, type as TicketType | null);
  }
  return (response) => {
    const id = response === null || typeof response !== 'object' ? undefined : response.ticketId;
    return typeof id === 'string' ? (types.get(id) ?? null) : null;
  };
}
