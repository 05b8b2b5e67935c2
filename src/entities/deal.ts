/**
 * Deal: an opportunity moving through a pipeline, with an exact amount and its stage history.
 *
 * @module
 */
import * as z from 'zod';
import type { Result } from '../core/result.js';
import { defineEntity, type EntityContext } from './define.js';
import { moneySchema } from '../money/schema.js';
import { PROBABILITY_SOURCES } from './enums.js';
import {
  instantSchema,
  optionalInstantSchema,
  optionalText,
  probabilitySchema,
  refSchema,
  requiredText,
} from './fields.js';
import { showValue } from '../_lib/show.js';
import { readCanonicalDeal } from './canonicalDeal.js';

const stageId = /* @__PURE__ */ requiredText(100);

/** One entry of a deal's stage history: a move from one stage (or none, at creation) to another. */
const stageHistoryEntrySchema = /* @__PURE__ */ z.strictObject({
  from: /* @__PURE__ */ stageId.nullable(),
  to: stageId,
  at: instantSchema,
  by: /* @__PURE__ */ optionalText(200),
  reason: /* @__PURE__ */ optionalText(2000),
});

const deal = /* @__PURE__ */ defineEntity(
  'deal',
  'Deal',
  {
    name: /* @__PURE__ */ requiredText(300),
    accountId: /* @__PURE__ */ refSchema('account'),
    contactId: /* @__PURE__ */ refSchema('contact'),
    pipelineId: /* @__PURE__ */ requiredText(100),
    stageId,
    amount: moneySchema,
    expectedCloseDate: optionalInstantSchema,
    probability: /* @__PURE__ */ z
      .strictObject({ value: probabilitySchema, source: z.enum(PROBABILITY_SOURCES) })
      .default({ value: 0, source: 'stage' }),
    stageHistory: /* @__PURE__ */ z.array(stageHistoryEntrySchema).default([]),
    closedAt: optionalInstantSchema,
    lostReason: /* @__PURE__ */ optionalText(2000),
    ownerId: /* @__PURE__ */ refSchema('user'),
    source: /* @__PURE__ */ optionalText(200),
    campaignId: /* @__PURE__ */ refSchema('campaign'),
  },
  (d, issue) => {
    const last = d.stageHistory[d.stageHistory.length - 1];
    if (last !== undefined && last.to !== d.stageId)
      issue(
        ['stageHistory', d.stageHistory.length - 1, 'to'],
        `The last history entry moves to '${last.to}' but the deal is in '${d.stageId}'`,
        'inconsistent_history',
      );
    for (let i = 1; i < d.stageHistory.length; i++) {
      const prev = d.stageHistory[i - 1]!;
      const cur = d.stageHistory[i]!;
      if (cur.at.getTime() < prev.at.getTime())
        issue(['stageHistory', i, 'at'], 'Stage history must be in time order', 'out_of_order');
      if (cur.from !== prev.to)
        issue(
          ['stageHistory', i, 'from'],
          `Entry ${i} moves from '${showValue(cur.from)}' but entry ${i - 1} ended in '${prev.to}'`,
          'inconsistent_history',
        );
    }
    if (d.amount.amount.startsWith('-')) issue(['amount', 'amount'], 'A deal amount must not be negative', 'too_small');
  },
  {
    fastParse: (candidate) => readCanonicalDeal(candidate),
    // A new deal enters its first stage when it is created, so time in stage counts from day one.
    onCreate: (candidate, actor) => {
      const history = candidate['stageHistory'];
      if (history !== undefined && !(Array.isArray(history) && history.length === 0)) return candidate;
      return {
        ...candidate,
        stageHistory: [
          { from: null, to: candidate['stageId'], at: candidate['createdAt'], by: actor ?? null, reason: null },
        ],
      };
    },
  },
);

/**
 * The zod schema of a stored Deal — the single source of the {@link Deal} type.
 *
 * @example
 * ```ts
 * declare const json: string;
 * dealSchema.safeParse(JSON.parse(json)).success;
 * ```
 */
export const dealSchema = /* @__PURE__ */ (() => deal.schema)();

/**
 * A deal. Inferred from {@link dealSchema}.
 *
 * @example
 * ```ts
 * const isClosed = (d: Deal) => d.closedAt !== null;
 * ```
 */
export type Deal = z.output<typeof dealSchema>;

/**
 * The zod schema of the fields {@link createDeal} accepts (the entity's own fields, without
 * `id`, timestamps and `version`; unknown keys are refused). Useful to validate a form before creating.
 *
 * @example
 * ```ts
 * declare const formData: unknown;
 * dealInputSchema.safeParse(formData).success;
 * ```
 */
export const dealInputSchema = /* @__PURE__ */ (() => deal.fields)();

/**
 * What {@link createDeal} accepts: the deal's own fields (system fields are filled in).
 *
 * @example
 * ```ts
 * const input: DealInput = { name: 'Acme renewal', pipelineId: 'b2b', stageId: 'prospecting', amount: { amount: '12000.00', currency: 'EUR' } };
 * ```
 */
export type DealInput = z.input<typeof dealInputSchema> & { customFields?: Record<string, unknown> };

/**
 * Creates a deal: validates and normalises `input`, fills `id`, `createdAt`, `updatedAt` and
 * `version: 1` from the context. Returns every issue at once on invalid input. When no history is given, the history starts with an entry into the initial stage at creation time, so time in stage is known from the first day. Probability defaults to `{ value: 0, source: 'stage' }`: a deal record does not know its pipeline, so a `'stage'` probability is a placeholder that every pipeline function reads from the stage of the pipeline used (`dealProbability` in `crmkit/pipeline`; `openDeal` and `transitionDeal` also store it).
 *
 * Never throws for its input: bad data — a value of the wrong type, unknown keys, system fields,
 * an invalid context (unknown keys refused) — is a `validation_failed` error listing every issue
 * with its path (at most `MAX_ISSUES`). Validation is linear in the size of the input. The input is
 * never changed or frozen; the result is a new, frozen record.
 *
 * @example
 * ```ts
 * declare const ctx: EntityContext;
 * const r = createDeal({ name: 'Acme renewal', pipelineId: 'b2b', stageId: 'prospecting', amount: { amount: '12000.00', currency: 'EUR' } }, ctx);
 * ```
 */
export function createDeal(input: DealInput, ctx?: EntityContext): Result<Deal> {
  return deal.create(input, ctx);
}

/**
 * Reads a stored deal from unknown data (JSON, a mapped database row).
 *
 * Never throws for its input: anything that is not a valid stored record is a `validation_failed`
 * error listing every issue with its path (at most `MAX_ISSUES`). Only own properties are read. The
 * result is a new, frozen record; the input is never changed or frozen.
 *
 * @example
 * ```ts
 * declare const text: string;
 * parseDeal(JSON.parse(text)); //=> { ok: true, value } or { ok: false, error }
 * ```
 */
export function parseDeal(input: unknown, ctx?: EntityContext): Result<Deal> {
  return deal.parse(input, ctx);
}

/**
 * Changes a deal through a recipe that edits a draft (immer): the result is re-validated,
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
 * declare const deal: Deal;
 * const r = updateDeal(deal, (d) => { d.expectedCloseDate = new Date('2026-06-30T00:00:00Z'); }, ctx);
 * ```
 */
export function updateDeal(entity: Deal, recipe: (draft: Deal) => void, ctx?: EntityContext): Result<Deal> {
  return deal.update(entity, recipe, ctx);
}
