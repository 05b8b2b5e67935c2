/**
 * The PostgreSQL store's `WorkflowLedger` (migration 6): idempotency keys, runner cursors, workflow
 * state and dead letters, in the same database transaction as the store's writes.
 *
 * @module
 */
import {
  checkDeadLetter,
  checkDeadLettersOptions,
  checkLedgerJson,
  checkLedgerKey,
  checkLedgerPosition,
  CrmError,
  err,
  ok,
  transactionEndedError,
  validateContext,
  type DeadLetter,
  type Result,
  type StoreContext,
  type WorkflowLedger,
} from '../../repository/index.js';
import type { SqlQueryable } from './client.js';
import { deepFreeze } from './freeze.js';
import { qualified } from './tables.js';

/** The statements of one schema's ledger. */
function statements(schema: string) {
  const ledger = qualified(schema, 'workflow_ledger');
  const cursors = qualified(schema, 'workflow_cursors');
  const states = qualified(schema, 'workflow_states');
  const letters = qualified(schema, 'workflow_dead_letters');
  return {
    get: `SELECT "result" FROM ${ledger} WHERE "tenant_id" = $1 AND "key" = $2`,
    record: `INSERT INTO ${ledger} ("tenant_id", "key", "result") VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1 AS "stored"`,
    cursor: `SELECT "position"::text AS "position" FROM ${cursors} WHERE "tenant_id" = $1 AND "name" = $2`,
    ensureCursor: `INSERT INTO ${cursors} ("tenant_id", "name", "position") VALUES ($1, $2, 0) ON CONFLICT DO NOTHING`,
    // One statement: the row held (its position), or whether it is there at all (held by another
    // transaction, or missing). In parentheses, so that a single-connection session opens its
    // transaction for it (a lock is a write).
    claim: `(WITH "held" AS (SELECT "position" FROM ${cursors} WHERE "tenant_id" = $1 AND "name" = $2 FOR UPDATE SKIP LOCKED) SELECT (SELECT "position"::text FROM "held") AS "position", EXISTS (SELECT 1 FROM ${cursors} WHERE "tenant_id" = $1 AND "name" = $2) AS "present")`,
    move: `INSERT INTO ${cursors} ("tenant_id", "name", "position") VALUES ($1, $2, $3::bigint) ON CONFLICT ("tenant_id", "name") DO UPDATE SET "position" = EXCLUDED."position"`,
    getState: `SELECT "value" FROM ${states} WHERE "tenant_id" = $1 AND "key" = $2`,
    // In a transaction, the row is held until it ends: a read-then-set never loses a concurrent set.
    // In parentheses, so that a single-connection session opens its transaction for it (a lock is a write).
    getStateHeld: `(SELECT "value" FROM ${states} WHERE "tenant_id" = $1 AND "key" = $2 FOR UPDATE)`,
    setState: `INSERT INTO ${states} ("tenant_id", "key", "value") VALUES ($1, $2, $3) ON CONFLICT ("tenant_id", "key") DO UPDATE SET "value" = EXCLUDED."value"`,
    addLetter: `INSERT INTO ${letters} ("tenant_id", "key", "plan", "error", "attempts", "failed_at") VALUES ($1, $2, $3, $4, $5::integer, $6::bigint) ON CONFLICT ("tenant_id", "key") DO UPDATE SET "plan" = EXCLUDED."plan", "error" = EXCLUDED."error", "attempts" = EXCLUDED."attempts", "failed_at" = EXCLUDED."failed_at"`,
    letters: `SELECT "key", "plan", "error", "attempts"::text AS "attempts", "failed_at"::text AS "failed_at" FROM ${letters} WHERE "tenant_id" = $1 ORDER BY "arrived" LIMIT $2::integer`,
  };
}

/**
 * The DDL of migration 6: the ledger's four tables, every key starting with `tenant_id`. JSON is kept
 * as text, so that it round-trips exactly (`jsonb` would reorder keys and refuse `\u0000`).
 */
export function ledgerDdl(schema: string): string[] {
  return [
    `CREATE TABLE ${qualified(schema, 'workflow_ledger')} (\n  "tenant_id" text COLLATE "C" NOT NULL,\n  "key" text COLLATE "C" NOT NULL,\n  "result" text NOT NULL,\n  PRIMARY KEY ("tenant_id", "key")\n)`,
    `CREATE TABLE ${qualified(schema, 'workflow_cursors')} (\n  "tenant_id" text COLLATE "C" NOT NULL,\n  "name" text COLLATE "C" NOT NULL,\n  "position" bigint NOT NULL,\n  PRIMARY KEY ("tenant_id", "name")\n)`,
    `CREATE TABLE ${qualified(schema, 'workflow_states')} (\n  "tenant_id" text COLLATE "C" NOT NULL,\n  "key" text COLLATE "C" NOT NULL,\n  "value" text NOT NULL,\n  PRIMARY KEY ("tenant_id", "key")\n)`,
    `CREATE TABLE ${qualified(schema, 'workflow_dead_letters')} (\n  "tenant_id" text COLLATE "C" NOT NULL,\n  "key" text COLLATE "C" NOT NULL,\n  "plan" text NOT NULL,\n  "error" text NOT NULL,\n  "attempts" integer NOT NULL,\n  "failed_at" bigint NOT NULL,\n  "arrived" bigserial NOT NULL,\n  PRIMARY KEY ("tenant_id", "key")\n)`,
    `CREATE INDEX "workflow_dead_letters_arrived_idx" ON ${qualified(schema, 'workflow_dead_letters')} ("tenant_id", "arrived")`,
  ];
}

/** What the ledger runs on: the store's connection or a transaction's, and whether that is still open. */
export interface LedgerScope {
  readonly q: SqlQueryable;
  readonly open: boolean;
}

/**
 * The ledger of a store (`transactional` false: each call its own statement) or of a transaction
 * (`true`: `claimCursor` holds the cursor row until the transaction ends, and `getState` the state's
 * row, so that a transaction reading and then setting a state never overwrites a concurrent set).
 */
export function makePostgresLedger(
  schema: string,
  scope: LedgerScope,
  transactional: boolean,
  databaseError: (what: string, cause: unknown) => CrmError,
): WorkflowLedger {
  const sql = statements(schema);
  async function run<T>(ctx: StoreContext, what: string, body: (tenantId: string) => Promise<T>): Promise<Result<T>> {
    const c = validateContext(ctx);
    if (!c.ok) return c;
    if (!scope.open) return err(transactionEndedError());
    try {
      return ok(await body(c.value.tenantId));
    } catch (cause) {
      return err(databaseError(what, cause));
    }
  }
  const text = (v: unknown): string => String(v);
  // A boolean column as the driver gives it (pg: a boolean; others may give 't' or 'true').
  const present = (v: unknown): boolean => v === true || v === 't' || v === 'true';
  return Object.freeze({
    async get(ctx: StoreContext, key: string) {
      const k = checkLedgerKey(key);
      if (!k.ok) return k;
      return run(ctx, 'reading the workflow ledger', async (t) => {
        const rows = (await scope.q.query(sql.get, [t, k.value])).rows;
        if (rows.length === 0) return null;
        return deepFreeze({ key: k.value, result: JSON.parse(text(rows[0]!['result'])) as unknown });
      });
    },
    async record(ctx: StoreContext, key: string, result: unknown) {
      const k = checkLedgerKey(key);
      if (!k.ok) return k;
      const json = checkLedgerJson(result, 'result');
      if (!json.ok) return json;
      return run(
        ctx,
        'recording in the workflow ledger',
        async (t) => (await scope.q.query(sql.record, [t, k.value, json.value])).rows.length === 1,
      );
    },
    async claimCursor(ctx: StoreContext, name: string) {
      const n = checkLedgerKey(name, 'name');
      if (!n.ok) return n;
      return run(ctx, 'claiming a workflow cursor', async (t) => {
        if (!transactional) {
          const rows = (await scope.q.query(sql.cursor, [t, n.value])).rows;
          return rows.length === 0 ? 0 : Number(rows[0]!['position']);
        }
        // The row is made once (the first claim of a name finds none); after that one statement claims it.
        let row = (await scope.q.query(sql.claim, [t, n.value])).rows[0];
        if (row !== undefined && row['position'] === null && !present(row['present'])) {
          await scope.q.query(sql.ensureCursor, [t, n.value]);
          row = (await scope.q.query(sql.claim, [t, n.value])).rows[0];
        }
        const position = row?.['position'];
        return position === null || position === undefined ? null : Number(position);
      });
    },
    async moveCursor(ctx: StoreContext, name: string, position: number) {
      const n = checkLedgerKey(name, 'name');
      if (!n.ok) return n;
      const p = checkLedgerPosition(position);
      if (!p.ok) return p;
      return run(ctx, 'moving a workflow cursor', async (t) => {
        await scope.q.query(sql.move, [t, n.value, String(p.value)]);
      });
    },
    async getState(ctx: StoreContext, key: string) {
      const k = checkLedgerKey(key);
      if (!k.ok) return k;
      return run(ctx, 'reading workflow state', async (t) => {
        const rows = (await scope.q.query(transactional ? sql.getStateHeld : sql.getState, [t, k.value])).rows;
        return rows.length === 0 ? null : deepFreeze(JSON.parse(text(rows[0]!['value'])) as unknown);
      });
    },
    async setState(ctx: StoreContext, key: string, value: unknown) {
      const k = checkLedgerKey(key);
      if (!k.ok) return k;
      const json = checkLedgerJson(value);
      if (!json.ok) return json;
      return run(ctx, 'saving workflow state', async (t) => {
        await scope.q.query(sql.setState, [t, k.value, json.value]);
      });
    },
    async addDeadLetter(ctx: StoreContext, letter: DeadLetter) {
      const l = checkDeadLetter(letter);
      if (!l.ok) return l;
      const { key, plan, error, attempts, failedAt } = l.value;
      return run(ctx, 'adding a dead letter', async (t) => {
        await scope.q.query(sql.addLetter, [t, key, plan, error, String(attempts), String(failedAt.getTime())]);
      });
    },
    async deadLetters(ctx: StoreContext, options?: { readonly limit?: number } | null) {
      const limit = checkDeadLettersOptions(options);
      if (!limit.ok) return limit;
      return run(ctx, 'reading dead letters', async (t) => {
        const rows = (await scope.q.query(sql.letters, [t, String(limit.value)])).rows;
        return deepFreeze(
          rows.map((r) => ({
            key: text(r['key']),
            plan: JSON.parse(text(r['plan'])) as unknown,
            error: text(r['error']),
            attempts: Number(r['attempts']),
            failedAt: new Date(Number(r['failed_at'])),
          })),
        ) as readonly DeadLetter[];
      });
    },
  });
}
