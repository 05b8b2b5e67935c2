/**
 * Referral: a contact (the referrer) brought in a lead; the status follows the lead to a customer and
 * the referrer to a reward.
 *
 * @module
 */
import * as z from 'zod';
import type { Result } from '../core/result.js';
import { defineEntity, type EntityContext } from './define.js';
import { REFERRAL_STATUSES } from './enums.js';
import { idSchema, instantSchema, optionalInstantSchema, optionalText } from './fields.js';

const referral = /* @__PURE__ */ defineEntity(
  'referral',
  'Referral',
  {
    referrerContactId: /* @__PURE__ */ idSchema('contact'),
    referredLeadId: /* @__PURE__ */ idSchema('lead'),
    status: /* @__PURE__ */ z.enum(REFERRAL_STATUSES).default('pending'),
    rewardId: /* @__PURE__ */ optionalText(200),
    code: /* @__PURE__ */ optionalText(100),
    referredAt: instantSchema,
    convertedAt: optionalInstantSchema,
  },
  (r, issue) => {
    const converted = r.status === 'converted' || r.status === 'rewarded';
    if (converted && r.convertedAt === null)
      issue(['convertedAt'], `A ${r.status} referral has the time its lead converted`, 'inconsistent_status');
    if (!converted && r.convertedAt !== null)
      issue(
        ['status'],
        `A referral whose lead converted is converted or rewarded, not ${r.status}`,
        'inconsistent_status',
      );
    if (r.status === 'rewarded' && r.rewardId === null)
      issue(['rewardId'], 'A rewarded referral names its reward', 'inconsistent_status');
    if (r.convertedAt !== null && r.convertedAt.getTime() < r.referredAt.getTime())
      issue(['convertedAt'], 'The lead converted before it was referred', 'out_of_order');
  },
);

/**
 * The zod schema of a stored Referral — the single source of the {@link Referral} type.
 *
 * @example
 * ```ts
 * declare const json: string;
 * referralSchema.safeParse(JSON.parse(json)).success;
 * ```
 */
export const referralSchema = /* @__PURE__ */ (() => referral.schema)();

/**
 * A referral. Inferred from {@link referralSchema}.
 *
 * @example
 * ```ts
 * const converted = (r: Referral) => r.status === 'converted' || r.status === 'rewarded';
 * ```
 */
export type Referral = z.output<typeof referralSchema>;

/**
 * The zod schema of the fields {@link createReferral} accepts (without `id`, timestamps and `version`;
 * unknown keys are refused).
 *
 * @example
 * ```ts
 * declare const formData: unknown;
 * referralInputSchema.safeParse(formData).success;
 * ```
 */
export const referralInputSchema = /* @__PURE__ */ (() => referral.fields)();

/**
 * What {@link createReferral} accepts: the referral's own fields (system fields are filled in).
 *
 * @example
 * ```ts
 * const input: ReferralInput = { referrerContactId: 'c1', referredLeadId: 'l9', referredAt: '2026-04-02T09:00:00Z' };
 * ```
 */
export type ReferralInput = z.input<typeof referralInputSchema> & { customFields?: Record<string, unknown> };

/**
 * Creates a referral: validates and normalises `input`, fills `id`, `createdAt`, `updatedAt` and
 * `version: 1` from the context. Cross-field rules (`inconsistent_status`): a `converted` or `rewarded`
 * referral has `convertedAt` and no other status has one; a `rewarded` one names its `rewardId`;
 * `convertedAt` is not before `referredAt` (`out_of_order`).
 *
 * Never throws for its input: bad data is a `validation_failed` error listing every issue with its
 * path (at most `MAX_ISSUES`). The input is never changed or frozen; the result is a new, frozen record.
 *
 * @example
 * ```ts
 * declare const ctx: EntityContext;
 * const r = createReferral({ referrerContactId: 'c1', referredLeadId: 'l9', referredAt: '2026-04-02T09:00:00Z' }, ctx);
 * if (r.ok) r.value.status; //=> 'pending'
 * ```
 */
export function createReferral(input: ReferralInput, ctx?: EntityContext): Result<Referral> {
  return referral.create(input, ctx);
}

/**
 * Reads a stored referral from unknown data (JSON, a mapped database row).
 *
 * Never throws for its input: anything that is not a valid stored record is a `validation_failed`
 * error listing every issue with its path (at most `MAX_ISSUES`). Only own properties are read. The
 * result is a new, frozen record; the input is never changed or frozen.
 *
 * @example
 * ```ts
 * declare const text: string;
 * parseReferral(JSON.parse(text)); //=> { ok: true, value } or { ok: false, error }
 * ```
 */
export function parseReferral(input: unknown, ctx?: EntityContext): Result<Referral> {
  return referral.parse(input, ctx);
}

/**
 * Changes a referral through a recipe that edits a draft (immer), e.g. to mark it converted: the
 * result is re-validated, gets `version + 1` and a new `updatedAt`, and is frozen; the input is untouched.
 *
 * Bad data is a `validation_failed` error, never a throw: a record that is not an object, a recipe
 * that is not a function or returns a value, a change that makes the record invalid or touches `id`,
 * `createdAt` or `version`.
 *
 * @throws whatever the recipe itself throws (the caller's own error, unchanged).
 *
 * @example
 * ```ts
 * declare const referral: Referral;
 * declare const ctx: EntityContext;
 * const r = updateReferral(referral, (d) => { d.status = 'converted'; d.convertedAt = new Date('2026-05-01T00:00:00Z'); }, ctx);
 * ```
 */
export function updateReferral(
  entity: Referral,
  recipe: (draft: Referral) => void,
  ctx?: EntityContext,
): Result<Referral> {
  return referral.update(entity, recipe, ctx);
}
