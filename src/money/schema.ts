/**
 * zod schemas for Money, for use inside entity schemas.
 *
 * @module
 */
import * as z from 'zod';
import { parseMoney, type Money } from './money.js';

/**
 * A zod schema that reads `{ amount, currency }` (amount as a decimal string or a safe integer) and
 * outputs a canonical, frozen {@link Money}. Invalid input yields issues at `['amount']` and/or
 * `['currency']`, relative to where the schema is used.
 *
 * @example
 * ```ts
 * const price = z.object({ price: moneySchema });
 * price.parse({ price: { amount: '9.5', currency: 'USD' } }).price; //=> { amount: '9.50', currency: 'USD' }
 * ```
 */
export const moneySchema: z.ZodType<Money, { amount: string | number; currency: string }> = /* @__PURE__ */ z
  .unknown()
  .transform((input, ctx): Money => {
    const r = parseMoney(input);
    if (r.ok) return r.value;
    for (const issue of r.error.issues) {
      ctx.issues.push({ code: 'custom', message: issue.message, path: [...issue.path], input });
    }
    return z.NEVER;
  }) as unknown as z.ZodType<Money, { amount: string | number; currency: string }>;
