/**
 * Campaign: a marketing effort on a channel, with a budget and a period.
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
    period: /* @__PURE__ */ z.strictObject({ start: instantSchema, end: instantSchema }).nullable().default(null),
    source: /* @__PURE__ */ optionalText(200),
    ownerId: /* @__PURE__ */ refSchema('user'),
  },
  (c, issue) => {
    if (c.period !== null && c.period.end.getTime() < c.period.start.getTime())
      issue(['period', 'end'], 'The period ends before it starts', 'invalid_period');
    if (c.budget !== null && c.budget.amount.startsWith('-'))
      issue(['budget', 'amount'], 'A budget must not be negative', 'too_small');
  },
);

/**
 * The zod schema of a stored Campaign — the single source of the {@link Campaign} type.
 *
 * @example
 * ```ts
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
 * `version: 1` from the context. Returns every issue at once on invalid input.
 *
 * @example
 * ```ts
 * const r = createCampaign({ name: 'Spring webinar', channel: 'email', budget: { amount: '5000.00', currency: 'USD' } }, ctx);
 * ```
 */
export function createCampaign(input: CampaignInput, ctx?: EntityContext): Result<Campaign> {
  return campaign.create(input, ctx);
}

/**
 * Reads a stored campaign from unknown data (JSON, a mapped database row).
 *
 * @example
 * ```ts
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
 * @example
 * ```ts
 * const r = updateCampaign(entity, (d) => { d.status = 'active'; }, ctx);
 * ```
 */
export function updateCampaign(
  entity: Campaign,
  recipe: (draft: Campaign) => void,
  ctx?: EntityContext,
): Result<Campaign> {
  return campaign.update(entity, recipe, ctx);
}
