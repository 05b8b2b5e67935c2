/**
 * SurveyResponse: one answer to an NPS, CSAT or CES question.
 *
 * @module
 */
import * as z from 'zod';
import type { Result } from '../core/result.js';
import { defineEntity, type EntityContext } from './define.js';
import { SURVEY_KINDS } from './enums.js';
import { instantSchema, optionalText, refSchema } from './fields.js';

/**
 * The default scale of each survey kind: NPS 0–10, CSAT 1–5, CES 1–7 (CES 2.0). Frozen.
 *
 * @example
 * ```ts
 * DEFAULT_SURVEY_SCALES.csat; //=> { min: 1, max: 5 }
 * ```
 */
export const DEFAULT_SURVEY_SCALES = /* @__PURE__ */ Object.freeze({
  nps: /* @__PURE__ */ Object.freeze({ min: 0, max: 10 }),
  csat: /* @__PURE__ */ Object.freeze({ min: 1, max: 5 }),
  ces: /* @__PURE__ */ Object.freeze({ min: 1, max: 7 }),
});

const surveyResponse = /* @__PURE__ */ defineEntity(
  'surveyResponse',
  'SurveyResponse',
  {
    kind: /* @__PURE__ */ z.enum(SURVEY_KINDS),
    score: /* @__PURE__ */ z.number().int('A score is a whole number on the scale'),
    scale: /* @__PURE__ */ z.strictObject({ min: z.number().int(), max: z.number().int() }).optional(),
    touchpoint: /* @__PURE__ */ optionalText(200),
    contactId: /* @__PURE__ */ refSchema('contact'),
    ticketId: /* @__PURE__ */ refSchema('ticket'),
    accountId: /* @__PURE__ */ refSchema('account'),
    answeredAt: instantSchema,
    comment: /* @__PURE__ */ optionalText(10_000),
  },
  (s, issue) => {
    const scale = s.scale ?? DEFAULT_SURVEY_SCALES[s.kind];
    if (s.kind === 'nps' && (scale.min !== 0 || scale.max !== 10))
      issue(['scale'], 'NPS is always asked on 0–10', 'invalid_value');
    if (scale.min >= scale.max) issue(['scale'], 'The scale minimum must be below its maximum', 'invalid_value');
    if (s.score < scale.min || s.score > scale.max)
      issue(
        ['score'],
        `Score ${s.score} is outside the ${s.kind.toUpperCase()} scale ${scale.min}–${scale.max}`,
        'invalid_value',
      );
  },
);

/**
 * The zod schema of a stored SurveyResponse — the single source of the {@link SurveyResponse} type.
 *
 * @example
 * ```ts
 * declare const json: string;
 * surveyResponseSchema.safeParse(JSON.parse(json)).success;
 * ```
 */
export const surveyResponseSchema = /* @__PURE__ */ (() => surveyResponse.schema)();

/**
 * A survey response. Inferred from {@link surveyResponseSchema}.
 *
 * @example
 * ```ts
 * const isPromoter = (r: SurveyResponse) => r.kind === 'nps' && r.score >= 9;
 * ```
 */
export type SurveyResponse = z.output<typeof surveyResponseSchema>;

/**
 * The zod schema of the fields {@link createSurveyResponse} accepts (the entity's own fields, without
 * `id`, timestamps and `version`; unknown keys are refused). Useful to validate a form before creating.
 *
 * @example
 * ```ts
 * declare const formData: unknown;
 * surveyResponseInputSchema.safeParse(formData).success;
 * ```
 */
export const surveyResponseInputSchema = /* @__PURE__ */ (() => surveyResponse.fields)();

/**
 * What {@link createSurveyResponse} accepts: the survey response's own fields (system fields are filled in).
 *
 * @example
 * ```ts
 * const input: SurveyResponseInput = { kind: 'nps', score: 9, touchpoint: 'onboarding', answeredAt: '2026-02-01T12:00:00Z' };
 * ```
 */
export type SurveyResponseInput = z.input<typeof surveyResponseInputSchema> & {
  customFields?: Record<string, unknown>;
};

/**
 * Creates a survey response: validates and normalises `input`, fills `id`, `createdAt`, `updatedAt` and
 * `version: 1` from the context. Returns every issue at once on invalid input. The scale defaults per kind (NPS 0–10, CSAT 1–5, CES 1–7) and the score must lie on it.
 *
 * Never throws for its input: bad data — a value of the wrong type, unknown keys, system fields,
 * an invalid context (unknown keys refused) — is a `validation_failed` error listing every issue
 * with its path (at most `MAX_ISSUES`). Validation is linear in the size of the input. The input is
 * never changed or frozen; the result is a new, frozen record.
 *
 * @example
 * ```ts
 * declare const ctx: EntityContext;
 * const r = createSurveyResponse({ kind: 'nps', score: 9, touchpoint: 'onboarding', answeredAt: '2026-02-01T12:00:00Z' }, ctx);
 * ```
 */
export function createSurveyResponse(input: SurveyResponseInput, ctx?: EntityContext): Result<SurveyResponse> {
  return surveyResponse.create(input, ctx);
}

/**
 * Reads a stored survey response from unknown data (JSON, a mapped database row).
 *
 * Never throws for its input: anything that is not a valid stored record is a `validation_failed`
 * error listing every issue with its path (at most `MAX_ISSUES`). Only own properties are read. The
 * result is a new, frozen record; the input is never changed or frozen.
 *
 * @example
 * ```ts
 * declare const text: string;
 * parseSurveyResponse(JSON.parse(text)); //=> { ok: true, value } or { ok: false, error }
 * ```
 */
export function parseSurveyResponse(input: unknown, ctx?: EntityContext): Result<SurveyResponse> {
  return surveyResponse.parse(input, ctx);
}

/**
 * Changes a survey response through a recipe that edits a draft (immer): the result is re-validated,
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
 * declare const response: SurveyResponse;
 * const r = updateSurveyResponse(response, (d) => { d.comment = 'Great onboarding'; }, ctx);
 * ```
 */
export function updateSurveyResponse(
  entity: SurveyResponse,
  recipe: (draft: SurveyResponse) => void,
  ctx?: EntityContext,
): Result<SurveyResponse> {
  return surveyResponse.update(entity, recipe, ctx);
}
