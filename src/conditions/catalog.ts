/**
 * Field catalogs: which fields a condition may name on a kind of record, and the type that decides how
 * each is compared. Every entity kind has one ({@link ENTITY_FIELDS}); a host describes its own records
 * with {@link defineFieldCatalog}.
 *
 * @module
 */
import { ENTITY_KINDS, type EntityKind } from '../core/ids.js';
// The enumerations are plain constant lists (entities/enums.ts imports nothing), so reading them here keeps
// the module graph acyclic although conditions sit below entities.
import {
  ACTIVITY_DIRECTIONS,
  ACTIVITY_KINDS,
  CAMPAIGN_STATUSES,
  CAMPAIGN_MEMBER_STATUSES,
  CHANNELS,
  COMPANY_SIZES,
  LEAD_QUALIFICATIONS,
  LEAD_STATUSES,
  LIFECYCLE_STAGES,
  SUBSCRIPTION_STATUSES,
  SURVEY_KINDS,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  TICKET_TYPES,
  USER_ROLES,
  LOYALTY_TRANSACTION_KINDS,
  REFERRAL_STATUSES,
} from '../entities/enums.js';
import type { CrmIssue } from '../core/errors.js';
import { checkOptionKeys, crmIssue, invalidInput } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { quoteValue } from '../_lib/show.js';

/**
 * How a field is compared:
 * - `text`: strings (and enumerations), ordered by Unicode code point (as PostgreSQL's `COLLATE "C"`);
 * - `number`: finite numbers;
 * - `boolean`: `true` / `false`;
 * - `date`: instants (a `Date`, or an ISO 8601 string in a host's records), compared by time;
 * - `money`: `{ amount, currency }`, compared by the decimal amount (and the currency, when the value
 *   given is Money);
 * - `list`: an array of strings (`User.teamIds`, `Team.memberIds`): `contains` tests membership;
 * - `json`: other structured values (arrays of objects, nested objects): only `isNull`.
 *
 * @example
 * ```ts
 * const t: FieldType | undefined = ENTITY_FIELDS.deal['amount']; //=> 'money'
 * ```
 */
export type FieldType = 'text' | 'number' | 'boolean' | 'date' | 'money' | 'list' | 'json';

/**
 * The type of a field a condition names: a catalog type, or `custom` for `customFields.<key>`, whose
 * values are typed by what they hold at run time (string, number, boolean, or a list of them).
 *
 * @example
 * ```ts
 * const t: ResolvedFieldType = 'custom';
 * ```
 */
export type ResolvedFieldType = FieldType | 'custom';

/**
 * The fields of one kind of record. `customFields: true` allows `customFields.<key>` names (the record
 * keeps them in a `customFields` object).
 *
 * @example
 * ```ts
 * const c: FieldCatalog = { name: 'order', fields: { total: 'money', placedAt: 'date' }, customFields: false };
 * ```
 */
export interface FieldCatalog {
  /** A name for messages (`deal`, `order`, …). */
  readonly name: string;
  /** Field name → type. Names are top-level keys of the record, or dotted paths into nested objects. */
  readonly fields: Readonly<Record<string, FieldType>>;
  /** Whether `customFields.<key>` names are allowed. */
  readonly customFields: boolean;
  /** For enumerated text fields, the values they take: `eq`, `neq`, `in` and `notIn` values are checked against them. */
  readonly values?: Readonly<Record<string, readonly string[]>>;
}

const SYSTEM = { id: 'text', createdAt: 'date', updatedAt: 'date', version: 'number' } as const;

/**
 * Every top-level field of every entity kind (system fields included, `customFields` excluded:
 * custom fields are named `customFields.<key>` and typed by their value), with its {@link FieldType}.
 *
 * @example
 * ```ts
 * ENTITY_FIELDS.deal.expectedCloseDate; //=> 'date'
 * ```
 */
export const ENTITY_FIELDS: Readonly<Record<EntityKind, Readonly<Record<string, FieldType>>>> = /* @__PURE__ */ (() =>
  Object.freeze({
    account: /* @__PURE__ */ Object.freeze({
      ...SYSTEM,
      name: 'text',
      domain: 'text',
      industry: 'text',
      size: 'text',
      country: 'text',
      ownerId: 'text',
      annualRevenue: 'money',
    }),
    contact: /* @__PURE__ */ Object.freeze({
      ...SYSTEM,
      firstName: 'text',
      lastName: 'text',
      title: 'text',
      emails: 'json',
      phones: 'json',
      accountId: 'text',
      lifecycleStage: 'text',
      lifecycleHistory: 'json',
      consents: 'json',
      ownerId: 'text',
    }),
    lead: /* @__PURE__ */ Object.freeze({
      ...SYSTEM,
      firstName: 'text',
      lastName: 'text',
      email: 'text',
      phone: 'text',
      company: 'text',
      title: 'text',
      industry: 'text',
      country: 'text',
      website: 'text',
      source: 'text',
      status: 'text',
      qualification: 'text',
      statusHistory: 'json',
      campaignId: 'text',
      score: 'json',
      ownerId: 'text',
      convertedAt: 'date',
      convertedContactId: 'text',
      convertedAccountId: 'text',
      convertedDealId: 'text',
    }),
    deal: /* @__PURE__ */ Object.freeze({
      ...SYSTEM,
      name: 'text',
      accountId: 'text',
      contactId: 'text',
      pipelineId: 'text',
      stageId: 'text',
      amount: 'money',
      expectedCloseDate: 'date',
      probability: 'json',
      stageHistory: 'json',
      closedAt: 'date',
      lostReason: 'text',
      ownerId: 'text',
      source: 'text',
      campaignId: 'text',
    }),
    activity: /* @__PURE__ */ Object.freeze({
      ...SYSTEM,
      kind: 'text',
      channel: 'text',
      direction: 'text',
      action: 'text',
      subject: 'text',
      body: 'text',
      occurredAt: 'date',
      durationSeconds: 'number',
      leadId: 'text',
      contactId: 'text',
      accountId: 'text',
      dealId: 'text',
      ticketId: 'text',
      dueAt: 'date',
      completedAt: 'date',
      ownerId: 'text',
    }),
    ticket: /* @__PURE__ */ Object.freeze({
      ...SYSTEM,
      subject: 'text',
      description: 'text',
      priority: 'text',
      status: 'text',
      type: 'text',
      statusHistory: 'json',
      channel: 'text',
      requesterContactId: 'text',
      accountId: 'text',
      assigneeId: 'text',
      firstResponseAt: 'date',
      resolvedAt: 'date',
      closedAt: 'date',
    }),
    campaign: /* @__PURE__ */ Object.freeze({
      ...SYSTEM,
      name: 'text',
      channel: 'text',
      status: 'text',
      budget: 'money',
      actualCost: 'money',
      period: 'json',
      source: 'text',
      ownerId: 'text',
    }),
    campaignMember: /* @__PURE__ */ Object.freeze({
      ...SYSTEM,
      campaignId: 'text',
      leadId: 'text',
      contactId: 'text',
      status: 'text',
      variant: 'text',
      at: 'date',
    }),
    surveyResponse: /* @__PURE__ */ Object.freeze({
      ...SYSTEM,
      kind: 'text',
      score: 'number',
      scale: 'json',
      touchpoint: 'text',
      contactId: 'text',
      accountId: 'text',
      ticketId: 'text',
      answeredAt: 'date',
      comment: 'text',
    }),
    subscription: /* @__PURE__ */ Object.freeze({
      ...SYSTEM,
      accountId: 'text',
      plan: 'text',
      status: 'text',
      mrr: 'money',
      contractValue: 'money',
      termMonths: 'number',
      startedAt: 'date',
      endsAt: 'date',
      canceledAt: 'date',
      endedAt: 'date',
      renewalOfId: 'text',
    }),
    user: /* @__PURE__ */ Object.freeze({
      ...SYSTEM,
      name: 'text',
      email: 'text',
      role: 'text',
      teamIds: 'list',
      active: 'boolean',
      timeZone: 'text',
    }),
    team: /* @__PURE__ */ Object.freeze({ ...SYSTEM, name: 'text', memberIds: 'list', managerId: 'text' }),
    loyaltyTransaction: /* @__PURE__ */ Object.freeze({
      ...SYSTEM,
      customerId: 'text',
      kind: 'text',
      points: 'json',
      at: 'date',
      expiresAt: 'date',
      spend: 'money',
      orderId: 'text',
      rewardId: 'text',
      note: 'text',
    }),
    referral: /* @__PURE__ */ Object.freeze({
      ...SYSTEM,
      referrerContactId: 'text',
      referredLeadId: 'text',
      status: 'text',
      rewardId: 'text',
      code: 'text',
      referredAt: 'date',
      convertedAt: 'date',
    }),
  } satisfies Record<EntityKind, Record<string, FieldType>>))();

/** The field types a catalog names (internal: one list for conditions, the stores and scoring). */
export const FIELD_TYPE_LIST: readonly FieldType[] = ['text', 'number', 'boolean', 'date', 'money', 'list', 'json'];
/** The field types of a bound test: a catalog's, and `custom` for customFields paths (internal). */
export const RESOLVED_FIELD_TYPE_LIST: readonly ResolvedFieldType[] = [
  'text',
  'number',
  'boolean',
  'date',
  'money',
  'list',
  'json',
  'custom',
];
const FIELD_TYPES: ReadonlySet<string> = /* @__PURE__ */ new Set(FIELD_TYPE_LIST);

/** Whether `v` is a catalog's field type (internal; never throws). */
export function isFieldType(v: unknown): v is FieldType {
  return typeof v === 'string' && FIELD_TYPES.has(v);
}

/** Whether `v` is a bound test's field type: a catalog's or `custom` (internal; never throws). */
export function isResolvedFieldType(v: unknown): v is ResolvedFieldType {
  return v === 'custom' || isFieldType(v);
}
/** A field name: letters, digits and `_`, dotted for nested paths; never an `Object.prototype` member. */
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}(\.[A-Za-z][A-Za-z0-9_]{0,63}){0,7}$/;
const PROTOTYPE_NAMES: ReadonlySet<string> = /* @__PURE__ */ (() =>
  new Set(Object.getOwnPropertyNames(Object.prototype)))();

/**
 * True when `name` can be a field or custom-field key: letters, digits and `_` (starting with a letter),
 * dotted for nested paths, and no segment named like an `Object.prototype` member (`constructor`,
 * `toString`, `__proto__`, …), so that reading a field never reaches an inherited value.
 *
 * @example
 * ```ts
 * isFieldName('score.total'); //=> true
 * isFieldName('constructor'); //=> false
 * ```
 */
export function isFieldName(name: unknown): name is string {
  if (typeof name !== 'string' || !FIELD_NAME.test(name)) return false;
  for (const part of name.split('.')) if (PROTOTYPE_NAMES.has(part)) return false;
  return true;
}

/**
 * The values of the enumerated text fields of every entity kind (from `crmkit/entities`' enumerations),
 * which conditions check `eq`, `neq`, `in` and `notIn` values against.
 *
 * @example
 * ```ts
 * ENTITY_FIELD_VALUES.activity['kind']?.includes('web'); //=> true
 * ```
 */
export const ENTITY_FIELD_VALUES: Readonly<Record<EntityKind, Readonly<Record<string, readonly string[]>>>> =
  /* @__PURE__ */ Object.freeze({
    account: /* @__PURE__ */ Object.freeze({ size: COMPANY_SIZES }),
    contact: /* @__PURE__ */ Object.freeze({ lifecycleStage: LIFECYCLE_STAGES }),
    lead: /* @__PURE__ */ Object.freeze({ status: LEAD_STATUSES, qualification: LEAD_QUALIFICATIONS }),
    deal: /* @__PURE__ */ Object.freeze({}),
    activity: /* @__PURE__ */ Object.freeze({
      kind: ACTIVITY_KINDS,
      channel: CHANNELS,
      direction: ACTIVITY_DIRECTIONS,
    }),
    ticket: /* @__PURE__ */ Object.freeze({
      priority: TICKET_PRIORITIES,
      status: TICKET_STATUSES,
      type: TICKET_TYPES,
      channel: CHANNELS,
    }),
    campaign: /* @__PURE__ */ Object.freeze({ status: CAMPAIGN_STATUSES, channel: CHANNELS }),
    campaignMember: /* @__PURE__ */ Object.freeze({ status: CAMPAIGN_MEMBER_STATUSES }),
    surveyResponse: /* @__PURE__ */ Object.freeze({ kind: SURVEY_KINDS }),
    subscription: /* @__PURE__ */ Object.freeze({ status: SUBSCRIPTION_STATUSES }),
    user: /* @__PURE__ */ Object.freeze({ role: USER_ROLES }),
    team: /* @__PURE__ */ Object.freeze({}),
    loyaltyTransaction: /* @__PURE__ */ Object.freeze({ kind: LOYALTY_TRANSACTION_KINDS }),
    referral: /* @__PURE__ */ Object.freeze({ status: REFERRAL_STATUSES }),
  });

const CATALOGS: ReadonlyMap<string, FieldCatalog> = /* @__PURE__ */ new Map(
  /* @__PURE__ */ ENTITY_KINDS.map((kind) => [
    kind,
    Object.freeze({ name: kind, fields: ENTITY_FIELDS[kind], customFields: true, values: ENTITY_FIELD_VALUES[kind] }),
  ]),
);

/**
 * The catalog of an entity kind (`customFields` allowed), or `undefined` for a name that is not one.
 *
 * Never throws. Any other name gives `undefined`.
 *
 * @example
 * ```ts
 * entityCatalog('deal')?.fields.stageId; //=> 'text'
 * ```
 */
export function entityCatalog(kind: string): FieldCatalog | undefined {
  return CATALOGS.get(kind);
}

/**
 * Builds a catalog for a host's own kind of record, checking it: field names as {@link isFieldName}
 * says, types from {@link FieldType}, options `{ customFields? }`. Every problem is reported at once.
 * Never throws for its input: input that cannot be read (a throwing getter) is a `validation_failed`
 * error too.
 *
 * @example
 * ```ts
 * const orders = unwrap(defineFieldCatalog('order', { total: 'money', placedAt: 'date', channel: 'text' }));
 * orders.fields['total']; //=> 'money'
 * defineFieldCatalog('order', { constructor: 'text' } as Record<string, FieldType>).ok; //=> false
 * ```
 */
export function defineFieldCatalog(
  name: string,
  fields: Readonly<Record<string, FieldType>>,
  options: { readonly customFields?: boolean } = {},
): Result<FieldCatalog> {
  try {
    const issues: CrmIssue[] = [...checkOptionKeys(options, ['customFields'], ['options'])];
    if (typeof name !== 'string' || name === '' || name.length > 64)
      issues.push(crmIssue.invalidType(['name'], 'a name of 1 to 64 characters', name));
    // The copy is built from the values checked, so a getter is read once.
    const copy: Record<string, FieldType> = {};
    if (typeof fields !== 'object' || fields === null || Array.isArray(fields))
      issues.push(crmIssue.invalidType(['fields'], 'an object of field name → type', fields));
    else
      for (const k of Object.keys(fields)) {
        const t = (fields as Record<string, unknown>)[k];
        if (!isFieldName(k))
          issues.push(
            crmIssue.invalidValue(
              ['fields', k],
              'a field name is letters, digits and _ (dotted for nested paths), not an Object.prototype member',
              k,
            ),
          );
        if (typeof t !== 'string' || !FIELD_TYPES.has(t))
          issues.push(crmIssue.invalidValue(['fields', k], 'a field type', t, [...FIELD_TYPES]));
        else copy[k] = t as FieldType;
      }
    const custom = (options as { customFields?: unknown } | null | undefined)?.customFields;
    if (custom !== undefined && typeof custom !== 'boolean')
      issues.push(crmIssue.invalidType(['options', 'customFields'], 'a boolean', custom));
    if (issues.length > 0) return err(invalidInput('Field catalog', issues));
    return ok(Object.freeze({ name, fields: Object.freeze(copy), customFields: custom === true }));
  } catch (e) {
    // A getter or proxy that throws while the input is read: report it, never pass it on.
    return err(
      invalidInput('Field catalog', [
        crmIssue.of(
          'invalid_type',
          [],
          `the field catalog could not be read: ${e instanceof Error ? e.message : quoteValue(e)}`,
        ),
      ]),
    );
  }
}

/**
 * Resolves a field name against a catalog: its type, or `null` when the catalog has no such field.
 * `customFields.<key>` resolves to `custom` when the catalog allows custom fields and the key is a
 * valid name; so does a path into a structured custom value, `customFields.<key>.<key>…` (at most 8
 * keys).
 *
 * Never throws. A name that is not text, a catalog that is not one, or a field whose type is not a
 * {@link FieldType}, gives `null`.
 *
 * @example
 * ```ts
 * fieldTypeIn(entityCatalog('deal')!, 'customFields.region'); //=> 'custom'
 * fieldTypeIn(entityCatalog('deal')!, 'constructor'); //=> null
 * ```
 */
export function fieldTypeIn(catalog: FieldCatalog, field: string): ResolvedFieldType | null {
  if (typeof field !== 'string' || typeof catalog !== 'object' || catalog === null) return null;
  if (typeof catalog.fields !== 'object' || catalog.fields === null) return null;
  if (field.startsWith('customFields.')) {
    const path = field.slice('customFields.'.length);
    return catalog.customFields && isFieldName(path) ? 'custom' : null;
  }
  if (!Object.prototype.hasOwnProperty.call(catalog.fields, field)) return null;
  const type: unknown = catalog.fields[field];
  return isFieldType(type) ? type : null;
}
