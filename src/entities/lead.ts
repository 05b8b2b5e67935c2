/**
 * Lead: a person who may become a customer, before qualification and conversion, with the history of
 * its status and the campaign it came from.
 *
 * @module
 */
import * as z from 'zod';
import type { Result } from '../core/result.js';
import { defineEntity, type EntityContext } from './define.js';
import { LEAD_LIFECYCLE_STATES, LEAD_QUALIFICATIONS, LEAD_STATUSES } from './enums.js';
import { firstEntry, historyEntrySchema, historyIssues } from './_history.js';
import { crmIssue } from '../core/issues.js';
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

const statusHistoryEntry = /* @__PURE__ */ historyEntrySchema(LEAD_LIFECYCLE_STATES);

/** The lifecycle state of a status and qualification (`qualified` splits into mql and sql). */
function stateOf(status: unknown, qualification: unknown): unknown {
  return status === 'qualified' ? (qualification === 'sql' ? 'sql' : 'mql') : status;
}

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
    statusHistory: /* @__PURE__ */ z.array(statusHistoryEntry).default([]),
    campaignId: /* @__PURE__ */ refSchema('campaign'),
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
    if (l.status === 'unqualified' && l.qualification === 'sql')
      issue(
        ['qualification'],
        "An 'unqualified' lead cannot be sales-qualified ('sql'); change the status with transitionLeadStatus",
        'inconsistent_status',
      );
    historyIssues(
      l.statusHistory,
      'statusHistory',
      stateOf(l.status, l.qualification) as string,
      l.createdAt,
      'lead',
      'transitionLeadStatus',
      issue,
    );
  },
  {
    // A new lead enters its first state when it is created, so time in each state counts from the start.
    onCreate: (candidate, actor) => {
      const history = candidate['statusHistory'];
      if (history !== undefined && !(Array.isArray(history) && history.length === 0)) return candidate;
      const status = candidate['status'] ?? 'new';
      const qualification = candidate['qualification'] ?? 'none';
      // Invalid values are reported once, at their own paths, not again in a history made from them.
      if (!(LEAD_STATUSES as readonly unknown[]).includes(status)) return candidate;
      if (!(LEAD_QUALIFICATIONS as readonly unknown[]).includes(qualification)) return candidate;
      return {
        ...candidate,
        statusHistory: [firstEntry(stateOf(status, qualification), candidate['createdAt'], actor)],
      };
    },
    // A lead stored before histories existed has none: its status still changes only through
    // transitionLeadStatus (or convertLead), which starts the history.
    onUpdate: (before, after) => {
      const h = after['statusHistory'];
      if (
        stateOf(before['status'], before['qualification']) === stateOf(after['status'], after['qualification']) ||
        (Array.isArray(h) && h.length > 0)
      )
        return [];
      return [
        crmIssue.of(
          'inconsistent_history',
          ['status'],
          'The status and qualification change only with their history: use transitionLeadStatus (or convertLead)',
        ),
      ];
    },
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
 * `version: 1` from the context. Returns every issue at once on invalid input. When no history is
 * given, `statusHistory` starts with an entry into the lead's lifecycle state (its status, or `mql` /
 * `sql` for a qualified lead) at creation time. An `unqualified` lead cannot be `sql`.
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
 * `version + 1` and a new `updatedAt`, and is frozen; the input is untouched. The status and
 * qualification are not changed here: a recipe that changes the lead's lifecycle state alone is
 * refused with an `inconsistent_history` issue naming `transitionLeadStatus` (`crmkit/pipeline`),
 * which checks the move against the lead lifecycle and records it (`convertLead` converts).
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
 * const r = updateLead(l, (d) => { d.company = 'Analytical Engines Ltd'; }, ctx);
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
