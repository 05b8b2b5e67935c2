/**
 * Cases the cross-store property (stores.property.test.ts) once failed on, pinned: each runs on the
 * memory store, PGlite and the PostgreSQL server (CRMKIT_PG_URL; required in CI).
 */
import { describe, expect, it, vi } from 'vitest';
import { useTestStores } from '../_stores.js';
import { createDeal, type Deal } from '../../src/entities/index.js';
import { fixedClock } from '../../src/core/clock.js';
import { unwrap } from '../../src/core/result.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const stores = useTestStores('condfix', { memory: true });

let n = 0;
function deal(id: string, customFields: Record<string, unknown>): Deal {
  return unwrap(
    createDeal(
      {
        name: id,
        pipelineId: 'b2b',
        stageId: 'qualification',
        amount: { amount: '0.00', currency: 'USD' },
        customFields,
      },
      { clock: fixedClock('2026-01-01T00:00:00Z'), ids: { next: () => id } },
    ),
  );
}

async function idsIn(where: unknown, deals: readonly Deal[]): Promise<Record<string, string[]>> {
  const ctx = { tenantId: `fixed-${++n}` };
  const out: Record<string, string[]> = {};
  for (const { name, store } of stores) {
    for (const d of deals) unwrap(await store.deals.insert(ctx, d));
    out[name] = unwrap(await store.deals.find(ctx, { where: where as never, limit: 1000 })).items.map((d) => d.id);
  }
  return out;
}

describe('pinned cases of the cross-store property', () => {
  it('contains with a boolean or number on a list of other types (seeds 1178482910, -281140209: the SQL cast the element before testing its type)', async () => {
    const deals = [
      deal('d-0', { misc: [0] }),
      deal('d-alpha', { misc: ['alpha'] }),
      deal('d-false', { misc: [false, 'x'] }),
      deal('d-num', { misc: ['1', 1] }),
    ];
    for (const [where, want] of [
      [{ field: 'customFields.misc', op: 'contains', value: false }, ['d-false']],
      [{ not: { field: 'customFields.misc', op: 'contains', value: false } }, ['d-0', 'd-alpha', 'd-num']],
      [{ field: 'customFields.misc', op: 'contains', value: 1 }, ['d-num']],
      [{ field: 'customFields.misc', op: 'contains', value: '1' }, ['d-num']],
    ] as const) {
      const got = await idsIn(where, deals);
      for (const name of Object.keys(got)) expect(got[name], `${name} ${JSON.stringify(where)}`).toEqual(want);
    }
  });

  it('a Date in a custom field compares and sorts as its ISO text in SQL too (SQL read it as epoch milliseconds)', async () => {
    const deals = [
      deal('d-2026', { signedAt: new Date('2026-05-01T10:00:00.123Z') }),
      deal('d-1999', { signedAt: new Date('1999-12-31T23:59:59.999Z') }),
      deal('d-str', { signedAt: '2026-05-01T10:00:00.123Z' }),
      deal('d-none', {}),
    ];
    for (const [where, want] of [
      [{ field: 'customFields.signedAt', op: 'eq', value: '2026-05-01T10:00:00.123Z' }, ['d-2026', 'd-str']],
      [{ field: 'customFields.signedAt', op: 'lt', value: new Date('2000-01-01T00:00:00Z') }, ['d-1999']],
      [{ field: 'customFields.signedAt', op: 'startsWith', value: '2026-05' }, ['d-2026', 'd-str']],
    ] as const) {
      const got = await idsIn(where, deals);
      for (const name of Object.keys(got)) expect(got[name], `${name} ${JSON.stringify(where)}`).toEqual(want);
    }
  });

  it('a path into a structured custom value (customFields.plan.tier) reads the same in SQL', async () => {
    const deals = [
      deal('d-pro', { plan: { tier: 'Pro', seats: 5 } }),
      deal('d-list', { plan: [{ tier: 'Pro' }] }),
      deal('d-text', { plan: 'Pro' }),
    ];
    for (const [where, want] of [
      [{ field: 'customFields.plan.tier', op: 'eq', value: 'Pro' }, ['d-pro']],
      [{ field: 'customFields.plan.seats', op: 'gte', value: 5 }, ['d-pro']],
      [{ field: 'customFields.plan.tier', op: 'isNull', value: true }, ['d-list', 'd-text']],
    ] as const) {
      const got = await idsIn(where, deals);
      for (const name of Object.keys(got)) expect(got[name], `${name} ${JSON.stringify(where)}`).toEqual(want);
    }
  });
});
