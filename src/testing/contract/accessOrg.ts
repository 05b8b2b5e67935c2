/**
 * The sales org of docs/access.md as a fixture of the access contract: its policy, users and deals, and
 * the rules every guarded store must keep on it (known answers worked out by hand from the policy).
 *
 * @module
 */
import { unwrap, type Result } from '../../core/result.js';
import { fixedClock } from '../../core/clock.js';
import { sequentialIdGenerator } from '../../core/ids.js';
import { createDeal, createUser, type Deal, type User } from '../../entities/index.js';
import type { Store, StoreContext } from '../../repository/ports.js';
import type { Page } from '../../repository/query.js';
import { defineAccessPolicy, type AccessPolicy } from '../../access/defineAccessPolicy.js';

export const ORG: StoreContext = { tenantId: 'org' };

/** The sales org's policy (docs/access.md). */
export function salesOrgPolicy(): AccessPolicy {
  return unwrap(
    defineAccessPolicy({
      defaults: { deal: { read: 'none', edit: 'none', delete: 'none' }, lead: { read: 'own', edit: 'own' } },
      roles: {
        sales: { deal: { read: 'own', edit: 'own', delete: 'none' }, contact: { read: 'own', edit: 'own' } },
        manager: { deal: { read: 'team', edit: 'team', delete: 'own' } },
        viewer: { deal: { read: 'all' } },
        support: { deal: { read: 'all' } },
        marketing: { deal: { read: { field: 'customFields.region', op: 'in', value: { $ref: 'user.teamIds' } } } },
      },
      hierarchy: { manager: ['sales'] },
      sharingRules: [
        {
          id: 'big-deals-to-emea',
          object: 'deal',
          where: { field: 'amount', op: 'gte', value: '100000' },
          grant: { read: true },
          to: { team: 'emea' },
        },
      ],
      fields: {
        deal: {
          amount: { read: { support: false } },
          'customFields.discount': { edit: { sales: false } },
          'customFields.notes': { read: { viewer: false } },
        },
      },
    }),
  );
}

export const clock = /* @__PURE__ */ fixedClock('2026-03-02T09:00:00Z');

function user(id: string, role: User['role'], teamIds: string[]): User {
  const u = unwrap(
    createUser(
      { name: id, email: `${id}@org.test`, role, teamIds: teamIds as User['teamIds'] },
      { clock, ids: sequentialIdGenerator(id) },
    ),
  );
  return Object.freeze({ ...u, id: id as User['id'] });
}

function deal(id: string, ownerId: string, region: string, amount: string): Deal {
  const d = unwrap(
    createDeal(
      {
        name: `Deal ${id}`,
        pipelineId: 'b2b',
        stageId: 'qualification',
        ownerId: ownerId as Deal['ownerId'],
        amount: { amount, currency: 'EUR' },
        expectedCloseDate: new Date('2026-06-30T00:00:00Z'),
        customFields: { region, notes: `notes of ${id}` },
      },
      { clock, ids: sequentialIdGenerator(id) },
    ),
  );
  return Object.freeze({ ...d, id: id as Deal['id'] });
}

/** The users: reps ana and bo (north), cy (south), eve (emea); manager max (north); finance fin; support sup; marketing mia (north); ina, inactive. */
export function orgUsers(): Record<string, User> {
  return {
    ana: user('ana', 'sales', ['north']),
    bo: user('bo', 'sales', ['north']),
    cy: user('cy', 'sales', ['south']),
    eve: user('eve', 'sales', ['emea']),
    max: user('max', 'manager', ['north']),
    fin: user('fin', 'viewer', ['finance']),
    sup: user('sup', 'support', []),
    mia: user('mia', 'marketing', ['north']),
    ina: Object.freeze({ ...user('ina', 'sales', ['north']), active: false }),
  };
}

/** The deals: one per rep and one of max's; cy's is big (shared with emea). */
export function orgDeals(): Record<string, Deal> {
  return {
    'deal-ana': deal('deal-ana', 'ana', 'north', '5000'),
    'deal-bo': deal('deal-bo', 'bo', 'north', '25000'),
    'deal-cy': deal('deal-cy', 'cy', 'south', '150000'),
    'deal-max': deal('deal-max', 'max', 'north', '8000'),
    'deal-ina': deal('deal-ina', 'ina', 'north', '1000'),
  };
}

/** Who reads which deals, worked out by hand from the policy. */
export const ORG_READS: Readonly<Record<string, readonly string[]>> = {
  ana: ['deal-ana'],
  bo: ['deal-bo'],
  cy: ['deal-cy'],
  // Sharing rule: cy's deal is ≥ 100,000 and eve is in emea.
  eve: ['deal-cy'],
  // Team north (ana, bo, max, mia, ina own deals there) and the hierarchy (every rep's own deals).
  max: ['deal-ana', 'deal-bo', 'deal-cy', 'deal-ina', 'deal-max'],
  fin: ['deal-ana', 'deal-bo', 'deal-cy', 'deal-ina', 'deal-max'],
  sup: ['deal-ana', 'deal-bo', 'deal-cy', 'deal-ina', 'deal-max'],
  // Region north is one of mia's teams.
  mia: ['deal-ana', 'deal-bo', 'deal-ina', 'deal-max'],
};

/** Stores the org's users and deals in `store` (unguarded). */
export async function seedOrg(store: Store): Promise<{ users: Record<string, User>; deals: Record<string, Deal> }> {
  const users = orgUsers();
  const deals = orgDeals();
  for (const u of Object.values(users)) unwrap(await store.users.insert(ORG, u));
  for (const d of Object.values(deals)) unwrap(await store.deals.insert(ORG, d));
  return { users, deals };
}

export function ids(
  r: Result<readonly { readonly id: string }[] | { readonly items: readonly { readonly id: string }[] }>,
) {
  const v = unwrap(r);
  return ('items' in v ? v.items : v).map((e) => e.id).sort();
}

/** Every page of a guarded `find`, `limit` at a time. */
export async function findAll(store: Store, ctx: StoreContext, limit: number, extra: object = {}): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<Deal> = unwrap(await store.deals.find(ctx, { ...extra, limit, cursor }));
    out.push(...page.items.map((d) => d.id));
    cursor = page.nextCursor;
  } while (cursor !== null);
  return out;
}
