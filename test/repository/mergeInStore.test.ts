// Issue 21 item 5: mergeInStore on the memory store, PGlite and the PostgreSQL server (CRMKIT_PG_URL): one
// transaction that saves the survivor, re-points every related record, deletes the absorbed records and
// appends records_merged — or, under an injected failure at any step, changes nothing.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { fixedClock } from '../../src/core/clock.js';
import { unwrap, type Result } from '../../src/core/result.js';
import { mergeInStore, type Repositories, type Store, type StoreContext } from '../../src/repository/index.js';
import {
  accountArbitrary,
  activityArbitrary,
  campaignMemberArbitrary,
  referralArbitrary,
  contactArbitrary,
  dealArbitrary,
  leadArbitrary,
  subscriptionArbitrary,
  surveyResponseArbitrary,
  ticketArbitrary,
} from '../../src/testing/arbitraries.js';
import { instrument } from '../../src/testing/contract/instrument.js';
import { REPO_NAMES, sample, withFields, type AnyEntity } from '../../src/testing/contract/shared.js';
import { useTestStores } from '../_stores.js';

const stores = useTestStores('merge', { memory: true });
const entityCtx = () => ({ clock: fixedClock('2031-01-01T00:00:00Z') });
let tenantCounter = 0;
const freshTenant = (): StoreContext => ({ tenantId: `merge-${process.pid}-${++tenantCounter}`, actor: 'u1' });

type Snapshot = Record<string, AnyEntity[]>;
async function snapshot(store: Store, ctx: StoreContext): Promise<Snapshot> {
  const out: Snapshot = {};
  for (const name of REPO_NAMES) {
    const repo = store[name] as unknown as Repositories['leads'];
    const page = unwrap(await repo.find(ctx, { limit: 1000 }));
    out[name] = page.items as unknown as AnyEntity[];
  }
  out['events'] = unwrap(await store.events.read(ctx, { limit: 1000 })).items as unknown as AnyEntity[];
  return out;
}

/** Inserts records, each a copy of a sampled valid entity with the given fields. */
async function put<E extends AnyEntity>(
  store: Store,
  ctx: StoreContext,
  name: (typeof REPO_NAMES)[number],
  arb: fc.Arbitrary<E>,
  seed: number,
  fields: readonly Record<string, unknown>[],
): Promise<E[]> {
  const base = sample(arb, seed, fields.length);
  const out: E[] = [];
  for (let i = 0; i < fields.length; i++) {
    const e = withFields(base[i]!, { version: 1, ...fields[i] });
    const r = await (store[name] as unknown as { insert: (c: StoreContext, e: E) => Promise<Result<E>> }).insert(
      ctx,
      e,
    );
    out.push(unwrap(r));
  }
  return out;
}

/** Three contacts to merge (c1..c3), one to keep (c4), and records of every kind referring to them. */
async function contactGraph(store: Store, ctx: StoreContext) {
  const contacts = await put(store, ctx, 'contacts', contactArbitrary(), 1, [
    { id: 'c1', lifecycleStage: 'awareness', lifecycleHistory: [], createdAt: new Date('2030-01-01T00:00:00Z') },
    { id: 'c2', lifecycleStage: 'awareness', lifecycleHistory: [], createdAt: new Date('2030-01-02T00:00:00Z') },
    { id: 'c3', lifecycleStage: 'awareness', lifecycleHistory: [], createdAt: new Date('2030-01-03T00:00:00Z') },
    { id: 'c4', lifecycleStage: 'awareness', lifecycleHistory: [] },
  ]);
  await put(store, ctx, 'activities', activityArbitrary(), 2, [
    { id: 'act1', contactId: 'c2' },
    { id: 'act2', contactId: 'c3' },
    { id: 'act3', contactId: 'c4' },
    { id: 'act4', contactId: 'c1' },
  ]);
  await put(store, ctx, 'deals', dealArbitrary(), 3, [
    { id: 'd1', contactId: 'c2' },
    { id: 'd2', contactId: 'c4' },
  ]);
  await put(store, ctx, 'tickets', ticketArbitrary(), 4, [{ id: 't1', requesterContactId: 'c3' }]);
  await put(store, ctx, 'surveyResponses', surveyResponseArbitrary(), 5, [{ id: 's1', contactId: 'c2' }]);
  return contacts;
}

/** The store of this name, or a skipped test when it is not there (no CRMKIT_PG_URL outside CI). */
function storeNamed(name: string, t: { skip: () => void }): Store {
  const found = stores.find((x) => x.name === name);
  if (found === undefined) t.skip();
  return found!.store;
}

describe.each([{ name: 'memory' }, { name: 'PGlite' }, { name: 'PostgreSQL server' }])('mergeInStore on $name', (s) => {
  it('merges contacts: the survivor saved, every related record re-pointed, absorbed deleted, one event', async (t) => {
    const store = storeNamed(s.name, t);
    const ctx = freshTenant();
    await contactGraph(store, ctx);
    const r = unwrap(
      await mergeInStore(store, ctx, 'contact', ['c2', 'c1', 'c3'], { survivor: 'oldest' }, entityCtx()),
    );
    expect(r.survivor.id).toBe('c1');
    expect(r.absorbedIds).toEqual(['c2', 'c3']);
    expect(r.repointed.map((x) => `${x.repository}:${x.id}:${x.field}:${x.from}`)).toEqual([
      'activities:act1:contactId:c2',
      'activities:act2:contactId:c3',
      'deals:d1:contactId:c2',
      'surveyResponses:s1:contactId:c2',
      'tickets:t1:requesterContactId:c3',
    ]);
    expect(unwrap(await store.contacts.get(ctx, 'c1' as never))).toEqual(r.survivor);
    expect(unwrap(await store.contacts.getMany(ctx, ['c2', 'c3'] as never))).toEqual([]);
    const after = await snapshot(store, ctx);
    const refOf = (name: string, id: string, field: string) => after[name]!.find((e) => e.id === id)![field];
    expect(['act1', 'act2', 'act3', 'act4'].map((id) => refOf('activities', id, 'contactId'))).toEqual([
      'c1',
      'c1',
      'c4',
      'c1',
    ]);
    expect([refOf('deals', 'd1', 'contactId'), refOf('deals', 'd2', 'contactId')]).toEqual(['c1', 'c4']);
    expect(refOf('tickets', 't1', 'requesterContactId')).toBe('c1');
    expect(refOf('surveyResponses', 's1', 'contactId')).toBe('c1');
    const events = after['events']!.map(({ sequence: _s, ...e }) => e);
    expect(events).toEqual([r.event]);
    expect(r.event.by).toBe('u1');
    // A retry changes nothing: the absorbed records are gone.
    const again = await mergeInStore(store, ctx, 'contact', ['c2', 'c1', 'c3'], { survivor: 'oldest' }, entityCtx());
    expect(again.ok || again.error.issues.map((i) => `${i.code} ${i.path.join('.')}`)).toEqual([
      'not_found ids.0',
      'not_found ids.2',
    ]);
    expect(await snapshot(store, ctx)).toEqual(after);
  });

  it('merges accounts (contacts, subscriptions, converted leads re-pointed) and leads (activities)', async (t) => {
    const store = storeNamed(s.name, t);
    const ctx = freshTenant();
    await put(store, ctx, 'accounts', accountArbitrary(), 6, [{ id: 'a1' }, { id: 'a2' }]);
    await put(store, ctx, 'contacts', contactArbitrary(), 7, [{ id: 'k1', accountId: 'a2' }]);
    await put(store, ctx, 'subscriptions', subscriptionArbitrary(), 8, [{ id: 'sub1', accountId: 'a2' }]);
    const converted = sample(leadArbitrary(), 9, 1)[0]!;
    await store.leads.insert(
      ctx,
      withFields(converted, {
        id: 'cl',
        version: 1,
        status: 'converted',
        convertedAt: converted.createdAt,
        convertedContactId: 'k1',
        convertedAccountId: 'a2',
        statusHistory: [],
      }),
    );
    const r = unwrap(await mergeInStore(store, ctx, 'account', ['a1', 'a2'], { survivor: 'a1' }, entityCtx()));
    expect(r.repointed.map((x) => `${x.repository}:${x.id}:${x.field}`)).toEqual([
      'contacts:k1:accountId',
      'leads:cl:convertedAccountId',
      'subscriptions:sub1:accountId',
    ]);
    expect(unwrap(await store.subscriptions.get(ctx, 'sub1' as never))?.accountId).toBe('a1');
    expect(unwrap(await store.leads.get(ctx, 'cl' as never))?.convertedAccountId).toBe('a1');

    await put(store, ctx, 'leads', leadArbitrary(), 10, [
      { id: 'l1', status: 'new', statusHistory: [], convertedAt: null, convertedContactId: null },
      { id: 'l2', status: 'new', statusHistory: [], convertedAt: null, convertedContactId: null },
    ]);
    await put(store, ctx, 'activities', activityArbitrary(), 11, [{ id: 'x1', leadId: 'l2' }]);
    await put(store, ctx, 'campaignMembers', campaignMemberArbitrary(), 12, [
      { id: 'm1', leadId: 'l2', contactId: null },
    ]);
    await put(store, ctx, 'referrals', referralArbitrary(), 13, [{ id: 'ref1', referredLeadId: 'l2' }]);
    const l = unwrap(await mergeInStore(store, ctx, 'lead', ['l1', 'l2'], { survivor: 'l1' }, entityCtx()));
    expect(l.repointed).toEqual([
      { repository: 'activities', id: 'x1', field: 'leadId', from: 'l2' },
      { repository: 'campaignMembers', id: 'm1', field: 'leadId', from: 'l2' },
      { repository: 'referrals', id: 'ref1', field: 'referredLeadId', from: 'l2' },
    ]);
    expect(unwrap(await store.activities.get(ctx, 'x1' as never))?.leadId).toBe('l1');
    expect(unwrap(await store.campaignMembers.get(ctx, 'm1' as never))?.leadId).toBe('l1');
    expect(unwrap(await store.referrals.get(ctx, 'ref1' as never))?.referredLeadId).toBe('l1');
  });

  it('bad input: more than max, unknown ids, mixed kinds, a survivor not among the records, stale versions', async (t) => {
    const store = storeNamed(s.name, t);
    const ctx = freshTenant();
    await contactGraph(store, ctx);
    await put(store, ctx, 'accounts', accountArbitrary(), 12, [{ id: 'acc' }]);
    const before = await snapshot(store, ctx);
    const show = (r: Result<unknown>) =>
      r.ok ? 'ok' : [r.error.code, ...r.error.issues.map((i) => `${i.code} ${i.path.join('.')}`)];
    expect(show(await mergeInStore(store, ctx, 'contact', ['c1', 'c2', 'c3'], { max: 2 }, entityCtx()))).toEqual([
      'validation_failed',
      'too_big records',
    ]);
    expect(show(await mergeInStore(store, ctx, 'contact', ['c1', 'nope'], {}, entityCtx()))).toEqual([
      'not_found',
      'not_found ids.1',
    ]);
    // A record of another kind is not a contact: not found among the contacts.
    expect(show(await mergeInStore(store, ctx, 'contact', ['c1', 'acc'], {}, entityCtx()))).toEqual([
      'not_found',
      'not_found ids.1',
    ]);
    expect(show(await mergeInStore(store, ctx, 'contact', ['c1', 'c2'], { survivor: 'c4' }, entityCtx()))).toEqual([
      'validation_failed',
      'invalid_value options.survivor',
    ]);
    expect(
      show(await mergeInStore(store, ctx, 'contact', ['c1', 'c2'], { expectedVersions: { c2: 7 } }, entityCtx())),
    ).toEqual(['conflict', 'stale_version version']);
    expect(show(await mergeInStore(store, ctx, 'contact', ['c1', 'c1'], {}, entityCtx()))).toEqual([
      'validation_failed',
      'duplicate ids.1',
    ]);
    expect(show(await mergeInStore(store, ctx, 'contact', 'c1' as never, {}, entityCtx()))).toEqual([
      'validation_failed',
      'invalid_type ids',
    ]);
    expect(show(await mergeInStore(store, ctx, 'deal' as never, ['c1', 'c2'], {}, entityCtx()))).toEqual([
      'validation_failed',
      'invalid_value kind',
    ]);
    expect(show(await mergeInStore(store, ctx, 'contact', ['c1', 'c2'], { nope: 1 } as never, entityCtx()))).toEqual([
      'validation_failed',
      'unrecognized_keys options',
    ]);
    expect(await snapshot(store, ctx)).toEqual(before);
  });

  for (const mode of ['throw', 'crm_error', 'failed_result'] as const)
    it(`a fault (${mode}) at each step leaves everything as it was`, async (t) => {
      const store = storeNamed(s.name, t);
      const probeCtx = freshTenant();
      await contactGraph(store, probeCtx);
      const probe = instrument(store, Number.POSITIVE_INFINITY, mode);
      expect((await mergeInStore(probe.store, probeCtx, 'contact', ['c1', 'c2', 'c3'], {}, entityCtx())).ok).toBe(true);
      const steps = probe.calls();
      expect(steps).toBeGreaterThanOrEqual(12);
      const ctx = freshTenant();
      await contactGraph(store, ctx);
      const before = await snapshot(store, ctx);
      for (let k = 1; k <= steps; k++) {
        const faulty = instrument(store, k, mode);
        let outcome: Result<unknown> | 'thrown';
        try {
          outcome = await mergeInStore(faulty.store, ctx, 'contact', ['c1', 'c2', 'c3'], {}, entityCtx());
        } catch (e) {
          expect((e as Error).message).toContain('injected fault');
          outcome = 'thrown';
        }
        if (mode === 'throw') expect(outcome).toBe('thrown');
        else expect(outcome !== 'thrown' && !outcome.ok && outcome.error.code).toBe('adapter_failure');
        expect(await snapshot(store, ctx)).toEqual(before);
      }
    });

  it('conserves every related record: none lost, none duplicated (property)', async (t) => {
    const store = storeNamed(s.name, t);
    const ids = ['p1', 'p2', 'p3', 'p4', 'p5'];
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.constantFrom(...ids), { minLength: 2, maxLength: 4 }),
        fc.array(
          fc.tuple(
            fc.constantFrom('activities', 'deals', 'tickets', 'surveyResponses', 'campaignMembers', 'referrals'),
            fc.constantFrom(...ids),
          ),
          {
            maxLength: 10,
          },
        ),
        fc.integer(),
        async (merged, related, seed) => {
          const ctx = freshTenant();
          await put(
            store,
            ctx,
            'contacts',
            contactArbitrary(),
            seed,
            ids.map((id) => ({ id })),
          );
          const field = {
            activities: 'contactId',
            deals: 'contactId',
            tickets: 'requesterContactId',
            surveyResponses: 'contactId',
            campaignMembers: 'contactId',
            referrals: 'referrerContactId',
          };
          const arbs = {
            activities: activityArbitrary(),
            deals: dealArbitrary(),
            tickets: ticketArbitrary(),
            surveyResponses: surveyResponseArbitrary(),
            campaignMembers: campaignMemberArbitrary(),
            referrals: referralArbitrary(),
          } as const;
          for (let i = 0; i < related.length; i++) {
            const [repo, ref] = related[i]!;
            // A campaign member names a lead or a contact, not both.
            const only = repo === 'campaignMembers' ? { leadId: null } : {};
            await put(store, ctx, repo, arbs[repo] as fc.Arbitrary<AnyEntity>, seed + i, [
              { id: `r${i}`, ...only, [field[repo]]: ref },
            ]);
          }
          const before = await snapshot(store, ctx);
          const r = unwrap(await mergeInStore(store, ctx, 'contact', merged, {}, entityCtx()));
          const after = await snapshot(store, ctx);
          for (const repo of [
            'activities',
            'deals',
            'tickets',
            'surveyResponses',
            'campaignMembers',
            'referrals',
          ] as const) {
            expect(after[repo]!.map((e) => e.id)).toEqual(before[repo]!.map((e) => e.id));
            for (const e of before[repo]!) {
              const now = after[repo]!.find((x) => x.id === e.id)!;
              const was = e[field[repo]] as string;
              expect(now[field[repo]]).toBe(merged.includes(was) ? r.survivor.id : was);
            }
          }
          expect(after['contacts']!.map((e) => e.id).sort()).toEqual(
            ids.filter((id) => id === r.survivor.id || !merged.includes(id)),
          );
          expect(r.repointed.length).toBe(
            related.filter(([, ref]) => merged.includes(ref) && ref !== r.survivor.id).length,
          );
        },
      ),
      { numRuns: s.name === 'memory' ? 25 : 6 },
    );
  }, 120_000);
});
