/**
 * Pure deal transitions: the new deal and the domain event, or a refusal saying why.
 *
 * @module
 */
import { CrmError } from '../core/errors.js';
import { err, ok, type Result } from '../core/result.js';
import type { DomainEvent } from '../core/events.js';
import type { Money } from '../money/money.js';
import { deepFreeze } from '../_lib/freeze.js';
import { createDeal, type Deal, type DealInput } from '../entities/deal.js';
import type { EntityContext } from '../entities/define.js';
import { checkMove } from './machine.js';
import type { Pipeline, Stage } from './define.js';
import { quoteValue } from '../_lib/show.js';

/**
 * Options of {@link transitionDeal}.
 *
 * @example
 * ```ts
 * const o: TransitionOptions = { at: new Date('2026-03-01T10:00:00Z'), by: 'user-1', lostReason: 'price' };
 * ```
 */
export interface TransitionOptions {
  /** When the move happens; not before the deal's last history entry. Also the new `updatedAt` unless `ctx.clock` is given. */
  readonly at: Date;
  /** Who moves the deal (a user id), or null. */
  readonly by: string | null;
  /** Why (kept in the history entry). */
  readonly reason?: string | null;
  /** Why the deal was lost (moves into a lost stage; stored on the deal). */
  readonly lostReason?: string | null;
  /** Set the probability to the stage's even when it is `manual` or `model` (see {@link resetProbabilityToStage}). */
  readonly resetProbability?: boolean;
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
 * if (e.type === 'deal_won') console.log(e.payload.amount);
 * ```
 */
export type DealWonEvent = DomainEvent<'deal_won', DealEventPayload & { readonly closedAt: Date }>;
/**
 * A deal entered a lost stage.
 * @example
 * ```ts
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
 * const { deal, event } = unwrap(transitionDeal(b2bPipeline, d, 'proposal', { at, by: null }));
 * ```
 */
export interface TransitionOutcome {
  readonly deal: Deal;
  readonly event: DealEvent;
}

const validDate = (d: unknown): d is Date => d instanceof Date && Number.isFinite(d.getTime());

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
  fromPipelineId?: string,
): DealEvent {
  const base = { id: eventId(next), at, by, aggregate: Object.freeze({ kind: 'deal' as const, id: next.id }) };
  const payload: DealEventPayload = {
    pipelineId,
    fromStageId: from.id,
    toStageId: to.id,
    reason,
    amount: next.amount,
    probability: next.probability.value,
  };
  let event: DealEvent;
  if (to.kind === 'won') event = { ...base, type: 'deal_won', payload: { ...payload, closedAt: at } };
  else if (to.kind === 'lost')
    event = { ...base, type: 'deal_lost', payload: { ...payload, closedAt: at, lostReason: next.lostReason } };
  else if (from.kind !== 'open') event = { ...base, type: 'deal_reopened', payload };
  else
    event = {
      ...base,
      type: 'deal_stage_changed',
      payload: fromPipelineId === undefined ? payload : { ...payload, fromPipelineId },
    };
  // Every part is new or already frozen (the amount comes from the frozen deal).
  Object.freeze(event.payload);
  return Object.freeze(event);
}

/** The checks common to every move: a valid, ordered `at` and valid optional texts. */
function checkOptions(deal: Deal, options: TransitionOptions): CrmError | undefined {
  if (options === null || typeof options !== 'object' || !validDate(options.at)) {
    return new CrmError('validation_failed', 'transition options need `at`, a valid Date', {
      issues: [{ path: ['at'], message: 'Expected a valid Date', code: 'invalid_date' }],
    });
  }
  const last = deal.stageHistory[deal.stageHistory.length - 1];
  if (last !== undefined && options.at.getTime() < last.at.getTime()) {
    return new CrmError(
      'validation_failed',
      `transition at ${options.at.toISOString()} is before the deal's last move (${last.at.toISOString()}); history must stay in time order`,
      {
        issues: [{ path: ['at'], message: `must be at or after ${last.at.toISOString()}`, code: 'out_of_order' }],
      },
    );
  }
  return undefined;
}

/**
 * Moves a deal to another stage of its pipeline. Pure: the input deal is not changed; the result
 * is a new frozen deal (same fields as `updateDeal` would give: `version + 1`, `updatedAt`) with
 * - `stageId` set and a history entry `{ from, to, at, by, reason }` appended;
 * - `closedAt = at` entering a won or lost stage, `null` again when reopened; `lostReason` set
 *   from the options entering a lost stage and cleared when leaving it;
 * - the **probability override policy**: a probability with source `'stage'` follows the new
 *   stage; one with source `'manual'` or `'model'` is kept (someone chose it) unless
 *   `resetProbability: true` is passed — or call {@link resetProbabilityToStage}. Won/lost status is
 *   the stage's kind, never read from the probability.
 *
 * Fails with `invalid_transition` (wrong pipeline, unknown stage, same stage, a move the pipeline
 * does not allow — the message lists the allowed targets), `guard_rejected` (each refusing guard
 * named, one issue per missing field, path = the field) or `validation_failed` (bad `at`, or `at`
 * before the last history entry). The event is `deal_won`, `deal_lost`, `deal_reopened` (closed →
 * open) or `deal_stage_changed`, with id `<dealId>@<new version>` and aggregate `{ kind: 'deal', id }`.
 *
 * @example
 * ```ts
 * const r = transitionDeal(b2bPipeline, deal, 'closed_lost', { at: new Date('2026-03-01T00:00:00Z'), by: 'u1', lostReason: 'price' });
 * if (r.ok) r.value.event.type; //=> 'deal_lost'
 * ```
 */
export function transitionDeal(
  pipeline: Pipeline,
  deal: Deal,
  toStageId: string,
  options: TransitionOptions,
  ctx?: EntityContext,
): Result<TransitionOutcome> {
  const from = stageOf(pipeline, deal);
  if (from instanceof CrmError) return err(from);
  const bad = checkOptions(deal, options);
  if (bad !== undefined) return err(bad);
  const at = options.at;
  const by = options.by ?? null;
  const reason = options.reason ?? null;
  const lostReasonGiven = options.lostReason ?? null;
  const refused = checkMove(pipeline.machine, from.id, toStageId, deal, {
    from: from.id,
    to: toStageId,
    at,
    by,
    reason,
    lostReason: lostReasonGiven,
  });
  if (refused !== undefined) return err(refused);
  const to = pipeline.stageById.get(toStageId)!;
  const next = applyMove(
    deal,
    from,
    to,
    {
      at,
      by,
      reason,
      lostReason: lostReasonGiven,
      resetProbability: options.resetProbability === true,
      pipelineId: pipeline.id,
    },
    ctx,
  );
  return ok(Object.freeze({ deal: next, event: makeEvent(pipeline.id, from, to, next, at, by, reason) }));
}

interface MoveSpec {
  at: Date;
  by: string | null;
  reason: string | null;
  lostReason: string | null;
  resetProbability: boolean;
  pipelineId: string;
}

/** Deep-freezes a value carried over from the input unless it is already frozen (crmkit's own deals are). */
function carry<T>(value: T): T {
  return value !== null && typeof value === 'object' && !Object.isFrozen(value) ? deepFreeze(value) : value;
}

function applyMove(deal: Deal, from: Stage, to: Stage, spec: MoveSpec, ctx: EntityContext | undefined): Deal {
  const keep = deal.probability.source !== 'stage' && !spec.resetProbability;
  const probability: Deal['probability'] = keep
    ? carry(deal.probability)
    : Object.freeze({ value: to.probability, source: 'stage' as const });
  const closing = to.kind !== 'open';
  const at = new Date(spec.at.getTime());
  const closedAt = closing
    ? from.kind !== 'open' && deal.closedAt !== null && from.kind === to.kind
      ? deal.closedAt
      : at
    : null;
  const lostReason = to.kind === 'lost' ? (spec.lostReason ?? deal.lostReason) : null;
  const updatedAt = ctx?.clock?.now() ?? new Date(spec.at.getTime());
  const old = deal.stageHistory;
  const history: Deal['stageHistory'] = new Array(old.length + 1);
  for (let i = 0; i < old.length; i++) history[i] = carry(old[i]!);
  history[old.length] = Object.freeze({ from: from.id, to: to.id, at, by: spec.by, reason: spec.reason });
  // Only the new objects need freezing; what is carried over is frozen already (or frozen by `carry`).
  const next: Deal = {
    ...deal,
    amount: carry(deal.amount),
    customFields: carry(deal.customFields),
    pipelineId: spec.pipelineId,
    stageId: to.id,
    probability,
    stageHistory: Object.freeze(history) as Deal['stageHistory'],
    closedAt,
    lostReason,
    version: deal.version + 1,
    updatedAt,
  };
  return Object.freeze(next);
}

/**
 * Whether the pipeline allows moving `deal` to `toStageId` now, guards included (a UI can grey
 * out a button). Never throws; `false` for a deal of another pipeline or an unknown stage.
 *
 * @example
 * ```ts
 * canTransition(b2bPipeline, deal, 'closed_won', { at: new Date('2026-03-01T00:00:00Z'), by: null }); //=> true or false
 * ```
 */
export function canTransition(
  pipeline: Pipeline,
  deal: Deal,
  toStageId: string,
  options: Pick<TransitionOptions, 'at' | 'by' | 'reason' | 'lostReason'>,
): boolean {
  const from = stageOf(pipeline, deal);
  if (from instanceof CrmError) return false;
  return (
    checkMove(pipeline.machine, from.id, toStageId, deal, {
      from: from.id,
      to: toStageId,
      at: options.at,
      by: options.by ?? null,
      reason: options.reason ?? null,
      lostReason: options.lostReason ?? null,
    }) === undefined
  );
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
 * pass now. Empty for a deal of another pipeline or in an unknown stage.
 *
 * @example
 * ```ts
 * availableTransitions(b2bPipeline, deal, { at, by: null }).filter((t) => t.allowed).map((t) => t.stage.id);
 * ```
 */
export function availableTransitions(
  pipeline: Pipeline,
  deal: Deal,
  options: Pick<TransitionOptions, 'at' | 'by' | 'reason' | 'lostReason'>,
): readonly AvailableTransition[] {
  const from = stageOf(pipeline, deal);
  if (from instanceof CrmError) return Object.freeze([]);
  const moves = pipeline.machine.moves.get(from.id)!;
  const out: AvailableTransition[] = [];
  for (const stage of pipeline.stages) {
    if (!moves.has(stage.id)) continue;
    const error =
      checkMove(pipeline.machine, from.id, stage.id, deal, {
        from: from.id,
        to: stage.id,
        at: options.at,
        by: options.by ?? null,
        reason: options.reason ?? null,
        lostReason: options.lostReason ?? null,
      }) ?? null;
    out.push(Object.freeze({ stage, allowed: error === null, error }));
  }
  return Object.freeze(out);
}

/**
 * Sets the deal's probability back to its stage's (source `'stage'`), so it follows the pipeline
 * again. Returns the deal unchanged (same object) when it already does.
 *
 * @example
 * ```ts
 * const r = resetProbabilityToStage(b2bPipeline, deal, { at: new Date('2026-03-01T00:00:00Z') });
 * r.ok && r.value.probability; //=> { value: 0.5, source: 'stage' } for a deal in Proposal
 * ```
 */
export function resetProbabilityToStage(pipeline: Pipeline, deal: Deal, options: { readonly at: Date }): Result<Deal> {
  const stage = stageOf(pipeline, deal);
  if (stage instanceof CrmError) return err(stage);
  if (!validDate(options?.at))
    return err(
      new CrmError('validation_failed', 'resetProbabilityToStage needs `at`, a valid Date', {
        issues: [{ path: ['at'], message: 'Expected a valid Date', code: 'invalid_date' }],
      }),
    );
  if (deal.probability.source === 'stage' && deal.probability.value === stage.probability) return ok(deal);
  return ok(
    deepFreeze({
      ...deal,
      probability: { value: stage.probability, source: 'stage' as const },
      version: deal.version + 1,
      updatedAt: options.at,
    }),
  );
}

/**
 * Creates a deal in a pipeline: in `input.stageId` when given (it must be an open stage of the
 * pipeline), else in the first open stage, with that stage's probability (source `'stage'`)
 * unless the input sets one. Refuses (`validation_failed`) an amount in another currency than
 * the pipeline's. The history starts with the entry into that stage at creation time.
 *
 * @example
 * ```ts
 * const r = openDeal(b2bPipeline, { name: 'Acme', amount: { amount: '12000.00', currency: 'EUR' } }, { clock: fixedClock('2026-01-05T09:00:00Z'), ids: sequentialIdGenerator() });
 * r.ok && r.value.stageId; //=> 'prospecting'
 * ```
 */
export function openDeal(
  pipeline: Pipeline,
  input: Omit<DealInput, 'pipelineId' | 'stageId'> & { readonly stageId?: string },
  ctx?: EntityContext,
): Result<Deal> {
  const stageId = input.stageId ?? pipeline.initialStageId;
  const stage = pipeline.stageById.get(stageId);
  if (stage === undefined || stage.kind !== 'open') {
    return err(
      new CrmError(
        'validation_failed',
        `openDeal: '${stageId}' is not an open stage of pipeline '${pipeline.id}'; open stages: ${pipeline.stages
          .filter((s) => s.kind === 'open')
          .map((s) => s.id)
          .join(', ')}`,
        {
          issues: [{ path: ['stageId'], message: `expected an open stage of '${pipeline.id}'`, code: 'invalid_value' }],
        },
      ),
    );
  }
  const currency = (input.amount as { currency?: unknown } | undefined)?.currency;
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
  return createDeal(
    {
      ...input,
      pipelineId: pipeline.id,
      stageId,
      probability: input.probability ?? { value: stage.probability, source: 'stage' },
    },
    ctx,
  );
}

/**
 * Moves a deal from pipeline `from` to pipeline `to`: `stageMap` names, for the deal's current
 * stage, the stage of `to` it lands in, which must be of the same kind (open → open, won → won,
 * lost → lost). The history gets an entry `{ from: old stage, to: new stage, at, by, reason }`;
 * a `'stage'` probability follows the new stage; the event is `deal_stage_changed` with
 * `fromPipelineId`. Fails with `invalid_transition` when the deal is not in `from`, the map has
 * no entry for its stage or names a stage `to` lacks or of another kind; `validation_failed` for
 * a bad `at` or a currency `to` does not take.
 *
 * @example
 * ```ts
 * const r = moveDealToPipeline(deal, b2bPipeline, saasRenewalPipeline, { prospecting: 'renewal_due', qualification: 'renewal_due' }, { at, by: 'u1' });
 * ```
 */
export function moveDealToPipeline(
  deal: Deal,
  from: Pipeline,
  to: Pipeline,
  stageMap: Readonly<Record<string, string>>,
  options: Omit<TransitionOptions, 'lostReason'>,
  ctx?: EntityContext,
): Result<{ readonly deal: Deal; readonly event: DealStageChangedEvent }> {
  const current = stageOf(from, deal);
  if (current instanceof CrmError) return err(current);
  const bad = checkOptions(deal, options);
  if (bad !== undefined) return err(bad);
  const targetId = Object.prototype.hasOwnProperty.call(stageMap, current.id) ? stageMap[current.id] : undefined;
  if (targetId === undefined) {
    return err(
      new CrmError('invalid_transition', `moveDealToPipeline: the stage map has no entry for '${current.id}'`, {
        issues: [
          {
            path: ['stageMap', current.id],
            message: `map '${current.id}' to a stage of '${to.id}'`,
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
        `moveDealToPipeline: '${targetId}' is ${target === undefined ? `not a stage of '${to.id}'` : `a ${target.kind} stage, but the deal is in a ${current.kind} stage`}`,
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
  if (to.currency !== null && deal.amount.currency !== to.currency) {
    return err(
      new CrmError(
        'validation_failed',
        `moveDealToPipeline: pipeline '${to.id}' takes ${to.currency} deals; the deal is in ${deal.amount.currency}`,
        { issues: [{ path: ['amount', 'currency'], message: `expected ${to.currency}`, code: 'currency_mismatch' }] },
      ),
    );
  }
  const reason = options.reason ?? null;
  const next = applyMove(
    deal,
    current,
    target,
    {
      at: options.at,
      by: options.by ?? null,
      reason,
      lostReason: null,
      resetProbability: options.resetProbability === true,
      pipelineId: to.id,
    },
    ctx,
  );
  const fixed =
    current.kind === 'open' ? next : deepFreeze({ ...next, closedAt: deal.closedAt, lostReason: deal.lostReason });
  const base = {
    id: eventId(fixed),
    at: options.at,
    by: options.by ?? null,
    aggregate: Object.freeze({ kind: 'deal' as const, id: fixed.id }),
  };
  const event: DealStageChangedEvent = deepFreeze({
    ...base,
    type: 'deal_stage_changed',
    payload: {
      pipelineId: to.id,
      fromPipelineId: from.id,
      fromStageId: current.id,
      toStageId: target.id,
      reason,
      amount: fixed.amount,
      probability: fixed.probability.value,
    },
  });
  return ok(Object.freeze({ deal: fixed, event }));
}
