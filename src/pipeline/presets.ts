/**
 * Preset pipelines: default B2B sales, SaaS renewal, and support tickets as a pipeline.
 *
 * @module
 */
import { unwrap } from '../core/result.js';
import { deepFreeze } from '../_lib/freeze.js';
import { definePipeline, type Pipeline, type PipelineDefinition } from './define.js';

/**
 * The definition of {@link b2bPipeline} (serializable; copy and adapt it).
 *
 * @example
 * ```ts
 * definePipeline({ ...b2bPipelineDefinition, id: 'emea', name: 'EMEA sales', currency: 'EUR' });
 * ```
 */
export const b2bPipelineDefinition: PipelineDefinition = /* @__PURE__ */ deepFreeze({
  id: 'b2b',
  name: 'B2B sales',
  currency: null,
  allowReopen: true,
  stages: [
    {
      id: 'prospecting',
      name: 'Prospecting',
      kind: 'open',
      probability: 0.1,
      forecastCategory: 'pipeline',
      rotAfterDays: 30,
    },
    {
      id: 'qualification',
      name: 'Qualification',
      kind: 'open',
      probability: 0.2,
      forecastCategory: 'pipeline',
      rotAfterDays: 30,
    },
    {
      id: 'proposal',
      name: 'Proposal',
      kind: 'open',
      probability: 0.5,
      forecastCategory: 'best_case',
      rotAfterDays: 21,
      guards: [{ type: 'requiredFields', params: { fields: ['amount', 'expectedCloseDate'] } }],
    },
    {
      id: 'negotiation',
      name: 'Negotiation',
      kind: 'open',
      probability: 0.8,
      forecastCategory: 'commit',
      rotAfterDays: 14,
      guards: [{ type: 'requiredFields', params: { fields: ['amount', 'expectedCloseDate'] } }],
    },
    {
      id: 'closed_won',
      name: 'Closed Won',
      kind: 'won',
      probability: 1,
      forecastCategory: 'closed',
      guards: [{ type: 'requiredFields', params: { fields: ['amount'] } }],
    },
    {
      id: 'closed_lost',
      name: 'Closed Lost',
      kind: 'lost',
      probability: 0,
      forecastCategory: 'omitted',
      guards: [{ type: 'lostReasonRequired' }],
    },
  ] as const,
}) as PipelineDefinition;

/**
 * The default B2B pipeline: Prospecting (10 %) → Qualification (20 %) → Proposal (50 %, best
 * case) → Negotiation (80 %, commit) → Closed Won / Closed Lost. Proposal and Negotiation need an
 * amount and an expected close date; Closed Won needs an amount; Closed Lost needs a lost reason.
 * Closed deals can be reopened.
 *
 * @example
 * ```ts
 * b2bPipeline.stages.map((s) => s.name);
 * //=> ['Prospecting', 'Qualification', 'Proposal', 'Negotiation', 'Closed Won', 'Closed Lost']
 * ```
 */
export const b2bPipeline: Pipeline = /* @__PURE__ */ unwrap(/* @__PURE__ */ definePipeline(b2bPipelineDefinition));

/**
 * The definition of {@link saasRenewalPipeline}.
 *
 * @example
 * ```ts
 * saasRenewalPipelineDefinition.stages.length; //=> 6
 * ```
 */
export const saasRenewalPipelineDefinition: PipelineDefinition = /* @__PURE__ */ deepFreeze({
  id: 'saas_renewal',
  name: 'SaaS renewal',
  currency: null,
  allowReopen: false,
  stages: [
    {
      id: 'renewal_due',
      name: 'Renewal due',
      kind: 'open',
      probability: 0.7,
      forecastCategory: 'best_case',
      rotAfterDays: 45,
    },
    {
      id: 'in_review',
      name: 'Customer review',
      kind: 'open',
      probability: 0.75,
      forecastCategory: 'best_case',
      rotAfterDays: 30,
    },
    { id: 'at_risk', name: 'At risk', kind: 'open', probability: 0.3, forecastCategory: 'pipeline', rotAfterDays: 14 },
    {
      id: 'verbal_commit',
      name: 'Verbal commit',
      kind: 'open',
      probability: 0.9,
      forecastCategory: 'commit',
      rotAfterDays: 14,
    },
    { id: 'renewed', name: 'Renewed', kind: 'won', probability: 1, forecastCategory: 'closed' },
    {
      id: 'churned',
      name: 'Churned',
      kind: 'lost',
      probability: 0,
      forecastCategory: 'omitted',
      guards: [{ type: 'lostReasonRequired' }],
    },
  ] as const,
}) as PipelineDefinition;

/**
 * A SaaS renewal pipeline: Renewal due → Customer review ⇄ At risk → Verbal commit → Renewed /
 * Churned (churn needs a reason). Closed renewals are not reopened (a new renewal is a new deal).
 *
 * @example
 * ```ts
 * saasRenewalPipeline.initialStageId; //=> 'renewal_due'
 * ```
 */
export const saasRenewalPipeline: Pipeline = /* @__PURE__ */ unwrap(
  /* @__PURE__ */ definePipeline(saasRenewalPipelineDefinition),
);

/**
 * The definition of {@link supportTicketPipeline}.
 *
 * @example
 * ```ts
 * supportTicketPipelineDefinition.transitions?.length; //=> 5
 * ```
 */
export const supportTicketPipelineDefinition: PipelineDefinition = /* @__PURE__ */ deepFreeze({
  id: 'support',
  name: 'Support tickets',
  currency: null,
  allowReopen: true,
  stages: [
    { id: 'new', name: 'New', kind: 'open', probability: 0.5, forecastCategory: 'omitted', rotAfterDays: 1 },
    { id: 'open', name: 'Open', kind: 'open', probability: 0.5, forecastCategory: 'omitted', rotAfterDays: 3 },
    {
      id: 'pending',
      name: 'Pending customer',
      kind: 'open',
      probability: 0.5,
      forecastCategory: 'omitted',
      rotAfterDays: 7,
    },
    { id: 'resolved', name: 'Resolved', kind: 'won', probability: 1, forecastCategory: 'omitted' },
    {
      id: 'closed_unresolved',
      name: 'Closed unresolved',
      kind: 'lost',
      probability: 0,
      forecastCategory: 'omitted',
      guards: [{ type: 'lostReasonRequired' }],
    },
  ] as const,
  transitions: [
    { from: 'new', to: ['open', 'resolved', 'closed_unresolved'] },
    { from: 'open', to: ['pending', 'resolved', 'closed_unresolved'] },
    { from: 'pending', to: ['open', 'resolved', 'closed_unresolved'] },
    { from: 'resolved', to: 'open' },
    { from: 'closed_unresolved', to: 'open' },
  ] as const,
}) as PipelineDefinition;

/**
 * Support work run as a pipeline (for teams that track tickets as deals-like cards): New → Open ⇄
 * Pending → Resolved (won) / Closed unresolved (lost, needs a reason); both reopen to Open.
 * Stages are `omitted` from forecasts. For the Ticket entity's own statuses see `ticketLifecycle`.
 *
 * @example
 * ```ts
 * supportTicketPipeline.stages.filter((s) => s.kind === 'open').length; //=> 3
 * ```
 */
export const supportTicketPipeline: Pipeline = /* @__PURE__ */ unwrap(
  /* @__PURE__ */ definePipeline(supportTicketPipelineDefinition),
);
