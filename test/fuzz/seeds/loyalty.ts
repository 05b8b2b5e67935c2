/**
 * Valid calls of crmkit/loyalty, for the fuzzer (test/fuzz/fuzz.test.ts): a coffee shop's programme with
 * every rule mode, every reward kind, tiers and expiry, and a small ledger of two customers.
 */
import { fixedClock, sequentialIdGenerator, unwrap } from '../../../src/core/index.js';
import { defineLoyaltyProgram, loyaltyBalance, type LoyaltyProgramSpec } from '../../../src/loyalty/index.js';
import { seeds, type FuzzSpec, type SeedTable } from '../_spec.js';

const usd = (amount: string) => ({ amount, currency: 'USD' as const });
const spec = (): LoyaltyProgramSpec => ({
  currency: 'USD',
  rules: [
    { id: 'spend', mode: 'per_money', points: 1, per: usd('1.00'), minimumAmount: usd('5.00') },
    { id: 'visit', mode: 'per_order', points: '10', code: 'VISIT' },
    {
      id: 'beans',
      mode: 'per_unit',
      points: '2.5',
      products: {
        any: [
          { field: 'category', op: 'eq', value: 'beans' },
          { field: 'tags', op: 'contains', value: 'bio' },
        ],
      },
      minimumQuantity: 2,
    },
  ],
  rewards: [
    { id: 'ten-off', kind: 'amount_discount', cost: 100, amount: usd('10.00') },
    { id: 'pct15', kind: 'percent_discount', cost: '300', percent: '15', maxAmount: usd('30.00'), value: usd('20.00') },
    { id: 'mug', kind: 'product', cost: 250, productId: 'mug', quantity: 1, value: usd('12.00') },
    { id: 'gift25', kind: 'voucher', cost: 500, value: usd('25.00') },
  ],
  tiers: {
    basis: 'points',
    window: { days: 365 },
    levels: [
      { id: 'silver', threshold: 100 },
      { id: 'gold', threshold: '2000' },
    ],
  },
  expiry: { days: 365 },
});
const program = () => unwrap(defineLoyaltyProgram(spec()));
const spendProgram = () =>
  unwrap(
    defineLoyaltyProgram({ ...spec(), tiers: { basis: 'spend', levels: [{ id: 'vip', threshold: usd('40.00') }] } }),
  );
const ctx = () => ({ clock: fixedClock('2026-01-01T00:00:00Z'), ids: sequentialIdGenerator() });
const ledger = () => [
  {
    customerId: 'c1',
    kind: 'earn' as const,
    points: '150',
    at: new Date('2026-01-10T00:00:00Z'),
    expiresAt: '2026-07-10T00:00:00Z',
    spend: usd('150.00'),
  },
  { customerId: 'c1', kind: 'adjust' as const, points: 20, at: '2026-02-01T00:00:00Z' },
  { customerId: 'c1', kind: 'redeem' as const, points: '-100', at: '2026-03-01T00:00:00Z', rewardId: 'ten-off' },
  { customerId: 'c1', kind: 'earn' as const, points: '42.5', at: '2026-04-01T00:00:00Z', expiresAt: null, spend: null },
];
const shared = () => [
  ...ledger(),
  { customerId: 'c2', kind: 'earn' as const, points: '80', at: '2026-05-01T00:00:00Z' },
  { customerId: 'c2', kind: 'expire' as const, points: '-5', at: '2026-05-02T00:00:00Z' },
];
const order = () => ({
  customerId: 'c1',
  at: '2026-03-01T10:00:00Z',
  total: usd('47.80'),
  code: 'VISIT',
  orderId: 'o1',
  lines: [
    {
      productId: 'latte',
      category: 'coffee',
      quantity: 2,
      amount: usd('9.80'),
      tags: ['hot'],
      customFields: { size: 'L' },
    },
    { productId: 'house', category: 'beans', quantity: 2, amount: usd('38.00'), tags: null, customFields: null },
  ],
});
const balance = () => structuredClone(unwrap(loyaltyBalance(ledger(), { asOf: '2026-04-02T00:00:00Z' })));
const referrals = () => [
  { referrerContactId: 'c1', referredLeadId: 'l1', status: 'converted' as const, referredAt: '2026-04-02T09:00:00Z' },
  {
    referrerContactId: 'c2',
    referredLeadId: 'l2',
    status: 'pending' as const,
    referredAt: new Date('2026-05-02T09:00:00Z'),
  },
];
const contacts = () => [{ id: 'c1' }, { id: 'c2' }, { id: 'c3' }];
const period = () => ({ start: new Date('2026-01-01T00:00:00Z'), end: new Date('2027-01-01T00:00:00Z') });
const NOT_A_PROGRAM =
  'a programme not made by defineLoyaltyProgram: a call no type-correct program makes (@throws); its data was checked when it was defined';
const withProgram = (s: FuzzSpec): FuzzSpec => ({ ...s, throws: { args: [0], reason: NOT_A_PROGRAM } });

export const LOYALTY_SEEDS: SeedTable = {
  defineLoyaltyProgram: seeds(
    () => [spec()],
    () => [
      { currency: 'EUR', rules: [{ id: 'o', mode: 'per_order', points: 1 }], rewards: [], tiers: null, expiry: null },
    ],
  ),
  earnPoints: withProgram(
    seeds(
      () => [program(), order(), ctx()],
      () => [program(), { ...order(), code: null, orderId: null }],
    ),
  ),
  loyaltyBalance: seeds(
    () => [ledger(), { asOf: '2026-08-01T00:00:00Z' }],
    () => [shared(), { asOf: new Date('2026-06-01T00:00:00Z'), customerId: 'c2' }],
  ),
  redeem: withProgram(
    seeds(
      () => [
        program(),
        balance(),
        'ten-off',
        { at: '2026-04-03T00:00:00Z', customerId: 'c1', orderId: 'o2', ctx: ctx() },
      ],
      () => [program(), balance(), 'ten-off', { at: new Date('2026-04-03T00:00:00Z') }],
    ),
  ),
  tierFor: withProgram(
    seeds(
      () => [program(), shared(), { asOf: '2026-06-01T00:00:00Z', customerId: 'c1' }],
      () => [spendProgram(), ledger(), { asOf: new Date('2026-06-01T00:00:00Z') }],
    ),
  ),
  pointsLiability: withProgram(
    seeds(
      () => [program(), shared(), { asOf: '2026-06-01T00:00:00Z', rewardId: 'pct15' }],
      () => [program(), ledger(), { asOf: new Date('2026-06-01T00:00:00Z') }],
    ),
  ),
  redemptionRate: seeds(
    () => [shared(), { period: period() }],
    () => [ledger()],
  ),
  referralRate: seeds(
    () => [referrals(), contacts(), { period: period(), confidence: 0.9 }],
    () => [referrals(), contacts()],
  ),
  referralConversion: seeds(
    () => [referrals(), { period: period(), confidence: 0.9 }],
    () => [referrals()],
  ),
  referralCandidates: seeds(
    () => [
      [
        { kind: 'nps', score: 10, contactId: 'c1', answeredAt: '2026-02-01T00:00:00Z' },
        { kind: 'csat', score: 4, contactId: 'c2', answeredAt: new Date('2026-02-01T00:00:00Z') },
        { kind: 'nps', score: 9, contactId: null, answeredAt: '2026-02-01T00:00:00Z' },
      ],
      contacts(),
      { asOf: '2026-06-01T00:00:00Z' },
    ],
    () => [[{ kind: 'nps', score: 9, contactId: 'c2', answeredAt: '2026-02-01T00:00:00Z' }], contacts()],
  ),
};
