/**
 * Moving a contact along the customer lifecycle: the next contact (stage and history) and the event,
 * or a refusal saying why.
 *
 * @module
 */
import { ok, type Result } from '../core/result.js';
import type { DomainEvent } from '../core/events.js';
import { LIFECYCLE_STAGES, type LifecycleStage } from '../entities/enums.js';
import { parseContact, updateContact, type Contact } from '../entities/contact.js';
import type { EntityContext } from '../entities/define.js';
import type { StageMachine } from './machine.js';
import { customerLifecycle } from './lifecycles.js';
import { moveWithHistory, type HistoryMoveSpec } from './_lifecycleMove.js';

/**
 * Options of {@link transitionContactLifecycle}.
 *
 * @example
 * ```ts
 * const o: TransitionContactLifecycleOptions = { at: new Date('2026-03-02T09:00:00Z'), by: 'user-1', reason: 'first order' };
 * ```
 */
export interface TransitionContactLifecycleOptions {
  /** When the stage changes; not before the contact's creation nor its last history entry. */
  readonly at: Date;
  /** Who changes it (a user id, at most 200 characters), or null. */
  readonly by?: string | null;
  /** Why (kept in the history entry; at most 2,000 characters). */
  readonly reason?: string | null;
  /**
   * Make the move even though the machine does not allow it or it goes backwards (a correction).
   * Recorded: the history entry gets `forced: true`. Default false. A win-back out of `churned` the
   * machine allows needs no force (a re-entry).
   */
  readonly force?: boolean | null;
  /** The machine to follow; default `customerLifecycle`. Its guards see the contact. */
  readonly machine?: StageMachine<LifecycleStage, Contact> | null;
}

/**
 * The event of a lifecycle move, `contact_lifecycle_changed`. Its id is `<contactId>@<new version>`.
 *
 * @example
 * ```ts
 * declare const e: ContactLifecycleEvent;
 * e.payload.toStage; //=> e.g. 'growth'
 * ```
 */
export type ContactLifecycleEvent = DomainEvent<
  'contact_lifecycle_changed',
  {
    readonly fromStage: LifecycleStage;
    readonly toStage: LifecycleStage;
    readonly reason: string | null;
    readonly forced: boolean;
  }
>;

/**
 * What {@link transitionContactLifecycle} gives: the next contact and its event.
 *
 * @example
 * ```ts
 * declare const t: ContactLifecycleTransition;
 * t.contact.lifecycleHistory.at(-1)?.to === t.contact.lifecycleStage; //=> true
 * ```
 */
export interface ContactLifecycleTransition {
  /** The contact after the move (a new frozen record, `version + 1`). */
  readonly contact: Contact;
  /** The event to publish. */
  readonly event: ContactLifecycleEvent;
}

const CONTACT_MOVE: HistoryMoveSpec<Contact, 'contact', 'contact_lifecycle_changed', ContactLifecycleEvent['payload']> =
  {
    fn: 'transitionContactLifecycle',
    kind: 'contact',
    states: LIFECYCLE_STAGES,
    stateLabel: 'a lifecycle stage',
    parse: parseContact,
    history: (c) => c.lifecycleHistory,
    state: (c) => c.lifecycleStage,
    defaultMachine: customerLifecycle as StageMachine<string, Contact>,
    apply: (d, to, entry) => {
      d.lifecycleStage = to as LifecycleStage;
      d.lifecycleHistory.push(entry as Contact['lifecycleHistory'][number]);
    },
    update: updateContact,
    eventType: 'contact_lifecycle_changed',
    payload: (from, to, o) => ({
      fromStage: from as LifecycleStage,
      toStage: to as LifecycleStage,
      reason: o.reason,
      forced: o.force,
    }),
  };

/**
 * Moves a contact to another customer-lifecycle stage through a stage machine
 * (`customerLifecycle` unless `options.machine` names another over the same stages). Pure: the
 * input is neither changed nor frozen; the result is a new frozen contact (as `updateContact` gives
 * it: `version + 1`, `updatedAt` = `at`, or the context clock's time when one is given) with
 * `lifecycleStage` set and a history entry `{ from, to, at, by, reason, forced }` appended (a contact
 * stored before histories existed gets the entry appended to an empty history), and the event
 * `contact_lifecycle_changed`.
 *
 * Moves are **forward-only by default**: the machine must allow the move (its guards run) and the
 * target must come later in the machine's stage order (awareness → consideration → decision →
 * growth → advocacy → churned). So a step back (growth → decision) needs `force: true`, as does a
 * jump the machine lacks (awareness → growth for a customer who bought at once); a forced move is
 * recorded with `forced: true`, and the reason given. The exception is a **re-entry**: a move out of
 * a terminal stage (`churned`) that the machine allows — a churned customer re-engaging
 * (consideration), with an open deal again (decision) or buying again (growth) — is an ordinary
 * event, not a correction, so it needs no force (so `deriveLifecycle`'s suggestion applies as it is);
 * its history entry carries `reentry: true`.
 *
 * Bad data is a `validation_failed` error, never a throw: the contact as `parseContact` reads it
 * (issues under `['contact']`), a target that is not a lifecycle stage, the options (`at` a valid
 * Date not before the contact's creation nor its last move — `before_creation` / `out_of_order`;
 * `by` at most 200 and `reason` at most 2,000 characters; `force` a boolean; `machine` made by
 * `defineStageMachine`; unknown keys refused), the context. A refused move is `invalid_transition`
 * (the machine lacks it — the message lists the allowed targets —, it goes backwards, or the contact
 * is already there) or `guard_rejected` (the refusing guards named).
 *
 * @throws whatever a guard of the caller's machine throws (the caller's own code, unchanged).
 *
 * @example
 * ```ts
 * declare const contact: Contact; // lifecycleStage 'decision'
 * const r = transitionContactLifecycle(contact, 'growth', { at: new Date('2026-03-02T09:00:00Z'), reason: 'first order' });
 * if (r.ok) r.value.event.payload; //=> { fromStage: 'decision', toStage: 'growth', reason: 'first order', forced: false }
 * declare const churned: Contact; // lifecycleStage 'churned'
 * const back = transitionContactLifecycle(churned, 'growth', { at: new Date('2026-09-01T09:00:00Z'), reason: 'ordered again' });
 * if (back.ok) back.value.contact.lifecycleHistory.at(-1)?.reentry; //=> true
 * ```
 */
export function transitionContactLifecycle(
  contact: Contact,
  to: LifecycleStage,
  options: TransitionContactLifecycleOptions,
  ctx?: EntityContext,
): Result<ContactLifecycleTransition> {
  const r = moveWithHistory(CONTACT_MOVE, contact, to, options, ctx);
  return r.ok ? ok(Object.freeze({ contact: r.value.record, event: r.value.event })) : r;
}
