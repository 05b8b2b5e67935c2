/**
 * Migration 4 on a schema at version 3 (shared by the PGlite and the PostgreSQL server tests): the
 * columns and indexes migration 4 adds are dropped and old records' documents made as crmkit wrote
 * them before (a contact without lifecycle history, a lead without status history or campaign, a
 * deal without campaign, a campaign without actual cost); migrating applies 4 alone, fills the
 * columns from the documents, and the store reads and queries both kinds of record.
 */
import { expect } from 'vitest';
import { createPostgresStore, migratePostgres, type PostgresClient } from '../../../src/adapters/postgres/index.js';
import { fixedClock } from '../../../src/core/clock.js';
import { sequentialIdGenerator } from '../../../src/core/ids.js';
import { unwrap } from '../../../src/core/result.js';
import {
  createCampaign,
  createContact,
  createDeal,
  createLead,
  parseContact,
  parseLead,
} from '../../../src/entities/index.js';

const ctx = { tenantId: 'acme' };
const entityCtx = () => ({ clock: fixedClock('2026-01-01T00:00:00Z'), ids: sequentialIdGenerator() });

/** Runs the upgrade on `db` in `schema` (a fresh schema name) and checks it. */
export async function upgradeToMigration4(
  db: PostgresClient & { query(sql: string): Promise<unknown> },
  schema: string,
): Promise<void> {
  unwrap(await migratePostgres(db, { schema }));
  const store = createPostgresStore(db, { schema });
  const c = entityCtx();
  const amount = { amount: '100.00', currency: 'EUR' };
  const campaign = unwrap(
    await store.campaigns.insert(
      ctx,
      unwrap(
        createCampaign(
          { name: 'WhatsApp spring', channel: 'whatsapp', actualCost: { amount: '1250.50', currency: 'EUR' } },
          c,
        ),
      ),
    ),
  );
  const oldCampaign = unwrap(
    await store.campaigns.insert(ctx, unwrap(createCampaign({ name: 'Old', channel: 'email' }, c))),
  );
  const lead = unwrap(
    await store.leads.insert(
      ctx,
      unwrap(createLead({ lastName: 'New', email: 'n@example.com', campaignId: campaign.id }, c)),
    ),
  );
  const oldLead = unwrap(
    await store.leads.insert(
      ctx,
      unwrap(createLead({ lastName: 'Old', email: 'o@example.com', status: 'contacted' }, c)),
    ),
  );
  const deal = unwrap(
    await store.deals.insert(
      ctx,
      unwrap(
        createDeal({ name: 'New', pipelineId: 'b2b', stageId: 'prospecting', amount, campaignId: campaign.id }, c),
      ),
    ),
  );
  const oldDeal = unwrap(
    await store.deals.insert(
      ctx,
      unwrap(createDeal({ name: 'Old', pipelineId: 'b2b', stageId: 'prospecting', amount }, c)),
    ),
  );
  const oldContact = unwrap(
    await store.contacts.insert(ctx, unwrap(createContact({ lastName: 'Old', lifecycleStage: 'growth' }, c))),
  );
  // Back to version 3: the columns and indexes of migration 4 gone, and the old records' documents as
  // crmkit wrote them before.
  for (const sql of [
    `DROP INDEX "${schema}"."leads_campaign_idx"`,
    `DROP INDEX "${schema}"."deals_campaign_idx"`,
    `ALTER TABLE "${schema}"."leads" DROP COLUMN "campaign_id"`,
    `ALTER TABLE "${schema}"."deals" DROP COLUMN "campaign_id"`,
    `ALTER TABLE "${schema}"."campaigns" DROP COLUMN "actual_cost"`,
    `ALTER TABLE "${schema}"."campaigns" DROP COLUMN "actual_cost_currency"`,
    `UPDATE "${schema}"."contacts" SET "doc" = "doc" - 'lifecycleHistory' WHERE "id" = '${oldContact.id}'`,
    `UPDATE "${schema}"."leads" SET "doc" = "doc" - 'statusHistory' - 'campaignId' WHERE "id" = '${oldLead.id}'`,
    `UPDATE "${schema}"."deals" SET "doc" = "doc" - 'campaignId' WHERE "id" = '${oldDeal.id}'`,
    `UPDATE "${schema}"."campaigns" SET "doc" = "doc" - 'actualCost' WHERE "id" = '${oldCampaign.id}'`,
    `DELETE FROM "${schema}"."crmkit_migrations" WHERE "version" = 4`,
  ])
    await db.query(sql);
  expect(unwrap(await migratePostgres(db, { schema })).applied).toEqual([4]);

  // Old records read with the new fields' defaults.
  const contact = unwrap(await store.contacts.get(ctx, oldContact.id))!;
  expect(contact.lifecycleHistory).toEqual([]);
  expect(contact.lifecycleStage).toBe('growth');
  const readLead = unwrap(await store.leads.get(ctx, oldLead.id))!;
  expect(readLead.statusHistory).toEqual([]);
  expect(readLead.campaignId).toBeNull();
  expect(unwrap(await store.deals.get(ctx, oldDeal.id))!.campaignId).toBeNull();
  expect(unwrap(await store.campaigns.get(ctx, oldCampaign.id))!.actualCost).toBeNull();
  // Their stored documents (as a JSON round trip gives them) parse as well.
  const docs = (await db.query(`SELECT "doc" FROM "${schema}"."contacts" WHERE "id" = '${oldContact.id}'`)) as {
    rows: { doc: Record<string, unknown> }[];
  };
  expect(docs.rows[0]!.doc['lifecycleHistory']).toBeUndefined();
  expect(parseContact({ ...contact, lifecycleHistory: undefined }).ok).toBe(true);
  expect(parseLead({ ...readLead, statusHistory: undefined, campaignId: undefined }).ok).toBe(true);

  // The new records keep their values, and the columns filled from the documents answer queries.
  expect(unwrap(await store.leads.get(ctx, lead.id))!.statusHistory).toHaveLength(1);
  const byCampaign = unwrap(
    await store.leads.find(ctx, { where: { field: 'campaignId', op: 'eq', value: campaign.id } }),
  );
  expect(byCampaign.items.map((l) => l.id)).toEqual([lead.id]);
  const deals = unwrap(await store.deals.find(ctx, { where: { field: 'campaignId', op: 'eq', value: campaign.id } }));
  expect(deals.items.map((d) => d.id)).toEqual([deal.id]);
  const costly = unwrap(
    await store.campaigns.find(ctx, {
      where: { field: 'actualCost', op: 'gt', value: { amount: '1000', currency: 'EUR' } },
    }),
  );
  expect(costly.items.map((x) => [x.id, x.actualCost])).toEqual([
    [campaign.id, { amount: '1250.50', currency: 'EUR' }],
  ]);
  const noCost = unwrap(await store.campaigns.find(ctx, { where: { field: 'actualCost', op: 'isNull', value: true } }));
  expect(noCost.items.map((x) => x.id)).toEqual([oldCampaign.id]);
}
