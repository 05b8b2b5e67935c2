/**
 * CampaignMember: a lead or a contact a campaign reached, with how far they went (targeted … converted,
 * or opted out or bounced), the A/B variant they got, and when their status was last set.
 *
 * @module
 */
import * as z from 'zod';
import type { Result } from '../core/result.js';
import { defineEntity, type EntityContext } from './define.js';
import { CAMPAIGN_MEMBER_STATUSES } from './enums.js';
import { idSchema, instantSchema, optionalText, refSchema } from './fields.js';

const campaignMember = /* @__PURE__ */ defineEntity(
  'campaignMember',
  'CampaignMember',
  {
    campaignId: /* @__PURE__ */ idSchema('campaign'),
    leadId: /* @__PURE__ */ refSchema('lead'),
    contactId: /* @__PURE__ */ refSchema('contact'),
    status: /* @__PURE__ */ z.enum(CAMPAIGN_MEMBER_STATUSES).default('targeted'),
    variant: /* @__PURE__ */ optionalText(100),
    at: instantSchema,
  },
  (m, issue) => {
    if ((m.leadId === null) === (m.contactId === null))
      issue(
        ['leadId'],
        m.leadId === null
          ? 'A campaign member is a lead or a contact: set leadId or contactId'
          : 'A campaign member is a lead or a contact, not both: set leadId or contactId',
        'invalid_union',
      );
  },
);

/**
 * The zod schema of a stored CampaignMember — the single source of the {@link CampaignMember} type.
 *
 * @example
 * ```ts
 * declare const json: string;
 * campaignMemberSchema.safeParse(JSON.parse(json)).success;
 * ```
 */
export const campaignMemberSchema = /* @__PURE__ */ (() => campaignMember.schema)();

/**
 * A member of a campaign. Inferred from {@link campaignMemberSchema}.
 *
 * @example
 * ```ts
 * const engaged = (m: CampaignMember) => m.status === 'clicked' || m.status === 'responded';
 * ```
 */
export type CampaignMember = z.output<typeof campaignMemberSchema>;

/**
 * The zod schema of the fields {@link createCampaignMember} accepts (the entity's own fields, without
 * `id`, timestamps and `version`; unknown keys are refused).
 *
 * @example
 * ```ts
 * declare const formData: unknown;
 * campaignMemberInputSchema.safeParse(formData).success;
 * ```
 */
export const campaignMemberInputSchema = /* @__PURE__ */ (() => campaignMember.fields)();

/**
 * What {@link createCampaignMember} accepts: the member's own fields (system fields are filled in).
 *
 * @example
 * ```ts
 * const input: CampaignMemberInput = { campaignId: 'cmp-1', leadId: 'lead-1', status: 'sent', variant: 'A', at: '2026-03-02T09:00:00Z' };
 * ```
 */
export type CampaignMemberInput = z.input<typeof campaignMemberInputSchema> & {
  customFields?: Record<string, unknown>;
};

/**
 * Creates a campaign member: validates and normalises `input`, fills `id`, `createdAt`, `updatedAt`
 * and `version: 1` from the context. A member is a lead or a contact (exactly one of `leadId` and
 * `contactId`); `status` defaults to `targeted`; `at` is when the status was set. Returns every issue
 * at once on invalid input. That the campaign exists is checked where members meet their campaign
 * (`campaignPerformance` in `crmkit/campaigns`).
 *
 * Never throws for its input: bad data — a value of the wrong type, unknown keys, system fields,
 * an invalid context (unknown keys refused) — is a `validation_failed` error listing every issue
 * with its path (at most `MAX_ISSUES`). The input is never changed or frozen; the result is a new,
 * frozen record.
 *
 * @example
 * ```ts
 * declare const ctx: EntityContext;
 * const r = createCampaignMember({ campaignId: 'cmp-1', leadId: 'lead-1', status: 'delivered', at: '2026-03-02T09:00:00Z' }, ctx);
 * if (r.ok) r.value.variant; //=> null
 * ```
 */
export function createCampaignMember(input: CampaignMemberInput, ctx?: EntityContext): Result<CampaignMember> {
  return campaignMember.create(input, ctx);
}

/**
 * Reads a stored campaign member from unknown data (JSON, a mapped database row).
 *
 * Never throws for its input: anything that is not a valid stored record is a `validation_failed`
 * error listing every issue with its path (at most `MAX_ISSUES`). Only own properties are read. The
 * result is a new, frozen record; the input is never changed or frozen.
 *
 * @example
 * ```ts
 * declare const text: string;
 * parseCampaignMember(JSON.parse(text)); //=> { ok: true, value } or { ok: false, error }
 * ```
 */
export function parseCampaignMember(input: unknown, ctx?: EntityContext): Result<CampaignMember> {
  return campaignMember.parse(input, ctx);
}

/**
 * Changes a campaign member through a recipe that edits a draft (immer): the result is
 * re-validated, gets `version + 1` and a new `updatedAt`, and is frozen; the input is untouched.
 *
 * Bad data is a `validation_failed` error, never a throw: a record that is not an object, a recipe
 * that is not a function or returns a value, a change that makes the record invalid or touches `id`,
 * `createdAt` or `version`. The caller's record is never changed or frozen.
 *
 * @throws whatever the recipe itself throws (the caller's own error, unchanged).
 *
 * @example
 * ```ts
 * declare const member: CampaignMember;
 * declare const ctx: EntityContext;
 * const r = updateCampaignMember(member, (d) => { d.status = 'opened'; d.at = new Date('2026-03-03T10:00:00Z'); }, ctx);
 * ```
 */
export function updateCampaignMember(
  entity: CampaignMember,
  recipe: (draft: CampaignMember) => void,
  ctx?: EntityContext,
): Result<CampaignMember> {
  return campaignMember.update(entity, recipe, ctx);
}
