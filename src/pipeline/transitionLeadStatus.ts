/**
 * Moving a lead along the lead lifecycle (new → contacted → nurturing → MQL → SQL, or unqualified):
 * the next lead (status, qualification and history) and the event, or a refusal saying why.
 *
 * @module
 */
import { CrmError } from '../core/errors.js';
import { ok, type Result } from '../core/result.js';
import { crmIssue, invalidInput } from '../core/issues.js';
import type { DomainEvent } from '../core/events.js';
import { LEAD_LIFECYCLE_STATES, LEAD_STATUSES } from '../entities/enums.js';
import { parseLead, updateLead, type Lead } from '../entities/lead.js';
import type { EntityContext } from '../entities/define.js';
import type { StageMachine } from './machine.js';
import { leadLifecycle, type LeadLifecycleState } from './lifecycles.js';
import { moveWithHistory, type HistoryMoveSpec } from './_lifecycleMove.js';

/**
 * Options of {@link transitionLeadStatus}.
 *
 * @example
 * ```ts
 * const o: TransitionLeadStatusOptions = { at: new Date('2026-03-02T09:00:00Z'), by: 'sdr-1', reason: 'score 72 ≥ 60' };
 * ```
 */
export interface TransitionLeadStatusOptions {
  /** When the status changes; not before the lead's creation nor its last history entry. */
  readonly at: Date;
  /** Who changes it (a user id, at most 200 characters), or null. */
  readonly by?: string | null;
  /** Why (kept in the history entry; at most 2,000 characters). */
  readonly reason?: string | null;
  /**
   * Make the move even though the machine does not allow it or it goes backwards (sending an SQL
   * back to marketing). Recorded: the history entry gets `forced: true`. Default false. An
   * unqualified lead re-engaging (→ nurturing, which the machine allows) needs no force (a re-entry).
   */
  readonly force?: boolean | null;
  /** The machine to follow; default `leadLifecycle`. Its guards see the lead. */
  readonly machine?: StageMachine<LeadLifecycleState, Lead> | null;
}

/**
 * The event of a lead move, `lead_status_changed`, with the lifecycle states (`mql` and `sql` for a
 * qualified lead). Its id is `<leadId>@<new version>`.
 *
 * @example
 * ```ts
 * declare const e: LeadStatusEvent;
 * e.payload.toStatus; //=> e.g. 'sql'
 * ```
 */
export type LeadStatusEvent = DomainEvent<
  'lead_status_changed',
  {
    readonly fromStatus: LeadLifecycleState;
    readonly toStatus: LeadLifecycleState;
    readonly reason: string | null;
    readonly forced: boolean;
  }
>;

/**
 * What {@link transitionLeadStatus} gives: the next lead and its event.
 *
 * @example
 * ```ts
 * declare const t: LeadStatusTransition;
 * t.lead.statusHistory.at(-1)?.to; //=> the lead's lifecycle state
 * ```
 */
export interface LeadStatusTransition {
  /** The lead after the move (a new frozen record, `version + 1`). */
  readonly lead: Lead;
  /** The event to publish. */
  readonly event: LeadStatusEvent;
}

const FN = 'transitionLeadStatus';

/**
 * The lifecycle state of a lead: its status, or `mql` / `sql` for a qualified lead (a qualified lead
 * whose qualification is `none` reads as `mql`).
 *
 * @throws CrmError `validation_failed` for something that is not a lead with a status (a call no
 * type-correct program makes).
 *
 * @example
 * ```ts
 * declare const lead: Lead; // status 'qualified', qualification 'sql'
 * leadLifecycleState(lead); //=> 'sql'
 * ```
 */
export function leadLifecycleState(lead: Pick<Lead, 'status' | 'qualification'>): LeadLifecycleState {
  const status: unknown = typeof lead === 'object' && lead !== null ? lead.status : undefined;
  if (typeof status !== 'string' || !(LEAD_STATUSES as readonly string[]).includes(status))
    throw invalidInput('leadLifecycleState', [crmIssue.invalidType(['lead'], 'a lead with a status', lead)]);
  return status === 'qualified' ? (lead.qualification === 'sql' ? 'sql' : 'mql') : (status as LeadLifecycleState);
}

const LEAD_MOVE: HistoryMoveSpec<Lead, 'lead', 'lead_status_changed', LeadStatusEvent['payload']> = {
  fn: FN,
  kind: 'lead',
  states: LEAD_LIFECYCLE_STATES,
  stateLabel: 'a lead lifecycle state',
  parse: parseLead,
  history: (l) => l.statusHistory,
  state: leadLifecycleState,
  defaultMachine: leadLifecycle as StageMachine<string, Lead>,
  refuse: (from, to) =>
    to === 'converted' && from !== 'converted'
      ? new CrmError('invalid_transition', `${FN}: a lead is converted with convertLead, which makes its contact`, {
          issues: [crmIssue.of('transition_not_allowed', ['to'], 'use convertLead to convert a lead')],
        })
      : undefined,
  apply: (d, to, entry) => {
    d.status = to === 'mql' || to === 'sql' ? 'qualified' : (to as Lead['status']);
    d.qualification = to === 'mql' || to === 'sql' ? to : 'none';
    d.statusHistory.push(entry as Lead['statusHistory'][number]);
  },
  update: updateLead,
  eventType: 'lead_status_changed',
  payload: (from, to, o) => ({
    fromStatus: from as LeadLifecycleState,
    toStatus: to as LeadLifecycleState,
    reason: o.reason,
    forced: o.force,
  }),
};

/**
 * Moves a lead to another state of the lead lifecycle through a stage machine (`leadLifecycle`
 * unless `options.machine` names another over the same states). The states are the Lead's statuses
 * with `qualified` split in two: `mql` sets `status: 'qualified', qualification: 'mql'`, `sql` sets
 * `qualification: 'sql'`; `new`, `contacted`, `nurturing` and `unqualified` set that status and
 * `qualification: 'none'` (so an unqualified lead is never `sql`). Pure: the input is neither changed
 * nor frozen; the result is a new frozen lead (as `updateLead` gives it: `version + 1`, `updatedAt` =
 * `at`, or the context clock's time when one is given) with a history entry
 * `{ from, to, at, by, reason, forced }` appended, and the event `lead_status_changed`.
 *
 * Moves are **forward-only by default**: the machine must allow the move (its guards run) and the
 * target must come later in the machine's order (new → contacted → nurturing → mql → sql →
 * converted → unqualified). Sending an SQL back to MQL or nurturing needs `force: true`, which is
 * recorded (`forced: true`). A move out of a terminal state the machine allows is a **re-entry**
 * and needs no force: an unqualified lead re-engaging goes back to nurturing, its history entry
 * marked `reentry: true`. A lead is converted
 * with `convertLead` (`crmkit/entities`), which makes its contact: a move to `converted` is refused
 * here, saying so.
 *
 * Bad data is a `validation_failed` error, never a throw: the lead as `parseLead` reads it (issues
 * under `['lead']`), a target that is not a lead lifecycle state, the options (as
 * `transitionContactLifecycle`'s), the context. A refused move is `invalid_transition` or
 * `guard_rejected`.
 *
 * @throws whatever a guard of the caller's machine throws (the caller's own code, unchanged).
 *
 * @example
 * ```ts
 * declare const lead: Lead; // status 'qualified', qualification 'mql'
 * const r = transitionLeadStatus(lead, 'sql', { at: new Date('2026-03-02T09:00:00Z'), by: 'ae-1' });
 * if (r.ok) [r.value.lead.status, r.value.lead.qualification]; //=> ['qualified', 'sql']
 * ```
 */
export function transitionLeadStatus(
  lead: Lead,
  to: LeadLifecycleState,
  options: TransitionLeadStatusOptions,
  ctx?: EntityContext,
): Result<LeadStatusTransition> {
  const r = moveWithHistory(LEAD_MOVE, lead, to, options, ctx);
  return r.ok ? ok(Object.freeze({ lead: r.value.record, event: r.value.event })) : r;
}
