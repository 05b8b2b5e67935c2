/**
 * Account: a company or organisation we sell to or serve.
 *
 * @module
 */
import * as z from 'zod';
import type { Result } from '../core/result.js';
import { defineEntity, type EntityContext } from './define.js';
import { moneySchema } from '../money/schema.js';
import { COMPANY_SIZES } from './enums.js';
import { countrySchema, domainSchema, optionalText, refSchema, requiredText } from './fields.js';

const account = /* @__PURE__ */ defineEntity('account', 'Account', {
  name: /* @__PURE__ */ requiredText(300),
  domain: domainSchema,
  industry: /* @__PURE__ */ optionalText(200),
  size: /* @__PURE__ */ z.enum(COMPANY_SIZES).nullable().default(null),
  country: countrySchema,
  ownerId: /* @__PURE__ */ refSchema('user'),
  annualRevenue: /* @__PURE__ */ moneySchema.nullable().default(null),
});

/**
 * The zod schema of a stored Account — the single source of the {@link Account} type.
 *
 * @example
 * ```ts
 * declare const json: string;
 * accountSchema.safeParse(JSON.parse(json)).success;
 * ```
 */
export const accountSchema = /* @__PURE__ */ (() => account.schema)();

/**
 * An account. Inferred from {@link accountSchema}.
 *
 * @example
 * ```ts
 * const label = (a: Account) => a.domain ?? a.name;
 * ```
 */
export type Account = z.output<typeof accountSchema>;

/**
 * The zod schema of the fields {@link createAccount} accepts (the entity's own fields, without
 * `id`, timestamps and `version`; unknown keys are refused). Useful to validate a form before creating.
 *
 * @example
 * ```ts
 * declare const formData: unknown;
 * accountInputSchema.safeParse(formData).success;
 * ```
 */
export const accountInputSchema = /* @__PURE__ */ (() => account.fields)();

/**
 * What {@link createAccount} accepts: the account's own fields (system fields are filled in).
 *
 * @example
 * ```ts
 * const input: AccountInput = { name: 'Acme GmbH', domain: 'acme.de', country: 'DE' };
 * ```
 */
export type AccountInput = z.input<typeof accountInputSchema> & { customFields?: Record<string, unknown> };

/**
 * Creates an account: validates and normalises `input`, fills `id`, `createdAt`, `updatedAt` and
 * `version: 1` from the context. Returns every issue at once on invalid input. The domain is reduced to its host, the country upper-cased.
 *
 * Never throws for its input: bad data — a value of the wrong type, unknown keys, system fields,
 * an invalid context (unknown keys refused) — is a `validation_failed` error listing every issue
 * with its path (at most `MAX_ISSUES`). Validation is linear in the size of the input. The input is
 * never changed or frozen; the result is a new, frozen record.
 *
 * @example
 * ```ts
 * declare const ctx: EntityContext;
 * const r = createAccount({ name: 'Acme GmbH', domain: 'acme.de', country: 'DE' }, ctx);
 * ```
 */
export function createAccount(input: AccountInput, ctx?: EntityContext): Result<Account> {
  return account.create(input, ctx);
}

/**
 * Reads a stored account from unknown data (JSON, a mapped database row).
 *
 * Never throws for its input: anything that is not a valid stored record is a `validation_failed`
 * error listing every issue with its path (at most `MAX_ISSUES`). Only own properties are read. The
 * result is a new, frozen record; the input is never changed or frozen.
 *
 * @example
 * ```ts
 * declare const text: string;
 * parseAccount(JSON.parse(text)); //=> { ok: true, value } or { ok: false, error }
 * ```
 */
export function parseAccount(input: unknown, ctx?: EntityContext): Result<Account> {
  return account.parse(input, ctx);
}

/**
 * Changes an account through a recipe that edits a draft (immer): the result is re-validated,
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
 * declare const account: Account;
 * declare const ctx: EntityContext;
 * const r = updateAccount(account, (d) => { d.industry = 'Manufacturing'; }, ctx);
 * ```
 */
export function updateAccount(entity: Account, recipe: (draft: Account) => void, ctx?: EntityContext): Result<Account> {
  return account.update(entity, recipe, ctx);
}
