/**
 * attributeRevenue: each model on a worked example, the sums conserved to the cent (property), and
 * bad input.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { attributeRevenue, ATTRIBUTION_MODELS, type Touch } from '../../src/campaigns/index.js';
import { unwrap } from '../../src/core/result.js';
import { fixedClock } from '../../src/core/clock.js';
import { sequentialIdGenerator } from '../../src/core/ids.js';
import { Dec } from '../../src/money/decimal.js';
import { createDeal, type Deal } from '../../src/entities/index.js';
import { b2bPipeline, transitionDeal } from '../../src/pipeline/index.js';

const day = (n: number) => new Date(Date.UTC(2026, 2, 1) + n * 86_400_000);
const won = (amount: string, contactId: string | null, closeDay = 20, id?: string): Deal => {
  const d = unwrap(
    createDeal(
      { name: 'D', pipelineId: 'b2b', stageId: 'negotiation', amount: { amount, currency: 'EUR' }, contactId },
      { clock: fixedClock(day(0)), ids: id === undefined ? sequentialIdGenerator() : { next: () => id } },
    ),
  );
  return unwrap(transitionDeal(b2bPipeline, d, 'closed_won', { at: day(closeDay), by: null })).deal;
};
const touch = (campaignId: string, at: number, contactId = 'c1'): Touch => ({ campaignId, contactId, at: day(at) });
const deal = won('1000.00', 'c1');
const touches = [
  touch('whatsapp', 0),
  touch('webinar', 6),
  touch('email', 13),
  touch('retarget', 19),
  touch('late', 25),
];
const amounts = (model: (typeof ATTRIBUTION_MODELS)[number], ts = touches) =>
  Object.fromEntries(
    unwrap(attributeRevenue([deal], ts, { model })).byCampaign.map((c) => [c.campaignId, c.revenue.amount]),
  );

describe('attributeRevenue', () => {
  it('first and last touch (a touch after the close does not count)', () => {
    expect(amounts('first')).toEqual({ whatsapp: '1000.00', webinar: '0.00', email: '0.00', retarget: '0.00' });
    expect(amounts('last')).toEqual({ whatsapp: '0.00', webinar: '0.00', email: '0.00', retarget: '1000.00' });
  });

  it('linear: equal shares, the odd cent to the earliest by largest remainder', () => {
    expect(amounts('linear', touches.slice(0, 3))).toEqual({ whatsapp: '333.34', webinar: '333.33', email: '333.33' });
  });

  it('position: 40 % first, 40 % last, 20 % shared between; two touches split half and half', () => {
    expect(amounts('position')).toEqual({ whatsapp: '400.00', webinar: '100.00', email: '100.00', retarget: '400.00' });
    expect(amounts('position', touches.slice(0, 2))).toEqual({ whatsapp: '500.00', webinar: '500.00' });
  });

  it('time decay: weights 2^(−age/7 days) — touches 14 and 7 days apart weigh 1/4, 1/2, 1', () => {
    // Touches at days 6, 13 and 20 (the close): weights 0.25, 0.5, 1 → 1000 × (1/7, 2/7, 4/7).
    const ts = [touch('a', 6), touch('b', 13), touch('c', 20)];
    expect(amounts('time_decay', ts)).toEqual({ a: '142.86', b: '285.71', c: '571.43' });
    expect(
      Object.fromEntries(
        unwrap(attributeRevenue([deal], ts, { model: 'time_decay', halfLifeDays: 14 })).byCampaign.map((c) => [
          c.campaignId,
          c.revenue.amount,
        ]),
      ),
    ).toEqual({ a: '226.54', b: '320.38', c: '453.08' }); // weights 2^(−1), 2^(−0.5), 1 over 2.2071
  });

  it('deals without touches are unattributed; touches credit by dealId too; lost and open deals are left out', () => {
    const lonely = won('250.00', 'c2');
    const byId = won('100.00', null, 20, 'deal-by-id');
    const open = unwrap(
      createDeal({
        name: 'O',
        pipelineId: 'b2b',
        stageId: 'proposal',
        amount: { amount: '999.00', currency: 'EUR' },
        contactId: 'c1',
      }),
    );
    const r = unwrap(
      attributeRevenue(
        [deal, lonely, byId, open],
        [...touches, { campaignId: 'direct', dealId: 'deal-by-id', at: day(1) }],
        { model: 'first' },
      ),
    );
    expect(r.total).toEqual({ amount: '1350.00', currency: 'EUR' });
    expect(r.unattributed).toEqual({ amount: '250.00', currency: 'EUR' });
    expect(r.byCampaign.find((c) => c.campaignId === 'direct')?.revenue.amount).toBe('100.00');
    expect(unwrap(attributeRevenue([], touches, { model: 'linear' }))).toEqual({
      model: 'linear',
      byCampaign: [],
      unattributed: null,
      total: null,
    });
  });

  it('property: for every model, Σ byCampaign + unattributed = total, to the cent', () => {
    const arbDeal = fc.record({
      cents: fc.bigInt({ min: 1n, max: 10n ** 12n }), // b2b wins need a non-zero amount
      contact: fc.constantFrom('c1', 'c2', 'c3'),
      close: fc.integer({ min: 0, max: 60 }),
    });
    const arbTouch = fc.record({
      campaign: fc.constantFrom('a', 'b', 'c', 'd'),
      contact: fc.constantFrom('c1', 'c2', 'c3', 'c4'),
      at: fc.integer({ min: 0, max: 60 }),
    });
    fc.assert(
      fc.property(
        fc.array(arbDeal, { maxLength: 6 }),
        fc.array(arbTouch, { maxLength: 12 }),
        fc.constantFrom(...ATTRIBUTION_MODELS),
        fc.double({ min: 0.01, max: 365, noNaN: true }),
        (ds, ts, model, halfLifeDays) => {
          const deals = ds.map((d) =>
            won(`${d.cents / 100n}.${String(d.cents % 100n).padStart(2, '0')}`, d.contact, d.close),
          );
          const touchList = ts.map((t) => ({ campaignId: t.campaign, contactId: t.contact, at: day(t.at) }));
          const r = unwrap(attributeRevenue(deals, touchList, { model, halfLifeDays }));
          const total = deals.reduce((s, d) => s.plus(d.amount.amount), new Dec(0));
          if (deals.length === 0) {
            expect(r.total).toBeNull();
            return;
          }
          const sum = r.byCampaign.reduce((s, c) => s.plus(c.revenue.amount), new Dec(r.unattributed!.amount));
          expect(sum.equals(total)).toBe(true);
          expect(new Dec(r.total!.amount).equals(total)).toBe(true);
          for (const c of r.byCampaign) expect(new Dec(c.revenue.amount).isNegative()).toBe(false);
        },
      ),
    );
  });

  it('bad input: unknown model, bad half-life, a touch without a date, another currency, unknown keys', () => {
    const paths = (ds: unknown, ts: unknown, o: unknown) => {
      const r = attributeRevenue(ds as never, ts as never, o as never);
      return r.ok ? [] : r.error.issues.map((i) => `${i.path.join('.')}:${i.code}`);
    };
    expect(paths([deal], touches, { model: 'u_shaped' })).toEqual(['options.model:invalid_value']);
    expect(paths([deal], touches, { model: 'time_decay', halfLifeDays: 0, weights: 1 })).toEqual([
      'options:unrecognized_keys',
      'options.halfLifeDays:invalid_value',
    ]);
    expect(paths([deal], [{ campaignId: 'a', at: 'monday' }], { model: 'first' })).toEqual([
      'touches.0.at:invalid_date',
    ]);
    const usd = { ...won('5.00', 'c1'), amount: { amount: '5.00', currency: 'USD' } };
    expect(paths([deal, usd], touches, { model: 'first' })).toEqual(['deals.1.amount.currency:currency_mismatch']);
    expect(paths(null, null, null)).toEqual(['deals:invalid_type', 'touches:invalid_type', 'options:invalid_type']);
  });
});
