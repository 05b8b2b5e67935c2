/**
 * Lead: a person who may become a customer, before qualification and conversion.
 *
 * @module
 */
import * as z from 'zod';
import type { Result } from '../core/result.js';
import { defineEntity, type EntityContext } from './define.js';
import { LEAD_QUALIFICATIONS, LEAD_STATUSES } from './enums.js';
import {
  countrySchema,
  domainSchema,
  emailSchema,
  instantSchema,
  optionalInstantSchema,
  optionalText,
  phoneSchema,
  refSchema,
  requiredText,
} from './fields.js';

const leadScoreSchema = /* @__PURE__ */ z.strictObject({
  fit: /* @__PURE__ */ z.number().finite(),
  engagement: /* @__PURE__ */ z.number().finite(),
  total: /* @__PURE__ */ z.number().finite(),
  grade: /* @__PURE__ */ z.string().trim().max(8).nullable().default(null),
  scoredAt: instantSchema,
});

const lead = /* @__PURE__ */ defineEntity(
  'lead',
  'Lead',
  {
    firstName: /* @__PURE__ */ optionalText(200),
    lastName: /* @__PURE__ */ requiredText(200),
    email: /* @__PURE__ */ emailSchema.nullable().default(null),
    phone: /* @__PURE__ */ phoneSchema.nullable().default(null),
    company: /* @__PURE__ */ optionalText(300),
    title: /* @__PURE__ */ optionalText(200),
    industry: /* @__PURE__ */ optionalText(200),
    country: countrySchema,
    website: domainSchema,
    source: /* @__PURE__ */ optionalText(200),
    status: /* @__PURE__ */ z.enum(LEAD_STATUSES).default('new'),
    qualification: /* @__PURE__ */ z.enum(LEAD_QUALIFICATIONS).default('none'),
    score: /* @__PURE__ */ leadScoreSchema.nullable().default(null),
    ownerId: /* @__PURE__ */ refSchema('user'),
    convertedAt: optionalInstantSchema,
    convertedContactId: /* @__PURE__ */ refSchema('contact'),
    convertedAccountId: /* @__PURE__ */ refSchema('account'),
    convertedDealId: /* @__PURE__ */ refSchema('deal'),
  },
  (l, issue) => {
    if (l.email === null && l.phone === null)
      issue(['email'], 'A lead needs an email or a phone number to be reachable', 'missing_contact_point');
    if (l.status === 'converted' && (l.convertedAt === null || l.convertedContactId === null)) {
      issue(
        ['status'],
        "A lead with status 'converted' needs convertedAt and convertedContactId (use convertLead)",
        'inconsistent_status',
      );
    }
  },
  {
    phones: (candidate) => [
      { path: ['phone'], value: candidate['phone'], replace: (c, e164) => ({ ...c, phone: e164 }) },
    ],
  },
);

/**
 * The zod schema of a stored Lead — the single source of the {@link Lead} type.
 *
 * @example
 * ```ts
 * declare const json: string;
 * leadSchema.safeParse(JSON.parse(json)).success;
 * ```
 */
export const leadSchema = /* @__PURE__ */ (() => lead.schema)();

/**
 * A lead. Inferred from {@link leadSchema}.
 *
 * @example
 * ```ts
 * const name = (l: Lead) => `${l.firstName ?? ''} ${l.lastName}`.trim();
 * ```
 */
export type Lead = z.output<typeof leadSchema>;

/**
 * The zod schema of the fields {@link createLead} accepts (the entity's own fields, without
 * `id`, timestamps and `version`; unknown keys are refused). Useful to validate a form before creating.
 *
 * @example
 * ```ts
 * declare const formData: unknown;
 * leadInputSchema.safeParse(formData).success;
 * ```
 */
export const leadInputSchema = /* @__PURE__ */ (() => lead.fields)();

/**
 * What {@link createLead} accepts: the lead's own fields (system fields are filled in).
 *
 * @example
 * ```ts
 * const input: LeadInput = { lastName: 'Lovelace', email: 'ada@example.com' };
 * ```
 */
export type LeadInput = z.input<typeof leadInputSchema> & { customFields?: Record<string, unknown> };

/**
 * Creates a lead: validates and normalises `input` (trimmed text, lower-cased email, E.164 phone,
 * upper-case country, website reduced to its host), fills `id`, `createdAt`, `updatedAt` and
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
 * const r = createLead({ firstName: 'Ada', lastName: 'Lovelace', email: ' Ada@Example.com ' }, ctx);
 * if (r.ok) r.value.email; //=> 'ada@example.com'
 * ```
 */
export function createLead(input: LeadInput, ctx?: EntityContext): Result<Lead> {
  return lead.create(input, ctx);
}

/**
 * Reads a stored lead from unknown data (JSON, a database row mapped to fields).
 *
 * Never throws for its input: anything that is not a valid stored record is a `validation_failed`
 * error listing every issue with its path (at most `MAX_ISSUES`). Only own properties are read. The
 * result is a new, frozen record; the input is never changed or frozen.
 *
 * @example
 * ```ts
 * declare const text: string;
 * parseLead(JSON.parse(text)); //=> { ok: true, value: Lead } or { ok: false, error }
 * ```
 */
export function parseLead(input: unknown, ctx?: EntityContext): Result<Lead> {
  return lead.parse(input, ctx);
}

/**
 * Changes a lead through a recipe that edits a draft (immer): the result is re-validated, gets
 * `version + 1` and a new `updatedAt`, and is frozen; the input is untouched.
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
 * declare const l: Lead;
 * const r = updateLead(l, (d) => { d.status = 'contacted'; }, ctx);
 * ```
 */
export function updateLead(entity: Lead, recipe: (draft: Lead) => void, ctx?: EntityContext): Result<Lead> {
  return lead.update(entity, recipe, ctx);
}

/**
 * The field names of a Lead (its own fields, without system fields and custom fields). Frozen.
 *
 * @example
 * ```ts
 * LEAD_FIELDS.includes('email'); //=> true
 * ```
 */
export const LEAD_FIELDS = /* @__PURE__ */ (() =>
  Object.freeze(Object.keys(lead.fields.shape)))() as readonly (keyof typeof lead.fields.shape)[];
