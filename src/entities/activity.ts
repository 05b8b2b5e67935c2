/**
 * Activity: a call, email, meeting, note, task, message or web visit, linked to the records it concerns.
 *
 * @module
 */
import * as z from 'zod';
import type { Result } from '../core/result.js';
import { defineEntity, type EntityContext } from './define.js';
import { ACTIVITY_DIRECTIONS, ACTIVITY_KINDS, CHANNELS } from './enums.js';
import { instantSchema, optionalInstantSchema, optionalText, refSchema } from './fields.js';

const activity = /* @__PURE__ */ defineEntity(
  'activity',
  'Activity',
  {
    kind: /* @__PURE__ */ z.enum(ACTIVITY_KINDS),
    channel: /* @__PURE__ */ z.enum(CHANNELS).nullable().default(null),
    direction: /* @__PURE__ */ z.enum(ACTIVITY_DIRECTIONS).nullable().default(null),
    action: /* @__PURE__ */ optionalText(50),
    subject: /* @__PURE__ */ optionalText(500),
    body: /* @__PURE__ */ optionalText(100_000),
    occurredAt: instantSchema,
    durationSeconds: /* @__PURE__ */ z.number().int().min(0).nullable().default(null),
    leadId: /* @__PURE__ */ refSchema('lead'),
    contactId: /* @__PURE__ */ refSchema('contact'),
    accountId: /* @__PURE__ */ refSchema('account'),
    dealId: /* @__PURE__ */ refSchema('deal'),
    ticketId: /* @__PURE__ */ refSchema('ticket'),
    dueAt: optionalInstantSchema,
    completedAt: optionalInstantSchema,
    ownerId: /* @__PURE__ */ refSchema('user'),
  },
  (a, issue) => {
    if (a.kind !== 'task' && a.dueAt !== null)
      issue(['dueAt'], `Only tasks have a due date; this activity is a ${a.kind}`, 'not_a_task');
  },
);

/**
 * The zod schema of a stored Activity — the single source of the {@link Activity} type.
 *
 * @example
 * ```ts
 * declare const json: string;
 * activitySchema.safeParse(JSON.parse(json)).success;
 * ```
 */
export const activitySchema = /* @__PURE__ */ (() => activity.schema)();

/**
 * An activity. Inferred from {@link activitySchema}.
 *
 * @example
 * ```ts
 * const isOpenTask = (a: Activity) => a.kind === 'task' && a.completedAt === null;
 * ```
 */
export type Activity = z.output<typeof activitySchema>;

/**
 * The zod schema of the fields {@link createActivity} accepts (the entity's own fields, without
 * `id`, timestamps and `version`; unknown keys are refused). Useful to validate a form before creating.
 *
 * @example
 * ```ts
 * declare const formData: unknown;
 * activityInputSchema.safeParse(formData).success;
 * ```
 */
export const activityInputSchema = /* @__PURE__ */ (() => activity.fields)();

/**
 * What {@link createActivity} accepts: the activity's own fields (system fields are filled in).
 *
 * @example
 * ```ts
 * const input: ActivityInput = { kind: 'web', channel: 'web', action: 'visited', subject: 'pricing', occurredAt: '2026-03-01T10:00:00Z', leadId: 'lead-1' };
 * ```
 */
export type ActivityInput = z.input<typeof activityInputSchema> & { customFields?: Record<string, unknown> };

/**
 * Creates an activity: validates and normalises `input`, fills `id`, `createdAt`, `updatedAt` and
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
 * const r = createActivity({ kind: 'web', channel: 'web', action: 'visited', subject: 'pricing', occurredAt: '2026-03-01T10:00:00Z', leadId: 'lead-1' }, ctx);
 * ```
 */
export function createActivity(input: ActivityInput, ctx?: EntityContext): Result<Activity> {
  return activity.create(input, ctx);
}

/**
 * Reads a stored activity from unknown data (JSON, a mapped database row).
 *
 * Never throws for its input: anything that is not a valid stored record is a `validation_failed`
 * error listing every issue with its path (at most `MAX_ISSUES`). Only own properties are read. The
 * result is a new, frozen record; the input is never changed or frozen.
 *
 * @example
 * ```ts
 * declare const text: string;
 * parseActivity(JSON.parse(text)); //=> { ok: true, value } or { ok: false, error }
 * ```
 */
export function parseActivity(input: unknown, ctx?: EntityContext): Result<Activity> {
  return activity.parse(input, ctx);
}

/**
 * Changes an activity through a recipe that edits a draft (immer): the result is re-validated,
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
 * declare const activity: Activity;
 * declare const ctx: EntityContext;
 * const r = updateActivity(activity, (d) => { d.completedAt = new Date('2026-03-02T09:00:00Z'); }, ctx);
 * ```
 */
export function updateActivity(
  entity: Activity,
  recipe: (draft: Activity) => void,
  ctx?: EntityContext,
): Result<Activity> {
  return activity.update(entity, recipe, ctx);
}
