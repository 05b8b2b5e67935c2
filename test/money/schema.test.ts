import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import { moneySchema } from '../../src/money/index.js';
import { fromZodError } from '../../src/core/index.js';

describe('moneySchema', () => {
  const Order = z.object({ lines: z.array(z.object({ price: moneySchema })) });

  it('outputs canonical frozen Money', () => {
    const out = Order.parse({
      lines: [{ price: { amount: '9.5', currency: 'USD' } }, { price: { amount: 100, currency: 'JPY' } }],
    });
    expect(out.lines.map((l) => l.price)).toEqual([
      { amount: '9.50', currency: 'USD' },
      { amount: '100', currency: 'JPY' },
    ]);
    expect(Object.isFrozen(out.lines[0]!.price)).toBe(true);
  });

  it('reports issues at the nested path of the field', () => {
    const r = Order.safeParse({
      lines: [{ price: { amount: '1', currency: 'USD' } }, { price: { amount: 1.5, currency: 'usd' } }],
    });
    expect(r.success).toBe(false);
    if (r.success) return;
    const e = fromZodError(r.error, 'Order');
    expect(e.issues.map((i) => i.path)).toEqual([
      ['lines', 1, 'price', 'amount'],
      ['lines', 1, 'price', 'currency'],
    ]);
  });

  it('refuses a non-object', () => {
    const r = z.object({ price: moneySchema }).safeParse({ price: '9.99 USD' });
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues[0]!.path).toEqual(['price']);
  });
});
