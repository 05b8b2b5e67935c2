/**
 * LoyaltyTransaction: one entry of a customer's loyalty ledger — points earned, redeemed, expired or
 * adjusted. The ledger is append-only: a correction is a new `adjust` entry, so there is no update.
 *
 * @module
 */
import * as z from 'zod';
import type { Result } from '../core/result.js';
import { defineEntity, type EntityContext } from './define.js';
import { moneySchema } from '../money/schema.js';
import { LOYALTY_TRANSACTION_KINDS } from './enums.js';
import { instantSchema, optionalInstantSchema, optionalText, requiredText } from './fields.js';
import { pointsSchema } from './points.js';

const loyaltyTransaction = /* @__PURE__ */ defineEntity(
  'loyaltyTransaction',
  'LoyaltyTransaction',
  {
    customerId: /* @__PURE__ */ requiredText(200),
    kind: /* @__PURE__ */ z.enum(LOYALTY_TRANSACTION_KINDS),
    points: pointsSchema,
    at: instantSchema,
    expiresAt: optionalInstantSchema,
    spend: /* @__PURE__ */ moneySchema.nullable().default(null),
    orderId: /* @__PURE__ */ optionalText(200),
    rewardId: /* @__PURE__ */ optionalText(200),
    note: /* @__PURE__ */ optionalText(1000),
  },
  (t, issue) => {
    const sign = t.points === '0' ? 0 : t.points.startsWith('-') ? -1 : 1;
    if (t.kind === 'earn' && sign <= 0) issue(['points'], 'Earned points must be positive', 'too_small');
    if ((t.kind === 'redeem' || t.kind === 'expire') && sign >= 0)
      issue(['points'], `A ${t.kind} entry takes points away: its points must be negative`, 'too_big');
    if (t.kind === 'adjust' && sign === 0) issue(['points'], 'An adjustment must change the balance', 'invalid_value');
    if (t.expiresAt !== null && sign < 0) issue(['expiresAt'], 'Only entries that add points expire', 'invalid_value');
    if (t.expiresAt !== null && t.expiresAt.getTime() <= t.at.getTime())
      issue(['expiresAt'], 'Points must expire after they are earned', 'out_of_order');
    if (t.spend !== null && t.spend.amount.startsWith('-'))
      issue(['spend', 'amount'], 'Spend must not be negative', 'too_small');
    if (t.spend !== null && t.kind !== 'earn') issue(['spend'], 'Only an earn entry records spend', 'invalid_value');
  },
);

/**
 * The zod schema of a stored LoyaltyTransaction — the single source of the {@link LoyaltyTransaction} type.
 *
 * @example
 * ```ts
 * declare const json: string;
 * loyaltyTransactionSchema.safeParse(JSON.parse(json)).success;
 * ```
 */
export const loyaltyTransactionSchema = /* @__PURE__ */ (() => loyaltyTransaction.schema)();

/**
 * One ledger entry. `points` is a signed exact decimal string: positive for `earn` (and a positive
 * `adjust`), negative for `redeem`, `expire` (and a negative `adjust`). Entries that add points may
 * carry `expiresAt`. Inferred from {@link loyaltyTransactionSchema}.
 *
 * @example
 * ```ts
 * const isCredit = (t: LoyaltyTransaction) => !t.points.startsWith('-');
 * ```
 */
export type LoyaltyTransaction = z.output<typeof loyaltyTransactionSchema>;

/**
 * The zod schema of the fields {@link createLoyaltyTransaction} accepts (the entry's own fields, without
 * `id`, timestamps and `version`; unknown keys are refused).
 *
 * @example
 * ```ts
 * declare const formData: unknown;
 * loyaltyTransactionInputSchema.safeParse(formData).success;
 * ```
 */
export const loyaltyTransactionInputSchema = /* @__PURE__ */ (() => loyaltyTransaction.fields)();

/**
 * What {@link createLoyaltyTransaction} accepts: the entry's own fields (system fields are filled in).
 *
 * @example
 * ```ts
 * const input: LoyaltyTransactionInput = { customerId: 'c1', kind: 'earn', points: '120', at: '2026-03-01T10:00:00Z', expiresAt: '2027-03-01T10:00:00Z' };
 * ```
 */
export type LoyaltyTransactionInput = z.input<typeof loyaltyTransactionInputSchema> & {
  customFields?: Record<string, unknown>;
};

/**
 * Creates a ledger entry: validates and normalises `input` (points to their canonical decimal text),
 * fills `id`, `createdAt`, `updatedAt` and `version: 1` from the context. Cross-field rules: earned
 * points are positive, redeemed and expired points negative, an adjustment is not zero, only entries
 * that add points expire and they expire after `at`, only an earn entry records `spend` (not negative).
 *
 * Never throws for its input: bad data — a value of the wrong type, a lossy number of points
 * (`0.1` as a number), unknown keys, system fields, an invalid context — is a `validation_failed`
 * error listing every issue with its path (at most `MAX_ISSUES`). The input is never changed or
 * frozen; the result is a new, frozen record.
 *
 * @example
 * ```ts
 * declare const ctx: EntityContext;
 * const r = createLoyaltyTransaction({ customerId: 'c1', kind: 'earn', points: '120', at: '2026-03-01T10:00:00Z' }, ctx);
 * if (r.ok) r.value.points; //=> '120'
 * ```
 */
export function createLoyaltyTransaction(
  input: LoyaltyTransactionInput,
  ctx?: EntityContext,
): Result<LoyaltyTransaction> {
  return loyaltyTransaction.create(input, ctx);
}

/**
 * Reads a stored ledger entry from unknown data (JSON, a mapped database row).
 *
 * Never throws for its input: anything that is not a valid stored record is a `validation_failed`
 * error listing every issue with its path (at most `MAX_ISSUES`). Only own properties are read. The
 * result is a new, frozen record; the input is never changed or frozen.
 *
 * @example
 * ```ts
 * declare const text: string;
 * parseLoyaltyTransaction(JSON.parse(text)); //=> { ok: true, value } or { ok: false, error }
 * ```
 */
export function parseLoyaltyTransaction(input: unknown, ctx?: EntityContext): Result<LoyaltyTransaction> {
  return loyaltyTransaction.parse(input, ctx);
}
