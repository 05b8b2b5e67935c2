// Issue 13 §1: record events seen through withAccess — a field the user may not read is left out of a
// record event's changes (and a custom field out of a customFields change).
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/repository/index.js';
import { withAccess } from '../../src/access/index.js';
import { createDeal, createUser, updateDeal } from '../../src/entities/index.js';
import { fixedClock, unwrap } from '../../src/core/index.js';
import type { RecordEventPayload } from '../../src/automation/index.js';
import { salesOrg } from './_salesOrg.js';

const ctx = { tenantId: 'acme' };
const clock = fixedClock('2026-03-02T09:00:00Z', 1000);

describe('record events through withAccess', () => {
  it('support reads deal events without the amount; finance without the notes', async () => {
    const store = createMemoryStore({ recordEvents: true });
    const sup = unwrap(createUser({ name: 'Sue Support', email: 'sue@acme.test', role: 'support' }, { clock }));
    const fin = unwrap(createUser({ name: 'Fin Ance', email: 'fin@acme.test', role: 'viewer' }, { clock }));
    unwrap(await store.users.insert(ctx, sup));
    unwrap(await store.users.insert(ctx, fin));
    const deal = unwrap(
      createDeal(
        {
          name: 'Pilot',
          pipelineId: 'b2b',
          stageId: 'proposal',
          amount: { amount: '5000.00', currency: 'EUR' },
          customFields: { region: 'emea', notes: 'call after lunch' },
        },
        { clock },
      ),
    );
    unwrap(await store.deals.insert(ctx, deal));
    const next = unwrap(
      updateDeal(
        deal,
        (d) => {
          d.amount = { amount: '7000.00', currency: 'EUR' };
          d.customFields = { region: 'emea', notes: 'later' };
        },
        { clock },
      ),
    );
    unwrap(await store.deals.update(ctx, next, { expectedVersion: deal.version }));

    const fields = (p: unknown) => (p as RecordEventPayload).changes.map((c) => c.field);
    const all = unwrap(await store.events.read(ctx)).items.filter((e) => e.aggregate.kind === 'deal');
    expect(fields(all[all.length - 1]!.payload)).toEqual(['amount', 'customFields']);

    const seenBySupport = unwrap(await withAccess(store, salesOrg(), { user: sup }).events.read(ctx)).items;
    expect(seenBySupport.map((e) => e.id)).toEqual(all.map((e) => e.id));
    for (const e of seenBySupport) expect(fields(e.payload)).not.toContain('amount');
    expect(fields(seenBySupport[seenBySupport.length - 1]!.payload)).toEqual(['customFields']);

    const seenByFinance = unwrap(await withAccess(store, salesOrg(), { user: fin }).events.read(ctx)).items;
    const update = seenByFinance[seenByFinance.length - 1]!.payload as RecordEventPayload;
    expect(update.changes.map((c) => c.field)).toEqual(['amount']); // the notes were the only custom change
    const created = seenByFinance[0]!.payload as RecordEventPayload;
    expect(created.changes.find((c) => c.field === 'customFields')?.to).toEqual({ region: 'emea' });
  });
});
