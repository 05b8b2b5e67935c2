// Issue 17 (journey2): withAccess on the repositories of campaign members, the loyalty ledger and
// referrals. None of the three has an ownerId, so a policy grants them with `all`, `none` or a
// condition (`own` and `team` are refused), and the guarded store applies it like on any kind.
import { describe, expect, it } from 'vitest';
import { defineAccessPolicy, withAccess } from '../../src/access/index.js';
import { fixedClock } from '../../src/core/clock.js';
import { sequentialIdGenerator } from '../../src/core/ids.js';
import { unwrap } from '../../src/core/result.js';
import {
  createCampaignMember,
  createLoyaltyTransaction,
  createReferral,
  createUser,
  type User,
} from '../../src/entities/index.js';
import { createMemoryStore } from '../../src/repository/memory.js';

const ctx = { tenantId: 'acme' };
const entityCtx = () => ({ clock: fixedClock('2026-03-01T00:00:00Z'), ids: sequentialIdGenerator('j') });

const policy = unwrap(
  defineAccessPolicy({
    defaults: {},
    roles: {
      marketing: {
        campaignMember: { read: 'all', edit: 'all', delete: 'all' },
        referral: { read: 'all' },
      },
      support: {
        loyaltyTransaction: { read: 'all', edit: 'all' },
        // Support sees the referrals that earned a reward (to answer "where are my points?").
        referral: { read: { field: 'status', op: 'eq', value: 'rewarded' } },
      },
    },
  }),
);

async function seeded() {
  const store = createMemoryStore();
  const c = entityCtx();
  const user = (name: string, role: User['role']) =>
    unwrap(createUser({ name, email: `${name}@example.com`, role }, { ...c, ids: { next: () => name } }));
  const mia = unwrap(await store.users.insert(ctx, user('mia', 'marketing')));
  const sue = unwrap(await store.users.insert(ctx, user('sue', 'support')));
  const sal = unwrap(await store.users.insert(ctx, user('sal', 'sales')));
  const member = unwrap(
    await store.campaignMembers.insert(
      ctx,
      unwrap(
        createCampaignMember({ campaignId: 'cmp-1', leadId: 'lead-1', status: 'sent', at: '2026-03-01T09:00:00Z' }, c),
      ),
    ),
  );
  const earn = unwrap(
    await store.loyaltyTransactions.insert(
      ctx,
      unwrap(
        createLoyaltyTransaction({ customerId: 'cust-1', kind: 'earn', points: '50', at: '2026-03-01T10:00:00Z' }, c),
      ),
    ),
  );
  const pending = unwrap(
    await store.referrals.insert(
      ctx,
      unwrap(
        createReferral({ referrerContactId: 'con-1', referredLeadId: 'lead-1', referredAt: '2026-03-01T00:00:00Z' }, c),
      ),
    ),
  );
  const rewarded = unwrap(
    await store.referrals.insert(
      ctx,
      unwrap(
        createReferral(
          {
            referrerContactId: 'con-1',
            referredLeadId: 'lead-2',
            status: 'rewarded',
            rewardId: 'voucher-10',
            referredAt: '2026-03-01T00:00:00Z',
            convertedAt: '2026-03-05T00:00:00Z',
          },
          c,
        ),
      ),
    ),
  );
  return { store, mia, sue, sal, member, earn, pending, rewarded, c };
}

describe('withAccess on campaign members, the loyalty ledger and referrals', () => {
  it('a policy cannot grant them by owner: own and team need an ownerId', () => {
    const r = defineAccessPolicy({
      defaults: { campaignMember: { read: 'own' }, referral: { edit: 'team' } },
      roles: { marketing: { loyaltyTransaction: { read: 'own' } } },
    });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error.issues.map((i) => i.path.join('.')).sort()).toEqual([
        'defaults.campaignMember.read',
        'defaults.referral.edit',
        'roles.marketing.loyaltyTransaction.read',
      ]);
    if (!r.ok) expect(r.error.issues[0]!.message).toContain('needs an ownerId');
  });

  it('reads follow the grants: all, none, or a condition on the record', async () => {
    const { store, mia, sue, sal, member, earn, rewarded } = await seeded();
    const asMia = withAccess(store, policy, { user: mia });
    const asSue = withAccess(store, policy, { user: sue });
    const asSal = withAccess(store, policy, { user: sal });
    expect(unwrap(await asMia.campaignMembers.get(ctx, member.id))).toEqual(member);
    expect(unwrap(await asMia.referrals.count(ctx))).toBe(2);
    expect(unwrap(await asMia.loyaltyTransactions.get(ctx, earn.id))).toBeNull();
    expect(unwrap(await asSue.loyaltyTransactions.count(ctx))).toBe(1);
    expect(unwrap(await asSue.referrals.find(ctx)).items.map((r) => r.id)).toEqual([rewarded.id]);
    expect(unwrap(await asSue.campaignMembers.count(ctx))).toBe(0);
    for (const name of ['campaignMembers', 'loyaltyTransactions', 'referrals'] as const)
      expect(unwrap(await asSal[name].count(ctx)), name).toBe(0);
  });

  it('writes follow the grants, bulk writes included', async () => {
    const { store, mia, sue, member, c } = await seeded();
    const asMia = withAccess(store, policy, { user: mia });
    const asSue = withAccess(store, policy, { user: sue });
    const next = { ...member, status: 'opened' as const, version: member.version + 1 };
    expect(unwrap(await asMia.campaignMembers.update(ctx, next, { expectedVersion: 1 })).status).toBe('opened');
    const entries = [
      unwrap(
        createLoyaltyTransaction({ customerId: 'cust-2', kind: 'earn', points: '10', at: '2026-03-02T00:00:00Z' }, c),
      ),
      unwrap(
        createLoyaltyTransaction(
          { customerId: 'cust-2', kind: 'adjust', points: '-2.5', at: '2026-03-03T00:00:00Z' },
          c,
        ),
      ),
    ];
    const refused = await asMia.loyaltyTransactions.insertMany(ctx, entries);
    expect(!refused.ok && refused.error.code).toBe('forbidden');
    expect(unwrap(await store.loyaltyTransactions.count(ctx))).toBe(1);
    expect(unwrap(await asSue.loyaltyTransactions.insertMany(ctx, entries)).map((t) => t.points)).toEqual([
      '10',
      '-2.5',
    ]);
    const del = await asSue.campaignMembers.delete(ctx, member.id, { expectedVersion: 2 });
    expect(!del.ok && del.error.code).toBe('not_found'); // support may not read members: worded as missing
  });
});
