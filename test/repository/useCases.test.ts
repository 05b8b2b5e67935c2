/**
 * The use cases over a store answer bad arguments and failing reads with a Result: what a
 * JavaScript caller may pass (`null` options, an id of the wrong type) never becomes a TypeError.
 */
import { describe, expect, it } from 'vitest';
import {
  convertLeadInStore,
  createMemoryStore,
  transitionDealInStore,
  type Store,
} from '../../src/repository/index.js';
import { createDeal, createLead } from '../../src/entities/index.js';
import { b2bPipeline } from '../../src/pipeline/index.js';
import { fixedClock } from '../../src/core/clock.js';
import { sequentialIdGenerator } from '../../src/core/ids.js';
import { fail, unwrap } from '../../src/core/result.js';

const ctx = { tenantId: 'acme', actor: 'user-1' };
const entityCtx = () => ({ clock: fixedClock('2030-01-02T03:04:05Z'), ids: sequentialIdGenerator('t') });

async function withLead(): Promise<{ store: Store; leadId: string }> {
  const store = createMemoryStore();
  const lead = unwrap(
    createLead({ lastName: 'Lovelace', email: 'ada@example.com', company: 'Analytical Engines' }, entityCtx()),
  );
  unwrap(await store.leads.insert(ctx, lead));
  return { store, leadId: lead.id };
}

describe('convertLeadInStore', () => {
  it('null options mean none (was a TypeError)', async () => {
    const { store, leadId } = await withLead();
    const r = await convertLeadInStore(store, ctx, leadId, null as never, entityCtx());
    expect(r.ok).toBe(true);
  });

  it('account: null, or an existingId that is not a string, is validation_failed (was a TypeError)', async () => {
    const { store, leadId } = await withLead();
    for (const account of [null, { existingId: 10n }, { existingId: null }, 7]) {
      const r = await convertLeadInStore(store, ctx, leadId, { account } as never, entityCtx());
      expect(r.ok || r.error.code).toBe('validation_failed');
      if (!r.ok) expect(r.error.issues[0]?.path[0]).toBe('account');
    }
    expect(unwrap(await store.contacts.count(ctx))).toBe(0);
  });

  it('a lead id that is not a string is validation_failed at leadId; an unknown one not_found', async () => {
    const { store } = await withLead();
    const r = await convertLeadInStore(store, ctx, 10n as never, {}, entityCtx());
    expect(r.ok || r.error.issues[0]?.path).toEqual(['leadId']);
    const missing = await convertLeadInStore(store, ctx, 'no-such-lead', {}, entityCtx());
    expect(missing.ok || missing.error.code).toBe('not_found');
  });

  it('a failed read is the failed Result of the conversion (the store’s error, unchanged)', async () => {
    const { store, leadId } = await withLead();
    const broken: Store = {
      ...store,
      transaction: (c, fn) =>
        store.transaction(c, (tx) =>
          fn({ ...tx, leads: { ...tx.leads, get: async () => fail('adapter_failure', 'the database is down') } }),
        ),
    };
    const r = await convertLeadInStore(broken, ctx, leadId, {}, entityCtx());
    expect(r.ok || r.error.message).toBe('the database is down');
  });
});

describe('transitionDealInStore', () => {
  it('a deal id that is not a string is validation_failed at dealId; a failed read is the failed Result', async () => {
    const store = createMemoryStore();
    const deal = unwrap(
      createDeal(
        { name: 'Pilot', pipelineId: 'b2b', stageId: 'qualification', amount: { amount: '10.00', currency: 'EUR' } },
        entityCtx(),
      ),
    );
    unwrap(await store.deals.insert(ctx, deal));
    const at = new Date('2030-02-01T00:00:00Z');
    const r = await transitionDealInStore(store, ctx, b2bPipeline, 10n as never, 'proposal', { at, by: null });
    expect(r.ok || r.error.issues[0]?.path).toEqual(['dealId']);
    const broken: Store = {
      ...store,
      transaction: (c, fn) =>
        store.transaction(c, (tx) =>
          fn({ ...tx, deals: { ...tx.deals, get: async () => fail('adapter_failure', 'the database is down') } }),
        ),
    };
    const failed = await transitionDealInStore(broken, ctx, b2bPipeline, deal.id, 'proposal', { at, by: null });
    expect(failed.ok || failed.error.code).toBe('adapter_failure');
    expect(unwrap(await store.deals.get(ctx, deal.id))).toEqual(deal);
  });
});
