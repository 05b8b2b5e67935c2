/**
 * Migration 5 on a schema at version 4 (shared by the PGlite and the PostgreSQL server tests): the
 * tables migration 5 creates (campaign members, the loyalty ledger, referrals) are dropped, as a
 * schema migrated by crmkit before them has none; migrating applies 5 alone, creates the tables with
 * their indexes (tenant_id first), keeps the records stored before, and the store writes, reads and
 * queries the new repositories.
 */
import { expect } from 'vitest';
import { createPostgresStore, migratePostgres, type PostgresClient } from '../../../src/adapters/postgres/index.js';
import { fixedClock } from '../../../src/core/clock.js';
import { sequentialIdGenerator } from '../../../src/core/ids.js';
import { unwrap } from '../../../src/core/result.js';
import {
  createCampaign,
  createCampaignMember,
  createContact,
  createLead,
  createLoyaltyTransaction,
  createReferral,
} from '../../../src/entities/index.js';

const ctx = { tenantId: 'acme' };
const entityCtx = () => ({ clock: fixedClock('2026-01-01T00:00:00Z'), ids: sequentialIdGenerator() });
const NEW_TABLES = ['campaign_members', 'loyalty_transactions', 'referrals'] as const;

type Db = PostgresClient & { query(sql: string): Promise<unknown> };

async function rows<T>(db: Db, sql: string): Promise<T[]> {
  return ((await db.query(sql)) as { rows: T[] }).rows;
}

/** Runs the upgrade on `db` in `schema` (a fresh schema name) and checks it. */
export async function upgradeToMigration5(db: Db, schema: string): Promise<void> {
  unwrap(await migratePostgres(db, { schema }));
  const store = createPostgresStore(db, { schema });
  const c = entityCtx();
  const campaign = unwrap(
    await store.campaigns.insert(ctx, unwrap(createCampaign({ name: 'WhatsApp spring', channel: 'whatsapp' }, c))),
  );
  const contact = unwrap(
    await store.contacts.insert(ctx, unwrap(createContact({ lastName: 'Referrer', lifecycleStage: 'growth' }, c))),
  );
  // Back to version 4: a schema crmkit migrated before the new tables existed.
  for (const table of NEW_TABLES) await db.query(`DROP TABLE "${schema}"."${table}"`);
  await db.query(`DELETE FROM "${schema}"."crmkit_migrations" WHERE "version" = 5`);
  expect(unwrap(await migratePostgres(db, { schema })).applied).toEqual([5]);

  // The tables and their indexes are back, every index led by tenant_id.
  const indexes = await rows<{ tablename: string; indexname: string; indexdef: string }>(
    db,
    `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = '${schema}' AND tablename IN ('campaign_members', 'loyalty_transactions', 'referrals') ORDER BY indexname`,
  );
  expect(indexes.map((i) => i.indexname)).toEqual([
    'campaign_members_campaign_status_idx',
    'campaign_members_contact_idx',
    'campaign_members_lead_idx',
    'campaign_members_pkey',
    'loyalty_transactions_customer_at_idx',
    'loyalty_transactions_order_idx',
    'loyalty_transactions_pkey',
    'referrals_lead_idx',
    'referrals_pkey',
    'referrals_referrer_idx',
    'referrals_status_idx',
  ]);
  for (const i of indexes) expect(i.indexdef, i.indexname).toMatch(/USING btree \(tenant_id[,)]/);
  const defs = indexes.map((i) => i.indexdef).join('\n');
  expect(defs).toContain('(tenant_id, campaign_id, status, id)');
  expect(defs).toContain('(tenant_id, customer_id, at, id)');
  expect(defs).toContain('(tenant_id, referrer_contact_id, referred_at, id)');

  // What was stored before is still there.
  expect(unwrap(await store.campaigns.get(ctx, campaign.id))).toEqual(campaign);
  expect(unwrap(await store.contacts.get(ctx, contact.id))).toEqual(contact);

  // The new repositories write, read and query.
  const lead = unwrap(
    await store.leads.insert(ctx, unwrap(createLead({ lastName: 'Referred', email: 'r@example.com' }, c))),
  );
  const member = unwrap(
    await store.campaignMembers.insert(
      ctx,
      unwrap(
        createCampaignMember(
          { campaignId: campaign.id, leadId: lead.id, status: 'clicked', variant: 'B', at: '2026-03-02T09:00:00Z' },
          c,
        ),
      ),
    ),
  );
  const earned = unwrap(
    await store.loyaltyTransactions.insert(
      ctx,
      unwrap(
        createLoyaltyTransaction(
          {
            customerId: contact.id,
            kind: 'earn',
            points: '120.5',
            at: '2026-03-01T10:00:00Z',
            expiresAt: '2027-03-01T10:00:00Z',
            spend: { amount: '120.50', currency: 'EUR' },
          },
          c,
        ),
      ),
    ),
  );
  const referral = unwrap(
    await store.referrals.insert(
      ctx,
      unwrap(
        createReferral(
          { referrerContactId: contact.id, referredLeadId: lead.id, referredAt: '2026-03-03T00:00:00Z' },
          c,
        ),
      ),
    ),
  );
  expect(unwrap(await store.campaignMembers.get(ctx, member.id))).toEqual(member);
  expect(unwrap(await store.loyaltyTransactions.get(ctx, earned.id))).toEqual(earned);
  expect(unwrap(await store.referrals.get(ctx, referral.id))).toEqual(referral);
  const clicked = unwrap(
    await store.campaignMembers.find(ctx, {
      where: {
        all: [
          { field: 'campaignId', op: 'eq', value: campaign.id },
          { field: 'status', op: 'eq', value: 'clicked' },
        ],
      },
    }),
  );
  expect(clicked.items.map((m) => m.id)).toEqual([member.id]);
  const ledger = unwrap(
    await store.loyaltyTransactions.find(ctx, {
      where: { field: 'customerId', op: 'eq', value: contact.id },
      orderBy: [{ field: 'at' }],
    }),
  );
  expect(ledger.items.map((t) => t.points)).toEqual(['120.5']);
  const byReferrer = unwrap(
    await store.referrals.count(ctx, { where: { field: 'referrerContactId', op: 'eq', value: contact.id } }),
  );
  expect(byReferrer).toBe(1);
}
