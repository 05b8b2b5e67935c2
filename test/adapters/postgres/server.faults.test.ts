/**
 * Faults on a real PostgreSQL server, through `pg`'s Pool: a backend killed (pg_terminate_backend) at
 * every statement position of a transaction, COMMIT included; an insert racing a delete of the same
 * id; a real deadlock; a real serialization failure. The server is given by `CRMKIT_PG_URL` (`scripts/start-postgres.sh` starts one and prints
 * the line to export). Without it the file is skipped with a message — except in CI (`CI=true`),
 * where a missing server is a failure.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import pg from 'pg';
import { createPostgresStore } from '../../../src/adapters/postgres/index.js';
import { killingPool, onPostgresServer } from './_server.js';
import { createDeal, updateDeal, type Deal } from '../../../src/entities/index.js';
import { fixedClock } from '../../../src/core/clock.js';
import { sequentialIdGenerator } from '../../../src/core/ids.js';
import { ok, unwrap, type Result } from '../../../src/core/result.js';
import type { Repositories, Store, StoreContext } from '../../../src/repository/index.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const ctx: StoreContext = { tenantId: 'acme', actor: 'user-1' };

function makeDeal(name: string, seq: string): Deal {
  return unwrap(
    createDeal(
      { name, pipelineId: 'b2b', stageId: 'qualification', amount: { amount: '100.00', currency: 'USD' } },
      { clock: fixedClock('2030-01-01T00:00:00Z'), ids: sequentialIdGenerator(seq) },
    ),
  );
}

function renamed(d: Deal, name: string): Deal {
  return unwrap(updateDeal(d, (x) => void (x.name = name), { clock: fixedClock('2030-02-01T00:00:00Z') }));
}

onPostgresServer(
  'PostgreSQL server faults',
  'faults',
  (server) => {
    let admin: pg.Pool;
    beforeAll(() => {
      admin = server.pool();
    });
    const freshSchema = server.freshSchema;
    const url = server.url;

    describe('a backend killed during store.transaction on a pg.Pool', () => {
      it('ends the transaction with adapter_failure at every statement position (COMMIT included); nothing persists; the process and the pool live on', async () => {
        const schema = await freshSchema();
        const pool = new pg.Pool({ connectionString: url, max: 3 });
        const poolErrors: Error[] = [];
        pool.on('error', (e) => void poolErrors.push(e)); // as docs/postgres.md shows
        let killAt = 0;
        const log: string[] = [];
        const store = createPostgresStore(
          killingPool(admin, pool, () => killAt, log),
          { schema },
        );
        const plain = createPostgresStore(pool, { schema });
        // An 'error' event nobody listens for is thrown from the socket's handler: it would end a
        // plain Node process. Collect such exceptions here, so the test itself fails on them.
        const uncaught: unknown[] = [];
        const onUncaught = (e: unknown): void => void uncaught.push(e);
        process.on('uncaughtException', onUncaught);
        try {
          const base = makeDeal('base', 'k');
          unwrap(await plain.deals.insert(ctx, base));
          let round = 0;
          // A transaction with reads, an update, an insert and outbox events: BEGIN, SELECT, UPDATE,
          // WITH … INSERT, INSERT (sequence), INSERT (events), COMMIT.
          const work = (tx: Repositories): Promise<Result<unknown>> =>
            (async () => {
              round++;
              const got = await tx.deals.get(ctx, base.id);
              if (!got.ok) return got; // adapter_failure when the backend was killed before the SELECT
              const current = got.value;
              if (current === null) return ok('missing');
              const u = await tx.deals.update(ctx, renamed(current, `round ${round}`), {
                expectedVersion: current.version,
              });
              if (!u.ok) return u;
              const i = await tx.deals.insert(ctx, makeDeal(`new ${round}`, `r${round}`));
              if (!i.ok) return i;
              return tx.events.append(ctx, [
                {
                  id: `e${round}`,
                  type: 'deal_renamed',
                  at: new Date(0),
                  by: null,
                  aggregate: { kind: 'deal', id: base.id },
                  payload: { round },
                },
              ]);
            })();

          // Count the statements of one transaction (no kill), then undo it.
          killAt = 0;
          log.length = 0;
          const clean = await store.transaction(ctx, work);
          expect(clean.ok).toBe(true);
          const statements = [...log];
          expect(statements[0]).toBe('BEGIN');
          expect(statements[statements.length - 1]).toBe('COMMIT');
          expect(statements.length).toBeGreaterThanOrEqual(7);
          await admin.query(`TRUNCATE "${schema}"."outbox_events", "${schema}"."outbox_sequences"`);
          const before = unwrap(await plain.deals.get(ctx, base.id))!;
          const dealsBefore = unwrap(await plain.deals.count(ctx));

          for (let k = 1; k <= statements.length; k++) {
            killAt = k;
            log.length = 0;
            const r = await store.transaction(ctx, work);
            expect(r.ok, `kill before statement ${k} (${statements[k - 1]})`).toBe(false);
            if (!r.ok)
              expect(r.error.code, `kill before statement ${k} (${statements[k - 1]})`).toBe('adapter_failure');
            // Nothing of the transaction persisted.
            expect(unwrap(await plain.deals.get(ctx, base.id)), `after kill ${k}`).toEqual(before);
            expect(unwrap(await plain.deals.count(ctx)), `after kill ${k}`).toBe(dealsBefore);
            expect(unwrap(await plain.events.read(ctx)).items, `after kill ${k}`).toEqual([]);
            // The pool lives on: plain statements and new transactions work.
            expect((await pool.query('SELECT 1 AS "one"')).rows[0]).toEqual({ one: 1 });
            expect(pool.totalCount).toBeLessThanOrEqual(3);
          }
          killAt = 0;
          const after = await store.transaction(ctx, work);
          expect(after.ok).toBe(true);
          expect(unwrap(await plain.deals.get(ctx, base.id))?.version).toBe(before.version + 1);
          expect(poolErrors).toEqual([]);
          expect(uncaught).toEqual([]);
        } finally {
          process.off('uncaughtException', onUncaught);
          await pool.end();
        }
      });
    });

    describe('versions never repeat for an id, also when an insert races a delete', () => {
      it('an insert of an id whose delete is not yet committed waits for it, then continues above the deleted version', async () => {
        const schema = await freshSchema();
        const pool = new pg.Pool({ connectionString: url, max: 4 });
        pool.on('error', () => undefined);
        const store: Store = createPostgresStore(pool, { schema });
        try {
          const x = makeDeal('x', 'v');
          unwrap(await store.deals.insert(ctx, x));
          let deleted: () => void = () => undefined;
          const wasDeleted = new Promise<void>((resolve) => (deleted = resolve));
          let commit: () => void = () => undefined;
          const gate = new Promise<void>((resolve) => (commit = resolve));
          const t1 = store.transaction(ctx, async (tx) => {
            const d = await tx.deals.delete(ctx, x.id, { expectedVersion: 1 });
            deleted();
            await gate;
            return d;
          });
          await wasDeleted;
          let insertDone = false;
          const inserted = store.deals.insert(ctx, x).finally(() => (insertDone = true));
          await new Promise((resolve) => setTimeout(resolve, 300));
          expect(insertDone).toBe(false); // waiting for the delete's transaction
          commit();
          const [r1, r2] = await Promise.all([t1, inserted]);
          expect(r1.ok).toBe(true);
          expect(r2.ok && r2.value.version).toBe(2);
          // A writer still holding version 1 of the deleted record cannot overwrite the new one.
          const stale = await store.deals.update(ctx, renamed(x, 'stale'), { expectedVersion: 1 });
          expect(stale.ok || stale.error.code).toBe('conflict');
          expect(unwrap(await store.deals.get(ctx, x.id))).toEqual({ ...x, version: 2 });
        } finally {
          await pool.end();
        }
      });
    });

    describe('deadlocks and serialization failures are conflict, as a concurrent change is in the memory store', () => {
      it('a real deadlock: of two transactions locking two deals in opposite orders, one commits and the other fails with conflict', async () => {
        const schema = await freshSchema();
        const pool = new pg.Pool({ connectionString: url, max: 4 });
        pool.on('error', () => undefined);
        const store: Store = createPostgresStore(pool, { schema });
        try {
          const a = makeDeal('a', 'a');
          const b = makeDeal('b', 'b');
          unwrap(await store.deals.insert(ctx, a));
          unwrap(await store.deals.insert(ctx, b));
          // Both transactions hold their first lock before either asks for its second.
          let arrived = 0;
          let open: () => void = () => undefined;
          const barrier = new Promise<void>((resolve) => (open = resolve));
          const arrive = async () => {
            if (++arrived === 2) open();
            await barrier;
          };
          const move = (first: Deal, second: Deal, who: string) =>
            store.transaction(ctx, async (tx) => {
              const r1 = await tx.deals.update(ctx, renamed(first, who), { expectedVersion: 1 });
              if (!r1.ok) return r1;
              await arrive();
              const r2 = await tx.deals.update(ctx, renamed(second, who), { expectedVersion: 1 });
              if (!r2.ok) return r2;
              return ok(who);
            });
          const results = await Promise.all([move(a, b, 'T1'), move(b, a, 'T2')]);
          const won = results.filter((r) => r.ok);
          const lost = results.filter((r) => !r.ok);
          expect(won).toHaveLength(1);
          expect(lost).toHaveLength(1);
          const failure = lost[0]!;
          if (failure.ok) throw new Error('unreachable');
          expect(failure.error.code).toBe('conflict');
          expect((failure.error.cause as { code?: string }).code).toBe('40P01');
          // The winner's two writes persisted, the loser's none.
          const winner = won[0]!.ok ? (won[0] as { value: string }).value : '';
          expect(unwrap(await store.deals.get(ctx, a.id))?.name).toBe(winner);
          expect(unwrap(await store.deals.get(ctx, b.id))?.name).toBe(winner);
        } finally {
          await pool.end();
        }
      });

      it('a real serialization failure (a SERIALIZABLE server): the second writer of a row gets conflict', async () => {
        const schema = await freshSchema();
        const pool = new pg.Pool({
          connectionString: url,
          max: 4,
          options: '-c default_transaction_isolation=serializable',
        });
        pool.on('error', () => undefined);
        const store: Store = createPostgresStore(pool, { schema });
        try {
          const a = makeDeal('a', 's');
          unwrap(await store.deals.insert(ctx, a));
          let release: () => void = () => undefined;
          const firstWrote = new Promise<void>((resolve) => (release = resolve));
          let letGo: () => void = () => undefined;
          const hold = new Promise<void>((resolve) => (letGo = resolve));
          // T1 reads and updates the deal, then holds its transaction open; T2 read the deal before
          // T1's update committed and then updates it: under SERIALIZABLE, T2 fails with 40001.
          const t1 = store.transaction(ctx, async (tx) => {
            const current = unwrap(await tx.deals.get(ctx, a.id))!;
            const r = await tx.deals.update(ctx, renamed(current, 'T1'), { expectedVersion: 1 });
            release();
            await hold;
            return r;
          });
          const t2 = store.transaction(ctx, async (tx) => {
            const current = unwrap(await tx.deals.get(ctx, a.id))!;
            await firstWrote;
            const update = tx.deals.update(ctx, renamed(current, 'T2'), { expectedVersion: 1 });
            setTimeout(letGo, 200); // T2's update now waits for T1's lock
            return update;
          });
          const [r1, r2] = await Promise.all([t1, t2]);
          expect(r1.ok).toBe(true);
          expect(r2.ok || r2.error.code).toBe('conflict');
          if (!r2.ok) expect((r2.error.cause as { code?: string }).code).toBe('40001');
          expect(unwrap(await store.deals.get(ctx, a.id))?.name).toBe('T1');
        } finally {
          await pool.end();
        }
      });
    });
  },
  { max: 2 },
);
