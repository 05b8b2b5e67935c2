/**
 * Pipelines: serializable definitions of ordered deal stages, their transitions and guards.
 *
 * @module
 */
import type { CrmIssue, CrmIssueCode } from '../core/errors.js';
import { ok, type Result } from '../core/result.js';
import { deepFreeze } from '../_lib/freeze.js';
import { isCurrencyCode } from '../money/currencies.js';
import { moneyToDecimal } from '../money/money.js';
import { Dec } from '../money/decimal.js';
import type { Deal } from '../entities/deal.js';
import {
  buildMachine,
  definitionError,
  type GuardImplementation,
  type GuardRef,
  type GuardRegistry,
  type StageMachine,
  type StateDefinition as StageDefinitionOfMachine,
  type TransitionRule,
} from './machine.js';
import { quoteValue, showValue } from '../_lib/show.js';

/**
 * Whether a stage is open, or closes the deal as won or lost. Won and lost are stage kinds,
 * never inferred from a probability of 1 or 0.
 *
 * @example
 * ```ts
 * const k: StageKind = 'won';
 * ```
 */
export type StageKind = 'open' | 'won' | 'lost';

/**
 * The forecast categories (Salesforce's convention): `pipeline` < `best_case` < `commit` <
 * `closed`; `omitted` is left out of every forecast.
 *
 * @example
 * ```ts
 * FORECAST_CATEGORIES.includes('commit'); //=> true
 * ```
 */
export const FORECAST_CATEGORIES = ['pipeline', 'best_case', 'commit', 'closed', 'omitted'] as const;

/**
 * One of {@link FORECAST_CATEGORIES}.
 *
 * @example
 * ```ts
 * const c: ForecastCategory = 'best_case';
 * ```
 */
export type ForecastCategory = (typeof FORECAST_CATEGORIES)[number];

/**
 * A stage of a pipeline definition.
 *
 * @example
 * ```ts
 * const s: StageDefinition = { id: 'proposal', name: 'Proposal', kind: 'open', probability: 0.5, forecastCategory: 'best_case', rotAfterDays: 21 };
 * ```
 */
export interface StageDefinition {
  readonly id: string;
  readonly name: string;
  readonly kind: StageKind;
  /** Probability of winning a deal in this stage, 0..1 (won: 1, lost: 0). */
  readonly probability: number;
  readonly forecastCategory: ForecastCategory;
  /** A deal longer than this in the stage is stale. */
  readonly rotAfterDays?: number;
  /** Guards checked on every move into this stage. */
  readonly guards?: readonly GuardRef[];
}

/**
 * A pipeline as serializable data (store it as JSON).
 *
 * `transitions` defaults to: any open stage to any other stage, plus — when `allowReopen` —
 * every closed stage to every open stage. `currency`, when set, is the only currency deals in the
 * pipeline may have; `null` allows any.
 *
 * @example
 * ```ts
 * const def: PipelineDefinition = {
 *   id: 'simple', name: 'Simple', currency: 'EUR',
 *   stages: [
 *     { id: 'open', name: 'Open', kind: 'open', probability: 0.3, forecastCategory: 'pipeline' },
 *     { id: 'won', name: 'Won', kind: 'won', probability: 1, forecastCategory: 'closed' },
 *     { id: 'lost', name: 'Lost', kind: 'lost', probability: 0, forecastCategory: 'omitted', guards: [{ type: 'lostReasonRequired' }] },
 *   ],
 * };
 * ```
 */
export interface PipelineDefinition {
  readonly id: string;
  readonly name: string;
  readonly currency?: string | null;
  readonly stages: readonly StageDefinition[];
  readonly transitions?: readonly TransitionRule[];
  readonly allowReopen?: boolean;
}

/**
 * A stage of a validated pipeline, with its position.
 *
 * @example
 * ```ts
 * b2bPipeline.stageById.get('proposal')?.index; //=> 2
 * ```
 */
export interface Stage extends StageDefinition {
  /** Position in the pipeline's stage order, from 0. */
  readonly index: number;
}

/**
 * A validated, frozen pipeline. `definition` is the serializable input; the rest are lookups.
 *
 * @example
 * ```ts
 * const p: Pipeline = unwrap(definePipeline(def));
 * p.initialStageId; //=> the first open stage
 * ```
 */
export interface Pipeline {
  readonly id: string;
  readonly name: string;
  readonly currency: string | null;
  readonly allowReopen: boolean;
  readonly stages: readonly Stage[];
  readonly stageById: ReadonlyMap<string, Stage>;
  /** The first open stage: where {@link openDeal} puts new deals. */
  readonly initialStageId: string;
  readonly definition: PipelineDefinition;
  /** The stage machine underneath (guards run on deals). */
  readonly machine: StageMachine<string, Deal>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

const DEAL_FIELDS = /* @__PURE__ */ new Set([
  'name',
  'accountId',
  'contactId',
  'amount',
  'expectedCloseDate',
  'closedAt',
  'lostReason',
  'ownerId',
  'source',
]);

/** A decimal string equal to zero ('0', '0.00', '-0.0'). */
const ZERO_AMOUNT = /^[+-]?0*(\.0*)?$/;

function isMissing(deal: Deal, field: string): boolean {
  const value = DEAL_FIELDS.has(field)
    ? (deal as unknown as Record<string, unknown>)[field]
    : deal.customFields[field.startsWith('customFields.') ? field.slice('customFields.'.length) : field];
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (field === 'amount' && isRecord(value) && typeof value['amount'] === 'string')
    return ZERO_AMOUNT.test(value['amount']);
  return false;
}

/**
 * The guards every pipeline knows:
 * - `requiredFields` `{ fields: string[] }` — each named deal field (or `customFields.x`) must be
 *   set: not null, not blank, and for `amount` not zero;
 * - `minAmount` `{ amount: '1000.00' }` — the deal amount must be at least this (decimal string,
 *   compared exactly);
 * - `lostReasonRequired` — a lost reason must be given with the move (or be on the deal).
 *
 * @example
 * ```ts
 * Object.keys(builtinDealGuards); //=> ['requiredFields', 'minAmount', 'lostReasonRequired']
 * ```
 */
export const builtinDealGuards: GuardRegistry<Deal> = /* @__PURE__ */ Object.freeze({
  requiredFields: {
    validateParams(params: Readonly<Record<string, unknown>>) {
      const f = params['fields'];
      return Array.isArray(f) && f.length > 0 && f.every((x) => typeof x === 'string' && x !== '')
        ? []
        : ['params.fields must be a non-empty array of field names'];
    },
    check(deal: Deal, params: Readonly<Record<string, unknown>>) {
      const missing = (params['fields'] as string[]).filter((f) => isMissing(deal, f));
      return missing.length === 0
        ? true
        : {
            message: `required field${missing.length === 1 ? '' : 's'} missing: ${missing.join(', ')}`,
            fields: missing,
          };
    },
  } satisfies GuardImplementation<Deal>,
  minAmount: {
    validateParams(params: Readonly<Record<string, unknown>>) {
      const a = params['amount'];
      return typeof a === 'string' && /^\d+(\.\d+)?$/.test(a)
        ? []
        : ["params.amount must be a non-negative decimal string such as '1000.00'"];
    },
    check(deal: Deal, params: Readonly<Record<string, unknown>>) {
      const min = new Dec(params['amount'] as string);
      return moneyToDecimal(deal.amount).gte(min)
        ? true
        : {
            message: `amount ${deal.amount.amount} ${deal.amount.currency} is below the minimum ${showValue(params['amount'])}`,
            fields: ['amount'],
          };
    },
  } satisfies GuardImplementation<Deal>,
  lostReasonRequired: {
    check(deal: Deal, _params: Readonly<Record<string, unknown>>, ctx) {
      const given = ctx.lostReason ?? deal.lostReason;
      return given !== null && given.trim() !== ''
        ? true
        : { message: 'a lost reason is required', fields: ['lostReason'] };
    },
  } satisfies GuardImplementation<Deal>,
});

/**
 * Options of {@link definePipeline}.
 *
 * @example
 * ```ts
 * const o: DefinePipelineOptions = { guards: { ownerRequired: { check: (d) => d.ownerId !== null || { message: 'owner required', fields: ['ownerId'] } } } };
 * ```
 */
export interface DefinePipelineOptions {
  /** Extra guard implementations by name (added to {@link builtinDealGuards}; same name replaces). */
  readonly guards?: GuardRegistry<Deal>;
}

/**
 * Validates a pipeline definition and builds its {@link Pipeline}. Every problem is reported at
 * once (`validation_failed`, one issue per problem, each with its path): duplicate stage ids,
 * no won or no lost stage, no open stage, probabilities outside 0..1, a won stage with
 * probability ≠ 1 or a lost stage ≠ 0, unknown forecast categories, bad `rotAfterDays`,
 * transitions naming unknown stages, stages unreachable from the first open stage, unknown guard
 * names and bad guard params, a currency that is not ISO 4217.
 *
 * @example
 * ```ts
 * const r = definePipeline({
 *   id: 'simple', name: 'Simple',
 *   stages: [
 *     { id: 'open', name: 'Open', kind: 'open', probability: 0.3, forecastCategory: 'pipeline' },
 *     { id: 'won', name: 'Won', kind: 'won', probability: 1, forecastCategory: 'closed' },
 *     { id: 'lost', name: 'Lost', kind: 'lost', probability: 0, forecastCategory: 'omitted' },
 *   ],
 * });
 * r.ok; //=> true
 * ```
 */
export function definePipeline(definition: PipelineDefinition, options: DefinePipelineOptions = {}): Result<Pipeline> {
  const issues: CrmIssue[] = [];
  const add = (path: (string | number)[], message: string, code: CrmIssueCode): void => {
    issues.push({ path, message, code });
  };
  if (!isRecord(definition))
    return definitionError('pipeline', [
      { path: [], message: 'Expected a pipeline definition object', code: 'invalid_type' },
    ]);
  const label = `pipeline '${showValue(definition.id)}'`;
  if (typeof definition.id !== 'string' || definition.id.trim() === '')
    add(['id'], 'id must be a non-empty string', 'invalid_type');
  if (typeof definition.name !== 'string' || definition.name.trim() === '')
    add(['name'], 'name must be a non-empty string', 'invalid_type');
  const currency = definition.currency ?? null;
  if (currency !== null && !isCurrencyCode(currency))
    add(
      ['currency'],
      `currency '${showValue(currency)}' is not an ISO 4217 code; use null to allow any currency`,
      'invalid_currency',
    );
  if (definition.allowReopen !== undefined && typeof definition.allowReopen !== 'boolean')
    add(['allowReopen'], 'allowReopen must be a boolean', 'invalid_type');
  const stages = Array.isArray(definition.stages) ? definition.stages : [];
  const kinds = new Set<string>();
  stages.forEach((s, i) => {
    if (!isRecord(s)) return;
    if (typeof s.name !== 'string' || s.name.trim() === '')
      add(['stages', i, 'name'], 'stage name must be a non-empty string', 'invalid_type');
    if (s.kind !== 'open' && s.kind !== 'won' && s.kind !== 'lost')
      add(
        ['stages', i, 'kind'],
        `stage kind must be 'open', 'won' or 'lost'; received ${quoteValue(s.kind)}`,
        'invalid_value',
      );
    else kinds.add(s.kind);
    if (
      typeof s.probability !== 'number' ||
      !Number.isFinite(s.probability) ||
      s.probability < 0 ||
      s.probability > 1
    ) {
      add(
        ['stages', i, 'probability'],
        `probability must be a number in [0, 1]; received ${quoteValue(s.probability)}`,
        'invalid_value',
      );
    } else if (s.kind === 'won' && s.probability !== 1)
      add(
        ['stages', i, 'probability'],
        `won stage '${showValue(s.id)}' must have probability 1; received ${s.probability}`,
        'invalid_value',
      );
    else if (s.kind === 'lost' && s.probability !== 0)
      add(
        ['stages', i, 'probability'],
        `lost stage '${showValue(s.id)}' must have probability 0; received ${s.probability}`,
        'invalid_value',
      );
    if (!(FORECAST_CATEGORIES as readonly unknown[]).includes(s.forecastCategory))
      add(
        ['stages', i, 'forecastCategory'],
        `forecastCategory must be one of ${FORECAST_CATEGORIES.join(', ')}; received ${quoteValue(s.forecastCategory)}`,
        'invalid_value',
      );
    if (
      s.rotAfterDays !== undefined &&
      (typeof s.rotAfterDays !== 'number' || !Number.isFinite(s.rotAfterDays) || s.rotAfterDays <= 0)
    )
      add(
        ['stages', i, 'rotAfterDays'],
        `rotAfterDays must be a positive number of days; received ${quoteValue(s.rotAfterDays)}`,
        'invalid_value',
      );
  });
  if (Array.isArray(definition.stages)) {
    if (!kinds.has('open')) add(['stages'], 'a pipeline needs at least one open stage', 'missing_open_stage');
    if (!kinds.has('won')) add(['stages'], 'a pipeline needs a won stage', 'missing_won_stage');
    if (!kinds.has('lost')) add(['stages'], 'a pipeline needs a lost stage', 'missing_lost_stage');
  }
  const initial = stages.find((s) => isRecord(s) && s.kind === 'open')?.id ?? stages.find(isRecord)?.id ?? '';
  const allowReopen = definition.allowReopen === true;
  const hasId = (s: unknown): s is StageDefinition => isRecord(s) && typeof s['id'] === 'string';
  const openIds = stages.filter((s) => hasId(s) && s.kind === 'open').map((s) => s.id);
  const closedIds = stages.filter((s) => hasId(s) && s.kind !== 'open').map((s) => s.id);
  const transitions: readonly TransitionRule[] = definition.transitions ?? [
    ...openIds.map((id) => ({ from: id, to: stages.filter(hasId).map((s) => s.id) })),
    ...(allowReopen && openIds.length > 0 ? closedIds.map((id) => ({ from: id, to: openIds })) : []),
  ];
  const built = buildMachine(
    {
      id: typeof definition.id === 'string' ? definition.id : '',
      initial,
      states: stages.map((s): StageDefinitionOfMachine =>
        s !== null && typeof s === 'object'
          ? { id: s.id, terminal: s.kind !== 'open', ...(s.guards === undefined ? {} : { guards: s.guards }) }
          : (s as never),
      ),
      transitions,
    },
    { ...builtinDealGuards, ...options?.guards }, // options may be null from plain JavaScript
  );
  for (const i of built.issues) {
    // The machine's states are the pipeline's stages: report them under `stages`.
    const path = i.path[0] === 'states' ? ['stages', ...i.path.slice(1)] : i.path;
    if (!issues.some((x) => x.code === i.code && x.path.join('.') === path.join('.')))
      issues.push({ ...i, path, message: i.message.replace(/\bstate\b/g, 'stage') });
  }
  if (issues.length > 0 || built.machine === undefined) return definitionError(label, issues);
  const frozenStages: Stage[] = stages.map((s, index) => deepFreeze({ ...structuredClone(s), index }));
  const pipeline: Pipeline = Object.freeze({
    id: definition.id,
    name: definition.name,
    currency,
    allowReopen,
    stages: Object.freeze(frozenStages),
    stageById: new Map(frozenStages.map((s) => [s.id, s] as const)),
    initialStageId: initial,
    definition: deepFreeze(structuredClone(definition)),
    machine: built.machine,
  });
  return ok(pipeline);
}
