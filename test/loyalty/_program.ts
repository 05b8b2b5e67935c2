/** A coffee shop's programme, shared by the loyalty tests (built fresh by each call). */
import { unwrap } from '../../src/core/result.js';
import { defineLoyaltyProgram, type LoyaltyProgramSpec } from '../../src/loyalty/index.js';

export const usd = (amount: string) => ({ amount, currency: 'USD' as const });

export const coffeeSpec = (): LoyaltyProgramSpec => ({
  currency: 'USD',
  rules: [
    { id: 'spend', mode: 'per_money', points: 1, per: usd('1.00') },
    { id: 'visit', mode: 'per_order', points: 10, minimumAmount: usd('20.00') },
    {
      id: 'beans',
      mode: 'per_unit',
      points: '2.5',
      products: { field: 'category', op: 'eq', value: 'beans' },
      minimumQuantity: 2,
    },
    { id: 'launch', mode: 'per_order', points: 50, code: 'LAUNCH' },
  ],
  rewards: [
    { id: 'ten-off', kind: 'amount_discount', cost: 100, amount: usd('10.00') },
    { id: 'pct15', kind: 'percent_discount', cost: 300, percent: 15, maxAmount: usd('30.00') },
    { id: 'mug', kind: 'product', cost: 250, productId: 'mug', value: usd('12.00') },
    { id: 'gift25', kind: 'voucher', cost: 500, value: usd('25.00') },
  ],
  tiers: {
    basis: 'points',
    window: { days: 365 },
    levels: [
      { id: 'silver', threshold: 500 },
      { id: 'gold', threshold: 2000 },
    ],
  },
  expiry: { days: 365 },
});

export const coffee = () => unwrap(defineLoyaltyProgram(coffeeSpec()));
