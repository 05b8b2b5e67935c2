/**
 * Migration 3 on a schema at version 2 (shared by the PGlite and the PostgreSQL server tests): the
 * columns and indexes migration 3 adds are dropped and an old ticket's document made as crmkit
 * wrote it before (no type, no status history); migrating applies 3 alone, fills the columns from
 * the documents, and the store reads and queries both kinds of record.
 */
import { expect } from 'vitest';
import { createPostgresStore, migratePostgres, type PostgresClient } from '../../../src/adapters/postgres/index.js';
import { fixedClock } from '../../../src/core/clock.js';
import { sequentialIdGenerator } from '../../../src/core/ids.js';
import { unwrap } from '../../../src/core/result.js';
import { createSurveyResponse, createTicket } from '../../../src/entities/index.js';

const ctx = { tenantId: 'acme' };
const entityCtx = () => ({ clock: fixedClock('2026-01-01T00:00:00Z'), ids: sequentialIdGenerator() });

/** Runs the upgrade on `db` in `schema` (a fresh schema name) and checks it. */
export async function upgradeToMigration3(
  db: PostgresClient & { query(sql: string): Promise<unknown> },
  schema: string,
): Promise<void> {
  unwrap(await migratePostgres(db, { schema }));
  const store = createPostgresStore(db, { schema });
  const c = entityCtx();
  const typed = unwrap(
    await store.tickets.insert(ctx, unwrap(createTicket({ subject: 'Refund', type: 'complaint' }, c))),
  );
  const old = unwrap(await store.tickets.insert(ctx, unwrap(createTicket({ subject: 'Old' }, c))));
  const answer = unwrap(
    await store.surveyResponses.insert(
      ctx,
      unwrap(
        createSurveyResponse({ kind: 'csat', score: 4, answeredAt: '2026-01-02T00:00:00Z', ticketId: typed.id }, c),
      ),
    ),
  );
  // Back to version 2: the columns and indexes of migration 3 gone, and the old ticket's document
  // as crmkit wrote it before (no type, no status history).
  for (const sql of [
    `DROP INDEX "${schema}"."tickets_type_idx"`,
    `DROP INDEX "${schema}"."survey_responses_ticket_idx"`,
    `ALTER TABLE "${schema}"."tickets" DROP COLUMN "type"`,
    `ALTER TABLE "${schema}"."survey_responses" DROP COLUMN "ticket_id"`,
    `UPDATE "${schema}"."tickets" SET "doc" = "doc" - 'type' - 'statusHistory' WHERE "id" = '${old.id}'`,
    `DELETE FROM "${schema}"."crmkit_migrations" WHERE "version" = 3`,
  ])
    await db.query(sql);
  expect(unwrap(await migratePostgres(db, { schema })).applied).toEqual([3]);
  const reread = unwrap(await store.tickets.get(ctx, old.id))!;
  expect(reread.type).toBeNull();
  expect(reread.statusHistory).toEqual([]);
  const complaints = unwrap(await store.tickets.find(ctx, { where: { field: 'type', op: 'eq', value: 'complaint' } }));
  expect(complaints.items.map((t) => t.id)).toEqual([typed.id]);
  const linked = unwrap(
    await store.surveyResponses.find(ctx, { where: { field: 'ticketId', op: 'eq', value: typed.id } }),
  );
  expect(linked.items.map((r) => r.id)).toEqual([answer.id]);
}
