import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  createRenewalAccumulator,
  createRevenueRetentionAccumulator,
  grossRevenueRetention,
  netRevenueRetention,
  renewalRate,
  revenueRetentionAccumulatorFromJSON,
  type MrrSubscription,
} from '../../src/metrics/index.js';
import { money } from '../../src/money/money.js';
import { monthPeriod, quarterPeriod } from '../../src/time/period.js';
import { expectInvalid, value } from './_helpers.js';

const d = (s: string) => new Date(`${s}T00:00:00Z`);
const usd = (a: string) => money(a, 'USD');
const march = monthPeriod('2026-03-01');

describe('grossRevenueRetention and netRevenueRetention', () => {
  const m = { startingMrr: usd('10000'), expansion: usd('1500'), contraction: usd('300'), churned: usd('700') };
  it('worked example: start 10,000, +1,500, −300, −700 ⇒ GRR 90%, NRR 105%', () => {
    const g = value(grossRevenueRetention(m));
    const n = value(netRevenueRetention(m));
    expect(g.rate).toBe(0.9);
    expect(g.endingMrr).toEqual(usd('9000'));
    expect(n.rate).toBe(1.05);
    expect(n.endingMrr).toEqual(usd('10500'));
  });
  it('records: per-account MRR at start vs end; new accounts are excluded', () => {
    const subs: MrrSubscription[] = [
      { accountId: 'a', startedAt: d('2025-01-01'), endedAt: d('2026-03-10'), mrr: usd('100') }, // a upgrades
      { accountId: 'a', startedAt: d('2026-03-10'), endedAt: null, mrr: usd('150.50') },
      { accountId: 'b', startedAt: d('2025-01-01'), endedAt: d('2026-03-20'), mrr: usd('200') }, // b churns
      { accountId: 'c', startedAt: d('2025-01-01'), endedAt: d('2026-03-05'), mrr: usd('80') }, // c downgrades
      { accountId: 'c', startedAt: d('2026-03-05'), endedAt: null, mrr: usd('60') },
      { accountId: 'n', startedAt: d('2026-03-02'), endedAt: null, mrr: usd('999') }, // new: ignored
    ];
    const n = value(netRevenueRetention(subs, { period: march }));
    expect(n).toMatchObject({
      startingMrr: usd('380'),
      expansion: usd('50.50'),
      contraction: usd('20'),
      churned: usd('200'),
      endingMrr: usd('210.50'),
      customers: 3,
    });
    expect(n.rate).toBeCloseTo(210.5 / 380, 15);
    expect(value(grossRevenueRetention(subs, { period: march })).rate).toBeCloseTo(160 / 380, 15);
  });
  it('empty: rate null; bad input names the field or index', () => {
    expect(value(netRevenueRetention([], { period: march, currency: 'EUR' }))).toMatchObject({
      rate: null,
      startingMrr: money('0', 'EUR'),
    });
    expectInvalid(grossRevenueRetention({ ...m, churned: money('700', 'EUR') }), ['churned', 'currency']);
    expectInvalid(grossRevenueRetention({ ...m, contraction: usd('-1') }), ['contraction', 'amount']);
    expect(expectInvalid(grossRevenueRetention({ ...m, churned: usd('9800') }), ['churned'])).toMatch(
      /allowed 0\.\.10000/,
    );
    expectInvalid(
      netRevenueRetention(
        [
          { accountId: 'a', startedAt: d('2025-01-01'), endedAt: null, mrr: usd('1') },
          { accountId: 'b', startedAt: d('2025-01-01'), endedAt: null, mrr: money('1', 'EUR') },
        ],
        { period: march },
      ),
      [1, 'mrr', 'currency'],
    );
  });
  it('properties: GRR in [0, 1], NRR ≥ GRR, exact money (ending = start + exp − contr − churn)', () => {
    const cents = fc.bigInt({ min: 0n, max: 10n ** 12n });
    fc.assert(
      fc.property(cents, cents, cents, cents, (s, e, c, ch) => {
        const start = s + c + ch;
        const mm = {
          startingMrr: money(start, 'USD'),
          expansion: money(e, 'USD'),
          contraction: money(c, 'USD'),
          churned: money(ch, 'USD'),
        };
        const g = value(grossRevenueRetention(mm));
        const n = value(netRevenueRetention(mm));
        if (start === 0n) {
          expect(g.rate).toBeNull();
          return;
        }
        expect(g.rate!).toBeGreaterThanOrEqual(0);
        expect(g.rate!).toBeLessThanOrEqual(1);
        expect(n.rate!).toBeGreaterThanOrEqual(g.rate!);
        expect(n.endingMrr).toEqual(money(start + e - c - ch, 'USD'));
      }),
    );
  });
  it('accumulator: merging partials equals the sum (property), JSON round trip exact', () => {
    const part = fc.tuple(fc.nat(10_000), fc.nat(10_000), fc.nat(10_000), fc.nat(10_000)).map(([s, e, c, ch]) => ({
      startingMrr: money(`${s + c + ch}.01`, 'USD'),
      expansion: money(`${e}.99`, 'USD'),
      contraction: money(c, 'USD'),
      churned: money(ch, 'USD'),
    }));
    fc.assert(
      fc.property(fc.array(part, { maxLength: 10 }), fc.nat(), (parts, cut) => {
        const k = parts.length === 0 ? 0 : cut % (parts.length + 1);
        const acc = createRevenueRetentionAccumulator().addAll(parts.slice(0, k));
        acc.merge(
          value(
            revenueRetentionAccumulatorFromJSON(
              JSON.stringify(createRevenueRetentionAccumulator().addAll(parts.slice(k))),
            ),
          ),
        );
        const one = createRevenueRetentionAccumulator().addAll(parts);
        expect(value(acc.result())).toEqual(value(one.result()));
        if (parts.length === 1) expect(value(one.result())).toEqual(value(netRevenueRetention(parts[0]!)));
      }),
    );
    expectInvalid(
      createRevenueRetentionAccumulator({ currency: 'EUR' })
        .add({ startingMrr: usd('1'), contraction: usd('0'), churned: usd('0') })
        .result(),
      [0, 'startingMrr', 'currency'],
    );
  });
});

describe('renewalRate', () => {
  const q1 = quarterPeriod('2026-01-01');
  const subs = [
    { id: 's1', endsAt: d('2026-01-31'), renewalOfId: null, mrr: usd('100') },
    { id: 's2', endsAt: d('2026-02-28'), renewalOfId: null, mrr: usd('300') },
    { id: 's3', endsAt: d('2026-03-31'), renewalOfId: null, mrr: usd('50') },
    { id: 's4', endsAt: d('2026-04-01'), renewalOfId: null, mrr: usd('1000') }, // outside Q1 (end exclusive)
    { id: 's1r', endsAt: d('2027-01-31'), renewalOfId: 's1', mrr: usd('120') },
    { id: 's2r', endsAt: d('2027-02-28'), renewalOfId: 's2', mrr: usd('300') },
  ];
  it('counts and values', () => {
    expect(value(renewalRate({ upForRenewal: 40, renewed: 34 }))).toMatchObject({ rate: 0.85, total: 40 });
    expect(value(renewalRate({ upForRenewal: usd('4000'), renewed: usd('3400') })).rate).toBe(0.85);
  });
  it('records: renewed when another subscription names it in renewalOfId', () => {
    expect(value(renewalRate(subs, { period: q1 }))).toMatchObject({ upForRenewal: 3, renewed: 2, rate: 2 / 3 });
    const v = value(renewalRate(subs, { period: q1, basis: 'value' }));
    expect(v.upForRenewalValue).toEqual(usd('450'));
    expect(v.renewedValue).toEqual(usd('400'));
    expect(v.rate).toBeCloseTo(400 / 450, 15);
  });
  it('bad and empty input', () => {
    expect(expectInvalid(renewalRate({ upForRenewal: 3, renewed: 4 }), ['renewed'])).toMatch(/0\.\.3/);
    expectInvalid(renewalRate({ upForRenewal: usd('1'), renewed: money('1', 'EUR') }), ['renewed', 'currency']);
    expectInvalid(
      renewalRate([{ id: 'x', endsAt: d('2026-02-01'), renewalOfId: null }], { period: q1, basis: 'value' }),
      [0, 'mrr'],
    );
    expect(value(renewalRate([], { period: q1 }))).toMatchObject({ rate: null, total: 0 });
  });
  it('accumulator equals the sum of partials (property)', () => {
    const part = fc.nat(100).chain((u) => fc.record({ upForRenewal: fc.constant(u), renewed: fc.nat(u) }));
    fc.assert(
      fc.property(fc.array(part, { maxLength: 10 }), fc.nat(), (parts, cut) => {
        const k = parts.length === 0 ? 0 : cut % (parts.length + 1);
        const acc = createRenewalAccumulator()
          .addAll(parts.slice(0, k))
          .merge(createRenewalAccumulator().addAll(parts.slice(k)).toJSON());
        const sum = parts.reduce(
          (s, p) => ({ upForRenewal: s.upForRenewal + p.upForRenewal, renewed: s.renewed + p.renewed }),
          { upForRenewal: 0, renewed: 0 },
        );
        expect(value(acc.result())).toEqual(value(renewalRate(sum)));
      }),
    );
  });
});
