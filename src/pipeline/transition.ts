/**
 * Pure deal transitions: the new deal and the domain event, or a refusal saying why.
 *
 * @module
 */
import { CrmError, type CrmIssue, type PathSegment } from '../core/errors.js';
import { err, ok, type Result } from '../core/result.js';
import { crmIssue, invalidInput, IssueList } from '../core/issues.js';
import type { DomainEvent } from '../core/events.js';
import type { Money } from '../money/money.js';
import { createDeal, parseDeal, type Deal, type DealInput } from '../entities/deal.js';
import { contextIssues, type EntityContext } from '../entities/define.js';
import { checkMove, guardContextIssues } from './machine.js';
import { isPipeline } from './_records.js';
import type { Pipeline, Stage } from './define.js';
import { quoteValue } from '../_lib/show.js';

/**
 * Options of {@link transitionDeal}.
 *
 * @example
 * ```ts
 * const o: TransitionDealOptions = { at: new Date('2026-03-01T10:00:00Z'), by: 'user-1', lostReason: 'price' };
 * ```
 */
export interface TransitionDealOptions {
  /** When the move happens; not before the deal's last history entry. Also the new `updatedAt` unless `ctx.clock` is given. */
  readonly at: Date;
  /** Who moves the deal (a user id, at most 200 characters), or null. */
  readonly by: string | null;
  /** Why (kept in the history entry; at most 2,000 characters). */
  readonly reason?: string | null;
  /** Why the deal was lost (moves into a lost stage; stored on the deal; at most 2,000 characters). */
  readonly lostReason?: string | null;
  /** Set the probability to the stage's even when it is `manual` or `model` (see {@link resetProbabilityToStage}). */
  readonly resetProbability?: boolean;
}

/**
 * @deprecated Use {@link TransitionDealOptions} (the same type, named after its function).
 *
 * @example
 * ```ts
 * const o: TransitionOptions = { at: new Date('2026-03-01T10:00:00Z'), by: null };
 * ```
 */
export type TransitionOptions = TransitionDealOptions;

/**
 * Options of {@link canTransition} and {@link availableTransitions}: what the guards are told.
 *
 * @example
 * ```ts
 * const o: CanTransitionOptions = { at: new Date('2026-03-01T10:00:00Z'), by: null };
 * ```
 */
export type CanTransitionOptions = Pick<TransitionDealOptions, 'at' | 'by' | 'reason' | 'lostReason'>;

/**
 * Options of {@link availableTransitions} (the same as {@link CanTransitionOptions}).
 *
 * @example
 * ```ts
 * const o: AvailableTransitionsOptions = { at: new Date('2026-03-01T10:00:00Z'), by: 'u1' };
 * ```
 */
export type AvailableTransitionsOptions = CanTransitionOptions;

/**
 * Options of {@link moveDealToPipeline}.
 *
 * @example
 * ```ts
 * const o: MoveDealToPipelineOptions = { at: new Date('2026-03-01T10:00:00Z'), by: 'u1', reason: 'renewal' };
 * ```
 */
export type MoveDealToPipelineOptions = Omit<TransitionDealOptions, 'lostReason'>;

/**
 * Options of {@link resetProbabilityToStage}.
 *
 * @example
 * ```ts
 * const o: ResetProbabilityToStageOptions = { at: new Date('2026-03-01T10:00:00Z') };
 * ```
 */
export interface ResetProbabilityToStageOptions {
  /** When the reset happens: the new `updatedAt` unless `ctx.clock` is given. */
  readonly at: Date;
}

/**
 * What every deal event carries.
 *
 * @example
 * ```ts
 * const p: DealEventPayload = { pipelineId: 'b2b', fromStageId: 'proposal', toStageId: 'negotiation', reason: null, amount: { amount: '5000.00', currency: 'EUR' }, probability: 0.7 };
 * ```
 */
export interface DealEventPayload {
  readonly pipelineId: string;
  readonly fromStageId: string;
  readonly toStageId: string;
  readonly reason: string | null;
  readonly amount: Money;
  /** The deal's probability after the move. */
  readonly probability: number;
}

/**
 * A deal moved between open stages (or to another pipeline: then `fromPipelineId` is set).
 * @example
 * ```ts
 * declare const e: DealEvent;
 * if (e.type === 'deal_stage_changed') console.log(e.payload.toStageId);
 * ```
 */
export type DealStageChangedEvent = DomainEvent<
  'deal_stage_changed',
  DealEventPayload & { readonly fromPipelineId?: string }
>;
/**
 * A deal entered a won stage.
 * @example
 * ```ts
 * declare const e: DealEvent;
 * if (e.type === 'deal_won') console.log(e.payload.amount);
 * ```
 */
export type DealWonEvent = DomainEvent<'deal_won', DealEventPayload & { readonly closedAt: Date }>;
/**
 * A deal entered a lost stage.
 * @example
 * ```ts
 * declare const e: DealEvent;
 * if (e.type === 'deal_lost') console.log(e.payload.lostReason);
 * ```
 */
export type DealLostEvent = DomainEvent<
  'deal_lost',
  DealEventPayload & { readonly closedAt: Date; readonly lostReason: string | null }
>;
/**
 * A closed deal moved back to an open stage.
 * @example
 * ```ts
 * declare const e: DealEvent;
 * if (e.type === 'deal_reopened') console.log(e.payload.fromStageId);
 * ```
 */
export type DealReopenedEvent = DomainEvent<'deal_reopened', DealEventPayload>;

/**
 * Every event a transition produces; narrow on `type`.
 *
 * @example
 * ```ts
 * function log(e: DealEvent) { if (e.type === 'deal_lost') console.log(e.payload.lostReason); }
 * ```
 */
export type DealEvent = DealStageChangedEvent | DealWonEvent | DealLostEvent | DealReopenedEvent;

/**
 * A successful transition: the new deal and the event describing it.
 *
 * @example
 * ```ts
 * declare const at: Date;
 * declare const d: Deal;
 * const { deal, event } = unwrap(transitionDeal(b2bPipeline, d, 'proposal', { at, by: null }));
 * ```
 */
export interface TransitionOutcome {
  readonly deal: Deal;
  readonly event: DealEvent;
}

const validDate = (d: unknown): d is Date => d instanceof Date && Number.isFinite(d.getTime());
const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

const TRANSITION_KEYS = ['at', 'by', 'reason', 'lostReason', 'resetProbability'] as const;
const CAN_TRANSITION_KEYS = ['at', 'by', 'reason', 'lostReason'] as const;
const MOVE_KEYS = ['at', 'by', 'reason', 'resetProbability'] as const;

/** The longest `by` and reason texts a deal stores (the deal schema's limits). */
const BY_MAX = 200;
const REASON_MAX = 2000;

/**
 * A text option as the deal schema's `optionalText(max)` reads it: trimmed, blank or missing is
 * `null`; `undefined` when it is too long or holds a NUL character (then the options are refused).
 */
function optionText(v: unknown, max: number): string | null | undefined {
  if (typeof v !== 'string') return null;
  const t = v.trim();
  if (t.length > max || t.includes('\u0000')) return undefined;
  return t === '' ? null : t;
}

/** Issues of a value given as a {@link Pipeline} (it must be one `definePipeline` made). */
function pipelineIssues(pipeline: unknown, path: PathSegment[]): CrmIssue[] {
  return isPipeline(pipeline) ? [] : [crmIssue.invalidType(path, 'a Pipeline made by definePipeline', pipeline)];
}

/** Issues of move options: keys, `at`, the texts (with the deal's limits) and `resetProbability`. */
function moveOptionIssues(options: unknown, allowed: readonly string[]): CrmIssue[] {
  const issues = guardContextIssues(options, allowed);
  if (!isRecord(options)) return issues;
  for (const [key, max] of [
    ['by', BY_MAX],
    ['reason', REASON_MAX],
    ['lostReason', REASON_MAX],
  ] as const) {
    const v = options[key];
    if (typeof v === 'string' && optionText(v, max) === undefined)
      issues.push(crmIssue.invalidValue(['options', key], `at most ${max} characters, without NUL`, v));
  }
  const reset = options['resetProbability'];
  if (reset !== undefined && typeof reset !== 'boolean')
    issues.push(crmIssue.invalidType(['options', 'resetProbability'], 'a boolean', reset));
  return issues;
}

/** A checked text option as the deal stores it (trimmed; blank or missing is null). */
const text = (max: number, v: unknown): string | null => optionText(v, max) ?? null;

/**
 * Validates everything a deal operation is given — the pipeline(s), the deal (as `parseDeal` does:
 * a deal with `name: NaN`, `version: NaN` or amount `'abc'` is refused), the options and the
 * context — and returns the deal as a fresh, frozen copy, or one `validation_failed` error with
 * every issue (under `pipeline`, `deal`, `options`, `ctx`).
 */
function readInputs(
  what: string,
  pipelines: readonly [unknown, PathSegment[]][],
  deal: unknown,
  optionIssues: readonly CrmIssue[],
  ctx: unknown,
): Result<Deal> {
  const ctxProblems = contextIssues(ctx);
  const parsed = parseDeal(deal, ctxProblems.length === 0 ? (ctx as EntityContext | undefined) : undefined);
  let clean = parsed.ok && optionIssues.length === 0 && ctxProblems.length === 0;
  for (const [p] of pipelines) clean &&= pipelineIssues(p, []).length === 0;
  if (clean) return parsed;
  const issues = new IssueList();
  for (const [p, path] of pipelines) issues.push(...pipelineIssues(p, path));
  issues.push(...optionIssues, ...ctxProblems);
  if (!parsed.ok) for (const i of parsed.error.issues) issues.push({ ...i, path: ['deal', ...i.path] });
  return err(issues.error(what));
}

function stageOf(pipeline: Pipeline, deal: Deal): Stage | CrmError {
  if (deal.pipelineId !== pipeline.id) {
    return new CrmError(
      'invalid_transition',
      `deal ${deal.id} is in pipeline '${deal.pipelineId}', not '${pipeline.id}'`,
      { issues: [{ path: ['pipelineId'], message: `expected '${pipeline.id}'`, code: 'wrong_pipeline' }] },
    );
  }
  const stage = pipeline.stageById.get(deal.stageId);
  if (stage === undefined) {
    return new CrmError(
      'invalid_transition',
      `deal ${deal.id} is in stage '${deal.stageId}', which pipeline '${pipeline.id}' does not have`,
      { issues: [{ path: ['stageId'], message: `unknown stage '${deal.stageId}'`, code: 'unknown_stage' }] },
    );
  }
  return stage;
}

/** The new `updatedAt`: the context's clock when one is given, else the moment of the move. */
function updatedAtOf(ctx: EntityContext | undefined, at: Date): Date | CrmError {
  const now = ctx?.clock === undefined ? new Date(at.getTime()) : ctx.clock.now();
  if (validDate(now)) return new Date(now.getTime());
  return invalidInput('the context clock', [crmIssue.invalidDate(['ctx', 'clock'], now)]);
}

/** Event id: derived from the deal id and its new version, so it is deterministic and unique per change. */
const eventId = (deal: Deal): string => `${deal.id}@${deal.version}`;

function makeEvent(
  pipelineId: string,
  from: Stage,
  to: Stage,
  next: Deal,
  at: Date,
  by: string | null,
  reason: string | null,
): DealEvent {
  const id = eventId(next);
  const aggregate = Object.freeze({ kind: 'deal' as const, id: next.id });
  const amount = next.amount;
  const probability = next.probability.value;
  const fromStageId = from.id;
  const toStageId = to.id;
  // Literal objects (no spreads): this runs on every transition. Every part is new or frozen already.
  if (to.kind === 'won')
    return Object.freeze({
      id,
      at,
      by,
      aggregate,
      type: 'deal_won' as const,
      payload: Object.freeze({ pipelineId, fromStageId, toStageId, reason, amount, probability, closedAt: at }),
    });
  if (to.kind === 'lost')
    return Object.freeze({
      id,
      at,
      by,
      aggregate,
      type: 'deal_lost' as const,
      payload: Object.freeze({
        pipelineId,
        fromStageId,
        toStageId,
        reason,
        amount,
        probability,
        closedAt: at,
        lostReason: next.lostReason,
      }),
    });
  const payload = Object.freeze({ pipelineId, fromStageId, toStageId, reason, amount, probability });
  if (from.kind !== 'open') return Object.freeze({ id, at, by, aggregate, type: 'deal_reopened' as const, payload });
  return Object.freeze({ id, at, by, aggregate, type: 'deal_stage_changed' as const, payload });
}

/** The move must not go back in time: `at` is at or after the deal's last history entry. */
function checkOrder(deal: Deal, at: Date): CrmError | undefined {
  const last = deal.stageHistory[deal.stageHistory.length - 1];
  if (last !== undefined && at.getTime() < last.at.getTime()) {
    return new CrmError(
      'validation_failed',
      `transition at ${at.toISOString()} is before the deal's last move (${last.at.toISOString()}); history must stay in time order`,
      {
        issues: [{ path: ['at'], message: `must be at or after ${last.at.toISOString()}`, code: 'out_of_order' }],
      },
    );
  }
  return undefined;
}

/**
 * Moves a deal to another stage of its pipeline. Pure: the input deal is not changed (nor frozen);
 * the result is a new frozen deal (same fields as `updateDeal` would give: `version + 1`,
 * `updatedAt`) with
 * - `stageId` set and a history entry `{ from, to, at, by, reason }` appended;
 * - `closedAt = at` entering a won or lost stage, `null` again when reopened; `lostReason` set
 *   from the options entering a lost stage and cleared when leaving it;
 * - the **probability override policy**: a probability with source `'stage'` follows the new
 *   stage; one with source `'manual'` or `'model'` is kept (someone chose it) unless
 *   `resetProbability: true` is passed — or call {@link resetProbabilityToStage}. Won/lost status is
 *   the stage's kind, never read from the probability.
 *
 * What it is given is validated first, so bad data gets a `validation_failed` error (it never throws): the deal as `parseDeal` reads it (issues under `['deal']`: `name: NaN`, `version: NaN`, an
 * amount of `'abc'` are refused), the pipeline (it must come from `definePipeline`), the options
 * (`at` a valid Date not before the deal's last move; `by` at most 200 and the reasons at most 2,000
 * characters; unknown keys refused) and the context. Then it fails with `invalid_transition` (wrong
 * pipeline, unknown stage, same stage, a move the pipeline does not allow — the message lists the
 * allowed targets) or `guard_rejected` (each refusing guard named, one issue per missing field,
 * path = the field). The event is `deal_won`, `deal_lost`, `deal_reopened` (closed → open) or
 * `deal_stage_changed`, with id `<dealId>@<new version>` and aggregate `{ kind: 'deal', id }`.
 *
 * @example
 * ```ts
 * declare const deal: Deal;
 * const r = transitionDeal(b2bPipeline, deal, 'closed_lost', { at: new Date('2026-03-01T00:00:00Z'), by: 'u1', lostReason: 'price' });
 * if (r.ok) r.value.event.type; //=> 'deal_lost'
 * ```
 */
export function transitionDeal(
  pipeline: Pipeline,
  deal: Deal,
  toStageId: string,
  options: TransitionDealOptions,
  ctx?: EntityContext,
): Result<TransitionOutcome> {
  const read = readInputs(
    'transitionDeal',
    [[pipeline, ['pipeline']]],
    deal,
    moveOptionIssues(options, TRANSITION_KEYS),
    ctx,
  );
  if (!read.ok) return read;
  const d = read.value;
  const from = stageOf(pipeline, d);
  if (from instanceof CrmError) return err(from);
  const at = new Date(options.at.getTime());
  const outOfOrder = checkOrder(d, at);
  if (outOfOrder !== undefined) return err(outOfOrder);
  const by = text(BY_MAX, options.by);
  const reason = text(REASON_MAX, options.reason);
  const lostReasonGiven = text(REASON_MAX, options.lostReason);
  const refused = checkMove(pipeline.machine, from.id, toStageId, d, {
    from: from.id,
    to: toStageId,
    at,
    by,
    reason,
    lostReason: lostReasonGiven,
  });
  if (refused !== undefined) return err(refused);
  const to = pipeline.stageById.get(toStageId)!;
  const updatedAt = updatedAtOf(ctx ?? undefined, at);
  if (updatedAt instanceof CrmError) return err(updatedAt);
  const next = applyMove(d, from, to, {
    at,
    by,
    reason,
    lostReason: lostReasonGiven,
    resetProbability: options.resetProbability === true,
    pipelineId: pipeline.id,
    updatedAt,
  });
  return ok(Object.freeze({ deal: next, event: makeEvent(pipeline.id, from, to, next, at, by, reason) }));
}

interface MoveSpec {
  at: Date;
  by: string | null;
  reason: string | null;
  lostReason: string | null;
  resetProbability: boolean;
  pipelineId: string;
  updatedAt: Date;
}

/** The moved deal. `deal` is a fresh, frozen copy (from `parseDeal`): its parts are reused as they are. */
function applyMove(deal: Deal, from: Stage, to: Stage, spec: MoveSpec): Deal {
  const keep = deal.probability.source !== 'stage' && !spec.resetProbability;
  const probability: Deal['probability'] = keep
    ? deal.probability
    : Object.freeze({ value: to.probability, source: 'stage' as const });
  const closing = to.kind !== 'open';
  const closedAt = closing
    ? from.kind !== 'open' && deal.closedAt !== null && from.kind === to.kind
      ? deal.closedAt
      : spec.at
    : null;
  const lostReason = to.kind === 'lost' ? (spec.lostReason ?? deal.lostReason) : null;
  const history: Deal['stageHistory'] = [
    ...deal.stageHistory,
    Object.freeze({ from: from.id, to: to.id, at: new Date(spec.at.getTime()), by: spec.by, reason: spec.reason }),
  ];
  const next: Deal = {
    ...deal,
    pipelineId: spec.pipelineId,
    stageId: to.id,
    probability,
    stageHistory: Object.freeze(history) as Deal['stageHistory'],
    closedAt: closedAt === null ? null : new Date(closedAt.getTime()),
    lostReason,
    version: deal.version + 1,
    updatedAt: spec.updatedAt,
  };
  return Object.freeze(next);
}

/**
 * Whether {@link transitionDeal} would allow moving `deal` to `toStageId` now, guards included (a
 * UI can grey out a button). `false` for a deal that is not valid, of another pipeline or in an
 * unknown stage, and for a move back in time.
 *
 * @throws CrmError `validation_failed` when `pipeline` is not a pipeline or the options are bad (`at`
 * not a valid Date, unknown keys): calls no type-correct program makes. Bad deal data is `false`.
 *
 * @example
 * ```ts
 * declare const deal: Deal;
 * canTransition(b2bPipeline, deal, 'closed_won', { at: new Date('2026-03-01T00:00:00Z'), by: null }); //=> true or false
 * ```
 */
export function canTransition(
  pipeline: Pipeline,
  deal: Deal,
  toStageId: string,
  options: CanTransitionOptions,
): boolean {
  const bad = [...pipelineIssues(pipeline, ['pipeline']), ...moveOptionIssues(options, CAN_TRANSITION_KEYS)];
  if (bad.length > 0) throw invalidInput('canTransition', bad);
  return transitionDeal(pipeline, deal, toStageId, options).ok;
}

/**
 * One move a UI can offer: the target stage, and whether its guards pass now (with the refusal
 * when they do not, so the UI can say which fields to fill in).
 *
 * @example
 * ```ts
 * const t: AvailableTransition = { stage: b2bPipeline.stageById.get('proposal')!, allowed: true, error: null };
 * ```
 */
export interface AvailableTransition {
  readonly stage: Stage;
  readonly allowed: boolean;
  readonly error: CrmError | null;
}

/**
 * The stages the pipeline allows moving `deal` to, in stage order, each with whether its guards
 * pass now. Empty for a deal that is not valid, of another pipeline or in an unknown stage.
 *
 * @throws CrmError `validation_failed` when `pipeline` is not a pipeline or the options are bad (`at`
 * not a valid Date, unknown keys): calls no type-correct program makes.
 *
 * @example
 * ```ts
 * declare const deal: Deal;
 * availableTransitions(b2bPipeline, deal, { at: new Date('2026-03-01T00:00:00Z'), by: null }).filter((t) => t.allowed).map((t) => t.stage.id);
 * ```
 */
export function availableTransitions(
  pipeline: Pipeline,
  deal: Deal,
  options: AvailableTransitionsOptions,
): readonly AvailableTransition[] {
  const bad = [...pipelineIssues(pipeline, ['pipeline']), ...moveOptionIssues(options, CAN_TRANSITION_KEYS)];
  if (bad.length > 0) throw invalidInput('availableTransitions', bad);
  const parsed = parseDeal(deal);
  if (!parsed.ok) return Object.freeze([]);
  const d = parsed.value;
  const from = stageOf(pipeline, d);
  if (from instanceof CrmError) return Object.freeze([]);
  const at = new Date(options.at.getTime());
  const order = checkOrder(d, at);
  const moves = pipeline.machine.moves.get(from.id)!;
  const out: AvailableTransition[] = [];
  for (const stage of pipeline.stages) {
    if (!moves.has(stage.id)) continue;
    const error =
      order ??
      checkMove(pipeline.machine, from.id, stage.id, d, {
        from: from.id,
        to: stage.id,
        at,
        by: text(BY_MAX, options.by),
        reason: text(REASON_MAX, options.reason),
        lostReason: text(REASON_MAX, options.lostReason),
      }) ??
      null;
    out.push(Object.freeze({ stage, allowed: error === null, error }));
  }
  return Object.freeze(out);
}

/**
 * Sets the deal's probability back to its stage's (source `'stage'`), so it follows the pipeline
 * again: `version + 1`, and `updatedAt` from `ctx.clock` when a context is given (as
 * {@link transitionDeal} does), else `options.at`. Returns the deal (a valid, frozen copy) unchanged
 * when it already does. Bad data gets a `validation_failed` error, never a throw: the deal is read
 * as `parseDeal` reads it, the pipeline must come from `definePipeline`, `at` must be a valid Date;
 * unknown option keys are refused. A deal of another pipeline or in a stage the pipeline lacks is
 * `invalid_transition`.
 *
 * @example
 * ```ts
 * declare const deal: Deal;
 * const r = resetProbabilityToStage(b2bPipeline, deal, { at: new Date('2026-03-01T00:00:00Z') }, { clock: fixedClock('2026-03-01T00:00:00Z') });
 * if (r.ok) r.value.probability; //=> { value: 0.5, source: 'stage' } for a deal in Proposal
 * ```
 */
export function resetProbabilityToStage(
  pipeline: Pipeline,
  deal: Deal,
  options: ResetProbabilityToStageOptions,
  ctx?: EntityContext,
): Result<Deal> {
  const read = readInputs(
    'resetProbabilityToStage',
    [[pipeline, ['pipeline']]],
    deal,
    guardContextIssues(options, ['at']),
    ctx,
  );
  if (!read.ok) return read;
  const d = read.value;
  const stage = stageOf(pipeline, d);
  if (stage instanceof CrmError) return err(stage);
  if (d.probability.source === 'stage' && d.probability.value === stage.probability) return ok(d);
  const updatedAt = updatedAtOf(ctx ?? undefined, options.at);
  if (updatedAt instanceof CrmError) return err(updatedAt);
  return ok(
    Object.freeze({
      ...d,
      probability: Object.freeze({ value: stage.probability, source: 'stage' as const }),
      version: d.version + 1,
      updatedAt,
    }),
  );
}

/**
 * What {@link openDeal} accepts: a deal's fields without `pipelineId`, and `stageId` optional.
 *
 * @example
 * ```ts
 * const input: OpenDealInput = { name: 'Acme', amount: { amount: '12000.00', currency: 'EUR' } };
 * ```
 */
export type OpenDealInput = Omit<DealInput, 'pipelineId' | 'stageId'> & { readonly stageId?: string };

/**
 * Creates a deal in a pipeline: in `input.stageId` when given (it must be an open stage of the
 * pipeline), else in the first open stage, with that stage's probability (source `'stage'`) unless
 * the input sets a `'manual'` or `'model'` one — a `'stage'` probability is always the stage's,
 * whatever value the input gives. Refuses (`validation_failed`) an amount in another currency than
 * the pipeline's, a pipeline not made by `definePipeline`, and everything `createDeal` refuses.
 * The history starts with the entry into that stage at creation time. Never throws for its input.
 *
 * @example
 * ```ts
 * const r = openDeal(b2bPipeline, { name: 'Acme', amount: { amount: '12000.00', currency: 'EUR' } }, { clock: fixedClock('2026-01-05T09:00:00Z'), ids: sequentialIdGenerator() });
 * if (r.ok) r.value.stageId; //=> 'prospecting'
 * ```
 */
export function openDeal(pipeline: Pipeline, input: OpenDealInput, ctx?: EntityContext): Result<Deal> {
  const bad = pipelineIssues(pipeline, ['pipeline']);
  if (!isRecord(input)) bad.push(crmIssue.invalidType(['input'], 'the fields of a deal', input));
  if (bad.length > 0) return err(invalidInput('openDeal', bad));
  // One read of the input's own fields: a getter that throws is bad data, not a throw.
  let fields: Record<string, unknown>;
  let currency: unknown;
  try {
    fields = { ...(input as Record<string, unknown>) };
    const amount = fields['amount'];
    currency = isRecord(amount) ? amount['currency'] : undefined;
  } catch (cause) {
    return err(
      new CrmError('validation_failed', 'openDeal: the input could not be read (a property threw when read)', {
        issues: [crmIssue.invalidType(['input'], 'a plain object of deal fields', input)],
        cause,
      }),
    );
  }
  const own = (k: string): unknown => (Object.prototype.hasOwnProperty.call(fields, k) ? fields[k] : undefined);
  const given = own('stageId');
  const stageId = given ?? pipeline.initialStageId;
  const stage = typeof stageId === 'string' ? pipeline.stageById.get(stageId) : undefined;
  if (stage === undefined || stage.kind !== 'open') {
    const open = pipeline.stages.filter((s) => s.kind === 'open').map((s) => s.id);
    return err(
      new CrmError(
        'validation_failed',
        `openDeal: ${quoteValue(stageId)} is not an open stage of pipeline '${pipeline.id}'; open stages: ${open.join(', ')}`,
        { issues: [crmIssue.invalidValue(['stageId'], `expected an open stage of '${pipeline.id}'`, stageId, open)] },
      ),
    );
  }
  if (pipeline.currency !== null && currency !== pipeline.currency) {
    return err(
      new CrmError(
        'validation_failed',
        `openDeal: pipeline '${pipeline.id}' takes ${pipeline.currency} deals; the amount is in ${quoteValue(currency)}`,
        {
          issues: [
            { path: ['amount', 'currency'], message: `expected ${pipeline.currency}`, code: 'currency_mismatch' },
          ],
        },
      ),
    );
  }
  const probability = own('probability');
  const keepOwn = isRecord(probability) && probability['source'] !== 'stage';
  return createDeal(
    {
      ...(fields as DealInput),
      pipelineId: pipeline.id,
      stageId: stage.id,
      probability: keepOwn ? (probability as DealInput['probability']) : { value: stage.probability, source: 'stage' },
    },
    ctx,
  );
}

/**
 * Moves a deal from pipeline `from` to pipeline `to`: `stageMap` names, for the deal's current
 * stage, the stage of `to` it lands in, which must be of the same kind (open → open, won → won,
 * lost → lost). The history gets an entry `{ from: old stage, to: new stage, at, by, reason }`;
 * a `'stage'` probability follows the new stage; the event is `deal_stage_changed` with
 * `fromPipelineId`. What it is given is validated first (the deal as `parseDeal` reads it, both
 * pipelines, the options — unknown keys refused — the stage map as a plain object read by its own
 * keys, the context), so bad data is a `validation_failed` error, never a throw. Fails with
 * `invalid_transition` when the deal is not in `from`, the map has no entry for its stage or names a
 * stage `to` lacks or of another kind; `validation_failed` for `at` before the last move or a
 * currency `to` does not take. The input deal is neither changed nor frozen.
 *
 * @example
 * ```ts
 * declare const deal: Deal;
 * const r = moveDealToPipeline(deal, b2bPipeline, saasRenewalPipeline, { prospecting: 'renewal_due', qualification: 'renewal_due' }, { at: new Date('2026-03-01T00:00:00Z'), by: 'u1' });
 * ```
 */
export function moveDealToPipeline(
  deal: Deal,
  from: Pipeline,
  to: Pipeline,
  stageMap: Readonly<Record<string, string>>,
  options: MoveDealToPipelineOptions,
  ctx?: EntityContext,
): Result<{ readonly deal: Deal; readonly event: DealStageChangedEvent }> {
  const mapIssues = isRecord(stageMap)
    ? []
    : [crmIssue.invalidType(['stageMap'], 'an object of stage id → stage id', stageMap)];
  const read = readInputs(
    'moveDealToPipeline',
    [
      [from, ['from']],
      [to, ['to']],
    ],
    deal,
    [...mapIssues, ...moveOptionIssues(options, MOVE_KEYS)],
    ctx,
  );
  if (!read.ok) return read;
  const d = read.value;
  const current = stageOf(from, d);
  if (current instanceof CrmError) return err(current);
  const at = new Date(options.at.getTime());
  const outOfOrder = checkOrder(d, at);
  if (outOfOrder !== undefined) return err(outOfOrder);
  const mapped = Object.prototype.hasOwnProperty.call(stageMap, current.id) ? stageMap[current.id] : undefined;
  const targetId = typeof mapped === 'string' ? mapped : undefined;
  if (targetId === undefined) {
    return err(
      new CrmError('invalid_transition', `moveDealToPipeline: the stage map has no entry for '${current.id}'`, {
        issues: [
          {
            path: ['stageMap', current.id],
            message: `map '${current.id}' to a stage of '${to.id}'${mapped === undefined ? '' : `; received ${quoteValue(mapped)}`}`,
            code: 'unmapped_stage',
          },
        ],
      }),
    );
  }
  const target = to.stageById.get(targetId);
  if (target === undefined || target.kind !== current.kind) {
    return err(
      new CrmError(
        'invalid_transition',
        `moveDealToPipeline: ${quoteValue(targetId)} is ${target === undefined ? `not a stage of '${to.id}'` : `a ${target.kind} stage, but the deal is in a ${current.kind} stage`}`,
        {
          issues: [
            {
              path: ['stageMap', current.id],
              message: `expected a ${current.kind} stage of '${to.id}'`,
              code: target === undefined ? 'unknown_stage' : 'stage_kind_mismatch',
            },
          ],
        },
      ),
    );
  }
  if (to.currency !== null && d.amount.currency !== to.currency) {
    return err(
      new CrmError(
        'validation_failed',
        `moveDealToPipeline: pipeline '${to.id}' takes ${to.currency} deals; the deal is in ${d.amount.currency}`,
        { issues: [{ path: ['amount', 'currency'], message: `expected ${to.currency}`, code: 'currency_mismatch' }] },
      ),
    );
  }
  const by = text(BY_MAX, options.by);
  const reason = text(REASON_MAX, options.reason);
  const updatedAt = updatedAtOf(ctx ?? undefined, at);
  if (updatedAt instanceof CrmError) return err(updatedAt);
  const next = applyMove(d, current, target, {
    at,
    by,
    reason,
    lostReason: null,
    resetProbability: options.resetProbability === true,
    pipelineId: to.id,
    updatedAt,
  });
  const fixed =
    current.kind === 'open' ? next : Object.freeze({ ...next, closedAt: d.closedAt, lostReason: d.lostReason });
  const base = {
    id: eventId(fixed),
    at,
    by,
    aggregate: Object.freeze({ kind: 'deal' as const, id: fixed.id }),
  };
  const event: DealStageChangedEvent = Object.freeze({
    ...base,
    type: 'deal_stage_changed',
    payload: Object.freeze({
      pipelineId: to.id,
      fromPipelineId: from.id,
      fromStageId: current.id,
      toStageId: target.id,
      reason,
      amount: fixed.amount,
      probability: fixed.probability.value,
    }),
  });
  return ok(Object.freeze({ deal: fixed, event }));
}
