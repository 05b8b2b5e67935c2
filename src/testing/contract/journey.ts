/**
 * The contract suite: the repositories of the customer journey — campaign members, the loyalty ledger
 * and referrals — under the queries they exist for (the members of a campaign by status, a customer's
 * ledger in time order, a referrer's referrals), exact points, scans and bulk writes.
 *
 * @module
 */
import { expect } from 'vitest';
import fc from 'fast-check';
import { unwrap } from '../../core/result.js';
import type { CampaignMember, LoyaltyTransaction, Referral } from '../../entities/index.js';
import { isBulkStore } from '../../repository/isBulkRepository.js';
import type { BulkStore, Repositories, Repository, Store } from '../../repository/ports.js';
import type { Page, Query } from '../../repository/query.js';
import { campaignMemberArbitrary, loyaltyTransactionArbitrary, referralArbitrary } from '../arbitraries.js';
import { drain } from './scan.js';
import { A, B, expectFailure, sample, withFields, type ContractSuite } from './shared.js';

const CAMPAIGNS = ['cmp-a', 'cmp-b'] as const;
const CUSTOMERS = ['cust-a', 'cust-b', 'cust-c'] as const;
const REFERRERS = ['con-a', 'con-b'] as const;

/** Ids in code-point order, ties of `key` broken by id: the order every store must give. */
function byKeyThenId<E extends { readonly id: string }>(
  list: readonly E[],
  key: (e: E) => number,
  desc = false,
): string[] {
  return [...list]
    .sort((x, y) => (key(x) - key(y)) * (desc ? -1 : 1) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
    .map((e) => e.id);
}

async function allPages<E extends { readonly id: string; readonly version: number }>(
  repo: Repository<E>,
  query: Query<NoInfer<E>>,
): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<E> = unwrap(await repo.find(A, { ...query, limit: 3, cursor }));
    out.push(...page.items.map((e) => e.id));
    cursor = page.nextCursor;
  } while (cursor !== null);
  return out;
}

/** Members, ledger entries and referrals spread over a few campaigns, customers and referrers. */
function journeyArbitrary() {
  return fc.record({
    members: fc.uniqueArray(
      fc
        .tuple(campaignMemberArbitrary(), fc.constantFrom(...CAMPAIGNS))
        .map(([m, c]) => withFields(m, { campaignId: c })),
      { maxLength: 12, selector: (m) => m.id },
    ),
    ledger: fc.uniqueArray(
      fc
        .tuple(loyaltyTransactionArbitrary(), fc.constantFrom(...CUSTOMERS))
        .map(([t, c]) => withFields(t, { customerId: c })),
      { maxLength: 12, selector: (t) => t.id },
    ),
    referrals: fc.uniqueArray(
      fc
        .tuple(referralArbitrary(), fc.constantFrom(...REFERRERS))
        .map(([r, c]) => withFields(r, { referrerContactId: c })),
      { maxLength: 8, selector: (r) => r.id },
    ),
  });
}

async function insertAll(
  store: Repositories,
  j: { members: CampaignMember[]; ledger: LoyaltyTransaction[]; referrals: Referral[] },
): Promise<void> {
  for (const m of j.members) unwrap(await store.campaignMembers.insert(A, m));
  for (const t of j.ledger) unwrap(await store.loyaltyTransactions.insert(A, t));
  for (const r of j.referrals) unwrap(await store.referrals.insert(A, r));
}

/** The rules of the journey repositories, on any store. */
export function journeyRules(suite: ContractSuite): void {
  suite.test(
    'the natural queries — members of a campaign by status, a customer’s ledger in time order, a referrer’s referrals newest first — page and count as a filter of the stored records',
    async (store) => {
      await fc.assert(
        fc.asyncProperty(journeyArbitrary(), async (j) => {
          const fresh = await suite.options.setup();
          try {
            await insertAll(fresh, j);
            for (const campaignId of CAMPAIGNS) {
              const statuses = [...new Set(j.members.map((m) => m.status))];
              for (const status of statuses) {
                const want = j.members.filter((m) => m.campaignId === campaignId && m.status === status);
                const where = {
                  all: [
                    { field: 'campaignId', op: 'eq', value: campaignId },
                    { field: 'status', op: 'eq', value: status },
                  ],
                } as const;
                const got = await allPages(fresh.campaignMembers, {
                  where,
                  orderBy: [{ field: 'at' }],
                });
                expect(got).toEqual(byKeyThenId(want, (m) => m.at.getTime()));
                expect(unwrap(await fresh.campaignMembers.count(A, { where }))).toBe(want.length);
              }
            }
            for (const customerId of CUSTOMERS) {
              const want = j.ledger.filter((t) => t.customerId === customerId);
              const got = await allPages(fresh.loyaltyTransactions, {
                where: { field: 'customerId', op: 'eq', value: customerId },
                orderBy: [{ field: 'at' }],
              });
              expect(got).toEqual(byKeyThenId(want, (t) => t.at.getTime()));
              const { items, error } = await drain(
                fresh.loyaltyTransactions.scan(
                  A,
                  { where: { field: 'customerId', op: 'eq', value: customerId }, orderBy: [{ field: 'at' }] },
                  { pageSize: 2 },
                ),
              );
              expect(error).toBeNull();
              expect(items).toEqual(
                byKeyThenId(want, (t) => t.at.getTime()).map((id) => want.find((t) => t.id === id)),
              );
            }
            for (const referrer of REFERRERS) {
              const want = j.referrals.filter((r) => r.referrerContactId === referrer);
              const got = await allPages(fresh.referrals, {
                where: { field: 'referrerContactId', op: 'eq', value: referrer },
                orderBy: [{ field: 'referredAt', direction: 'desc' }],
              });
              expect(got).toEqual(byKeyThenId(want, (r) => r.referredAt.getTime(), true));
            }
            expect(unwrap(await fresh.referrals.count(B))).toBe(0);
          } finally {
            await suite.options.teardown?.(fresh);
          }
        }),
        suite.runs(Math.max(3, Math.ceil(suite.propertyRuns / 3)), 1700),
      );
    },
  );

  suite.test('loyalty points keep every digit: 20 integer digits, 20 decimal places, signs', async (store) => {
    const [base] = sample(loyaltyTransactionArbitrary(), 1701) as LoyaltyTransaction[];
    const points = ['99999999999999999999.99999999999999999999', '0.00000000000000000001', '12.5', '7'];
    const negative = ['-99999999999999999999.99999999999999999999', '-0.5'];
    const entries = [
      ...points.map((p, i) =>
        withFields(base!, { id: `pts-${i}`, kind: 'earn', points: p, expiresAt: null, spend: null }),
      ),
      ...negative.map((p, i) =>
        withFields(base!, { id: `neg-${i}`, kind: 'redeem', points: p, expiresAt: null, spend: null }),
      ),
    ];
    for (const e of entries) unwrap(await store.loyaltyTransactions.insert(A, e));
    for (const e of entries) expect(unwrap(await store.loyaltyTransactions.get(A, e.id))!.points).toBe(e.points);
    const zero = withFields(base!, { id: 'zero', kind: 'adjust', points: '0', expiresAt: null, spend: null });
    await expectFailure(
      'insert of an adjustment of 0 points',
      () => store.loyaltyTransactions.insert(A, zero),
      'validation_failed',
    );
  });

  const noBulk = suite.options.capabilities?.bulk === false;
  suite.test(
    'bulk writes on the journey repositories: a ledger written all or nothing, referrals upserted by id, members by a text key',
    async (store: Store) => {
      expect(isBulkStore(store)).toBe(true);
      const s = store as unknown as BulkStore;
      const ledger = (sample(loyaltyTransactionArbitrary(), 1702, 10) as LoyaltyTransaction[]).map((t, i) =>
        withFields(t, { id: `t-${String(i).padStart(2, '0')}` }),
      );
      const bad = [...ledger];
      bad[4] = withFields(ledger[4]!, { kind: 'earn', points: '-3' });
      const e = await expectFailure('insertMany', () => s.loyaltyTransactions.insertMany(A, bad), 'validation_failed');
      for (const issue of e.issues) expect(issue.path[0]).toBe(4);
      expect(unwrap(await s.loyaltyTransactions.count(A))).toBe(0);
      expect(unwrap(await s.loyaltyTransactions.insertMany(A, ledger))).toEqual(ledger);

      const [r0] = sample(referralArbitrary(), 1703) as Referral[];
      const pending = withFields(r0!, { id: 'ref-1', status: 'pending', convertedAt: null, rewardId: null });
      unwrap(await s.referrals.insert(A, pending));
      const converted = withFields(pending, {
        status: 'converted',
        convertedAt: new Date(pending.referredAt.getTime() + 86_400_000),
      });
      const [up] = unwrap(await s.referrals.upsertMany(A, [converted], { key: 'id' }));
      expect(up!.status).toBe('converted');
      expect(up!.version).toBe(pending.version + 1);

      const [m0] = sample(campaignMemberArbitrary(), 1704) as CampaignMember[];
      const member = withFields(m0!, { id: 'mem-1', variant: 'variant-key-1' });
      unwrap(await s.campaignMembers.insert(A, member));
      const [moved] = unwrap(
        await s.campaignMembers.upsertMany(A, [withFields(member, { id: 'other-id', status: 'converted' })], {
          key: 'variant',
        }),
      );
      expect([moved!.id, moved!.status]).toEqual(['mem-1', 'converted']);
    },
    noBulk,
  );
}
