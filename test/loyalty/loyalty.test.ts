// Issue 17 §4: loyalty programmes after Odoo's loyalty rules (addons/loyalty: reward_point_mode order /
// money / unit, minimum_qty, minimum_amount, a product domain, a code; rewards with required_points).
// The known values are worked by hand in the comments beside them.
import { describe, expect, it } from 'vitest';
import { isCrmError } from '../../src/core/errors.js';
import { unwrap } from '../../src/core/result.js';
import { fixedClock, sequentialIdGenerator } from '../../src/core/index.js';
import {
  defineLoyaltyProgram,
  earnPoints,
  loyaltyBalance,
  pointsLiability,
  redeem,
  redemptionRate,
  referralCandidates,
  referralConversion,
  referralRate,
  tierFor,
} from '../../src/loyalty/index.js';
import { yearPeriod } from '../../src/time/index.js';
import { coffee, coffeeSpec, usd } from './_program.js';

const ctx = () => ({ clock: fixedClock('2026-01-01T00:00:00Z'), ids: sequentialIdGenerator() });
const order = (over: Record<string, unknown> = {}) => ({
  customerId: 'c1',
  at: '2026-03-01T10:00:00Z',
  total: usd('47.80'),
  lines: [
    { productId: 'latte', category: 'coffee', quantity: 2, amount: usd('9.80') },
    { productId: 'house-blend', category: 'beans', quantity: 2, amount: usd('38.00') },
  ],
  ...over,
});
const issues = (r: { ok: boolean; error?: { issues: readonly { path: readonly unknown[]; code: string }[] } }) =>
  r.ok ? [] : r.error!.issues.map((i) => ({ path: i.path, code: i.code }));

describe('defineLoyaltyProgram', () => {
  it('keeps points as canonical decimal text and Money canonical, frozen', () => {
    const p = coffee();
    expect(p.rules[2]).toEqual({
      id: 'beans',
      mode: 'per_unit',
      points: '2.5',
      products: { field: 'category', op: 'eq', value: 'beans' },
      minimumQuantity: 2,
    });
    expect(p.rewards[0]).toEqual({ id: 'ten-off', kind: 'amount_discount', cost: '100', amount: usd('10.00') });
    expect(p.tiers?.levels.map((l) => l.threshold)).toEqual(['500', '2000']);
    expect(p.expiry).toEqual({ days: 365 });
    expect(Object.isFrozen(p) && Object.isFrozen(p.rules[0])).toBe(true);
  });

  it('refuses a tier threshold out of order, with its path', () => {
    const spec = {
      ...coffeeSpec(),
      tiers: {
        basis: 'points' as const,
        levels: [
          { id: 's', threshold: 500 },
          { id: 'g', threshold: 500 },
        ],
      },
    };
    expect(issues(defineLoyaltyProgram(spec))).toEqual([
      { path: ['tiers', 'levels', 1, 'threshold'], code: 'out_of_order' },
    ]);
    const spend = {
      ...coffeeSpec(),
      tiers: {
        basis: 'spend' as const,
        levels: [
          { id: 's', threshold: usd('1000.00') },
          { id: 'g', threshold: usd('999.99') },
        ],
      },
    };
    expect(issues(defineLoyaltyProgram(spend))).toEqual([
      { path: ['tiers', 'levels', 1, 'threshold'], code: 'out_of_order' },
    ]);
  });

  it('reports every bad part with its path', () => {
    const r = defineLoyaltyProgram({
      currency: 'USD',
      rules: [
        { id: 'a', mode: 'per_money', points: 0, per: { amount: '1.00', currency: 'EUR' } },
        { id: 'a', mode: 'per_week' as never, points: 1 },
        { id: 'c', mode: 'per_unit', points: 0.5 as never, products: { field: 'colour', op: 'eq', value: 'red' } },
      ],
      rewards: [{ id: 'x', kind: 'cashback' as never, cost: 1 } as never],
      expiry: { days: 0 },
      extra: 1,
    } as never);
    expect(issues(r)).toEqual([
      { path: [], code: 'unrecognized_keys' },
      { path: ['rules', 0, 'points'], code: 'too_small' },
      { path: ['rules', 0, 'per', 'currency'], code: 'currency_mismatch' },
      { path: ['rules', 1, 'mode'], code: 'invalid_value' },
      { path: ['rules', 2, 'points'], code: 'invalid_number' },
      { path: ['rules', 2, 'products', 'field'], code: 'unknown_field' },
      { path: ['rewards', 0, 'kind'], code: 'invalid_value' },
      { path: ['expiry', 'days'], code: 'invalid_value' },
    ]);
    expect(r.ok || r.error.code).toBe('validation_failed');
  });

  it('refuses duplicate ids and a spec that is not an object, never throwing', () => {
    const dup = { ...coffeeSpec(), rewards: [...coffeeSpec().rewards, coffeeSpec().rewards[0]!] };
    expect(issues(defineLoyaltyProgram(dup))).toEqual([{ path: ['rewards', 4, 'id'], code: 'duplicate' }]);
    for (const bad of [null, 1, 'x', [], { currency: 'USD', rules: [], rewards: [] }])
      expect(defineLoyaltyProgram(bad as never).ok).toBe(false);
    const hostile = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('boom');
        },
      },
    );
    expect(defineLoyaltyProgram(hostile as never).ok).toBe(false);
  });
});

describe('earnPoints', () => {
  it('adds the points of every rule that applies', () => {
    // spend: ⌊47.80 / 1.00⌋ = 47; visit: 47.80 ≥ 20 → 10; beans: 2 units ≥ 2 → 2.5 × 2 = 5; launch: no code.
    const r = unwrap(earnPoints(coffee(), order(), ctx()));
    expect(r.points).toBe('62');
    expect(r.byRule).toEqual([
      { ruleId: 'spend', points: '47' },
      { ruleId: 'visit', points: '10' },
      { ruleId: 'beans', points: '5' },
    ]);
    expect(r.transaction).toMatchObject({
      id: 'loyaltyTransaction-1',
      customerId: 'c1',
      kind: 'earn',
      points: '62',
      spend: usd('47.80'),
      at: new Date('2026-03-01T10:00:00Z'),
      expiresAt: new Date('2027-03-01T10:00:00Z'),
    });
  });

  it('applies minimums to the lines the product condition selects, and codes', () => {
    // One bag of beans: below minimumQuantity 2; $18 total: below the visit rule's $20; LAUNCH: +50.
    const r = unwrap(
      earnPoints(
        coffee(),
        order({
          total: usd('18.00'),
          code: 'LAUNCH',
          lines: [{ productId: 'b', category: 'beans', quantity: 1, amount: usd('18.00') }],
        }),
        ctx(),
      ),
    );
    expect(r.byRule).toEqual([
      { ruleId: 'spend', points: '18' },
      { ruleId: 'launch', points: '50' },
    ]);
  });

  it('counts per whole `per`, with money of the selected lines when a rule has a product condition', () => {
    const p = unwrap(
      defineLoyaltyProgram({
        currency: 'EUR',
        rules: [
          {
            id: 'beans',
            mode: 'per_money',
            points: 3,
            per: { amount: '5.00', currency: 'EUR' },
            products: { field: 'tags', op: 'contains', value: 'bio' },
          },
        ],
        rewards: [],
      }),
    );
    const r = unwrap(
      earnPoints(p, {
        customerId: 'c1',
        at: '2026-01-01',
        total: { amount: '100.00', currency: 'EUR' },
        lines: [
          { productId: 'a', tags: ['bio'], quantity: 1, amount: { amount: '9.99', currency: 'EUR' } },
          { productId: 'b', tags: ['bio'], quantity: 1, amount: { amount: '5.01', currency: 'EUR' } },
          { productId: 'c', tags: [], quantity: 1, amount: { amount: '85.00', currency: 'EUR' } },
        ],
      }),
    );
    // 9.99 + 5.01 = 15.00 → 3 whole €5 → 3 × 3 = 9.
    expect(r.points).toBe('9');
  });

  it('earns nothing without a transaction when no rule applies', () => {
    const r = unwrap(earnPoints(coffee(), order({ total: usd('0.99'), lines: [] })));
    expect(r).toEqual({ points: '0', byRule: [], transaction: null });
  });

  it('refuses a bad order with paths, and throws for a programme not made by defineLoyaltyProgram', () => {
    const r = earnPoints(
      coffee(),
      order({
        total: { amount: '5.00', currency: 'EUR' },
        lines: [{ productId: '', quantity: -1, amount: usd('-1.00') }],
        at: 'yesterday',
        x: 1,
      }) as never,
    );
    expect(issues(r)).toEqual([
      { path: ['order'], code: 'unrecognized_keys' },
      { path: ['order', 'at'], code: 'invalid_date' },
      { path: ['order', 'total', 'currency'], code: 'currency_mismatch' },
      { path: ['order', 'lines', 0, 'productId'], code: 'invalid_type' },
      { path: ['order', 'lines', 0, 'quantity'], code: 'invalid_type' },
      { path: ['order', 'lines', 0, 'amount', 'amount'], code: 'too_small' },
    ]);
    expect(() => earnPoints(coffeeSpec() as never, order() as never)).toThrow(/defineLoyaltyProgram/);
    try {
      earnPoints(null as never, order() as never);
    } catch (e) {
      expect(isCrmError(e, 'validation_failed')).toBe(true);
    }
  });
});

const ledger = [
  { customerId: 'c1', kind: 'earn', points: '100', at: '2026-01-10T00:00:00Z', expiresAt: '2026-07-10T00:00:00Z' },
  { customerId: 'c1', kind: 'earn', points: '50', at: '2026-03-01T00:00:00Z', expiresAt: '2026-09-01T00:00:00Z' },
  { customerId: 'c1', kind: 'redeem', points: '-80', at: '2026-04-01T00:00:00Z' },
] as const;

describe('loyaltyBalance', () => {
  it('expires FIFO: a redemption spends the oldest lot first', () => {
    // 100 (expires 10 Jul) + 50 (1 Sep) − 80 on 1 Apr from the first lot → 20 + 50.
    expect(unwrap(loyaltyBalance(ledger, { asOf: '2026-05-01T00:00:00Z' }))).toEqual({
      customerId: 'c1',
      asOf: new Date('2026-05-01T00:00:00Z'),
      available: '70',
      expired: '0',
      expiring: [
        { at: new Date('2026-07-10T00:00:00Z'), points: '20' },
        { at: new Date('2026-09-01T00:00:00Z'), points: '50' },
      ],
    });
    expect(unwrap(loyaltyBalance(ledger, { asOf: '2026-07-10T00:00:00Z' }))).toMatchObject({
      available: '50',
      expired: '20',
    });
    expect(unwrap(loyaltyBalance(ledger, { asOf: '2026-09-01T00:00:00Z' }))).toMatchObject({
      available: '0',
      expired: '70',
      expiring: [],
    });
    // Before the redemption: everything.
    expect(unwrap(loyaltyBalance(ledger, { asOf: '2026-03-01T00:00:00Z' }))).toMatchObject({ available: '150' });
  });

  it('passes over expired lots when it spends, and lets a deficit be paid by the next points', () => {
    const l = [
      { customerId: 'c1', kind: 'earn', points: '30', at: '2026-01-01T00:00:00Z', expiresAt: '2026-02-01T00:00:00Z' },
      { customerId: 'c1', kind: 'adjust', points: '10', at: '2026-01-15T00:00:00Z' },
      { customerId: 'c1', kind: 'redeem', points: '-25', at: '2026-03-01T00:00:00Z' },
      { customerId: 'c1', kind: 'earn', points: '40.5', at: '2026-04-01T00:00:00Z' },
    ] as const;
    // On 1 Mar the 30 have expired; the 10 of the adjustment pay 10 of 25: a deficit of 15, paid on 1 Apr.
    expect(unwrap(loyaltyBalance(l, { asOf: '2026-03-02T00:00:00Z' }))).toMatchObject({
      available: '-15',
      expired: '30',
    });
    expect(unwrap(loyaltyBalance(l, { asOf: '2026-05-01T00:00:00Z' }))).toMatchObject({
      available: '25.5',
      expired: '30',
    });
  });

  it('reads one customer out of a shared ledger, and refuses a mixed one without customerId', () => {
    const mixed = [...ledger, { customerId: 'c2', kind: 'earn', points: '5', at: '2026-05-01T00:00:00Z' }] as const;
    expect(unwrap(loyaltyBalance(mixed, { asOf: '2026-06-01', customerId: 'c2' }))).toMatchObject({
      customerId: 'c2',
      available: '5',
    });
    expect(issues(loyaltyBalance(mixed, { asOf: '2026-06-01' }))).toEqual([
      { path: ['ledger', 3, 'customerId'], code: 'invalid_value' },
    ]);
  });

  it('gives zero for an empty ledger', () => {
    expect(unwrap(loyaltyBalance([], { asOf: '2026-01-01' }))).toMatchObject({
      customerId: null,
      available: '0',
      expiring: [],
    });
  });

  it('refuses bad entries with their paths, never throwing', () => {
    const bad = [
      { customerId: 'c1', kind: 'earn', points: '-5', at: '2026-02-01' },
      { customerId: 'c1', kind: 'gift', points: 5, at: '2026-02-01' },
      { customerId: 'c1', kind: 'redeem', points: 0.5, at: '2026-03-01' },
      { customerId: 'c1', kind: 'earn', points: '5', at: '2026-01-01' },
      { customerId: 'c1', kind: 'earn', points: '5', at: '2026-04-01', expiresAt: '2026-03-01' },
      { customerId: 'c1', kind: 'redeem', points: '-5', at: '2026-05-01', expiresAt: '2026-06-01' },
    ];
    expect(issues(loyaltyBalance(bad as never, { asOf: '2026-06-01', extra: 1 } as never))).toEqual([
      { path: ['options'], code: 'unrecognized_keys' },
    ]);
    expect(issues(loyaltyBalance(bad as never, { asOf: '2026-06-01' }))).toEqual([
      { path: ['ledger', 0, 'points'], code: 'invalid_value' },
      { path: ['ledger', 1, 'kind'], code: 'invalid_value' },
      { path: ['ledger', 2, 'points'], code: 'invalid_number' },
      { path: ['ledger', 3, 'at'], code: 'out_of_order' },
      { path: ['ledger', 4, 'expiresAt'], code: 'out_of_order' },
      { path: ['ledger', 5, 'expiresAt'], code: 'invalid_value' },
    ]);
    for (const l of [null, 'x', [null], [[]], { length: 1 }])
      expect(loyaltyBalance(l as never, { asOf: '2026-01-01' }).ok).toBe(false);
    const hostile = [
      {
        get customerId(): string {
          throw new Error('boom');
        },
      },
    ];
    expect(loyaltyBalance(hostile as never, { asOf: '2026-01-01' }).ok).toBe(false);
  });
});

describe('redeem', () => {
  it('writes a redemption of the reward cost', () => {
    // 150 available on 1 Mar (before the redemption of 1 Apr).
    const b = unwrap(loyaltyBalance(ledger, { asOf: '2026-03-01T00:00:00Z' }));
    const t = unwrap(redeem(coffee(), b, 'ten-off', { at: '2026-03-02T00:00:00Z', ctx: ctx(), orderId: 'o7' }));
    expect(t).toMatchObject({
      id: 'loyaltyTransaction-1',
      kind: 'redeem',
      points: '-100',
      rewardId: 'ten-off',
      customerId: 'c1',
      orderId: 'o7',
    });
    // The new balance, with the redemption in the ledger: 150 − 100.
    expect(unwrap(loyaltyBalance([...ledger.slice(0, 2), t], { asOf: '2026-03-03T00:00:00Z' })).available).toBe('50');
  });

  it('fails with insufficient_points when the balance is short — counting points that expire before `at`', () => {
    const b = unwrap(loyaltyBalance(ledger, { asOf: '2026-05-01T00:00:00Z' }));
    expect(b.available).toBe('70');
    const r = redeem(coffee(), { ...b, available: '100' }, 'ten-off', { at: '2026-08-01T00:00:00Z' });
    // 100 claimed, but 20 expire on 10 Jul, before 1 Aug: 80 < 100.
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('validation_failed');
      expect(r.error.issues).toEqual([
        expect.objectContaining({
          path: ['rewardId'],
          code: 'insufficient_points',
          message: expect.stringContaining('80 are available'),
        }),
      ]);
    }
  });

  it('refuses an unknown reward, a time before the balance, another customer', () => {
    const b = unwrap(loyaltyBalance(ledger, { asOf: '2026-05-01T00:00:00Z' }));
    expect(issues(redeem(coffee(), b, 'free-car', { at: '2026-05-02' }))).toEqual([
      { path: ['rewardId'], code: 'unknown_reference' },
    ]);
    expect(issues(redeem(coffee(), b, 'ten-off', { at: '2026-04-02', customerId: 'c9' }))).toEqual([
      { path: ['options', 'at'], code: 'out_of_order' },
      { path: ['options', 'customerId'], code: 'invalid_value' },
    ]);
    expect(redeem(coffee(), null as never, 'ten-off', { at: '2026-05-02' }).ok).toBe(false);
  });
});

describe('tierFor', () => {
  const l = [
    { customerId: 'c1', kind: 'earn', points: '400', at: '2025-03-01T00:00:00Z', spend: usd('400.00') },
    { customerId: 'c1', kind: 'earn', points: '600', at: '2026-02-01T00:00:00Z', spend: usd('600.00') },
    { customerId: 'c1', kind: 'redeem', points: '-500', at: '2026-03-01T00:00:00Z' },
  ] as const;
  it('counts points earned in the rolling window (redemptions do not lower a tier)', () => {
    expect(unwrap(tierFor(coffee(), l, { asOf: '2026-06-30T00:00:00Z' }))).toEqual({
      tier: 'silver',
      basis: 'points',
      value: '600',
      next: { tier: 'gold', remaining: '1400' },
    });
    // The window is (asOf − 365 days, asOf]: on 2026-02-28 the 400 of 2025-03-01 still count (1000).
    expect(unwrap(tierFor(coffee(), l, { asOf: '2026-02-28T00:00:00Z' })).value).toBe('1000');
  });

  it('counts spend over the lifetime for a spend basis', () => {
    const p = unwrap(
      defineLoyaltyProgram({
        ...coffeeSpec(),
        tiers: { basis: 'spend', levels: [{ id: 'vip', threshold: usd('1000.00') }] },
      }),
    );
    expect(unwrap(tierFor(p, l, { asOf: '2026-06-30' }))).toEqual({
      tier: 'vip',
      basis: 'spend',
      value: usd('1000.00'),
      next: null,
    });
  });

  it('refuses a programme without tiers', () => {
    const p = unwrap(defineLoyaltyProgram({ ...coffeeSpec(), tiers: null }));
    expect(issues(tierFor(p, l, { asOf: '2026-06-30' }))).toEqual([
      { path: ['program', 'tiers'], code: 'invalid_value' },
    ]);
  });
});

describe('pointsLiability, redemptionRate', () => {
  const l = [
    { customerId: 'c1', kind: 'earn', points: '250', at: '2026-01-10T00:00:00Z' },
    { customerId: 'c2', kind: 'earn', points: '80', at: '2026-02-10T00:00:00Z' },
    { customerId: 'c1', kind: 'redeem', points: '-100', at: '2026-03-01T00:00:00Z' },
    { customerId: 'c3', kind: 'redeem', points: '-10', at: '2026-03-02T00:00:00Z' },
  ] as const;
  it('prices the outstanding points at the reward worth most per point, or the one named', () => {
    // c1 150, c2 80, c3 in deficit (0): 230 points. ten-off is $0.10 a point (mug $0.048, gift25 $0.05).
    expect(unwrap(pointsLiability(coffee(), l, { asOf: '2026-06-30' }))).toEqual({
      points: '230',
      value: usd('23.00'),
      rewardId: 'ten-off',
      customers: 2,
    });
    // At the mug: 230 × 12 / 250 = 11.04.
    expect(unwrap(pointsLiability(coffee(), l, { asOf: '2026-06-30', rewardId: 'mug' })).value).toEqual(usd('11.04'));
    expect(issues(pointsLiability(coffee(), l, { asOf: '2026-06-30', rewardId: 'pct15' }))).toEqual([
      { path: ['options', 'rewardId'], code: 'invalid_value' },
    ]);
  });

  it('rounds half-even to the minor unit', () => {
    // 1 point at $12 / 250 = $0.048 → $0.05.
    const one = [{ customerId: 'c', kind: 'earn', points: '1', at: '2026-01-01' }] as const;
    expect(unwrap(pointsLiability(coffee(), one, { asOf: '2026-02-01', rewardId: 'mug' })).value).toEqual(usd('0.05'));
  });

  it('redemption rate = redeemed / earned', () => {
    expect(unwrap(redemptionRate(l))).toEqual({ rate: 110 / 330, earned: '330', redeemed: '110' });
    expect(unwrap(redemptionRate(l, { period: yearPeriod('2025-06-01') }))).toEqual({
      rate: null,
      earned: '0',
      redeemed: '0',
    });
    expect(issues(redemptionRate(l, { period: { start: 1, end: 2 } } as never))).toEqual([
      { path: ['options', 'period'], code: 'invalid_period' },
    ]);
  });
});

describe('referrals', () => {
  const referrals = [
    { referrerContactId: 'c1', status: 'converted', referredAt: '2026-04-02T09:00:00Z' },
    { referrerContactId: 'c1', status: 'rejected', referredAt: '2026-04-12T09:00:00Z' },
    { referrerContactId: 'c2', status: 'rewarded', referredAt: '2026-05-02T09:00:00Z' },
    { referrerContactId: 'c9', status: 'pending', referredAt: '2026-06-02T09:00:00Z' },
  ] as const;
  const contacts = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8'].map((id) => ({ id }));

  it('referral rate: customers who referred, with the Wilson interval of R prop.test', () => {
    const r = unwrap(referralRate(referrals, contacts));
    expect(r).toMatchObject({ rate: 0.25, referrers: 2, customers: 8 });
    // R 4: prop.test(2, 8, correct = FALSE)$conf.int → 0.071479212752109 0.590724569689831
    expect(r.interval?.lower).toBeCloseTo(0.071479212752109, 13);
    expect(r.interval?.upper).toBeCloseTo(0.590724569689831, 13);
    expect(unwrap(referralRate([], [])).rate).toBeNull();
  });

  it('referral conversion: converted or rewarded over all referrals', () => {
    const r = unwrap(referralConversion(referrals));
    expect(r).toMatchObject({ rate: 0.5, converted: 2, total: 4 });
    // R 4: prop.test(2, 4, correct = FALSE)$conf.int → 0.15003898915215 0.84996101084785
    expect(r.interval?.lower).toBeCloseTo(0.15003898915215, 13);
    expect(r.interval?.upper).toBeCloseTo(0.84996101084785, 13);
    expect(issues(referralConversion([{ referrerContactId: 'c1', status: 'won', referredAt: 'x' }] as never))).toEqual([
      { path: ['referrals', 0, 'status'], code: 'invalid_value' },
      { path: ['referrals', 0, 'referredAt'], code: 'invalid_date' },
    ]);
  });

  it('referral candidates: promoters by their latest NPS answer', () => {
    const responses = [
      { kind: 'nps', score: 10, contactId: 'c1', answeredAt: '2026-02-01T00:00:00Z' },
      { kind: 'nps', score: 9, contactId: 'c2', answeredAt: '2026-02-01T00:00:00Z' },
      { kind: 'nps', score: 6, contactId: 'c2', answeredAt: '2026-05-01T00:00:00Z' },
      { kind: 'csat', score: 5, contactId: 'c3', answeredAt: '2026-02-01T00:00:00Z' },
      { kind: 'nps', score: 9, contactId: 'c4', answeredAt: '2026-02-01T00:00:00Z' },
      { kind: 'nps', score: 10, contactId: 'stranger', answeredAt: '2026-02-01T00:00:00Z' },
    ];
    expect(unwrap(referralCandidates(responses, contacts)).map((c) => c.contactId)).toEqual(['c1', 'c4']);
    // Before c2's 6 they were a promoter.
    expect(unwrap(referralCandidates(responses, contacts, { asOf: '2026-03-01' })).map((c) => c.contactId)).toEqual([
      'c1',
      'c2',
      'c4',
    ]);
    expect(
      issues(referralCandidates([{ kind: 'nps', score: 11, contactId: 'c1', answeredAt: '2026-01-01' }], contacts)),
    ).toEqual([{ path: ['responses', 0, 'score'], code: 'invalid_value' }]);
  });
});
