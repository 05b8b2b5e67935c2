/**
 * The access contract's model-based property: for random policies, users, teams, hierarchies and deals,
 * what a guarded store returns, counts and lets update or delete equals what `can` allows on the raw data
 * — with no forbidden id in any page, cursor, error or event, and every allowed write applied once.
 *
 * @module
 */
import { expect } from 'vitest';
import fc from 'fast-check';
import { unwrap, type Result } from '../../core/result.js';
import type { DomainEvent } from '../../core/events.js';
import { sequentialIdGenerator } from '../../core/ids.js';
import { createDeal, createUser, USER_ROLES, type Deal, type User } from '../../entities/index.js';
import type { Store, StoreContext } from '../../repository/ports.js';
import type { Where } from '../../repository/query.js';
import { defineAccessPolicy, type AccessPolicy } from '../../access/defineAccessPolicy.js';
import type { AccessPolicySpec, AccessRule } from '../../access/types.js';
import { can } from '../../access/can.js';
import { withAccess } from '../../access/withAccess.js';
import { clock } from './accessOrg.js';
import { cursorText, failureText, type AccessSuite } from './access.js';

const CTX: StoreContext = { tenantId: 'model' };
const TEAMS = ['t-red', 't-blue', 't-green'];
const STAGES = ['qualification', 'proposal', 'negotiation'];
const AMOUNTS = ['100', '2500', '40000', '250000'];
type Role = (typeof USER_ROLES)[number];

/** The random worlds: a policy, users, deals, reads and writes (made when the test runs). */
function worldArbitrary() {
  const ruleArb: fc.Arbitrary<AccessRule> = fc.oneof(
    fc.constantFrom<AccessRule>('all', 'team', 'own', 'none'),
    fc.subarray(STAGES, { minLength: 1 }).map((s): AccessRule => ({ field: 'stageId', op: 'in', value: s })),
    fc.constant<AccessRule>({ field: 'customFields.team', op: 'in', value: { $ref: 'user.teamIds' } }),
  );
  const grantsArb = fc.record({ read: ruleArb, edit: ruleArb, delete: ruleArb }, { requiredKeys: [] });

  /** A hierarchy without cycles: each role reports only to roles earlier in a random order. */
  const hierarchyArb = fc.shuffledSubarray([...USER_ROLES], { minLength: 0 }).chain((order) =>
    fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 4 }).map((pairs) => {
      const h: Partial<Record<Role, Role[]>> = {};
      for (const [a, b] of pairs) {
        if (order.length < 2) break;
        const i = a % order.length;
        const j = b % order.length;
        if (i >= j) continue;
        const above = order[i] as Role;
        const list = (h[above] ??= []);
        if (!list.includes(order[j] as Role)) list.push(order[j] as Role);
      }
      return h;
    }),
  );

  const specArb: fc.Arbitrary<AccessPolicySpec> = fc
    .record({
      defaults: fc.record({ deal: grantsArb }, { requiredKeys: [] }),
      roles: fc.dictionary(fc.constantFrom(...USER_ROLES), fc.record({ deal: grantsArb }), { maxKeys: 4 }),
      hierarchy: hierarchyArb,
      sharingRules: fc.array(
        fc.record({
          where: fc.constantFrom(...AMOUNTS).map((a) => ({ field: 'amount', op: 'gte', value: a }) as const),
          grant: fc.record({ read: fc.boolean(), edit: fc.boolean(), delete: fc.boolean() }, { requiredKeys: [] }),
          to: fc.oneof(
            fc.constantFrom(...USER_ROLES).map((role) => ({ role })),
            fc.constantFrom(...TEAMS).map((team) => ({ team })),
          ),
        }),
        { maxLength: 2 },
      ),
    })
    .map(({ sharingRules, ...rest }) => ({
      ...rest,
      sharingRules: sharingRules.map((r, i) => ({ id: `rule-${i}`, object: 'deal' as const, ...r })),
    }));

  const worldArb = fc.record({
    spec: specArb,
    users: fc.array(
      fc.record({
        role: fc.constantFrom(...USER_ROLES),
        teams: fc.subarray(TEAMS),
        active: fc.boolean(),
      }),
      { minLength: 1, maxLength: 5 },
    ),
    deals: fc.array(
      fc.record({
        owner: fc.nat(),
        stage: fc.constantFrom(...STAGES),
        amount: fc.constantFrom(...AMOUNTS),
        team: fc.constantFrom(...TEAMS),
      }),
      { maxLength: 9 },
    ),
    reads: fc.array(
      fc.record({
        limit: fc.integer({ min: 1, max: 4 }),
        order: fc.constantFrom('none', 'amount', 'name-desc'),
        stages: fc.option(fc.subarray(STAGES, { minLength: 1 }), { nil: null }),
      }),
      { minLength: 1, maxLength: 2 },
    ),
    writes: fc.array(
      fc.record({
        user: fc.nat(),
        deal: fc.nat(),
        op: fc.constantFrom('update', 'delete'),
      }),
      {
        maxLength: 6,
      },
    ),
  });
  return worldArb;
}

function makeUsers(list: readonly { role: Role; teams: string[]; active: boolean }[]): User[] {
  return list.map((u, i) => {
    const made = unwrap(
      createUser(
        { name: `User ${i}`, email: `user${i}@model.test`, role: u.role, teamIds: u.teams as User['teamIds'] },
        { clock, ids: sequentialIdGenerator(`m${i}`) },
      ),
    );
    // Ids that are not substrings of one another, so a leak check by text is exact.
    return Object.freeze({ ...made, id: `usr-${String(i).padStart(2, '0')}` as User['id'], active: u.active });
  });
}

function makeDeals(
  list: readonly { owner: number; stage: string; amount: string; team: string }[],
  users: readonly User[],
): Deal[] {
  return list.map((d, i) =>
    Object.freeze({
      ...unwrap(
        createDeal(
          {
            name: `Deal ${String(i).padStart(2, '0')}`,
            pipelineId: 'b2b',
            stageId: d.stage,
            ownerId: users[d.owner % users.length]!.id,
            amount: { amount: d.amount, currency: 'EUR' },
            customFields: { team: d.team },
          },
          { clock, ids: sequentialIdGenerator(`d${i}`) },
        ),
      ),
      id: `dl-${String(i).padStart(2, '0')}-x` as Deal['id'],
    }),
  );
}

function leaks(text: string, forbidden: readonly string[]): string[] {
  return forbidden.filter((id) => text.includes(id));
}

async function allPages(
  store: Store,
  query: object,
): Promise<{ ids: string[]; cursors: string[]; errors: Result<unknown>[] }> {
  const ids: string[] = [];
  const cursors: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await store.deals.find(CTX, { ...query, cursor });
    if (!page.ok) return { ids, cursors, errors: [page] };
    ids.push(...page.value.items.map((d) => d.id));
    cursor = page.value.nextCursor;
    if (cursor !== null) cursors.push(cursor);
  } while (cursor !== null);
  return { ids, cursors, errors: [] };
}

export function accessModelRules(suite: AccessSuite): void {
  suite.plain(
    'model-based: a guarded store returns, counts and writes exactly what can allows, and leaks no forbidden id',
    async () => {
      await fc.assert(
        fc.asyncProperty(worldArbitrary(), async (world) => {
          const store = await suite.setup();
          try {
            const defined = defineAccessPolicy(world.spec);
            if (!defined.ok) throw new Error(`the generator made an invalid policy: ${defined.error.message}`);
            const policy: AccessPolicy = defined.value;
            const users = makeUsers(world.users);
            let deals = makeDeals(world.deals, users);
            for (const u of users) unwrap(await store.users.insert(CTX, u));
            for (const d of deals) unwrap(await store.deals.insert(CTX, d));
            const owner = (id: string) => users.find((u) => u.id === id) ?? null;
            const allowed = (u: User, action: 'read' | 'edit' | 'delete', d: Deal) =>
              can(policy, u, action, 'deal', d, { owner, tenantId: CTX.tenantId }).allowed;
            // Raw events about the deals, each naming another deal in its payload.
            const events: DomainEvent[] = deals.map((d, i) => ({
              id: `ev-${i}`,
              type: 'deal_touched',
              at: clock.now(),
              by: null,
              aggregate: { kind: 'deal', id: d.id },
              payload: { dealId: deals[(i + 1) % deals.length]!.id, amount: d.amount.amount },
            }));
            if (events.length > 0) unwrap(await store.events.append(CTX, events));

            for (const u of users) {
              const g = withAccess(store, policy, { user: u });
              if (!u.active) {
                const r = await g.deals.find(CTX);
                expect(r.ok).toBe(false);
                if (!r.ok) expect(r.error.code).toBe('forbidden');
                continue;
              }
              const readable: string[] = deals.filter((d) => allowed(u, 'read', d)).map((d) => d.id);
              const forbidden = deals.map((d) => d.id).filter((id) => !readable.includes(id));
              for (const read of world.reads) {
                const where: Where<Deal> | undefined =
                  read.stages === null ? undefined : { field: 'stageId', op: 'in', value: read.stages };
                const orderBy =
                  read.order === 'amount'
                    ? [{ field: 'amount' }]
                    : read.order === 'name-desc'
                      ? [{ field: 'name', direction: 'desc' }]
                      : undefined;
                const q = { limit: read.limit, ...(where ? { where } : {}), ...(orderBy ? { orderBy } : {}) };
                const pages = await allPages(g, q);
                expect(pages.errors.map(failureText)).toEqual([]);
                const expected = deals
                  .filter((d) => readable.includes(d.id) && (read.stages === null || read.stages.includes(d.stageId)))
                  .map((d) => d.id);
                expect([...pages.ids].sort()).toEqual([...expected].sort());
                expect(new Set(pages.ids).size).toBe(pages.ids.length);
                expect(leaks(pages.cursors.map(cursorText).join('\n'), forbidden)).toEqual([]);
                expect(unwrap(await g.deals.count(CTX, where ? { where } : {}))).toBe(expected.length);
              }
              for (const d of deals) {
                const got = unwrap(await g.deals.get(CTX, d.id as Deal['id']));
                expect(got?.id ?? null).toBe(readable.includes(d.id) ? d.id : null);
              }
              const many = unwrap(
                await g.deals.getMany(
                  CTX,
                  deals.map((d) => d.id),
                ),
              );
              expect(many.map((d) => d.id)).toEqual(readable);
              const seen: DomainEvent[] = [];
              let after = 0;
              for (;;) {
                const page = unwrap(await g.events.read(CTX, { after, limit: 2 }));
                seen.push(...page.items);
                if (page.items.length === 0) break;
                after = page.lastSequence;
              }
              const visible = events.filter(
                (e) => readable.includes(e.aggregate.id) && readable.includes((e.payload as { dealId: string }).dealId),
              );
              expect(seen.map((e) => e.id)).toEqual(visible.map((e) => e.id));
              expect(leaks(JSON.stringify(seen), forbidden)).toEqual([]);
            }

            for (const w of world.writes) {
              if (deals.length === 0) break;
              const u = users[w.user % users.length]!;
              if (!u.active) continue;
              const d = deals[w.deal % deals.length]!;
              const g = withAccess(store, policy, { user: u });
              const forbidden = deals.filter((x) => !allowed(u, 'read', x)).map((x) => x.id);
              const mayRead = allowed(u, 'read', d);
              if (w.op === 'update') {
                const next = {
                  ...d,
                  name: `${d.name}*`,
                  version: d.version + 1,
                  updatedAt: new Date(d.updatedAt.getTime() + 1000),
                };
                const r = await g.deals.update(CTX, next, { expectedVersion: d.version });
                const may = mayRead && allowed(u, 'edit', d);
                expect(r.ok, failureText(r)).toBe(may);
                if (!r.ok) expect(r.error.code).toBe(mayRead ? 'forbidden' : 'not_found');
                expect(leaks(failureText(r), forbidden)).toEqual([]);
                const stored = unwrap(await store.deals.get(CTX, d.id as Deal['id']));
                expect(stored?.version).toBe(may ? d.version + 1 : d.version);
                if (may) deals = deals.map((x) => (x.id === d.id ? (stored as Deal) : x));
              } else {
                const r = await g.deals.delete(CTX, d.id, { expectedVersion: d.version });
                const may = mayRead && allowed(u, 'delete', d);
                expect(r.ok, failureText(r)).toBe(may);
                if (!r.ok) expect(r.error.code).toBe(mayRead ? 'forbidden' : 'not_found');
                expect(leaks(failureText(r), forbidden)).toEqual([]);
                const stored = unwrap(await store.deals.get(CTX, d.id as Deal['id']));
                expect(stored === null).toBe(may);
                if (may) deals = deals.filter((x) => x.id !== d.id);
              }
            }
          } finally {
            await suite.teardown(store);
          }
        }),
        suite.runs(suite.modelRuns),
      );
    },
  );
}
