/**
 * Preset stage machines for the lead, ticket and customer lifecycles.
 *
 * @module
 */
import { unwrap } from '../core/result.js';
import type { LEAD_LIFECYCLE_STATES } from '../entities/enums.js';
import { defineStageMachine, type StageMachine } from './machine.js';

/**
 * States of the lead lifecycle. `mql` and `sql` are the two steps of a `qualified` lead
 * (marketing-, then sales-qualified; the Lead's `status: 'qualified'` with `qualification`).
 *
 * @example
 * ```ts
 * const s: LeadLifecycleState = 'mql';
 * ```
 */
export type LeadLifecycleState = (typeof LEAD_LIFECYCLE_STATES)[number];

/**
 * The lead lifecycle: new → contacted → nurturing → qualified (MQL → SQL) → converted, with
 * `unqualified` reachable from every open state and leaving it only back to nurturing.
 * `converted` is final; conversion is only from SQL.
 *
 * @example
 * ```ts
 * canMove(leadLifecycle, 'mql', 'sql');       //=> true
 * canMove(leadLifecycle, 'new', 'converted'); //=> false
 * ```
 */
export const leadLifecycle: StageMachine<LeadLifecycleState> = /* @__PURE__ */ unwrap(
  /* @__PURE__ */ defineStageMachine({
    id: 'lead_lifecycle',
    initial: 'new',
    states: [
      { id: 'new' },
      { id: 'contacted' },
      { id: 'nurturing' },
      { id: 'mql' },
      { id: 'sql' },
      { id: 'converted', terminal: true },
      { id: 'unqualified', terminal: true },
    ],
    transitions: [
      { from: 'new', to: ['contacted', 'mql'] },
      { from: 'contacted', to: ['nurturing', 'mql'] },
      { from: 'nurturing', to: ['contacted', 'mql'] },
      { from: 'mql', to: ['sql', 'nurturing'] },
      { from: 'sql', to: ['converted', 'mql', 'nurturing'] },
      { from: '*', to: 'unqualified' },
      { from: 'unqualified', to: 'nurturing' },
    ],
  }),
);

/**
 * States of the support-ticket lifecycle (the Ticket's `status` values).
 *
 * @example
 * ```ts
 * const s: TicketLifecycleState = 'pending';
 * ```
 */
export type TicketLifecycleState = 'new' | 'open' | 'pending' | 'resolved' | 'closed';

/**
 * The ticket lifecycle: new → open ⇄ pending → resolved → closed; a resolved or closed ticket
 * can be reopened (→ open).
 *
 * @example
 * ```ts
 * nextStates(ticketLifecycle, 'resolved'); //=> ['open', 'closed']
 * ```
 */
export const ticketLifecycle: StageMachine<TicketLifecycleState> = /* @__PURE__ */ unwrap(
  /* @__PURE__ */ defineStageMachine({
    id: 'ticket_lifecycle',
    initial: 'new',
    states: [{ id: 'new' }, { id: 'open' }, { id: 'pending' }, { id: 'resolved' }, { id: 'closed', terminal: true }],
    transitions: [
      { from: 'new', to: ['open', 'resolved'] },
      { from: 'open', to: ['pending', 'resolved'] },
      { from: 'pending', to: ['open', 'resolved'] },
      { from: 'resolved', to: ['open', 'closed'] },
      { from: 'closed', to: 'open' },
    ],
  }),
);

/**
 * States of the customer lifecycle (the Contact's `lifecycleStage` values).
 *
 * @example
 * ```ts
 * const s: CustomerLifecycleState = 'advocacy';
 * ```
 */
export type CustomerLifecycleState = 'awareness' | 'consideration' | 'decision' | 'growth' | 'advocacy' | 'churned';

/**
 * The customer lifecycle: awareness → consideration → decision → growth → advocacy (each step
 * may also fall back one step); a customer (growth or advocacy) can churn, and a churned
 * customer can be won back: into consideration (re-engaging), decision (an open deal again) or
 * growth (buying again). `churned` is terminal, so those moves out of it are re-entries, which
 * `transitionContactLifecycle` makes without `force`.
 *
 * @example
 * ```ts
 * canMove(customerLifecycle, 'growth', 'churned');        //=> true
 * canMove(customerLifecycle, 'churned', 'consideration'); //=> true
 * canMove(customerLifecycle, 'churned', 'growth');        //=> true
 * ```
 */
export const customerLifecycle: StageMachine<CustomerLifecycleState> = /* @__PURE__ */ unwrap(
  /* @__PURE__ */ defineStageMachine({
    id: 'customer_lifecycle',
    initial: 'awareness',
    states: [
      { id: 'awareness' },
      { id: 'consideration' },
      { id: 'decision' },
      { id: 'growth' },
      { id: 'advocacy' },
      { id: 'churned', terminal: true },
    ],
    transitions: [
      { from: 'awareness', to: 'consideration' },
      { from: 'consideration', to: ['decision', 'awareness'] },
      { from: 'decision', to: ['growth', 'consideration'] },
      { from: 'growth', to: ['advocacy', 'churned'] },
      { from: 'advocacy', to: ['growth', 'churned'] },
      { from: 'churned', to: ['consideration', 'decision', 'growth'] },
    ],
  }),
);
