/**
 * Versioned, idempotent DDL for the PostgreSQL adapter.
 *
 * @module
 */
import { CrmError, err, fail, isCrmError, ok, type Result } from '../../repository/index.js';
import { runInTransaction, type PostgresClient, type SqlQueryable } from './client.js';
import { columnsOf, qualified, SCHEMA_NAME, TABLES, type TableSpec } from './tables.js';
import { ledgerDdl } from './ledger.js';

/**
 * Options of {@link migratePostgres} and {@link createPostgresStore}.
 *
 * @example
 * ```ts
 * const options: PostgresSchemaOptions = { schema: 'crm' };
 * ```
 */
export interface PostgresSchemaOptions {
  /**
   * The PostgreSQL schema holding crmkit's tables: lower-case letters, digits and `_`, starting with
   * a letter or `_`, at most 63 characters. Default `crmkit`.
   */
  readonly schema?: string;
}

/**
 * What {@link migratePostgres} did.
 *
 * @example
 * ```ts
 * const report: MigrationReport = { schema: 'crmkit', applied: [1], version: 1 };
 * ```
 */
export interface MigrationReport {
  /** The schema migrated. */
  readonly schema: string;
  /** The migration versions applied by this call, in order (empty when the schema was up to date). */
  readonly applied: readonly number[];
  /** The schema's version after the call. */
  readonly version: number;
}

/**
 * The schema crmkit's tables live in when no `schema` option is given.
 *
 * @example
 * ```ts
 * DEFAULT_SCHEMA; //=> 'crmkit'
 * ```
 */
export const DEFAULT_SCHEMA = 'crmkit';

interface Migration {
  readonly version: number;
  readonly name: string;
  readonly statements: (schema: string) => readonly string[];
}

/** Extra indexes per table, for the common queries. Column lists are from the fixed map. */
const INDEXES: Partial<
  Record<keyof typeof TABLES, readonly { readonly name: string; readonly columns: string; readonly where?: string }[]>
> = {
  accounts: [
    { name: 'owner', columns: 'owner_id, id' },
    { name: 'domain', columns: 'domain' },
  ],
  contacts: [
    { name: 'account', columns: 'account_id, id' },
    { name: 'owner', columns: 'owner_id, id' },
  ],
  leads: [
    { name: 'status', columns: 'status, id' },
    { name: 'owner', columns: 'owner_id, id' },
    { name: 'email', columns: 'email' },
  ],
  deals: [
    // Open deals of an owner by expected close date (the pipeline view).
    { name: 'open_owner_close', columns: 'owner_id, expected_close_date, id', where: 'closed_at IS NULL' },
    // Deals in a stage, and counts by stage.
    { name: 'stage', columns: 'stage_id, id' },
    { name: 'pipeline_stage', columns: 'pipeline_id, stage_id' },
    { name: 'account', columns: 'account_id' },
    { name: 'closed', columns: 'closed_at' },
  ],
  activities: [
    { name: 'occurred', columns: 'occurred_at, id' },
    { name: 'lead', columns: 'lead_id, occurred_at' },
    { name: 'contact', columns: 'contact_id, occurred_at' },
    { name: 'deal', columns: 'deal_id, occurred_at' },
    { name: 'open_tasks', columns: 'owner_id, due_at', where: "kind = 'task' AND completed_at IS NULL" },
  ],
  tickets: [
    { name: 'status', columns: 'status, id' },
    { name: 'assignee', columns: 'assignee_id, status' },
    { name: 'account', columns: 'account_id' },
  ],
  campaigns: [{ name: 'status', columns: 'status, id' }],
  surveyResponses: [
    { name: 'answered', columns: 'kind, answered_at' },
    { name: 'account', columns: 'account_id, answered_at' },
  ],
  subscriptions: [
    { name: 'account', columns: 'account_id, started_at' },
    { name: 'status', columns: 'status, ends_at' },
  ],
  users: [{ name: 'email', columns: 'email' }],
  // Migration 5. The members of a campaign by status (counts per status, the members still to send);
  // the campaigns of a lead or a contact.
  campaignMembers: [
    { name: 'campaign_status', columns: 'campaign_id, status, id' },
    { name: 'lead', columns: 'lead_id' },
    { name: 'contact', columns: 'contact_id' },
  ],
  // A customer's ledger in time order (balances, FIFO expiry); entries by order (one earn per order).
  loyaltyTransactions: [
    { name: 'customer_at', columns: 'customer_id, at, id' },
    { name: 'order', columns: 'order_id', where: 'order_id IS NOT NULL' },
  ],
  // A referrer's referrals in time order; the referral of a lead; referrals by status.
  referrals: [
    { name: 'referrer', columns: 'referrer_contact_id, referred_at, id' },
    { name: 'lead', columns: 'referred_lead_id' },
    { name: 'status', columns: 'status, id' },
  ],
};

function entityTableDdl(schema: string, spec: TableSpec): string[] {
  const columns = spec.fields
    .filter((f) => f.field !== 'id' && f.since === spec.since)
    .flatMap(columnsOf)
    .map((c) => `  "${c.name}" ${c.sqlType}`);
  const table = qualified(schema, spec.table);
  const out = [
    `CREATE TABLE ${table} (\n  "tenant_id" text COLLATE "C" NOT NULL,\n  "id" text COLLATE "C" NOT NULL,\n${columns.join(',\n')},\n  "doc" jsonb NOT NULL,\n  "custom_fields" jsonb NOT NULL DEFAULT '{}'::jsonb,\n  "custom_sort" jsonb NOT NULL DEFAULT '{}'::jsonb,\n  PRIMARY KEY ("tenant_id", "id")\n)`,
  ];
  for (const index of INDEXES[spec.repository] ?? []) {
    const cols = index.columns
      .split(',')
      .map((c) => `"${c.trim()}"`)
      .join(', ');
    out.push(
      `CREATE INDEX "${spec.table}_${index.name}_idx" ON ${table} ("tenant_id", ${cols})${index.where === undefined ? '' : ` WHERE ${index.where}`}`,
    );
  }
  return out;
}

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'entity tables, indexes and the outbox',
    statements: (schema) => [
      ...tablesSince(1).flatMap((spec) => entityTableDdl(schema, spec)),
      `CREATE TABLE ${qualified(schema, 'outbox_sequences')} (\n  "tenant_id" text COLLATE "C" PRIMARY KEY,\n  "last_sequence" bigint NOT NULL\n)`,
      `CREATE TABLE ${qualified(schema, 'outbox_events')} (\n  "tenant_id" text COLLATE "C" NOT NULL,\n  "sequence" bigint NOT NULL,\n  "event_id" text COLLATE "C" NOT NULL,\n  "type" text COLLATE "C" NOT NULL,\n  "at" bigint NOT NULL,\n  "by" text COLLATE "C",\n  "aggregate_kind" text COLLATE "C" NOT NULL,\n  "aggregate_id" text COLLATE "C" NOT NULL,\n  "payload" jsonb,\n  PRIMARY KEY ("tenant_id", "sequence")\n)`,
      `CREATE INDEX "outbox_events_aggregate_idx" ON ${qualified(schema, 'outbox_events')} ("tenant_id", "aggregate_kind", "aggregate_id", "sequence")`,
    ],
  },
  {
    version: 2,
    name: 'record versions: versions never repeat for an id, also after a delete',
    statements: (schema) => [
      `CREATE TABLE ${qualified(schema, 'record_versions')} (\n  "tenant_id" text COLLATE "C" NOT NULL,\n  "kind" text COLLATE "C" NOT NULL,\n  "id" text COLLATE "C" NOT NULL,\n  "last_version" bigint NOT NULL,\n  PRIMARY KEY ("tenant_id", "kind", "id")\n)`,
      ...tablesSince(1).map(
        (spec) =>
          `INSERT INTO ${qualified(schema, 'record_versions')} ("tenant_id", "kind", "id", "last_version") SELECT "tenant_id", '${spec.kind}', "id", "version" FROM ${qualified(schema, spec.table)}`,
      ),
    ],
  },
  {
    version: 3,
    name: 'ticket type and status history, survey responses linked to a ticket',
    statements: (schema) => [
      ...Object.values(TABLES).flatMap((spec) => addedColumnsDdl(schema, spec, 3)),
      `CREATE INDEX "tickets_type_idx" ON ${qualified(schema, 'tickets')} ("tenant_id", "type", "id")`,
      `CREATE INDEX "survey_responses_ticket_idx" ON ${qualified(schema, 'survey_responses')} ("tenant_id", "ticket_id")`,
    ],
  },
  {
    version: 4,
    name: 'the campaign of a lead and a deal, the actual cost of a campaign, lifecycle and status histories',
    statements: (schema) => [
      ...Object.values(TABLES).flatMap((spec) => addedColumnsDdl(schema, spec, 4)),
      `CREATE INDEX "leads_campaign_idx" ON ${qualified(schema, 'leads')} ("tenant_id", "campaign_id", "id")`,
      `CREATE INDEX "deals_campaign_idx" ON ${qualified(schema, 'deals')} ("tenant_id", "campaign_id", "id")`,
    ],
  },
  {
    version: 5,
    name: 'campaign members, the loyalty ledger and referrals',
    statements: (schema) => [
      ...Object.values(TABLES).flatMap((spec) => addedColumnsDdl(schema, spec, 5)),
      ...tablesSince(5).flatMap((spec) => entityTableDdl(schema, spec)),
    ],
  },
  {
    version: 6,
    name: 'the workflow ledger: idempotency keys, runner cursors, workflow state and dead letters',
    statements: (schema) => ledgerDdl(schema),
  },
];

/** The entity tables a migration creates (their `since`). */
function tablesSince(version: number): TableSpec[] {
  return Object.values(TABLES).filter((spec) => spec.since === version);
}

/**
 * The columns a migration adds to an existing table, filled from the stored documents (a field
 * missing from a document, as in every record written before the field existed, gives `NULL`).
 * Text and money fields are added this way so far; another type would need its own cast here.
 */
function addedColumnsDdl(schema: string, spec: TableSpec, version: number): string[] {
  const table = qualified(schema, spec.table);
  const out: string[] = [];
  if (spec.since >= version) return out; // the table is created with all its columns
  for (const field of spec.fields) {
    if (field.since !== version || field.type === 'json') continue;
    if (field.type !== 'text' && field.type !== 'money')
      throw new Error(`crmkit/postgres: migration ${version} cannot add a ${field.type} column`);
    for (const c of columnsOf(field)) out.push(`ALTER TABLE ${table} ADD COLUMN "${c.name}" ${c.sqlType}`);
    if (field.type === 'text') out.push(`UPDATE ${table} SET "${field.column}" = "doc"->>'${field.field}'`);
    else
      out.push(
        `UPDATE ${table} SET "${field.column}" = ("doc"->'${field.field}'->>'amount')::numeric, "${field.column}_currency" = "doc"->'${field.field}'->>'currency'`,
      );
  }
  return out;
}

/**
 * The latest migration version this release of crmkit knows; {@link migratePostgres} brings a
 * schema to it.
 *
 * @example
 * ```ts
 * LATEST_MIGRATION; //=> 6
 * // After unwrap(await migratePostgres(client)), the schema is at { version: LATEST_MIGRATION }.
 * ```
 */
export const LATEST_MIGRATION = /* @__PURE__ */ (() => MIGRATIONS[MIGRATIONS.length - 1]!.version)();

/** Checks a schema name; returns the name or a failed result. */
export function checkSchemaName(schema: string | undefined): Result<string> {
  const name = schema ?? DEFAULT_SCHEMA;
  if (typeof name !== 'string' || !SCHEMA_NAME.test(name) || name.startsWith('pg_')) {
    return fail(
      'validation_failed',
      `Invalid PostgreSQL schema name ${typeof name === 'string' ? JSON.stringify(name) : `(a ${typeof name})`}: use lower-case letters, digits and _, starting with a letter or _, at most 63 characters, not starting with pg_`,
      [{ path: ['schema'], message: 'Expected a plain lower-case identifier such as crmkit', code: 'invalid_format' }],
    );
  }
  return ok(name);
}

/**
 * Creates or upgrades crmkit's tables in a PostgreSQL schema: versioned, idempotent and safe to run
 * concurrently (each run takes a transaction-scoped advisory lock on the schema and applies, in one
 * transaction, only the migrations not yet recorded in `<schema>.crmkit_migrations`). Running it
 * on an up-to-date schema changes nothing and reports `applied: []`.
 *
 * Creates one table per entity kind (`tenant_id` and `id` as the primary key, a column per
 * queryable field, the entity as a `jsonb` document, custom fields as `jsonb`), indexes that all
 * start with `tenant_id` (open deals of an owner by close date, deals by stage, …), the outbox
 * (`outbox_events` with a per-tenant sequence kept in `outbox_sequences`), and (migration 2)
 * `record_versions`, the last version of every id, so that a record re-inserted after a delete
 * continues above it, (migration 3) the ticket's `type` and the survey response's `ticketId`
 * columns, and (migration 4) the lead's and the deal's `campaignId` and the campaign's `actualCost`
 * columns, all filled from the stored documents (the lifecycle and status histories live in the
 * documents; a record stored before them reads with an empty history), (migration 5) the tables
 * `campaign_members` (indexed by campaign and status), `loyalty_transactions` (by customer and time)
 * and `referrals` (by referrer and time), and (migration 6) the workflow ledger (`workflow_ledger`,
 * `workflow_cursors`, `workflow_states`, `workflow_dead_letters`) the store's `ledger` keeps.
 *
 * Fails with `validation_failed` for an invalid schema name, `adapter_failure` when the database
 * refuses a statement, and `conflict` when the schema was migrated by a newer crmkit.
 *
 * @example
 * ```ts
 * import { PGlite } from '@electric-sql/pglite';
 * const db = new PGlite();
 * const r = await migratePostgres(db, { schema: 'crm' });
 * r.ok && r.value.applied; //=> [1] the first time, [] afterwards
 * ```
 */
export async function migratePostgres(
  client: PostgresClient,
  options: PostgresSchemaOptions = {},
): Promise<Result<MigrationReport>> {
  const name = checkSchemaName(options.schema);
  if (!name.ok) return name;
  const schema = name.value;
  try {
    const report = await runInTransaction(client, async (tx: SqlQueryable) => {
      // One migrator at a time per schema; the lock is released at commit or rollback.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1)::bigint)`, [`crmkit:migrate:${schema}`]);
      await tx.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      const migrations = qualified(schema, 'crmkit_migrations');
      await tx.query(
        `CREATE TABLE IF NOT EXISTS ${migrations} ("version" integer PRIMARY KEY, "name" text NOT NULL, "applied_at" timestamptz NOT NULL DEFAULT now())`,
      );
      const done = await tx.query(`SELECT "version"::text AS "version" FROM ${migrations}`);
      const have = new Set(done.rows.map((r) => Number(r['version'])));
      const newest = Math.max(0, ...have);
      if (newest > LATEST_MIGRATION) {
        throw new CrmError(
          'conflict',
          `Schema ${schema} is at migration ${newest}, newer than this crmkit knows (${LATEST_MIGRATION}); upgrade crmkit`,
        );
      }
      const applied: number[] = [];
      for (const m of MIGRATIONS) {
        if (have.has(m.version)) continue;
        for (const statement of m.statements(schema)) await tx.query(statement);
        await tx.query(`INSERT INTO ${migrations} ("version", "name") VALUES ($1::integer, $2)`, [
          String(m.version),
          m.name,
        ]);
        applied.push(m.version);
      }
      return Object.freeze({ schema, applied: Object.freeze(applied), version: LATEST_MIGRATION });
    });
    return ok(report);
  } catch (cause) {
    if (isCrmError(cause)) return err(cause);
    return fail(
      'adapter_failure',
      `Migrating PostgreSQL schema ${schema} failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      [],
      cause,
    );
  }
}
