/**
 * The contract suite: transactional fault injection.
 *
 * @module
 */
import { expect } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import { sequentialIdGenerator } from '../../core/ids.js';
import { unwrap, type Result } from '../../core/result.js';
import { convertLeadInStore } from '../../repository/convertLeadInStore.js';
import { leadArbitrary } from '../arbitraries.js';
import { instrument } from './instrument.js';
import { A, B, expectCode, sample, withCompany, type ContractSuite } from './shared.js';

/**
 * Transactional fault injection into `convertLeadInStore`: a fault at any step persists nothing.
 */
export function conversionFaultRules(suite: ContractSuite): void {
  const { test } = suite;
  const conversionOptions = {
    deal: { pipelineId: 'b2b', stageId: 'qualification', amount: { amount: '24000.00', currency: 'EUR' } },
  } as const;
  const entityCtx = () => ({ clock: fixedClock('2030-01-02T03:04:05Z'), ids: sequentialIdGenerator('conv') });

  test('without faults the conversion persists lead, contact, account, deal and the event', async (store) => {
    const lead = withCompany(sample(leadArbitrary(), 70)[0]!);
    await store.leads.insert(A, lead);
    const r = await convertLeadInStore(store, A, lead.id, conversionOptions, entityCtx());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { conversion, event } = r.value;
    expect(unwrap(await store.leads.get(A, lead.id))).toEqual(conversion.lead);
    expect(unwrap(await store.contacts.get(A, conversion.contact.id))).toEqual(conversion.contact);
    expect(unwrap(await store.accounts.get(A, conversion.account!.id))).toEqual(conversion.account);
    expect(unwrap(await store.deals.get(A, conversion.deal!.id))).toEqual(conversion.deal);
    const { items } = unwrap(await store.events.read(A));
    expect(items.map(({ sequence: _s, ...e }) => e)).toEqual([event]);
    expectCode(await convertLeadInStore(store, A, lead.id, conversionOptions, entityCtx()), 'already_converted');
    expectCode(await convertLeadInStore(store, A, 'missing-lead', conversionOptions, entityCtx()), 'not_found');
  });

  for (const mode of ['throw', 'crm_error', 'failed_result'] as const) {
    test(`a fault (${mode}) at each step of the conversion leaves nothing persisted`, async (store) => {
      const lead = withCompany(sample(leadArbitrary(), 71)[0]!);
      await store.leads.insert(A, lead);
      // Count the calls of a successful conversion of the same lead in another tenant, to fail at each of them.
      await store.leads.insert(B, lead);
      const probe = instrument(store, Number.POSITIVE_INFINITY, mode);
      expect((await convertLeadInStore(probe.store, B, lead.id, conversionOptions, entityCtx())).ok).toBe(true);
      const steps = probe.calls();
      expect(steps).toBeGreaterThanOrEqual(6);
      for (let k = 1; k <= steps; k++) {
        const faulty = instrument(store, k, mode);
        let outcome: Result<unknown> | 'thrown';
        try {
          outcome = await convertLeadInStore(faulty.store, A, lead.id, conversionOptions, entityCtx());
        } catch (e) {
          expect((e as Error).message).toContain('injected fault');
          outcome = 'thrown';
        }
        if (mode === 'throw') expect(outcome).toBe('thrown');
        else expectCode(outcome as Result<unknown>, 'adapter_failure');
        expect(unwrap(await store.leads.get(A, lead.id))).toEqual(lead);
        expect(unwrap(await store.contacts.count(A))).toBe(0);
        expect(unwrap(await store.accounts.count(A))).toBe(0);
        expect(unwrap(await store.deals.count(A))).toBe(0);
        expect(unwrap(await store.events.read(A)).items).toEqual([]);
      }
    });
  }
}
