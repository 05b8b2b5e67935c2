/**
 * Campaign: a marketing effort on a channel, with a budget, its actual cost and a period.
 *
 * @module
 */
import * as z from 'zod';
import type { Result } from '../core/result.js';
import { defineEntity, type EntityContext } from './define.js';
import { moneySchema } from '../money/schema.js';
import { CAMPAIGN_STATUSES, CHANNELS } from './enums.js';
import { instantSchema, optionalText, refSchema, requiredText } from './fields.js';

const campaign = /* @__PURE__ */ defineEntity(
  'campaign',
  'Campaign',
  {
    name: /* @__PURE__ */ requiredText(300),
    channel: /* @__PURE__ */ z.enum(CHANNELS),
    status: /* @__PURE__ */ z.enum(CAMPAIGN_STATUSES).default('draft'),
    budget: /* @__PURE__ */ moneySchema.nullable().default(null),
    actualCost: /* @__PURE__ */ moneySchema.nullable().default(null),
    period: /* @__PURE__ */ z.strictObject({ start: instantSchema, end: instantSchema }).nullable().default(null),
    source: /* @__PURE__ */ optionalText(200),
    ownerId: /* @__PURE__ */ refSchema('user'),
  },
  (c, issue) => {
    if (c.period !== null && c.period.end.getTime() < c.period.start.getTime())
      issue(['period', 'end'], 'The period ends before it starts', 'invalid_period');
    if (c.budget !== null && c.budget.amount.startsWith('-'))
      issue(['budget', 'amount'], 'A budget must not be negative', 'too_small');
    if (c.actualCost !== null && c.actualCost.amount.startsWith('-'))
      issue(['actualCost', 'amount'], 'An actual cost must not be negative', 'too_small');
  },
);

/**
 * The zod schema of a stored Campaign — the single source of the {@link Campaign} type.
 *
 * @example
 * ```ts
 * declare const json: string;
 * campaignSchema.safeParse(JSON.parse(json)).success;
 * ```
 */
export const campaignSchema = /* @__PURE__ */ (() => campaign.schema)();

/**
 * A campaign. Inferred from {@link campaignSchema}.
 *
 * @example
 * ```ts
 * const spendable = (c: Campaign) => c.status === 'active' && c.budget !== null;
 * ```
 */
export type Campaign = z.output<typeof campaignSchema>;

/**
 * The zod schema of the fields {@link createCampaign} accepts (the entity's own fields, without
 * `id`, timestamps and `version`; unknown keys are refused). Useful to validate a form before creating.
 *
 * @example
 * ```ts
 * declare const formData: unknown;
 * campaignInputSchema.safeParse(formData).success;
 * ```
 */
export const campaignInputSchema = /* @__PURE__ */ (() => campaign.fields)();

/**
 * What {@link createCampaign} accepts: the campaign's own fields (system fields are filled in).
 *
 * @example
 * ```ts
 * const input: CampaignInput = { name: 'Spring webinar', channel: 'email', budget: { amount: '5000.00', currency: 'USD' } };
 * ```
 */
export type CampaignInput = z.input<typeof campaignInputSchema> & { customFields?: Record<string, unknown> };

/**
 * Creates a campaign: validates and normalises `input`, fills `id`, `createdAt`, `updatedAt` and
 * `version: 1` from the context. Returns every issue at once on invalid input. `budget` is what was
 * planned, `actualCost` what was spent (the cost `campaignPerformance` divides by); neither may be
 * negative.
 *
 * Never throws for its input: bad data — a value of the wrong type, unknown keys, system fields,
 * an invalid context (unknown keys refused) — is a `validation_failed` error listing every issue
 * with its path (at most `MAX_ISSUES`). Validation is linear in the size of the input. The input is
 * never changed or frozen; the result is a new, frozen record.
 *
 * @example
 * ```ts
 * declare const ctx: EntityContext;
 * const r = createCampaign({ name: 'Spring webinar', channel: 'email', budget: { amount: '5000.00', currency: 'USD' } }, ctx);
 * ```
 */
export function createCampaign(input: CampaignInput, ctx?: EntityContext): Result<Campaign> {
  return campaign.create(input, ctx);
}

/**
 * Reads a stored campaign from unknown data (JSON, a mapped database row).
 *
 * Never throws for its input: anything that is not a valid stored record is a `validation_failed`
 * error listing every issue with its path (at most `MAX_ISSUES`). Only own properties are read. The
 * result is a new, frozen record; the input is never changed or frozen.
 *
 * @example
 * ```ts
 * declare const text: string;
 * parseCampaign(JSON.parse(text)); //=> { ok: true, value } or { ok: false, error }
 * ```
 */
export function parseCampaign(input: unknown, ctx?: EntityContext): Result<Campaign> {
  return campaign.parse(input, ctx);
}

/**
 * Changes a campaign through a recipe that edits a draft (immer): the result is re-validated,
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
 * declare const campaign: Campaign;
 * declare const ctx: EntityContext;
 * const r = updateCampaign(campaign, (d) => { d.status = 'active'; }, ctx);
 * ```
 */
export function updateCampaign(
  entity: Campaign,
  recipe: (draft: Campaign) => void,
  ctx?: EntityContext,
): Result<Campaign> {
  return campaign.update(entity, recipe, ctx);
}
