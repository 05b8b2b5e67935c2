/**
 * The contract suite: text — hostile strings, NUL characters, and keys that must be well-formed.
 *
 * @module
 */
import { expect } from 'vitest';
import type { DomainEvent } from '../../core/events.js';
import { ok, unwrap } from '../../core/result.js';
import { type Deal } from '../../entities/index.js';
import type { StoreContext } from '../../repository/ports.js';
import { dealArbitrary, entityArbitraries } from '../arbitraries.js';
import { A, HOSTILE, bumped, expectCode, makeEvents, sample, withFields, type ContractSuite } from './shared.js';

/**
 * Hostile strings and 1 MB text stored verbatim; NUL characters refused.
 */
export function hostileTextRules(suite: ContractSuite): void {
  const { test } = suite;
  test('quotes, SQL, emoji and control characters are stored and read back verbatim, and match filters literally', async (store) => {
    const [deal] = sample(dealArbitrary(), 80) as [Deal];
    for (const [i, s] of HOSTILE.entries()) {
      const d = withFields(deal, {
        id: `hostile-${i}`,
        name: s,
        source: s,
        customFields: { note: s, [`k${i}`]: [s, { s }] },
      });
      const r = await store.deals.insert(A, d);
      expect(r.ok, s).toBe(true);
      expect(unwrap(await store.deals.get(A, d.id))).toEqual(d);
      const found = unwrap(await store.deals.find(A, { where: { field: 'name', op: 'eq', value: s } }));
      expect(found.items.map((x) => x.id)).toEqual([d.id]);
      const contains = unwrap(
        await store.deals.find(A, {
          where: { field: 'source', op: 'contains', value: s.slice(1, 6) },
          limit: 1000,
        }),
      );
      expect(contains.items.map((x) => x.id)).toContain(d.id);
      expect(unwrap(await store.deals.count(A, { where: { field: 'customFields.note', op: 'eq', value: s } }))).toBe(1);
    }
  });

  test('1 MB of text round-trips verbatim', async (store) => {
    const [activity] = sample(entityArbitraries().activities, 81);
    if (activity === undefined) throw new Error('no sample');
    const big = Array.from({ length: 1 << 18 }, (_, i) => '€😀ab'[i % 4]! + (i % 997 === 0 ? "'" : '')).join('');
    const body = 'x'.repeat(99_000) + "'; DROP TABLE activities; --";
    const a = withFields(activity, { body, customFields: { transcript: big.repeat(4) } });
    expect((await store.activities.insert(A, a)).ok).toBe(true);
    const got = unwrap(await store.activities.get(A, a.id));
    expect(got?.body).toBe(body);
    expect(got?.customFields['transcript']).toBe(big.repeat(4));
  });

  test('NUL characters are refused by validation everywhere (fields, custom fields, ids, filters, events)', async (store) => {
    const [deal] = sample(dealArbitrary(), 82) as [Deal];
    expectCode(await store.deals.insert(A, withFields(deal, { name: 'a\u0000b' })), 'validation_failed');
    expectCode(await store.deals.insert(A, withFields(deal, { source: '\u0000' })), 'validation_failed');
    expectCode(
      await store.deals.insert(A, withFields(deal, { customFields: { note: 'x\u0000' } })),
      'validation_failed',
    );
    expectCode(await store.deals.insert(A, withFields(deal, { id: 'id\u0000' })), 'validation_failed');
    expect(unwrap(await store.deals.count(A))).toBe(0);
    await store.deals.insert(A, deal);
    expectCode(
      await store.deals.update(A, bumped(deal, { lostReason: 'no\u0000pe' }), { expectedVersion: deal.version }),
      'validation_failed',
    );
    expect(unwrap(await store.deals.get(A, deal.id))).toEqual(deal);
    expectCode(
      await store.deals.find(A, { where: { field: 'name', op: 'contains', value: '\u0000' } }),
      'validation_failed',
    );
    expectCode(
      await store.events.append(A, [{ ...makeEvents(1, 'deal_won')[0]!, by: 'u\u0000' }]),
      'validation_failed',
    );
  });
}

/**
 * Keys with a lone UTF-16 surrogate are refused; other text keeps them exactly.
 */
export function wellFormedKeyRules(suite: ContractSuite): void {
  const { test } = suite;
  const ill = ['acme-\uD800', 'acme-\uDC00'] as const;

  test('tenant ids and actors with a lone UTF-16 surrogate are refused by every operation (validation_failed), so no two tenants share a key', async (store) => {
    const [deal] = sample(dealArbitrary(), 90) as [Deal];
    const twin: StoreContext = { tenantId: 'acme-\uFFFD' };
    expect((await store.deals.insert(twin, deal)).ok).toBe(true);
    for (const tenantId of ill) {
      const ctx: StoreContext = { tenantId };
      expectCode(await store.deals.insert(ctx, deal), 'validation_failed');
      expectCode(await store.deals.update(ctx, bumped(deal), { expectedVersion: 1 }), 'validation_failed');
      expectCode(await store.deals.delete(ctx, deal.id, { expectedVersion: 1 }), 'validation_failed');
      expectCode(await store.events.append(ctx, makeEvents(1, 'deal_won')), 'validation_failed');
      expectCode(await store.transaction(ctx, async () => ok(1)), 'validation_failed');
      expectCode(await store.deals.get(ctx, deal.id), 'validation_failed');
      expectCode(await store.deals.getMany(ctx, [deal.id]), 'validation_failed');
      expectCode(await store.deals.find(ctx), 'validation_failed');
      expectCode(await store.deals.count(ctx), 'validation_failed');
      expectCode(await store.events.read(ctx), 'validation_failed');
      expectCode(await store.deals.insert({ tenantId: 'tenant-a', actor: tenantId }, deal), 'validation_failed');
    }
    expect(unwrap(await store.deals.get(twin, deal.id))).toEqual(deal);
    expect(unwrap(await store.deals.count(A))).toBe(0);
  });

  test('ids, references and object keys with a lone surrogate are refused (validation_failed); reads of such ids find nothing', async (store) => {
    const [deal] = sample(dealArbitrary(), 91) as [Deal];
    const twin = withFields(deal, { id: 'deal-\uFFFD' });
    expect((await store.deals.insert(A, twin)).ok).toBe(true);
    for (const id of ['deal-\uD800', 'deal-\uDC00'] as Deal['id'][]) {
      expectCode(await store.deals.insert(A, withFields(deal, { id })), 'validation_failed');
      expectCode(
        await store.deals.update(A, bumped(withFields(twin, { id })), { expectedVersion: 1 }),
        'validation_failed',
      );
      expectCode(await store.deals.delete(A, id, { expectedVersion: 1 }), 'validation_failed');
      expect(unwrap(await store.deals.get(A, id))).toBeNull();
    }
    expect(unwrap(await store.deals.getMany(A, ['deal-\uD800', twin.id, 'deal-\uDC00'] as Deal['id'][]))).toEqual([
      twin,
    ]);
    expectCode(await store.deals.insert(A, withFields(deal, { accountId: 'acc-\uD800' })), 'validation_failed');
    expectCode(
      await store.deals.insert(A, withFields(deal, { customFields: { nested: { ['k\uDC00']: 1 } } })),
      'validation_failed',
    );
    const [event] = makeEvents(1, 'deal_won') as [DomainEvent];
    for (const bad of [
      { ...event, id: 'e-\uD800' },
      { ...event, by: 'u-\uDC00' },
      { ...event, aggregate: { kind: 'deal' as const, id: 'd-\uD800' } },
      { ...event, payload: { ['k\uD800']: 1 } },
    ])
      expectCode(await store.events.append(A, [bad]), 'validation_failed');
    expect(unwrap(await store.deals.count(A))).toBe(1);
    expect(unwrap(await store.events.read(A)).items).toEqual([]);
    expect(unwrap(await store.deals.get(A, twin.id))).toEqual(twin);
  });

  test('other text with a lone surrogate (fields, custom-field values, event payloads) is stored and read back exactly', async (store) => {
    const [deal] = sample(dealArbitrary(), 92) as [Deal];
    const d = withFields(deal, {
      name: 'a\uD800b',
      lostReason: '\uDC00',
      customFields: { note: 'x\uDBFF', list: ['\uD800', { s: 'y\uDC00z' }] },
    });
    const r = await store.deals.insert(A, d);
    expect(r.ok && r.value).toEqual(d);
    expect(unwrap(await store.deals.get(A, d.id))).toEqual(d);
    const [event] = makeEvents(1, 'deal_won') as [DomainEvent];
    const e = { ...event, payload: { text: 'p\uD800', list: ['\uDFFF'] } };
    expect((await store.events.append(A, [e])).ok).toBe(true);
    expect(unwrap(await store.events.read(A)).items[0]?.payload).toEqual(e.payload);
  });
}
