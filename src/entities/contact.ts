/**
 * Contact: a person at an account (or on their own), with emails, phones, consents, and the
 * customer-lifecycle stage with its history.
 *
 * @module
 */
import * as z from 'zod';
import type { Result } from '../core/result.js';
import { defineEntity, type EntityContext, type PhoneSlot } from './define.js';
import { CHANNELS, LIFECYCLE_STAGES } from './enums.js';
import { emailSchema, instantSchema, optionalText, phoneSchema, refSchema, requiredText } from './fields.js';
import { firstEntry, historyEntrySchema, historyIssues } from './_history.js';
import { crmIssue } from '../core/issues.js';

const lifecycleHistoryEntry = /* @__PURE__ */ historyEntrySchema(LIFECYCLE_STAGES);

const contact = /* @__PURE__ */ defineEntity(
  'contact',
  'Contact',
  {
    firstName: /* @__PURE__ */ optionalText(200),
    lastName: /* @__PURE__ */ requiredText(200),
    title: /* @__PURE__ */ optionalText(200),
    emails: /* @__PURE__ */ z
      .array(z.strictObject({ address: emailSchema, label: optionalText(50), primary: z.boolean().default(false) }))
      .max(50)
      .default([]),
    phones: /* @__PURE__ */ z
      .array(z.strictObject({ number: phoneSchema, label: optionalText(50) }))
      .max(50)
      .default([]),
    accountId: /* @__PURE__ */ refSchema('account'),
    lifecycleStage: /* @__PURE__ */ z.enum(LIFECYCLE_STAGES).default('awareness'),
    lifecycleHistory: /* @__PURE__ */ z.array(lifecycleHistoryEntry).default([]),
    consents: /* @__PURE__ */ z
      .array(
        z.strictObject({
          channel: z.enum(CHANNELS),
          granted: z.boolean(),
          at: instantSchema,
          source: requiredText(200),
        }),
      )
      .default([]),
    ownerId: /* @__PURE__ */ refSchema('user'),
  },
  (c, issue) => {
    if (c.emails.filter((e) => e.primary).length > 1)
      issue(['emails'], 'At most one email can be primary', 'multiple_primary');
    const seen = new Set<string>();
    c.emails.forEach((e, i) => {
      if (seen.has(e.address)) issue(['emails', i, 'address'], `Email ${e.address} is listed twice`, 'duplicate');
      seen.add(e.address);
    });
    historyIssues(
      c.lifecycleHistory,
      'lifecycleHistory',
      c.lifecycleStage,
      c.createdAt,
      'contact',
      'transitionContactLifecycle',
      issue,
    );
  },
  {
    // A new contact enters its first stage when it is created, so time in stage counts from the start.
    onCreate: (candidate, actor) => {
      const history = candidate['lifecycleHistory'];
      if (history !== undefined && !(Array.isArray(history) && history.length === 0)) return candidate;
      const stage = candidate['lifecycleStage'] ?? 'awareness';
      // An invalid stage is reported once, at `lifecycleStage`, not again in a history made from it.
      if (!(LIFECYCLE_STAGES as readonly unknown[]).includes(stage)) return candidate;
      return { ...candidate, lifecycleHistory: [firstEntry(stage, candidate['createdAt'], actor)] };
    },
    // A contact stored before histories existed has none: its stage still changes only through
    // transitionContactLifecycle, which starts the history.
    onUpdate: (before, after) => {
      const h = after['lifecycleHistory'];
      if (before['lifecycleStage'] === after['lifecycleStage'] || (Array.isArray(h) && h.length > 0)) return [];
      return [
        crmIssue.of(
          'inconsistent_history',
          ['lifecycleStage'],
          'The lifecycle stage changes only with its history: use transitionContactLifecycle',
        ),
      ];
    },
    phones: contactPhones,
  },
);

/** The numbers of a contact's `phones`, each put back on a copy of the list (the input is never changed). */
function contactPhones(candidate: Record<string, unknown>): PhoneSlot[] {
  const phones = candidate['phones'];
  if (!Array.isArray(phones) || phones.length > 50) return [];
  const slots: PhoneSlot[] = [];
  phones.forEach((p: unknown, i) => {
    if (p === null || typeof p !== 'object' || Array.isArray(p)) return;
    slots.push({
      path: ['phones', i, 'number'],
      value: (p as Record<string, unknown>)['number'],
      replace: (c, e164) => {
        const list = [...(c['phones'] as unknown[])];
        list[i] = { ...(list[i] as Record<string, unknown>), number: e164 };
        return { ...c, phones: list };
      },
    });
  });
  return slots;
}

/**
 * The zod schema of a stored Contact — the single source of the {@link Contact} type.
 *
 * @example
 * ```ts
 * declare const json: string;
 * contactSchema.safeParse(JSON.parse(json)).success;
 * ```
 */
export const contactSchema = /* @__PURE__ */ (() => contact.schema)();

/**
 * A contact. Inferred from {@link contactSchema}.
 *
 * @example
 * ```ts
 * const primaryEmail = (c: Contact) => c.emails.find((e) => e.primary)?.address ?? c.emails[0]?.address;
 * ```
 */
export type Contact = z.output<typeof contactSchema>;

/**
 * The zod schema of the fields {@link createContact} accepts (the entity's own fields, without
 * `id`, timestamps and `version`; unknown keys are refused). Useful to validate a form before creating.
 *
 * @example
 * ```ts
 * declare const formData: unknown;
 * contactInputSchema.safeParse(formData).success;
 * ```
 */
export const contactInputSchema = /* @__PURE__ */ (() => contact.fields)();

/**
 * What {@link createContact} accepts: the contact's own fields (system fields are filled in).
 *
 * @example
 * ```ts
 * const input: ContactInput = { lastName: 'Hopper', emails: [{ address: 'grace@navy.mil', primary: true }] };
 * ```
 */
export type ContactInput = z.input<typeof contactInputSchema> & { customFields?: Record<string, unknown> };

/**
 * Creates a contact: validates and normalises `input`, fills `id`, `createdAt`, `updatedAt` and
 * `version: 1` from the context. Returns every issue at once on invalid input. Emails are lower-cased, phones brought to E.164; consents record channel, decision, time and source. When no history is given, `lifecycleHistory` starts with an entry into the initial stage at creation time.
 *
 * Never throws for its input: bad data — a value of the wrong type, unknown keys, system fields,
 * an invalid context (unknown keys refused) — is a `validation_failed` error listing every issue
 * with its path (at most `MAX_ISSUES`). Validation is linear in the size of the input. The input is
 * never changed or frozen; the result is a new, frozen record.
 *
 * @example
 * ```ts
 * declare const ctx: EntityContext;
 * const r = createContact({ lastName: 'Hopper', emails: [{ address: 'grace@navy.mil', primary: true }] }, ctx);
 * ```
 */
export function createContact(input: ContactInput, ctx?: EntityContext): Result<Contact> {
  return contact.create(input, ctx);
}

/**
 * Reads a stored contact from unknown data (JSON, a mapped database row).
 *
 * Never throws for its input: anything that is not a valid stored record is a `validation_failed`
 * error listing every issue with its path (at most `MAX_ISSUES`). Only own properties are read. The
 * result is a new, frozen record; the input is never changed or frozen.
 *
 * @example
 * ```ts
 * declare const text: string;
 * parseContact(JSON.parse(text)); //=> { ok: true, value } or { ok: false, error }
 * ```
 */
export function parseContact(input: unknown, ctx?: EntityContext): Result<Contact> {
  return contact.parse(input, ctx);
}

/**
 * Changes a contact through a recipe that edits a draft (immer): the result is re-validated,
 * gets `version + 1` and a new `updatedAt`, and is frozen; the input is untouched. The lifecycle
 * stage is not changed here: a recipe that sets `lifecycleStage` alone is refused with an
 * `inconsistent_history` issue naming `transitionContactLifecycle` (`crmkit/pipeline`), which
 * checks the move against the customer lifecycle and records it.
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
 * declare const contact: Contact;
 * declare const ctx: EntityContext;
 * const r = updateContact(contact, (d) => { d.title = 'CTO'; }, ctx);
 * ```
 */
export function updateContact(entity: Contact, recipe: (draft: Contact) => void, ctx?: EntityContext): Result<Contact> {
  return contact.update(entity, recipe, ctx);
}
