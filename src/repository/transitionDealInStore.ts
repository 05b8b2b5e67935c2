/**
 * Deal stage transitions persisted with a version check and their event.
 *
 * @module
 */
import type { DealId } from '../core/ids.js';
import { err, ok, type Result } from '../core/result.js';
import type { EntityContext } from '../entities/index.js';
import { transitionDeal, type Pipeline, type TransitionOptions, type TransitionOutcome } from '../pipeline/index.js';
import type { Store, StoreContext } from './ports.js';
import { notFoundError } from './storeErrors.js';
import { crmIssue, invalidInput } from '../core/issues.js';
import { checkStoreCall, readInput } from './checkStoreCall.js';

/**
 * Moves a stored deal to another stage in one transaction: loads it, runs the pipeline's pure
 * `transitionDeal` (guards included), saves the result with `expectedVersion` = the loaded version,
 * and appends the transition's event (`deal_stage_changed`, `deal_won`, `deal_lost` or
 * `deal_reopened`) — all of it, or nothing. Fails with `not_found` (no such deal in the tenant),
 * whatever `transitionDeal` reports (`invalid_transition`, `guard_rejected`, `validation_failed`),
 * `conflict` (the deal changed meanwhile: reload and retry) or whatever the store reports for a read
 * or a write (`adapter_failure`, …), as a failed `Result`; nothing is then persisted. A `store` that
 * is not a Store or an invalid `ctx` fails with `validation_failed` before anything is read. Never
 * rejects for its input.
 *
 * @example
 * ```ts
 * declare const store: Store;
 * declare const deal: Deal;
 * const ctx = { tenantId: 'acme', actor: 'u1' };
 * const r = await transitionDealInStore(store, ctx, b2bPipeline, deal.id, 'closed_won', { at: new Date('2026-03-01T10:00:00Z'), by: 'u1' });
 * if (r.ok) r.value.event.type; //=> 'deal_won'
 * ```
 */
export async function transitionDealInStore(
  store: Store,
  ctx: StoreContext,
  pipeline: Pipeline,
  dealId: DealId | string,
  toStageId: string,
  options: TransitionOptions,
  entityCtx?: EntityContext,
): Promise<Result<TransitionOutcome>> {
  const checked = checkStoreCall('transitionDealInStore', store, ctx);
  if (!checked.ok) return checked;
  const c = checked.value;
  if (typeof dealId !== 'string')
    return err(
      invalidInput('transitionDealInStore', [crmIssue.invalidType(['dealId'], 'a deal id (a string)', dealId)]),
    );
  return store.transaction(c, async (tx) => {
    const loaded = await tx.deals.get(c, dealId as DealId);
    if (!loaded.ok) return loaded;
    const deal = loaded.value;
    if (deal === null) return err(notFoundError('deals', dealId, ['dealId']));
    // transitionDeal never throws for its input; should it, the transaction still answers with a Result.
    const attempt = readInput(
      'transitionDealInStore',
      [],
      () => transitionDeal(pipeline, deal, toStageId, options, entityCtx),
      'the deal could not be moved with this pipeline, options and context',
    );
    if (!attempt.ok) return attempt;
    const moved = attempt.value;
    if (!moved.ok) return moved;
    const saved = await tx.deals.update(c, moved.value.deal, { expectedVersion: deal.version });
    if (!saved.ok) return saved;
    const appended = await tx.events.append(c, [moved.value.event]);
    if (!appended.ok) return appended;
    return ok(moved.value);
  });
}
