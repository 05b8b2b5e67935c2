/**
 * Ticket: a support request, with type, priority, status (and its history) and its response and
 * resolution times.
 *
 * @module
 */
import * as z from 'zod';
import type { Result } from '../core/result.js';
import { defineEntity, type EntityContext } from './define.js';
import { CHANNELS, TICKET_PRIORITIES, TICKET_STATUSES, TICKET_TYPES } from './enums.js';
import { instantSchema, optionalInstantSchema, optionalText, refSchema, requiredText } from './fields.js';

const ticketStatus = /* @__PURE__ */ z.enum(TICKET_STATUSES);

/** One entry of a ticket's status history: a move from one status (or none, at creation) to another. */
const statusHistoryEntrySchema = /* @__PURE__ */ z.strictObject({
  from: /* @__PURE__ */ ticketStatus.nullable(),
  to: ticketStatus,
  at: instantSchema,
  by: /* @__PURE__ */ optionalText(200),
  reason: /* @__PURE__ */ optionalText(2000),
});

const ticket = /* @__PURE__ */ defineEntity(
  'ticket',
  'Ticket',
  {
    subject: /* @__PURE__ */ requiredText(500),
    description: /* @__PURE__ */ optionalText(100_000),
    priority: /* @__PURE__ */ z.enum(TICKET_PRIORITIES).default('normal'),
    status: /* @__PURE__ */ ticketStatus.default('new'),
    type: /* @__PURE__ */ z.enum(TICKET_TYPES).nullable().default(null),
    statusHistory: /* @__PURE__ */ z.array(statusHistoryEntrySchema).default([]),
    channel: /* @__PURE__ */ z.enum(CHANNELS).nullable().default(null),
    requesterContactId: /* @__PURE__ */ refSchema('contact'),
    accountId: /* @__PURE__ */ refSchema('account'),
    assigneeId: /* @__PURE__ */ refSchema('user'),
    firstResponseAt: optionalInstantSchema,
    resolvedAt: optionalInstantSchema,
    closedAt: optionalInstantSchema,
  },
  (t, issue) => {
    if (t.firstResponseAt !== null && t.firstResponseAt.getTime() < t.createdAt.getTime())
      issue(['firstResponseAt'], 'First response cannot precede the ticket', 'before_creation');
    if (t.resolvedAt !== null && t.resolvedAt.getTime() < t.createdAt.getTime())
      issue(['resolvedAt'], 'Resolution cannot precede the ticket', 'before_creation');
    if ((t.status === 'resolved' || t.status === 'closed') && t.resolvedAt === null)
      issue(['resolvedAt'], `A ${t.status} ticket needs resolvedAt`, 'missing_resolution');
    const history = t.statusHistory;
    const last = history[history.length - 1];
    if (last !== undefined && last.to !== t.status)
      issue(
        ['statusHistory', history.length - 1, 'to'],
        `The last history entry moves to '${last.to}' but the ticket is '${t.status}' (change the status with transitionTicket)`,
        'inconsistent_history',
      );
    const first = history[0];
    if (first !== undefined && first.at.getTime() < t.createdAt.getTime())
      issue(['statusHistory', 0, 'at'], 'Status history cannot precede the ticket', 'before_creation');
    for (let i = 1; i < history.length; i++) {
      const prev = history[i - 1]!;
      const cur = history[i]!;
      if (cur.at.getTime() < prev.at.getTime())
        issue(['statusHistory', i, 'at'], 'Status history must be in time order', 'out_of_order');
      if (cur.from !== prev.to)
        issue(
          ['statusHistory', i, 'from'],
          `Entry ${i} moves from '${cur.from ?? 'null'}' but entry ${i - 1} ended in '${prev.to}'`,
          'inconsistent_history',
        );
    }
  },
  {
    // A new ticket enters its first status when it is created, so time in status counts from the start.
    onCreate: (candidate, actor) => {
      const history = candidate['statusHistory'];
      if (history !== undefined && !(Array.isArray(history) && history.length === 0)) return candidate;
      const status = candidate['status'] ?? 'new';
      // An invalid status is reported once, at `status`, not again in a history made from it.
      if (!(TICKET_STATUSES as readonly unknown[]).includes(status)) return candidate;
      return {
        ...candidate,
        statusHistory: [{ from: null, to: status, at: candidate['createdAt'], by: actor ?? null, reason: null }],
      };
    },
  },
);

/**
 * The zod schema of a stored Ticket — the single source of the {@link Ticket} type.
 *
 * @example
 * ```ts
 * declare const json: string;
 * ticketSchema.safeParse(JSON.parse(json)).success;
 * ```
 */
export const ticketSchema = /* @__PURE__ */ (() => ticket.schema)();

/**
 * A ticket. Inferred from {@link ticketSchema}.
 *
 * @example
 * ```ts
 * const isOpen = (t: Ticket) => t.status !== 'resolved' && t.status !== 'closed';
 * ```
 */
export type Ticket = z.output<typeof ticketSchema>;

/**
 * The zod schema of the fields {@link createTicket} accepts (the entity's own fields, without
 * `id`, timestamps and `version`; unknown keys are refused). Useful to validate a form before creating.
 *
 * @example
 * ```ts
 * declare const formData: unknown;
 * ticketInputSchema.safeParse(formData).success;
 * ```
 */
export const ticketInputSchema = /* @__PURE__ */ (() => ticket.fields)();

/**
 * What {@link createTicket} accepts: the ticket's own fields (system fields are filled in).
 *
 * @example
 * ```ts
 * const input: TicketInput = { subject: 'Cannot log in', priority: 'high', channel: 'email' };
 * ```
 */
export type TicketInput = z.input<typeof ticketInputSchema> & { customFields?: Record<string, unknown> };

/**
 * Creates a ticket: validates and normalises `input`, fills `id`, `createdAt`, `updatedAt` and
 * `version: 1` from the context. Returns every issue at once on invalid input.
 *
 * Never throws for its input: bad data — a value of the wrong type, unknown keys, system fields,
 * an invalid context (unknown keys refused) — is a `validation_failed` error listing every issue
 * with its path (at most `MAX_ISSUES`). Validation is linear in the size of the input. The input is
 * never changed or frozen; the result is a new, frozen record.
 *
 * @example
 * ```ts
 * declare const ctx: EntityContext;
 * const r = createTicket({ subject: 'Cannot log in', priority: 'high', channel: 'email' }, ctx);
 * ```
 */
export function createTicket(input: TicketInput, ctx?: EntityContext): Result<Ticket> {
  return ticket.create(input, ctx);
}

/**
 * Reads a stored ticket from unknown data (JSON, a mapped database row).
 *
 * Never throws for its input: anything that is not a valid stored record is a `validation_failed`
 * error listing every issue with its path (at most `MAX_ISSUES`). Only own properties are read. The
 * result is a new, frozen record; the input is never changed or frozen.
 *
 * @example
 * ```ts
 * declare const text: string;
 * parseTicket(JSON.parse(text)); //=> { ok: true, value } or { ok: false, error }
 * ```
 */
export function parseTicket(input: unknown, ctx?: EntityContext): Result<Ticket> {
  return ticket.parse(input, ctx);
}

/**
 * Changes a ticket through a recipe that edits a draft (immer): the result is re-validated,
 * gets `version + 1` and a new `updatedAt`, and is frozen; the input is untouched.
 *
 * Bad data is a `validation_failed` error, never a throw: a record that is not an object, a recipe
 * that is not a function or returns a value, a change that makes the record invalid or touches `id`,
 * `createdAt` or `version`, a value nested too deeply to copy. The caller's record is never changed
 * or frozen (its nested objects neither).
 *
 * @throws whatever the recipe itself throws (the caller's own error, unchanged).
 *
 * @example
 * ```ts
 * declare const ctx: EntityContext;
 * declare const ticket: Ticket;
 * const r = updateTicket(ticket, (d) => { d.priority = 'urgent'; }, ctx);
 * ```
 */
export function updateTicket(entity: Ticket, recipe: (draft: Ticket) => void, ctx?: EntityContext): Result<Ticket> {
  return ticket.update(entity, recipe, ctx);
}
