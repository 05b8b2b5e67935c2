/**
 * Pipelines: serializable definitions of ordered deal stages, their transitions and guards.
 *
 * @module
 */
import { CrmError, type CrmIssue, type PathSegment } from '../core/errors.js';
import { err, ok, type Result } from '../core/result.js';
import { checkOptionKeys, crmIssue, invalidInput, IssueList } from '../core/issues.js';
import { customFieldKeyProblem } from '../entities/customFields.js';
import { isCurrencyCode } from '../money/currencies.js';
import { moneyToDecimal } from '../money/money.js';
import { Dec } from '../money/decimal.js';
import type { Deal } from '../entities/deal.js';
import {
  buildMachine,
  copyGuardRegistry,
  MAX_STATES,
  type GuardContext,
  type GuardImplementation,
  type GuardRef,
  type GuardRegistry,
  type StageMachine,
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
export const FORECAST_CATEGORIES = /* @__PURE__ */ Object.freeze([
  'pipeline',
  'best_case',
  'commit',
  'closed',
  'omitted',
] as const);

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
 * const p: Pipeline = unwrap(definePipeline(b2bPipelineDefinition));
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

/** The pipelines {@link definePipeline} made: frozen, so known good without looking at them again. */
const MADE = /* @__PURE__ */ new WeakSet<object>();

/** True for a pipeline this copy of crmkit's {@link definePipeline} made (see `isPipeline` for look-alikes). */
export function madeByDefinePipeline(p: unknown): p is Pipeline {
  return typeof p === 'object' && p !== null && MADE.has(p);
}

/**
 * The most stages a pipeline may have ({@link MAX_STATES}): the default transitions connect every
 * open stage to every stage, so the work of defining a pipeline grows with the square of its stages.
 *
 * @example
 * ```ts
 * MAX_STAGES; //=> 100
 * ```
 */
export const MAX_STAGES = MAX_STATES;

/** The most fields one `requiredFields` guard may name. */
const MAX_REQUIRED_FIELDS = 100;

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

/** The custom-field key a `requiredFields` name refers to (`customFields.x` or a bare `x`), or undefined. */
function customFieldOf(field: string): string | undefined {
  if (DEAL_FIELDS.has(field)) return undefined;
  return field.startsWith('customFields.') ? field.slice('customFields.'.length) : field;
}

function isMissing(deal: Deal, field: string): boolean {
  const key = customFieldOf(field);
  // Own properties only: a custom field named like an Object.prototype member is not "set" by inheritance.
  const source = (key === undefined ? deal : deal.customFields) as unknown as Record<string, unknown>;
  const name = key ?? field;
  const value = Object.prototype.hasOwnProperty.call(source, name) ? source[name] : undefined;
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (field === 'amount' && isRecord(value) && typeof value['amount'] === 'string')
    return ZERO_AMOUNT.test(value['amount']);
  return false;
}

const requiredFieldsGuard: GuardImplementation<Deal> = /* @__PURE__ */ Object.freeze({
  validateParams(params: Readonly<Record<string, unknown>>) {
    const f = params['fields'];
    const problems: string[] = [];
    for (const k of Object.keys(params))
      if (k !== 'fields') problems.push(`unknown param ${quoteValue(k)}; allowed: fields`);
    if (!Array.isArray(f) || f.length === 0 || f.length > MAX_REQUIRED_FIELDS) {
      problems.push(`params.fields must be a non-empty array of at most ${MAX_REQUIRED_FIELDS} field names`);
      return problems;
    }
    for (const x of f) {
      if (typeof x !== 'string' || x === '') {
        problems.push(`params.fields must hold field names; received ${quoteValue(x)}`);
        continue;
      }
      const key = customFieldOf(x);
      const problem = key === undefined ? null : customFieldKeyProblem(key);
      if (problem !== null) problems.push(`${quoteValue(x)} is neither a deal field nor a custom field: ${problem}`);
    }
    return problems;
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
});

const minAmountGuard: GuardImplementation<Deal> = /* @__PURE__ */ Object.freeze({
  validateParams(params: Readonly<Record<string, unknown>>) {
    const a = params['amount'];
    const problems: string[] = [];
    for (const k of Object.keys(params))
      if (k !== 'amount') problems.push(`unknown param ${quoteValue(k)}; allowed: amount`);
    if (!(typeof a === 'string' && a.length <= 100 && /^\d+(\.\d+)?$/.test(a)))
      problems.push("params.amount must be a non-negative decimal string such as '1000.00'");
    return problems;
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
});

const lostReasonRequiredGuard: GuardImplementation<Deal> = /* @__PURE__ */ Object.freeze({
  validateParams(params: Readonly<Record<string, unknown>>) {
    return Object.keys(params).map((k) => `unknown param ${quoteValue(k)}; this guard takes none`);
  },
  check(deal: Deal, _params: Readonly<Record<string, unknown>>, ctx: GuardContext) {
    const given = ctx.lostReason ?? deal.lostReason;
    return given !== null && given.trim() !== ''
      ? true
      : { message: 'a lost reason is required', fields: ['lostReason'] };
  },
});

/**
 * The guards every pipeline knows (frozen: neither the registry nor an implementation can be
 * replaced at run time):
 * - `requiredFields` `{ fields: string[] }` — each named deal field (or `customFields.x`) must be
 *   set: not null, not blank, and for `amount` not zero; custom fields are read as own properties;
 * - `minAmount` `{ amount: '1000.00' }` — the deal amount must be at least this (decimal string,
 *   compared exactly);
 * - `lostReasonRequired` — a lost reason must be given with the move (or be on the deal).
 *
 * @example
 * ```ts
 * Object.keys(builtinDealGuards); //=> ['requiredFields', 'minAmount', 'lostReasonRequired']
 * Object.isFrozen(builtinDealGuards.lostReasonRequired); //=> true
 * ```
 */
export const builtinDealGuards: GuardRegistry<Deal> = /* @__PURE__ */ Object.freeze({
  requiredFields: requiredFieldsGuard,
  minAmount: minAmountGuard,
  lostReasonRequired: lostReasonRequiredGuard,
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
  /** Extra guard implementations by name (added to {@link builtinDealGuards}; same name replaces). Copied and frozen. */
  readonly guards?: GuardRegistry<Deal>;
}

const DEFINITION_KEYS = ['id', 'name', 'currency', 'stages', 'transitions', 'allowReopen'] as const;
const STAGE_KEYS = ['id', 'name', 'kind', 'probability', 'forecastCategory', 'rotAfterDays', 'guards'] as const;

/** The longest pipeline id (a deal's `pipelineId` holds at most 100 characters) and name. */
const MAX_ID_LENGTH = 100;
const MAX_NAME_LENGTH = 200;

function textIssue(value: unknown, path: PathSegment[], max: number): CrmIssue | undefined {
  if (typeof value !== 'string' || value.trim() === '') return crmIssue.invalidType(path, 'a non-empty string', value);
  if (value.length > max) return crmIssue.tooBig(path, 'the length', max, true, value);
  return undefined;
}

/**
 * Validates a pipeline definition and builds its {@link Pipeline}. Every problem is reported at
 * once (`validation_failed`, one issue per problem with its path, at most `MAX_ISSUES`): duplicate
 * stage ids, no won or no lost stage, no open stage, probabilities outside 0..1, a won stage with
 * probability ≠ 1 or a lost stage ≠ 0, unknown forecast categories, bad `rotAfterDays`, transitions
 * naming unknown stages, stages unreachable from the first open stage, unknown guard names and bad
 * guard params, a currency that is not ISO 4217, unknown keys anywhere in the definition.
 *
 * Limits, so that validation stays linear in the size of the definition: at most
 * {@link MAX_STAGES} stages (more is one `too_big` issue, and the stages are not looked at), stage
 * ids of at most 100 characters, at most 20 guards per list, and guard params that are JSON data at
 * most 16 levels deep. Never throws for its input (a guard's own `validateParams` excepted): `null`
 * options mean none, unknown option keys are refused. The result shares nothing with the input.
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
export function definePipeline(
  definition: PipelineDefinition,
  options?: DefinePipelineOptions | null,
): Result<Pipeline> {
  const issues = new IssueList();
  issues.push(...checkOptionKeys(options, ['guards'], ['options']));
  const extra = copyGuardRegistry<Deal>(
    isRecord(options) ? options['guards'] : undefined,
    ['options', 'guards'],
    issues,
  );
  if (issues.count > 0) return err(issues.error('definePipeline options'));
  const guards: GuardRegistry<Deal> = { ...builtinDealGuards, ...extra };
  if (!isRecord(definition))
    return err(invalidInput('pipeline', [crmIssue.invalidType([], 'a pipeline definition object', definition)]));
  const label = `pipeline ${quoteValue(definition['id'])}`;
  try {
    return build(definition, guards, issues, label);
  } catch (cause) {
    // A throwing getter or proxy in the definition: not readable data.
    if (cause instanceof CrmError) throw cause;
    return err(
      new CrmError('validation_failed', `${label} could not be read`, {
        issues: [crmIssue.invalidType([], 'a plain pipeline definition', definition)],
        cause,
      }),
    );
  }
}

function build(
  definition: Record<string, unknown>,
  guards: GuardRegistry<Deal>,
  issues: IssueList,
  label: string,
): Result<Pipeline> {
  issues.push(...checkOptionKeys(definition, DEFINITION_KEYS));
  const idIssue = textIssue(definition['id'], ['id'], MAX_ID_LENGTH);
  if (idIssue !== undefined) issues.push(idIssue);
  const nameIssue = textIssue(definition['name'], ['name'], MAX_NAME_LENGTH);
  if (nameIssue !== undefined) issues.push(nameIssue);
  const currency = (definition['currency'] ?? null) as string | null;
  if (currency !== null && !isCurrencyCode(currency))
    issues.push(
      crmIssue.of(
        'invalid_currency',
        ['currency'],
        `currency ${quoteValue(currency)} is not an ISO 4217 code; use null to allow any currency`,
      ),
    );
  const allowReopenRaw = definition['allowReopen'];
  if (allowReopenRaw !== undefined && typeof allowReopenRaw !== 'boolean')
    issues.push(crmIssue.invalidType(['allowReopen'], 'a boolean', allowReopenRaw));
  const rawStages = definition['stages'];
  if (Array.isArray(rawStages) && rawStages.length > MAX_STAGES) {
    issues.push(crmIssue.tooBig(['stages'], 'the number of stages', MAX_STAGES, true, rawStages.length));
    return err(issues.error(label));
  }
  const stages: readonly unknown[] = Array.isArray(rawStages) ? rawStages : [];
  const kinds = new Set<string>();
  const clean: (Omit<StageDefinition, 'guards'> | undefined)[] = [];
  for (let i = 0; i < stages.length; i++) {
    const s = stages[i];
    if (!isRecord(s)) {
      clean.push(undefined); // the machine reports it
      continue;
    }
    issues.push(...checkOptionKeys(s, STAGE_KEYS, ['stages', i]));
    const before = issues.count;
    const sNameIssue = textIssue(s['name'], ['stages', i, 'name'], MAX_NAME_LENGTH);
    if (sNameIssue !== undefined) issues.push(sNameIssue);
    const kind = s['kind'];
    if (kind !== 'open' && kind !== 'won' && kind !== 'lost')
      issues.push(
        crmIssue.invalidValue(['stages', i, 'kind'], 'stage kind must be open, won or lost', kind, [
          'open',
          'won',
          'lost',
        ]),
      );
    else kinds.add(kind);
    const p = s['probability'];
    if (typeof p !== 'number' || !Number.isFinite(p) || p < 0 || p > 1)
      issues.push(crmIssue.invalidValue(['stages', i, 'probability'], 'probability must be a number in [0, 1]', p));
    else if (kind === 'won' && p !== 1)
      issues.push(
        crmIssue.invalidValue(
          ['stages', i, 'probability'],
          `won stage ${quoteValue(s['id'])} must have probability 1`,
          p,
        ),
      );
    else if (kind === 'lost' && p !== 0)
      issues.push(
        crmIssue.invalidValue(
          ['stages', i, 'probability'],
          `lost stage ${quoteValue(s['id'])} must have probability 0`,
          p,
        ),
      );
    const category = s['forecastCategory'];
    if (!(FORECAST_CATEGORIES as readonly unknown[]).includes(category))
      issues.push(
        crmIssue.invalidValue(
          ['stages', i, 'forecastCategory'],
          'unknown forecast category',
          category,
          FORECAST_CATEGORIES,
        ),
      );
    const rot = s['rotAfterDays'];
    if (rot !== undefined && (typeof rot !== 'number' || !Number.isFinite(rot) || rot <= 0))
      issues.push(
        crmIssue.invalidValue(['stages', i, 'rotAfterDays'], 'rotAfterDays must be a positive number of days', rot),
      );
    clean.push(
      issues.count !== before || typeof s['id'] !== 'string'
        ? undefined
        : {
            id: s['id'],
            name: s['name'] as string,
            kind: kind as StageKind,
            probability: p as number,
            forecastCategory: category as ForecastCategory,
            ...(rot === undefined ? {} : { rotAfterDays: rot as number }),
          },
    );
  }
  if (Array.isArray(rawStages)) {
    if (!kinds.has('open'))
      issues.push(crmIssue.of('missing_open_stage', ['stages'], 'a pipeline needs at least one open stage'));
    if (!kinds.has('won')) issues.push(crmIssue.of('missing_won_stage', ['stages'], 'a pipeline needs a won stage'));
    if (!kinds.has('lost')) issues.push(crmIssue.of('missing_lost_stage', ['stages'], 'a pipeline needs a lost stage'));
  }
  const hasId = (s: unknown): s is Record<string, unknown> & { id: string } =>
    isRecord(s) && typeof s['id'] === 'string';
  const initial = (stages.find((s) => hasId(s) && s['kind'] === 'open') ?? stages.find(hasId)) as
    { id?: unknown } | undefined;
  const initialId = typeof initial?.id === 'string' ? initial.id : '';
  const allowReopen = allowReopenRaw === true;
  const ids = stages.filter(hasId).map((s) => s.id);
  const openIds = stages.filter((s) => hasId(s) && s['kind'] === 'open').map((s) => (s as { id: string }).id);
  const closedIds = stages.filter((s) => hasId(s) && s['kind'] !== 'open').map((s) => (s as { id: string }).id);
  const given = definition['transitions'];
  // The default rules reuse one `to` list: building them is linear in the stages.
  const transitions =
    given !== undefined
      ? given
      : [
          ...(openIds.length > 0 ? [{ from: openIds, to: ids }] : []),
          ...(allowReopen && openIds.length > 0 && closedIds.length > 0 ? [{ from: closedIds, to: openIds }] : []),
        ];
  const pipelineId = typeof definition['id'] === 'string' ? definition['id'] : 'pipeline';
  const built = buildMachine<string, Deal>(
    {
      id: pipelineId.trim() === '' ? 'pipeline' : pipelineId,
      initial: initialId,
      states: stages.map((s) =>
        isRecord(s)
          ? {
              id: s['id'] as string,
              terminal: s['kind'] !== 'open',
              ...(s['guards'] === undefined ? {} : { guards: s['guards'] as GuardRef[] }),
            }
          : (s as never),
      ),
      transitions: transitions as readonly TransitionRule[],
    },
    guards,
    issues,
    { statePath: 'stages', noun: 'stage' },
  );
  const machine = built.machine;
  if (issues.count > 0 || machine === undefined) return err(issues.error(label));
  const frozenStages: Stage[] = machine.definition.states.map((state, index) => {
    const c = clean[index]!;
    return Object.freeze({ ...c, ...(state.guards === undefined ? {} : { guards: state.guards }), index });
  });
  const stageDefinitions: StageDefinition[] = frozenStages.map(({ index: _index, ...rest }) => Object.freeze(rest));
  const pipelineDefinition: PipelineDefinition = Object.freeze({
    id: pipelineId,
    name: definition['name'] as string,
    currency,
    stages: Object.freeze(stageDefinitions),
    ...(given === undefined ? {} : { transitions: machine.definition.transitions }),
    allowReopen,
  });
  const pipeline: Pipeline = Object.freeze({
    id: pipelineId,
    name: definition['name'] as string,
    currency,
    allowReopen,
    stages: Object.freeze(frozenStages),
    stageById: new Map(frozenStages.map((s) => [s.id, s] as const)),
    initialStageId: initialId,
    definition: pipelineDefinition,
    machine,
  });
  MADE.add(pipeline);
  return ok(pipeline);
}
