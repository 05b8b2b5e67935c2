/**
 * User: a member of the team who owns records and acts on them.
 *
 * @module
 */
import * as z from 'zod';
import type { Result } from '../core/result.js';
import { defineEntity, type EntityContext } from './define.js';
import { USER_ROLES } from './enums.js';
import { emailSchema, idSchema, requiredText } from './fields.js';

const user = /* @__PURE__ */ defineEntity('user', 'User', {
  name: /* @__PURE__ */ requiredText(200),
  email: emailSchema,
  role: /* @__PURE__ */ z.enum(USER_ROLES).default('sales'),
  teamIds: /* @__PURE__ */ z.array(idSchema('team')).default([]),
  active: /* @__PURE__ */ z.boolean().default(true),
  timeZone: /* @__PURE__ */ requiredText(64).default('UTC'),
});

/**
 * The zod schema of a stored User — the single source of the {@link User} type.
 *
 * @example
 * ```ts
 * declare const json: string;
 * userSchema.safeParse(JSON.parse(json)).success;
 * ```
 */
export const userSchema = /* @__PURE__ */ (() => user.schema)();

/**
 * A user. Inferred from {@link userSchema}.
 *
 * @example
 * ```ts
 * const canSell = (u: User) => u.active && (u.role === 'sales' || u.role === 'manager');
 * ```
 */
export type User = z.output<typeof userSchema>;

/**
 * The zod schema of the fields {@link createUser} accepts (the entity's own fields, without
 * `id`, timestamps and `version`; unknown keys are refused). Useful to validate a form before creating.
 *
 * @example
 * ```ts
 * declare const formData: unknown;
 * userInputSchema.safeParse(formData).success;
 * ```
 */
export const userInputSchema = /* @__PURE__ */ (() => user.fields)();

/**
 * What {@link createUser} accepts: the user's own fields (system fields are filled in).
 *
 * @example
 * ```ts
 * const input: UserInput = { name: 'Sam Seller', email: 'sam@example.com', role: 'sales' };
 * ```
 */
export type UserInput = z.input<typeof userInputSchema> & { customFields?: Record<string, unknown> };

/**
 * Creates a user: validates and normalises `input`, fills `id`, `createdAt`, `updatedAt` and
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
 * const r = createUser({ name: 'Sam Seller', email: 'sam@example.com', role: 'sales' }, ctx);
 * ```
 */
export function createUser(input: UserInput, ctx?: EntityContext): Result<User> {
  return user.create(input, ctx);
}

/**
 * Reads a stored user from unknown data (JSON, a mapped database row).
 *
 * Never throws for its input: anything that is not a valid stored record is a `validation_failed`
 * error listing every issue with its path (at most `MAX_ISSUES`). Only own properties are read. The
 * result is a new, frozen record; the input is never changed or frozen.
 *
 * @example
 * ```ts
 * declare const text: string;
 * parseUser(JSON.parse(text)); //=> { ok: true, value } or { ok: false, error }
 * ```
 */
export function parseUser(input: unknown, ctx?: EntityContext): Result<User> {
  return user.parse(input, ctx);
}

/**
 * Changes a user through a recipe that edits a draft (immer): the result is re-validated,
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
 * declare const user: User;
 * const r = updateUser(user, (d) => { d.active = false; }, ctx);
 * ```
 */
export function updateUser(entity: User, recipe: (draft: User) => void, ctx?: EntityContext): Result<User> {
  return user.update(entity, recipe, ctx);
}
