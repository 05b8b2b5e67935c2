/**
 * Subscription: a recurring contract of an account: plan, MRR, term, renewal and churn dates.
 *
 * @module
 */
import * as z from 'zod';
import type { Result } from '../core/result.js';
import { defineEntity, type EntityContext } from './define.js';
import { moneySchema } from '../money/schema.js';
import { SUBSCRIPTION_STATUSES } from './enums.js';
import { instantSchema, optionalInstantSchema, refSchema, requiredText, idSchema } from './fields.js';

const subscription = /* @__PURE__ */ defineEntity(
  'subscription',
  'Subscription',
  {
    accountId: /* @__PURE__ */ idSchema('account'),
    plan: /* @__PURE__ */ requiredText(200),
    status: /* @__PURE__ */ z.enum(SUBSCRIPTION_STATUSES).default('active'),
    mrr: moneySchema,
    contractValue: /* @__PURE__ */ moneySchema.nullable().default(null),
    termMonths: /* @__PURE__ */ z.number().int().min(1).max(120).default(12),
    startedAt: instantSchema,
    endsAt: optionalInstantSchema,
    canceledAt: optionalInstantSchema,
    endedAt: optionalInstantSchema,
    renewalOfId: /* @__PURE__ */ refSchema('subscription'),
  },
  (s, issue) => {
    const start = s.startedAt.getTime();
    if (s.endsAt !== null && s.endsAt.getTime() < start)
      issue(['endsAt'], 'The term ends before the subscription starts', 'invalid_period');
    if (s.endedAt !== null && s.endedAt.getTime() < start)
      issue(['endedAt'], 'The subscription ends before it starts', 'invalid_period');
    if (s.mrr.amount.startsWith('-')) issue(['mrr', 'amount'], 'MRR must not be negative', 'too_small');
    if (s.contractValue !== null && s.contractValue.currency !== s.mrr.currency)
      issue(
        ['contractValue', 'currency'],
        `Contract value is in ${s.contractValue.currency} but MRR is in ${s.mrr.currency}`,
        'currency_mismatch',
      );
    if ((s.status === 'canceled' || s.status === 'expired') && s.endedAt === null && s.canceledAt === null)
      issue(['status'], `A ${s.status} subscription needs canceledAt or endedAt`, 'inconsistent_status');
  },
);

/**
 * The zod schema of a stored Subscription — the single source of the {@link Subscription} type.
 *
 * @example
 * ```ts
 * declare const json: string;
 * subscriptionSchema.safeParse(JSON.parse(json)).success;
 * ```
 */
export const subscriptionSchema = /* @__PURE__ */ (() => subscription.schema)();

/**
 * A subscription. Inferred from {@link subscriptionSchema}.
 *
 * @example
 * ```ts
 * const isLive = (s: Subscription, at: Date) => s.startedAt <= at && (s.endedAt === null || at < s.endedAt);
 * ```
 */
export type Subscription = z.output<typeof subscriptionSchema>;

/**
 * The zod schema of the fields {@link createSubscription} accepts (the entity's own fields, without
 * `id`, timestamps and `version`; unknown keys are refused). Useful to validate a form before creating.
 *
 * @example
 * ```ts
 * declare const formData: unknown;
 * subscriptionInputSchema.safeParse(formData).success;
 * ```
 */
export const subscriptionInputSchema = /* @__PURE__ */ (() => subscription.fields)();

/**
 * What {@link createSubscription} accepts: the subscription's own fields (system fields are filled in).
 *
 * @example
 * ```ts
 * const input: SubscriptionInput = { accountId: 'account-1', plan: 'pro', mrr: { amount: '99.00', currency: 'USD' }, startedAt: '2026-01-01' };
 * ```
 */
export type SubscriptionInput = z.input<typeof subscriptionInputSchema> & { customFields?: Record<string, unknown> };

/**
 * Creates a subscription: validates and normalises `input`, fills `id`, `createdAt`, `updatedAt` and
 * `version: 1` from the context. Returns every issue at once on invalid input.
 *
 * Never throws for its input: bad data — a value of the wrong type, unknown keys, system fields,
 * an invalid context (unknown keys refused) — is a `validation_failed` error listing every issue
 * with its path (at most `MAX_ISSUES`). Validation is linear in the size of the input. The input is
 * never changed or frozen; the result is a new, frozen record.
 *
 * @example
 * ```ts
 * declare const ctx: EntityContext;
 * const r = createSubscription({ accountId: 'account-1', plan: 'pro', mrr: { amount: '99.00', currency: 'USD' }, startedAt: '2026-01-01' }, ctx);
 * ```
 */
export function createSubscription(input: SubscriptionInput, ctx?: EntityContext): Result<Subscription> {
  return subscription.create(input, ctx);
}

/**
 * Reads a stored subscription from unknown data (JSON, a mapped database row).
 *
 * Never throws for its input: anything that is not a valid stored record is a `validation_failed`
 * error listing every issue with its path (at most `MAX_ISSUES`). Only own properties are read. The
 * result is a new, frozen record; the input is never changed or frozen.
 *
 * @example
 * ```ts
 * declare const text: string;
 * parseSubscription(JSON.parse(text)); //=> { ok: true, value } or { ok: false, error }
 * ```
 */
export function parseSubscription(input: unknown, ctx?: EntityContext): Result<Subscription> {
  return subscription.parse(input, ctx);
}

/**
 * Changes a subscription through a recipe that edits a draft (immer): the result is re-validated,
 * gets `version + 1` and a new `updatedAt`, and is frozen; the input is untouched.
 *
 * Bad data is a `validation_failed` error, never a throw: a record that is not an object, a recipe
 * that is not a function or returns a value, a change that makes the record invalid or touches `id`,
 * `createdAt` or `version`, a value nested too deeply to copy. The caller's record is never changed
 * or frozen (its nested objects neither).
 *
 * @throws whatever the recipe itself throws (the caller's own error, unchanged).
 *
 * @example
 * ```ts
 * declare const ctx: EntityContext;
 * declare const subscription: Subscription;
 * const r = updateSubscription(subscription, (d) => { d.canceledAt = new Date('2026-06-01T00:00:00Z'); }, ctx);
 * ```
 */
export function updateSubscription(
  entity: Subscription,
  recipe: (draft: Subscription) => void,
  ctx?: EntityContext,
): Result<Subscription> {
  return subscription.update(entity, recipe, ctx);
}
