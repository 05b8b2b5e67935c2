/**
 * Team: a group of users, with a manager.
 *
 * @module
 */
import * as z from 'zod';
import type { Result } from '../core/result.js';
import { defineEntity, type EntityContext } from './define.js';
import { idSchema, refSchema, requiredText } from './fields.js';

const team = /* @__PURE__ */ defineEntity(
  'team',
  'Team',
  {
    name: /* @__PURE__ */ requiredText(200),
    memberIds: /* @__PURE__ */ z.array(idSchema('user')).default([]),
    managerId: /* @__PURE__ */ refSchema('user'),
  },
  (t, issue) => {
    if (new Set(t.memberIds).size !== t.memberIds.length) issue(['memberIds'], 'A user is listed twice', 'duplicate');
  },
);

/**
 * The zod schema of a stored Team — the single source of the {@link Team} type.
 *
 * @example
 * ```ts
 * declare const json: string;
 * teamSchema.safeParse(JSON.parse(json)).success;
 * ```
 */
export const teamSchema = /* @__PURE__ */ (() => team.schema)();

/**
 * A team. Inferred from {@link teamSchema}.
 *
 * @example
 * ```ts
 * const size = (t: Team) => t.memberIds.length;
 * ```
 */
export type Team = z.output<typeof teamSchema>;

/**
 * The zod schema of the fields {@link createTeam} accepts (the entity's own fields, without
 * `id`, timestamps and `version`; unknown keys are refused). Useful to validate a form before creating.
 *
 * @example
 * ```ts
 * declare const formData: unknown;
 * teamInputSchema.safeParse(formData).success;
 * ```
 */
export const teamInputSchema = /* @__PURE__ */ (() => team.fields)();

/**
 * What {@link createTeam} accepts: the team's own fields (system fields are filled in).
 *
 * @example
 * ```ts
 * const input: TeamInput = { name: 'EMEA sales', memberIds: ['user-1', 'user-2'] };
 * ```
 */
export type TeamInput = z.input<typeof teamInputSchema> & { customFields?: Record<string, unknown> };

/**
 * Creates a team: validates and normalises `input`, fills `id`, `createdAt`, `updatedAt` and
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
 * const r = createTeam({ name: 'EMEA sales', memberIds: ['user-1', 'user-2'] }, ctx);
 * ```
 */
export function createTeam(input: TeamInput, ctx?: EntityContext): Result<Team> {
  return team.create(input, ctx);
}

/**
 * Reads a stored team from unknown data (JSON, a mapped database row).
 *
 * Never throws for its input: anything that is not a valid stored record is a `validation_failed`
 * error listing every issue with its path (at most `MAX_ISSUES`). Only own properties are read. The
 * result is a new, frozen record; the input is never changed or frozen.
 *
 * @example
 * ```ts
 * declare const text: string;
 * parseTeam(JSON.parse(text)); //=> { ok: true, value } or { ok: false, error }
 * ```
 */
export function parseTeam(input: unknown, ctx?: EntityContext): Result<Team> {
  return team.parse(input, ctx);
}

/**
 * Changes a team through a recipe that edits a draft (immer): the result is re-validated,
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
 * declare const team: Team;
 * const r = updateTeam(team, (d) => { d.managerId = 'user-1' as UserId; }, ctx);
 * ```
 */
export function updateTeam(entity: Team, recipe: (draft: Team) => void, ctx?: EntityContext): Result<Team> {
  return team.update(entity, recipe, ctx);
}
