/**
 * The fixed map from entity kinds and fields to tables and columns. Every identifier the adapter
 * writes into SQL comes from here (or is the validated schema name), never from input.
 *
 * @module
 */
import type { EntityKind, Repositories } from '../../repository/index.js';

/**
 * How a field is stored and compared:
 * - `text`: a `text` column, ordered with `COLLATE "C"` (by code point);
 * - `number`: a `double precision` column (every JS number, exactly);
 * - `integer`: a `bigint` column (versions, durations, scores: every safe integer);
 * - `instant`: a `bigint` column of epoch milliseconds (every JS `Date`, exactly, including years
 *   outside PostgreSQL's `timestamptz` range);
 * - `boolean`: a `boolean` column;
 * - `money`: a `numeric` amount column plus a `<column>_currency` text column;
 * - `json`: no column; only in the document (`isNull` tests it).
 */
export type FieldType = 'text' | 'number' | 'integer' | 'instant' | 'boolean' | 'money' | 'json';

/** One field of an entity: its column (snake_case) and its type. */
export interface FieldSpec {
  readonly field: string;
  readonly column: string;
  readonly type: FieldType;
  /** Whether the field can be `null` (or, for `json`, absent). */
  readonly nullable: boolean;
  /** The migration that created its column (1 for the original tables). */
  readonly since: number;
}

/** One entity table. */
export interface TableSpec {
  readonly kind: EntityKind;
  readonly repository: Exclude<keyof Repositories, 'events'>;
  readonly table: string;
  readonly fields: readonly FieldSpec[];
  readonly byField: ReadonlyMap<string, FieldSpec>;
  /** The migration that created the table (1 for the original tables); its fields' columns date from it or later. */
  readonly since: number;
}

type Def = readonly [field: string, type: FieldType, nullable?: 'null' | 'required', since?: number];

const SYSTEM: readonly Def[] = [
  ['id', 'text'],
  ['createdAt', 'instant'],
  ['updatedAt', 'instant'],
  ['version', 'integer'],
];

/** Repository → entity kind, table, fields, and the migration that created the table (default 1). */
const DEFS: Record<
  Exclude<keyof Repositories, 'events'>,
  readonly [EntityKind, string, readonly Def[], since?: number]
> = {
  accounts: [
    'account',
    'accounts',
    [
      ['name', 'text'],
      ['domain', 'text', 'null'],
      ['industry', 'text', 'null'],
      ['size', 'text', 'null'],
      ['country', 'text', 'null'],
      ['ownerId', 'text', 'null'],
      ['annualRevenue', 'money', 'null'],
    ],
  ],
  contacts: [
    'contact',
    'contacts',
    [
      ['firstName', 'text', 'null'],
      ['lastName', 'text'],
      ['title', 'text', 'null'],
      ['emails', 'json'],
      ['phones', 'json'],
      ['accountId', 'text', 'null'],
      ['lifecycleStage', 'text'],
      ['consents', 'json'],
      ['lifecycleHistory', 'json', 'required', 4],
      ['ownerId', 'text', 'null'],
    ],
  ],
  leads: [
    'lead',
    'leads',
    [
      ['firstName', 'text', 'null'],
      ['lastName', 'text'],
      ['email', 'text', 'null'],
      ['phone', 'text', 'null'],
      ['company', 'text', 'null'],
      ['title', 'text', 'null'],
      ['industry', 'text', 'null'],
      ['country', 'text', 'null'],
      ['website', 'text', 'null'],
      ['source', 'text', 'null'],
      ['status', 'text'],
      ['qualification', 'text'],
      ['score', 'json', 'null'],
      ['ownerId', 'text', 'null'],
      ['convertedAt', 'instant', 'null'],
      ['convertedContactId', 'text', 'null'],
      ['convertedAccountId', 'text', 'null'],
      ['convertedDealId', 'text', 'null'],
      ['statusHistory', 'json', 'required', 4],
      ['campaignId', 'text', 'null', 4],
    ],
  ],
  deals: [
    'deal',
    'deals',
    [
      ['name', 'text'],
      ['accountId', 'text', 'null'],
      ['contactId', 'text', 'null'],
      ['pipelineId', 'text'],
      ['stageId', 'text'],
      ['amount', 'money'],
      ['expectedCloseDate', 'instant', 'null'],
      ['probability', 'json'],
      ['stageHistory', 'json'],
      ['closedAt', 'instant', 'null'],
      ['lostReason', 'text', 'null'],
      ['ownerId', 'text', 'null'],
      ['source', 'text', 'null'],
      ['campaignId', 'text', 'null', 4],
    ],
  ],
  activities: [
    'activity',
    'activities',
    [
      ['kind', 'text'],
      ['channel', 'text', 'null'],
      ['direction', 'text', 'null'],
      ['action', 'text', 'null'],
      ['subject', 'text', 'null'],
      ['body', 'text', 'null'],
      ['occurredAt', 'instant'],
      ['durationSeconds', 'integer', 'null'],
      ['leadId', 'text', 'null'],
      ['contactId', 'text', 'null'],
      ['accountId', 'text', 'null'],
      ['dealId', 'text', 'null'],
      ['ticketId', 'text', 'null'],
      ['dueAt', 'instant', 'null'],
      ['completedAt', 'instant', 'null'],
      ['ownerId', 'text', 'null'],
    ],
  ],
  tickets: [
    'ticket',
    'tickets',
    [
      ['subject', 'text'],
      ['description', 'text', 'null'],
      ['priority', 'text'],
      ['status', 'text'],
      ['channel', 'text', 'null'],
      ['requesterContactId', 'text', 'null'],
      ['accountId', 'text', 'null'],
      ['assigneeId', 'text', 'null'],
      ['firstResponseAt', 'instant', 'null'],
      ['resolvedAt', 'instant', 'null'],
      ['closedAt', 'instant', 'null'],
      ['type', 'text', 'null', 3],
      ['statusHistory', 'json', 'required', 3],
    ],
  ],
  campaigns: [
    'campaign',
    'campaigns',
    [
      ['name', 'text'],
      ['channel', 'text'],
      ['status', 'text'],
      ['budget', 'money', 'null'],
      ['period', 'json', 'null'],
      ['source', 'text', 'null'],
      ['ownerId', 'text', 'null'],
      ['actualCost', 'money', 'null', 4],
    ],
  ],
  surveyResponses: [
    'surveyResponse',
    'survey_responses',
    [
      ['kind', 'text'],
      ['score', 'integer'],
      ['scale', 'json', 'null'],
      ['touchpoint', 'text', 'null'],
      ['contactId', 'text', 'null'],
      ['accountId', 'text', 'null'],
      ['answeredAt', 'instant'],
      ['comment', 'text', 'null'],
      ['ticketId', 'text', 'null', 3],
    ],
  ],
  subscriptions: [
    'subscription',
    'subscriptions',
    [
      ['accountId', 'text'],
      ['plan', 'text'],
      ['status', 'text'],
      ['mrr', 'money'],
      ['contractValue', 'money', 'null'],
      ['termMonths', 'integer'],
      ['startedAt', 'instant'],
      ['endsAt', 'instant', 'null'],
      ['canceledAt', 'instant', 'null'],
      ['endedAt', 'instant', 'null'],
      ['renewalOfId', 'text', 'null'],
    ],
  ],
  users: [
    'user',
    'users',
    [
      ['name', 'text'],
      ['email', 'text'],
      ['role', 'text'],
      ['teamIds', 'json'],
      ['active', 'boolean'],
      ['timeZone', 'text'],
    ],
  ],
  teams: [
    'team',
    'teams',
    [
      ['name', 'text'],
      ['memberIds', 'json'],
      ['managerId', 'text', 'null'],
    ],
  ],
  campaignMembers: [
    'campaignMember',
    'campaign_members',
    [
      ['campaignId', 'text'],
      ['leadId', 'text', 'null'],
      ['contactId', 'text', 'null'],
      ['status', 'text'],
      ['variant', 'text', 'null'],
      ['at', 'instant'],
    ],
    5,
  ],
  loyaltyTransactions: [
    'loyaltyTransaction',
    'loyalty_transactions',
    [
      ['customerId', 'text'],
      ['kind', 'text'],
      // Exact decimal text ('12.5'): kept in the document, so it round-trips digit for digit.
      ['points', 'json', 'required'],
      ['at', 'instant'],
      ['expiresAt', 'instant', 'null'],
      ['spend', 'money', 'null'],
      ['orderId', 'text', 'null'],
      ['rewardId', 'text', 'null'],
      ['note', 'text', 'null'],
    ],
    5,
  ],
  referrals: [
    'referral',
    'referrals',
    [
      ['referrerContactId', 'text'],
      ['referredLeadId', 'text'],
      ['status', 'text'],
      ['rewardId', 'text', 'null'],
      ['code', 'text', 'null'],
      ['referredAt', 'instant'],
      ['convertedAt', 'instant', 'null'],
    ],
    5,
  ],
};

const IDENT = /^[a-z][a-z0-9_]*$/;

function snake(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function build(repository: Exclude<keyof Repositories, 'events'>): TableSpec {
  const [kind, table, own, created = 1] = DEFS[repository];
  const fields = [...SYSTEM, ...own].map(([field, type, nullable, since]): FieldSpec => {
    const column = snake(field);
    if (!IDENT.test(column) || !/^[A-Za-z]+$/.test(field))
      throw new Error(`crmkit/postgres: bad field map entry ${field}`);
    return Object.freeze({ field, column, type, nullable: nullable === 'null', since: Math.max(since ?? 1, created) });
  });
  return Object.freeze({
    kind,
    repository,
    table,
    fields: Object.freeze(fields),
    byField: new Map(fields.map((f) => [f.field, f])),
    since: created,
  });
}

/** The entity tables, by repository name. */
export const TABLES: Readonly<Record<Exclude<keyof Repositories, 'events'>, TableSpec>> = /* @__PURE__ */ Object.freeze(
  {
    accounts: /* @__PURE__ */ build('accounts'),
    contacts: /* @__PURE__ */ build('contacts'),
    leads: /* @__PURE__ */ build('leads'),
    deals: /* @__PURE__ */ build('deals'),
    activities: /* @__PURE__ */ build('activities'),
    tickets: /* @__PURE__ */ build('tickets'),
    campaigns: /* @__PURE__ */ build('campaigns'),
    surveyResponses: /* @__PURE__ */ build('surveyResponses'),
    subscriptions: /* @__PURE__ */ build('subscriptions'),
    users: /* @__PURE__ */ build('users'),
    teams: /* @__PURE__ */ build('teams'),
    campaignMembers: /* @__PURE__ */ build('campaignMembers'),
    loyaltyTransactions: /* @__PURE__ */ build('loyaltyTransactions'),
    referrals: /* @__PURE__ */ build('referrals'),
  },
);

/** The columns a field occupies (money fields take two). */
export function columnsOf(spec: FieldSpec): readonly { readonly name: string; readonly sqlType: string }[] {
  switch (spec.type) {
    case 'text':
      return [{ name: spec.column, sqlType: 'text COLLATE "C"' }];
    case 'number':
      return [{ name: spec.column, sqlType: 'double precision' }];
    case 'integer':
      return [{ name: spec.column, sqlType: 'bigint' }];
    case 'instant':
      return [{ name: spec.column, sqlType: 'bigint' }];
    case 'boolean':
      return [{ name: spec.column, sqlType: 'boolean' }];
    case 'money':
      return [
        { name: spec.column, sqlType: 'numeric' },
        { name: `${spec.column}_currency`, sqlType: 'text COLLATE "C"' },
      ];
    case 'json':
      return [];
  }
}

/** A valid schema name: lower-case letters, digits and `_`, starting with a letter or `_`, at most 63 characters. */
export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Quotes a schema-qualified identifier that has passed {@link SCHEMA_NAME} / the fixed map. */
export function qualified(schema: string, table: string): string {
  return `"${schema}"."${table}"`;
}
