/**
 * The access contract's fixed rules, on the sales org of docs/access.md: what a guarded store
 * (`withAccess`) returns, counts and lets write, hostile users, cursors and field names, the use cases and
 * the outbox.
 *
 * @module
 */
import { expect } from 'vitest';
import { unwrap, type Result } from '../../core/result.js';
import type { DomainEvent } from '../../core/events.js';
import { createLead, type Deal, type Lead } from '../../entities/index.js';
import { b2bPipeline } from '../../pipeline/index.js';
import { convertLeadInStore } from '../../repository/convertLeadInStore.js';
import { transitionDealInStore } from '../../repository/transitionDealInStore.js';
import type { Store } from '../../repository/ports.js';
import type { Page } from '../../repository/query.js';
import { withAccess } from '../../access/withAccess.js';
import { sequentialIdGenerator } from '../../core/ids.js';
import { clock, findAll, ids, ORG, ORG_READS, salesOrgPolicy, seedOrg } from './accessOrg.js';

/** What the access contract's sections register their tests with. */
export interface AccessSuite {
  /** Registers a test run on a fresh store. */
  test(title: string, fn: (store: Store) => Promise<void>): void;
  /** Registers a test that makes its own stores with `setup` and `teardown`. */
  plain(title: string, fn: () => Promise<void>): void;
  setup(): Promise<Store>;
  teardown(store: Store): Promise<void>;
  readonly modelRuns: number;
  runs(numRuns: number, offset?: number): { numRuns: number; seed?: number };
}

function expectFailure(r: Result<unknown>, code: string, issueCode?: string): void {
  expect(r.ok, 'expected a failure').toBe(false);
  if (r.ok) return;
  expect(r.error.code, r.error.message).toBe(code);
  if (issueCode !== undefined) expect(r.error.issues.map((i) => i.code)).toContain(issueCode);
}

/** The text of a failure, message and issues, for leak checks. */
export function failureText(r: Result<unknown>): string {
  if (r.ok) return '';
  return [r.error.message, ...r.error.issues.map((i) => `${i.path.join('.')} ${i.message}`)].join('\n');
}

/** The decoded text of a cursor (base64url JSON). */
export function cursorText(cursor: string | null): string {
  if (cursor === null) return '';
  const b64 = cursor.replace(/-/g, '+').replace(/_/g, '/');
  return new TextDecoder().decode(
    Uint8Array.from(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)), (c) => c.charCodeAt(0)),
  );
}

const ALL_DEALS = ['deal-ana', 'deal-bo', 'deal-cy', 'deal-ina', 'deal-max'];

export function accessRules(suite: AccessSuite): void {
  const policy = salesOrgPolicy();

  suite.test('find, count, get and getMany see exactly what the policy lets each user read', async (store) => {
    const { users } = await seedOrg(store);
    for (const [name, expected] of Object.entries(ORG_READS)) {
      const g = withAccess(store, policy, { user: users[name]! });
      expect((await findAll(g, ORG, 2)).sort(), name).toEqual(expected);
      expect(unwrap(await g.deals.count(ORG)), name).toBe(expected.length);
      for (const id of ALL_DEALS) {
        const got = unwrap(await g.deals.get(ORG, id as Deal['id']));
        expect(got?.id ?? null, `${name} get ${id}`).toBe(expected.includes(id) ? id : null);
      }
      expect(ids(await g.deals.getMany(ORG, ALL_DEALS as Deal['id'][])), name).toEqual(expected);
    }
  });

  suite.test(
    'a page is computed by the store: the query filter, order and limit apply to the readable records only',
    async (store) => {
      const { users } = await seedOrg(store);
      const max = withAccess(store, policy, { user: users['max']! });
      const first = unwrap(await max.deals.find(ORG, { orderBy: [{ field: 'amount', direction: 'desc' }], limit: 2 }));
      expect(first.items.map((d) => d.id)).toEqual(['deal-cy', 'deal-bo']);
      const north = { where: { field: 'customFields.region', op: 'eq', value: 'north' } } as const;
      expect(unwrap(await max.deals.count(ORG, north))).toBe(4);
      const mia = withAccess(store, policy, { user: users['mia']! });
      expect(unwrap(await mia.deals.count(ORG, { where: { field: 'amount', op: 'gte', value: '6000' } }))).toBe(2);
    },
  );

  suite.test('writes within the level apply once; beyond it they fail and change nothing', async (store) => {
    const { users, deals } = await seedOrg(store);
    const as = (name: string) => withAccess(store, policy, { user: users[name]! });
    const renamed = (d: Deal, name: string, more: Partial<Deal> = {}): Deal => ({
      ...d,
      ...more,
      name,
      version: d.version + 1,
      updatedAt: new Date(d.updatedAt.getTime() + 60_000),
    });
    const raw = async () => ids(await store.deals.find(ORG, { limit: 100 }));
    const snapshot = async () => unwrap(await store.deals.getMany(ORG, ALL_DEALS as Deal['id'][]));
    const bo = deals['deal-bo']!;
    const before = await snapshot();
    // Another rep's deal: not readable, so not found — worded as for a missing record.
    const hidden = await as('ana').deals.update(ORG, renamed(bo, 'x'), { expectedVersion: bo.version });
    expectFailure(hidden, 'not_found');
    expect(failureText(hidden)).not.toContain('deal-bo');
    expectFailure(await as('ana').deals.delete(ORG, bo.id, { expectedVersion: bo.version }), 'not_found');
    // Support reads every deal but edits none.
    expectFailure(
      await as('sup').deals.update(ORG, renamed(bo, 'x'), { expectedVersion: bo.version }),
      'forbidden',
      'access_denied',
    );
    // A rep may not set the discount, nor hand the deal to someone outside their reach.
    const discount = renamed(bo, 'x', { customFields: { ...bo.customFields, discount: 30 } });
    const d = await as('bo').deals.update(ORG, discount, { expectedVersion: bo.version });
    expectFailure(d, 'forbidden', 'immutable_field');
    if (!d.ok) expect(d.error.issues[0]?.path).toEqual(['customFields', 'discount']);
    const away = await as('bo').deals.update(ORG, renamed(bo, 'x', { ownerId: 'cy' as Deal['ownerId'] }), {
      expectedVersion: bo.version,
    });
    expectFailure(away, 'forbidden', 'access_denied');
    // A manager may not delete a rep's deal (the reps' own delete is none), nor may a rep create one for another.
    expectFailure(
      await as('max').deals.delete(ORG, bo.id, { expectedVersion: bo.version }),
      'forbidden',
      'access_denied',
    );
    const forCy = { ...bo, id: 'deal-new' as Deal['id'], ownerId: 'cy' as Deal['ownerId'] };
    expectFailure(await as('bo').deals.insert(ORG, forCy), 'forbidden', 'access_denied');
    const withDiscount = { ...bo, id: 'deal-new' as Deal['id'], customFields: { region: 'north', discount: 5 } };
    expectFailure(await as('bo').deals.insert(ORG, withDiscount), 'forbidden', 'immutable_field');
    expect(await snapshot()).toEqual(before);
    // Within the level: applied exactly once.
    const ok1 = unwrap(await as('bo').deals.update(ORG, renamed(bo, 'Bo renamed'), { expectedVersion: bo.version }));
    expect(ok1.version).toBe(bo.version + 1);
    const cy = deals['deal-cy']!;
    unwrap(await as('max').deals.update(ORG, renamed(cy, 'Cy via the hierarchy'), { expectedVersion: cy.version }));
    unwrap(await as('max').deals.delete(ORG, 'deal-max' as Deal['id'], { expectedVersion: 1 }));
    unwrap(await as('bo').deals.insert(ORG, { ...bo, id: 'deal-new' as Deal['id'] }));
    expect(await raw()).toEqual(['deal-ana', 'deal-bo', 'deal-cy', 'deal-ina', 'deal-new']);
    const after = unwrap(await store.deals.getMany(ORG, ['deal-bo', 'deal-cy'] as Deal['id'][]));
    expect(after.map((x) => [x.name, x.version])).toEqual([
      ['Bo renamed', bo.version + 1],
      ['Cy via the hierarchy', cy.version + 1],
    ]);
    // A taken id the user may not see: a conflict that does not say whose.
    const taken = await as('ana').deals.insert(ORG, { ...bo, ownerId: 'ana' as Deal['ownerId'] });
    expectFailure(taken, 'conflict');
    expect(failureText(taken)).not.toContain('deal-bo');
  });

  suite.test('filters and sorts on a field the user may not read are refused, with the path', async (store) => {
    const { users } = await seedOrg(store);
    const sup = withAccess(store, policy, { user: users['sup']! });
    const f = await sup.deals.find(ORG, { where: { all: [{ field: 'amount', op: 'gte', value: '100000' }] } });
    expectFailure(f, 'forbidden', 'access_denied');
    if (!f.ok) expect(f.error.issues[0]?.path).toEqual(['where', 'all', 0, 'field']);
    const s = await sup.deals.find(ORG, { orderBy: [{ field: 'name' }, { field: 'amount' }] });
    if (!s.ok) expect(s.error.issues[0]?.path).toEqual(['orderBy', 1, 'field']);
    expectFailure(s, 'forbidden');
    expectFailure(await sup.deals.count(ORG, { where: { field: 'amount', op: 'gte', value: '1' } }), 'forbidden');
    const fin = withAccess(store, policy, { user: users['fin']! });
    expectFailure(
      await fin.deals.count(ORG, { where: { field: 'customFields.notes', op: 'contains', value: 'x' } }),
      'forbidden',
    );
    expect(unwrap(await fin.deals.count(ORG, { where: { field: 'amount', op: 'gte', value: '100000' } }))).toBe(1);
  });

  suite.test(
    'a forged, stale, inactive or unknown user, a foreign actor or context user get a clear error, never data',
    async (store) => {
      const { users } = await seedOrg(store);
      const ana = users['ana']!;
      const cases: [string, object][] = [
        ['another tenant', { ...ana, tenantId: 'other' }],
        ['a role the stored user does not have', { ...ana, role: 'admin' }],
        ['teams the stored user is not in', { ...ana, teamIds: ['north', 'emea'] }],
        ['an inactive user', users['ina']!],
        ['a user missing from the tenant', { ...ana, id: 'zed' }],
        ['not a user', { id: 42 }],
      ];
      for (const [what, user] of cases) {
        const g = withAccess(store, policy, { user: user as typeof ana });
        const r = await g.deals.find(ORG);
        expectFailure(r, 'forbidden', 'invalid_actor');
        expectFailure(await g.deals.get(ORG, 'deal-ana' as Deal['id']), 'forbidden');
        expectFailure(await g.deals.count(ORG), 'forbidden');
        expectFailure(await g.events.read(ORG), 'forbidden');
        expect(failureText(r), what).not.toMatch(/deal-/);
      }
      // Extra keys grant nothing: an invented roles list is ignored.
      const extra = withAccess(store, policy, { user: { ...ana, roles: ['admin'] } as typeof ana });
      expect(await findAll(extra, ORG, 10)).toEqual(['deal-ana']);
      const g = withAccess(store, policy, { user: ana });
      expectFailure(await g.deals.find({ ...ORG, actor: 'max' }), 'forbidden', 'invalid_actor');
      const ctxUser = await g.deals.find(ORG, {
        context: { user: { id: 'max', role: 'manager', teamIds: ['north'] } },
      });
      expectFailure(ctxUser, 'forbidden', 'access_denied');
      expect(await findAll(g, { ...ORG, actor: 'ana' }, 10)).toEqual(['deal-ana']);
    },
  );

  suite.test("cursors from another user's query reveal nothing", async (store) => {
    const { users } = await seedOrg(store);
    const max = withAccess(store, policy, { user: users['max']! });
    const ana = withAccess(store, policy, { user: users['ana']! });
    const query = { orderBy: [{ field: 'amount', direction: 'desc' }], limit: 1 } as const;
    let cursor: string | null = null;
    do {
      const page: Page<Deal> = unwrap(await max.deals.find(ORG, { ...query, cursor }));
      cursor = page.nextCursor;
      if (cursor === null) break;
      const theirs = await ana.deals.find(ORG, { ...query, cursor });
      const seen = unwrap(theirs).items.map((d) => d.id);
      for (const id of seen) expect(ORG_READS['ana']).toContain(id);
      expect(cursorText(unwrap(theirs).nextCursor)).not.toMatch(/deal-(bo|cy|max|ina)/);
    } while (cursor !== null);
    const forged = await ana.deals.find(ORG, { ...query, cursor: 'eyJ4IjoiZGVhbC1ibyJ9' });
    expectFailure(forged, 'validation_failed');
    expect(failureText(forged)).not.toContain('deal-bo');
  });

  suite.test('conditions whose field names try SQL injection are refused and change nothing', async (store) => {
    const { users } = await seedOrg(store);
    const fin = withAccess(store, policy, { user: users['fin']! });
    for (const field of [
      "ownerId'; DROP TABLE deals; --",
      'name" OR 1=1 --',
      "customFields.x'); DELETE FROM deals; --",
    ]) {
      const r = await fin.deals.find(ORG, { where: { field, op: 'eq', value: 'x' } } as never);
      if (r.ok) expect(r.value.items).toEqual([]);
      else expect(r.error.code).toBe('validation_failed');
    }
    expect(unwrap(await store.deals.count(ORG))).toBe(5);
    expect(await findAll(fin, ORG, 3)).toHaveLength(5);
  });

  suite.test(
    'the use cases run with the user’s access, and the outbox shows events only about readable records',
    async (store) => {
      const { users } = await seedOrg(store);
      const ana = withAccess(store, policy, { user: users['ana']! });
      const at = new Date('2026-03-03T10:00:00Z');
      const hidden = await transitionDealInStore(ana, ORG, b2bPipeline, 'deal-bo', 'proposal', { at, by: 'ana' });
      expectFailure(hidden, 'not_found');
      // The use case names the id it was asked for: word for word what a missing record gives.
      const missing = await transitionDealInStore(ana, ORG, b2bPipeline, 'deal-zzz', 'proposal', { at, by: 'ana' });
      expect(failureText(hidden).replaceAll('deal-bo', 'ID')).toBe(failureText(missing).replaceAll('deal-zzz', 'ID'));
      unwrap(await transitionDealInStore(ana, ORG, b2bPipeline, 'deal-ana', 'proposal', { at, by: 'ana' }));
      const leadCtx = { clock, ids: sequentialIdGenerator('conv') };
      const lead = (owner: string): Lead =>
        unwrap(
          createLead(
            {
              firstName: 'Lia',
              lastName: owner,
              email: `lia.${owner}@example.test`,
              ownerId: owner as Lead['ownerId'],
            },
            leadCtx,
          ),
        );
      const bosLead = lead('bo');
      unwrap(await store.leads.insert(ORG, bosLead));
      expectFailure(await convertLeadInStore(ana, ORG, bosLead.id, {}, leadCtx), 'not_found');
      expect(unwrap(await store.leads.get(ORG, bosLead.id))?.status).toBe(bosLead.status);
      const events = async (name: string) => {
        const g = withAccess(store, policy, { user: users[name]! });
        const page = unwrap(await g.events.read(ORG, { after: 0, limit: 100 }));
        return page;
      };
      const sup = await events('sup');
      expect(sup.items.map((e: DomainEvent) => [e.type, e.aggregate.id])).toEqual([['deal_stage_changed', 'deal-ana']]);
      expect(Object.keys(sup.items[0]!.payload as object)).not.toContain('amount');
      const fin = await events('fin');
      expect(Object.keys(fin.items[0]!.payload as object)).toContain('amount');
      const bo = await events('bo');
      expect(bo.items).toEqual([]);
      expect(bo.lastSequence).toBeGreaterThanOrEqual(1);
      expect(JSON.stringify(bo)).not.toContain('deal-ana');
      // Appending an event about a record the user may not see is refused.
      const forged: DomainEvent = {
        id: 'forged-1',
        type: 'deal_won',
        at,
        by: 'ana',
        aggregate: { kind: 'deal', id: 'deal-bo' },
        payload: {},
      };
      const appended = await ana.events.append(ORG, [forged]);
      expectFailure(appended, 'forbidden', 'access_denied');
      expect(failureText(appended)).not.toContain('deal-bo');
    },
  );

  suite.test(
    'a record whose owner changes meanwhile is decided on its new state, in and out of a transaction',
    async (store) => {
      const { users, deals } = await seedOrg(store);
      const ana = withAccess(store, policy, { user: users['ana']! });
      const mine = deals['deal-ana']!;
      const seen = unwrap(await ana.deals.get(ORG, mine.id));
      expect(seen?.id).toBe('deal-ana');
      // Someone else hands the deal to bo.
      unwrap(
        await store.deals.update(
          ORG,
          {
            ...mine,
            ownerId: 'bo' as Deal['ownerId'],
            version: 2,
            updatedAt: new Date(mine.updatedAt.getTime() + 1000),
          },
          { expectedVersion: 1 },
        ),
      );
      const next = { ...mine, name: 'too late', version: 2, updatedAt: new Date(mine.updatedAt.getTime() + 2000) };
      expectFailure(await ana.deals.update(ORG, next, { expectedVersion: 1 }), 'not_found');
      const inTx = await ana.transaction(ORG, async (tx) => {
        const got = await tx.deals.get(ORG, mine.id);
        if (!got.ok) return got;
        return tx.deals.update(ORG, next, { expectedVersion: 1 });
      });
      expectFailure(inTx, 'not_found');
      const stored = unwrap(await store.deals.get(ORG, mine.id));
      expect([stored?.ownerId, stored?.name, stored?.version]).toEqual(['bo', mine.name, 2]);
    },
  );
}
