/**
 * PostgreSQL adapter specifics on PGlite: migrations (versioned, idempotent, concurrent, tenant id
 * in every key and index), client shapes (transaction runner, pool, single connection), exact
 * storage, and a differential property: random filters and sorts over random deals give the same
 * pages through SQL as through the reference evaluator.
 */
import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { PGlite } from '@electric-sql/pglite';
import {
  createPostgresStore,
  DEFAULT_SCHEMA,
  LATEST_MIGRATION,
  migratePostgres,
  singleConnection,
  type SqlPool,
  type SqlQueryable,
} from '../../../src/adapters/postgres/index.js';
import { TABLES } from '../../../src/adapters/postgres/tables.js';
import { upgradeToMigration3 } from './_migration3.js';
import { upgradeToMigration4 } from './_migration4.js';
import { upgradeToMigration5 } from './_migration5.js';
import { createDeal, type Deal } from '../../../src/entities/index.js';
import { fixedClock } from '../../../src/core/clock.js';
import { sequentialIdGenerator } from '../../../src/core/ids.js';
import { ok, unwrap, type Result } from '../../../src/core/result.js';
import { runQuery, validateQuery } from '../../../src/repository/index.js';
import type { Filter, Query, SortKey } from '../../../src/repository/query.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let db: PGlite;
beforeAll(async () => {
  db = new PGlite();
  await db.waitReady;
});
afterAll(async () => {
  await db.close();
});

const ctx = { tenantId: 'acme' };
const entityCtx = () => ({ clock: fixedClock('2026-01-01T00:00:00Z'), ids: sequentialIdGenerator() });

describe('migratePostgres', () => {
  it('applies migrations 1 to 6 once; running it again applies nothing', async () => {
    const first = unwrap(await migratePostgres(db, { schema: 'm_once' }));
    expect(first).toEqual({ schema: 'm_once', applied: [1, 2, 3, 4, 5, 6], version: LATEST_MIGRATION });
    const again = unwrap(await migratePostgres(db, { schema: 'm_once' }));
    expect(again.applied).toEqual([]);
    const rows = (await db.query<{ version: number }>('SELECT "version" FROM "m_once"."crmkit_migrations"')).rows;
    expect(rows.map((r) => r.version)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('defaults to the crmkit schema', async () => {
    expect(DEFAULT_SCHEMA).toBe('crmkit');
    expect(unwrap(await migratePostgres(db)).schema).toBe('crmkit');
  });

  it('concurrent runs on one schema apply each migration exactly once', async () => {
    const results = await Promise.all([1, 2, 3].map(() => migratePostgres(db, { schema: 'm_concurrent' })));
    expect(results.map((r) => unwrap(r).applied.length).sort()).toEqual([0, 0, 6]);
  });

  it('migration 3 upgrades a schema at version 2: ticket type and survey ticketId columns filled from the documents', async () => {
    await upgradeToMigration3(db, 'm_upgrade3');
  });

  it('migration 4 upgrades a schema at version 3: lead and deal campaignId, campaign actualCost filled from the documents; old records read with empty histories', async () => {
    await upgradeToMigration4(db, 'm_upgrade4');
  });

  it('migration 5 upgrades a schema at version 4: campaign members, the loyalty ledger and referrals get their tables and indexes', async () => {
    await upgradeToMigration5(db, 'm_upgrade5');
  });

  it('refuses schema names that are not plain identifiers', async () => {
    for (const schema of ['Crm', 'a-b', 'x"; DROP SCHEMA public; --', '', '1abc', 'pg_catalog', 'a'.repeat(64)]) {
      const r = await migratePostgres(db, { schema });
      expect(r.ok, schema).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('validation_failed');
      expect(() => createPostgresStore(db, { schema })).toThrow(/Invalid PostgreSQL schema name/);
    }
  });

  it('refuses a schema migrated by a newer crmkit with conflict', async () => {
    unwrap(await migratePostgres(db, { schema: 'm_newer' }));
    await db.query(
      `INSERT INTO "m_newer"."crmkit_migrations" ("version", "name") VALUES (${LATEST_MIGRATION + 1}, 'from the future')`,
    );
    const r = await migratePostgres(db, { schema: 'm_newer' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('conflict');
  });

  it('puts tenant_id first in every primary key and index', async () => {
    unwrap(await migratePostgres(db, { schema: 'm_idx' }));
    const indexes = (
      await db.query<{ indexname: string; indexdef: string }>(
        `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'm_idx' AND tablename <> 'crmkit_migrations'`,
      )
    ).rows;
    expect(indexes.length).toBeGreaterThan(Object.keys(TABLES).length + 2);
    for (const { indexname, indexdef } of indexes) expect(indexdef, indexname).toMatch(/USING btree \(tenant_id[,)]/);
    const defs = indexes.map((i) => i.indexdef).join('\n');
    expect(defs).toContain('(tenant_id, owner_id, expected_close_date, id) WHERE (closed_at IS NULL)');
    expect(defs).toContain('deals_stage_idx ON m_idx.deals USING btree (tenant_id, stage_id, id)');
  });

  it('stores money as numeric plus currency, instants as epoch milliseconds, custom fields as jsonb', async () => {
    unwrap(await migratePostgres(db, { schema: 'm_types' }));
    const cols = (
      await db.query<{ column_name: string; data_type: string }>(
        `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'm_types' AND table_name = 'deals'`,
      )
    ).rows;
    const type = Object.fromEntries(cols.map((c) => [c.column_name, c.data_type]));
    expect(type).toMatchObject({
      tenant_id: 'text',
      amount: 'numeric',
      amount_currency: 'text',
      expected_close_date: 'bigint',
      custom_fields: 'jsonb',
      doc: 'jsonb',
      version: 'bigint',
    });
  });
});

describe('client shapes', () => {
  const shared = entityCtx();
  function deal(name: string): Deal {
    return unwrap(
      createDeal(
        { name, pipelineId: 'b2b', stageId: 'qualification', amount: { amount: '10.00', currency: 'USD' } },
        shared,
      ),
    );
  }

  it('a pool (connect → connection with release) gets BEGIN/COMMIT on one connection, and the connection back', async () => {
    unwrap(await migratePostgres(db, { schema: 'c_pool' }));
    const log: string[] = [];
    let released = 0;
    // A pool over PGlite: each "connection" is PGlite itself, whose statements we log.
    const pool: SqlPool = {
      query: (text, params) => db.query(text, params as unknown[]),
      connect: async () => ({
        query: (text: string, params?: readonly (string | null)[]) => {
          log.push(text.split(' ')[0]!);
          return db.query(text, params as unknown[]);
        },
        release: () => void released++,
      }),
    };
    const store = createPostgresStore(pool, { schema: 'c_pool' });
    const d = deal('pooled');
    const r = await store.transaction(ctx, async (tx) => tx.deals.insert(ctx, d));
    expect(r.ok).toBe(true);
    expect(log[0]).toBe('BEGIN');
    expect(log[log.length - 1]).toBe('COMMIT');
    expect(released).toBe(1);
    const failed = await store
      .transaction(ctx, async () => ok(1))
      .then(() => store.transaction(ctx, async (tx) => tx.deals.insert(ctx, d)));
    expect(failed.ok).toBe(false);
    expect(log[log.length - 1]).toBe('ROLLBACK');
    expect(released).toBe(3);
  });

  it('singleConnection queues statements, so a transaction never interleaves with other operations', async () => {
    unwrap(await migratePostgres(db, { schema: 'c_single' }));
    const order: string[] = [];
    const conn: SqlQueryable = {
      query: async (text, params) => {
        order.push(text.split(' ')[0]!);
        return db.query(text, params as unknown[]);
      },
    };
    const store = createPostgresStore(singleConnection(conn), { schema: 'c_single' });
    const a = deal('a');
    const b = deal('b');
    await Promise.all([
      store.transaction(ctx, async (tx) => {
        const r = await tx.deals.insert(ctx, a);
        await new Promise((resolve) => setTimeout(resolve, 20));
        return r;
      }),
      store.deals.insert(ctx, b),
    ]);
    const begin = order.indexOf('BEGIN');
    const commit = order.indexOf('COMMIT');
    // An insert is one statement (WITH … INSERT: it also reads and locks the id's record_versions row).
    expect(order.slice(begin, commit + 1)).toEqual(['BEGIN', 'WITH', 'COMMIT']);
    expect(unwrap(await store.deals.count(ctx))).toBe(2);
  });

  it('on a single connection the database transaction begins at the first write; a failed Result rolls it back', async () => {
    unwrap(await migratePostgres(db, { schema: 'c_lazy' }));
    const order: string[] = [];
    const conn: SqlQueryable = {
      query: async (text, params) => {
        order.push(text.split(' ')[0]!);
        return db.query(text, params as unknown[]);
      },
    };
    const store = createPostgresStore(singleConnection(conn), { schema: 'c_lazy' });
    const a = deal('lazy');
    unwrap(await store.deals.insert(ctx, a));
    order.length = 0;
    // Reading only: no BEGIN at all.
    unwrap(await store.transaction(ctx, async (tx) => ok(unwrap(await tx.deals.count(ctx)))));
    expect(order).toEqual(['SELECT']);
    order.length = 0;
    // Read, then a writer outside the transaction, then the transaction's write: the version check catches it.
    const r = await store.transaction(ctx, async (tx) => {
      const loaded = unwrap(await tx.deals.get(ctx, a.id))!;
      unwrap(
        await store.deals.update(
          ctx,
          { ...loaded, name: 'outside', version: loaded.version + 1 },
          { expectedVersion: loaded.version },
        ),
      );
      return tx.deals.update(
        ctx,
        { ...loaded, name: 'inside', version: loaded.version + 1 },
        { expectedVersion: loaded.version },
      );
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('conflict');
    expect(order).toEqual(['SELECT', 'UPDATE', 'BEGIN', 'UPDATE', 'SELECT', 'ROLLBACK']);
    expect(unwrap(await store.deals.get(ctx, a.id))?.name).toBe('outside');
  });

  it('refuses a client without query(), and a connect() that returns no connection', async () => {
    expect(() => createPostgresStore({} as never)).toThrow(/query/);
    const fake = { query: db.query.bind(db), connect: async () => undefined } as unknown as SqlPool;
    const store = createPostgresStore(fake, { schema: 'crmkit' });
    const r = await store.transaction(ctx, async () => ok(1));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/singleConnection/);
  });
});

describe('failures: a dropped connection, deadlocks and serialization failures', () => {
  const shared = entityCtx();
  const deal = (name: string): Deal =>
    unwrap(
      createDeal(
        { name, pipelineId: 'b2b', stageId: 'qualification', amount: { amount: '10.00', currency: 'USD' } },
        shared,
      ),
    );

  /** A pool over PGlite whose connection is an EventEmitter, as pg's clients are. */
  function emitterPool(onStatement: (text: string, conn: EventEmitter) => void) {
    const released: unknown[] = [];
    let conn: EventEmitter | undefined;
    const pool: SqlPool = {
      query: (text, params) => db.query(text, params as unknown[]),
      connect: async () => {
        const emitter = new EventEmitter();
        conn = emitter;
        return Object.assign(emitter, {
          query: async (text: string, params?: readonly (string | null)[]) => {
            onStatement(text, emitter);
            return db.query<Record<string, unknown>>(text, params as unknown[]);
          },
          release: (error?: Error | boolean) => void released.push(error),
        });
      },
    };
    return { pool, released, listeners: () => conn?.listenerCount('error') ?? 0 };
  }

  it('a connection that emits error mid-transaction: adapter_failure, the connection released as broken, the listener removed', async () => {
    unwrap(await migratePostgres(db, { schema: 'f_drop' }));
    const dropped = new Error('Connection terminated unexpectedly');
    let n = 0;
    const { pool, released, listeners } = emitterPool((text, conn) => {
      if (++n === 2) {
        // pg emits the client's 'error' when its socket dies; without a listener Node would throw it.
        conn.emit('error', dropped);
        throw dropped;
      }
    });
    const store = createPostgresStore(pool, { schema: 'f_drop' });
    const r = await store.transaction(ctx, async (tx) => tx.deals.insert(ctx, deal('dropped')));
    expect(r.ok || r.error.code).toBe('adapter_failure');
    expect(released).toEqual([dropped]);
    expect(listeners()).toBe(0);
    expect(unwrap(await store.deals.count(ctx))).toBe(0);
  });

  it('SQLSTATE 40P01 (deadlock) and 40001 (serialization failure) are conflict; other database errors adapter_failure', async () => {
    unwrap(await migratePostgres(db, { schema: 'f_codes' }));
    for (const [code, expected] of [
      ['40P01', 'conflict'],
      ['40001', 'conflict'],
      ['57P01', 'adapter_failure'],
      ['23505', 'adapter_failure'],
      [undefined, 'adapter_failure'],
    ] as const) {
      const failing = Object.assign(new Error(`failed with ${code}`), { code });
      const { pool } = emitterPool((text) => {
        if (!/^(BEGIN|ROLLBACK)/.test(text)) throw failing;
      });
      const store = createPostgresStore(pool, { schema: 'f_codes' });
      const inTx = await store.transaction(ctx, async (tx) => tx.deals.insert(ctx, deal(`in ${code}`)));
      expect(inTx.ok || inTx.error.code, String(code)).toBe(expected);
      if (!inTx.ok) expect(inTx.error.cause).toBe(failing);
      const client = { query: async () => Promise.reject(failing), connect: pool.connect } as SqlPool;
      const plain = createPostgresStore(client, { schema: 'f_codes' });
      const w = await plain.deals.insert(ctx, deal(`plain ${code}`));
      expect(w.ok || w.error.code, String(code)).toBe(expected);
      // Reads answer with a Result too, never a rejection; the driver's error is the cause.
      for (const read of [
        () => plain.deals.get(ctx, 'x' as Deal['id']),
        () => plain.deals.getMany(ctx, ['x' as Deal['id']]),
        () => plain.deals.find(ctx),
        () => plain.deals.count(ctx),
        () => plain.events.read(ctx),
      ] as (() => Promise<Result<unknown>>)[]) {
        const r = await read();
        expect(r.ok || r.error.code, String(code)).toBe(expected);
        if (!r.ok) expect(r.error.cause).toBe(failing);
      }
    }
  });
});

describe('storage', () => {
  it('keeps exact money, extreme instants, -0, $-keys and lone surrogates; the columns serve queries', async () => {
    unwrap(await migratePostgres(db, { schema: 's_exact' }));
    const store = createPostgresStore(db, { schema: 's_exact' });
    const d = unwrap(
      createDeal(
        {
          name: 'a\uD800b',
          pipelineId: 'b2b',
          stageId: 'qualification',
          amount: { amount: '12345678901234567890.12', currency: 'USD' },
          expectedCloseDate: new Date(8.64e15),
          customFields: { when: new Date(-8.64e15), zero: -0, nested: { list: [1, 'x\uDC00'] } },
        },
        entityCtx(),
      ),
    );
    unwrap(await store.deals.insert(ctx, d));
    const got = unwrap(await store.deals.get(ctx, d.id));
    expect(got).toEqual(d);
    expect(Object.is(got?.customFields['zero'], -0)).toBe(true);
    const row = (
      await db.query<{ amount: string; c: string; e: string }>(
        `SELECT amount::text AS amount, amount_currency AS c, expected_close_date::text AS e FROM "s_exact"."deals"`,
      )
    ).rows[0];
    expect(row).toEqual({ amount: '12345678901234567890.12', c: 'USD', e: '8640000000000000' });
    expect(
      unwrap(await store.deals.count(ctx, { where: { field: 'amount', op: 'gt', value: '12345678901234567890.11' } })),
    ).toBe(1);
    expect(unwrap(await store.deals.count(ctx, { where: { field: 'customFields.zero', op: 'eq', value: 0 } }))).toBe(1);
  });

  it('reads the outbox in sequence order past 9 events (a defect sorted the text of the sequence: 1, 10, 11, …, 2)', async () => {
    unwrap(await migratePostgres(db, { schema: 's_outbox' }));
    const store = createPostgresStore(db, { schema: 's_outbox' });
    const events = Array.from({ length: 25 }, (_, i) => ({
      id: `e${i + 1}`,
      type: 'note_added',
      at: new Date('2026-01-01T00:00:00Z'),
      by: null,
      aggregate: { kind: 'deal' as const, id: 'd1' },
      payload: null,
    }));
    unwrap(await store.events.append(ctx, events));
    expect(unwrap(await store.events.read(ctx, { after: 0, limit: 1000 })).items.map((e) => e.sequence)).toEqual(
      events.map((_, i) => i + 1),
    );
    const seen: number[] = [];
    for (let after = 0; ;) {
      const page = unwrap(await store.events.read(ctx, { after, limit: 4 }));
      if (page.items.length === 0) break;
      seen.push(...page.items.map((e) => e.sequence));
      after = page.lastSequence;
    }
    expect(seen).toEqual(events.map((_, i) => i + 1));
  });
});

describe('queries: SQL gives what the reference evaluator gives', () => {
  const OWNERS = ['u1', 'u2', 'U1', null] as const;
  const STAGES = ['qualification', 'proposal', 'closed_won'] as const;
  const CUSTOM = [
    'a',
    'B',
    '',
    'é',
    'É',
    5,
    0,
    -2.5,
    true,
    false,
    null,
    new Date('2026-01-01T00:00:00Z'),
    { x: 1, a: [2] },
    [1, 'a'],
  ] as const;

  const dealArb = fc.record({
    name: fc.constantFrom('Alpha', 'alpha', 'Beta', 'ÄPFEL', 'äpfel', "O'Brien", 'Zeta', 'zz'),
    ownerId: fc.constantFrom(...OWNERS),
    stageId: fc.constantFrom(...STAGES),
    cents: fc.integer({ min: 0, max: 100_000 }),
    close: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
    tier: fc.constantFrom(...CUSTOM, undefined),
  });

  const valueFor = (field: string): fc.Arbitrary<unknown> => {
    switch (field) {
      case 'name':
        return fc.constantFrom('Alpha', 'alpha', 'Beta', 'äpfel', 'O', 'z', 'p');
      case 'ownerId':
        return fc.constantFrom('u1', 'u2', 'U1', 'u');
      case 'stageId':
        return fc.constantFrom(...STAGES);
      case 'amount':
        return fc.integer({ min: 0, max: 1000 }).map(String);
      case 'expectedCloseDate':
        return fc.integer({ min: 0, max: 5 }).map((i) => new Date(Date.UTC(2026, 0, 1 + i)));
      default:
        return fc.constantFrom('a', 'B', 'é', 5, 0, -2.5, true, false, new Date('2026-01-01T00:00:00Z'));
    }
  };
  const FIELDS = ['name', 'ownerId', 'stageId', 'amount', 'expectedCloseDate', 'customFields.tier'] as const;
  const leaf: fc.Arbitrary<Filter<Deal>> = fc.constantFrom(...FIELDS).chain((field) => {
    const textual = field === 'name' || field === 'ownerId' || field === 'stageId' || field === 'customFields.tier';
    const ops = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'isNull', ...(textual ? ['contains'] : [])] as const;
    return fc.constantFrom(...ops).chain((op): fc.Arbitrary<Filter<Deal>> => {
      if (op === 'isNull') return fc.boolean().map((value) => ({ field, op, value }));
      if (op === 'in')
        return fc.array(valueFor(field), { maxLength: 3 }).map((value) => ({ field, op, value }) as Filter<Deal>);
      if (op === 'contains') return fc.constantFrom('a', 'Ä', 'ä', 'É', "'", '').map((value) => ({ field, op, value }));
      return valueFor(field).map((value) => ({ field, op, value }) as Filter<Deal>);
    });
  });
  const filterArb: fc.Arbitrary<Filter<Deal>> = fc.letrec<{ f: Filter<Deal> }>((tie) => ({
    f: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.array(tie('f'), { maxLength: 3 }).map((all) => ({ all })),
      fc.array(tie('f'), { maxLength: 3 }).map((any) => ({ any })),
      tie('f').map((not) => ({ not })),
    ),
  })).f;
  const sortArb: fc.Arbitrary<SortKey<Deal>[]> = fc.uniqueArray(
    fc
      .record({
        field: fc.constantFrom(...FIELDS),
        direction: fc.constantFrom('asc', 'desc'),
        nulls: fc.constantFrom('first', 'last', undefined),
      })
      .map((k) => {
        const { nulls, ...rest } = k;
        return (nulls === undefined ? rest : { ...rest, nulls }) as SortKey<Deal>;
      }),
    { maxLength: 2, selector: (k) => k.field },
  );

  it('property: every page of a cursor walk and every count agree with the evaluator', async () => {
    unwrap(await migratePostgres(db, { schema: 'q_diff' }));
    const store = createPostgresStore(db, { schema: 'q_diff' });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(dealArb, { minLength: 0, maxLength: 25 }),
        filterArb,
        sortArb,
        fc.integer({ min: 1, max: 7 }),
        async (rows, where, orderBy, limit) => {
          const tenant = { tenantId: `run-${++run}` };
          const ids = sequentialIdGenerator(`r${run}`);
          const deals = rows.map((r, i) =>
            unwrap(
              createDeal(
                {
                  name: r.name,
                  ownerId: r.ownerId,
                  pipelineId: 'b2b',
                  stageId: r.stageId,
                  amount: { amount: (r.cents / 100).toFixed(2), currency: 'EUR' },
                  expectedCloseDate: r.close === null ? null : new Date(Date.UTC(2026, 0, 1 + r.close)),
                  customFields: r.tier === undefined ? {} : { tier: r.tier },
                },
                { clock: fixedClock(new Date(Date.UTC(2026, 0, 1, 0, 0, i))), ids },
              ),
            ),
          );
          for (const d of deals) unwrap(await store.deals.insert(tenant, d));
          const query: Query<Deal> = { where, orderBy, limit };
          const normalized = unwrap(validateQuery('deal', query));
          const expected = runQuery(deals, { ...normalized, limit: 1000 }).items.map((d) => d.id);
          const seen: string[] = [];
          let cursor: string | null = null;
          do {
            const page: { items: readonly Deal[]; nextCursor: string | null } = unwrap(
              await store.deals.find(tenant, {
                ...query,
                cursor,
              }),
            );
            expect(page.items.length).toBeLessThanOrEqual(limit);
            // The memory evaluator pages the same way from the same cursor.
            const ref = runQuery(deals, unwrap(validateQuery('deal', { ...query, cursor })));
            expect(page.items.map((d) => d.id)).toEqual(ref.items.map((d) => d.id));
            expect(page.nextCursor).toBe(ref.nextCursor);
            seen.push(...page.items.map((d) => d.id));
            cursor = page.nextCursor;
          } while (cursor !== null);
          expect(seen).toEqual(expected);
          expect(unwrap(await store.deals.count(tenant, { where }))).toBe(expected.length);
        },
      ),
      { numRuns: 60, seed: 7 },
    );
  });
});
