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
 * @example
 * ```ts
 * const r = createUser({ name: 'Sam Seller', email: 'sam@example.com', role: 'sales' }, ctx);
 * ```
 */
export function createUser(input: UserInput, ctx?: EntityContext): Result<User> {
  return user.create(input, ctx);
}

/**
 * Reads a stored user from unknown data (JSON, a mapped database row).
 *
 * @example
 * ```ts
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
 * @example
 * ```ts
 * const r = updateUser(entity, (d) => { d.active = false; }, ctx);
 * ```
 */
export function updateUser(entity: User, recipe: (draft: User) => void, ctx?: EntityContext): Result<User> {
  return user.update(entity, recipe, ctx);
}
