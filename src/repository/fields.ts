/**
 * The catalog of queryable fields of every entity kind, with the type that decides how a filter
 * compares them. Adapters use it to map fields to columns; the query validator uses it to refuse
 * unknown fields and operators that make no sense for a field's type.
 *
 * @module
 */
import type { EntityKind } from '../core/ids.js';

/**
 * How a field is compared:
 * - `text`: strings (and enumerations), ordered by UTF-16 code unit;
 * - `number`: finite numbers;
 * - `boolean`: `true` / `false` (only `eq`, `neq`, `in`, `isNull`);
 * - `date`: instants, compared by time;
 * - `money`: `{ amount, currency }`, compared by the decimal amount (the currency is ignored);
 * - `json`: structured values (arrays, objects): only `isNull`, never sorted.
 *
 * @example
 * ```ts
 * const t: FieldType = ENTITY_FIELDS.deal.amount; //=> 'money'
 * ```
 */
export type FieldType = 'text' | 'number' | 'boolean' | 'date' | 'money' | 'json';

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
    account: Object.freeze({
      ...SYSTEM,
      name: 'text',
      domain: 'text',
      industry: 'text',
      size: 'text',
      country: 'text',
      ownerId: 'text',
      annualRevenue: 'money',
    }),
    contact: Object.freeze({
      ...SYSTEM,
      firstName: 'text',
      lastName: 'text',
      title: 'text',
      emails: 'json',
      phones: 'json',
      accountId: 'text',
      lifecycleStage: 'text',
      consents: 'json',
      ownerId: 'text',
    }),
    lead: Object.freeze({
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
      score: 'json',
      ownerId: 'text',
      convertedAt: 'date',
      convertedContactId: 'text',
      convertedAccountId: 'text',
      convertedDealId: 'text',
    }),
    deal: Object.freeze({
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
    }),
    activity: Object.freeze({
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
    ticket: Object.freeze({
      ...SYSTEM,
      subject: 'text',
      description: 'text',
      priority: 'text',
      status: 'text',
      channel: 'text',
      requesterContactId: 'text',
      accountId: 'text',
      assigneeId: 'text',
      firstResponseAt: 'date',
      resolvedAt: 'date',
      closedAt: 'date',
    }),
    campaign: Object.freeze({
      ...SYSTEM,
      name: 'text',
      channel: 'text',
      status: 'text',
      budget: 'money',
      period: 'json',
      source: 'text',
      ownerId: 'text',
    }),
    surveyResponse: Object.freeze({
      ...SYSTEM,
      kind: 'text',
      score: 'number',
      scale: 'json',
      touchpoint: 'text',
      contactId: 'text',
      accountId: 'text',
      answeredAt: 'date',
      comment: 'text',
    }),
    subscription: Object.freeze({
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
    user: Object.freeze({
      ...SYSTEM,
      name: 'text',
      email: 'text',
      role: 'text',
      teamIds: 'json',
      active: 'boolean',
      timeZone: 'text',
    }),
    team: Object.freeze({ ...SYSTEM, name: 'text', memberIds: 'json', managerId: 'text' }),
  } satisfies Record<EntityKind, Record<string, FieldType>>))();
