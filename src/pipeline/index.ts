/**
 * Sales pipelines as stage machines: serializable definitions with guards registered by name,
 * pure deal transitions returning domain events, preset pipelines and lifecycles (with the contact
 * and lead transitions that enforce them, the derived lifecycle and the journey analytics),
 * analytics from stage history, weighted value and forecast in exact Money.
 *
 * @module crmkit/pipeline
 */
export {
  defineStageMachine,
  hasTransition,
  nextStates,
  transitionState,
  canTransitionState,
  canMove,
  moveState,
  MAX_STATES,
  MAX_GUARDS,
  MAX_EXPANDED_MOVES,
} from './machine.js';
export type {
  DefineStageMachineOptions,
  TransitionStateOptions,
  GuardRef,
  GuardContext,
  GuardVerdict,
  GuardImplementation,
  GuardRegistry,
  TransitionRule,
  StateDefinition,
  StageMachineDefinition,
  StageMachine,
} from './machine.js';
export { definePipeline, builtinDealGuards, FORECAST_CATEGORIES, MAX_STAGES } from './define.js';
export { dealProbability } from './probability.js';
export type {
  StageKind,
  ForecastCategory,
  StageDefinition,
  PipelineDefinition,
  Stage,
  Pipeline,
  DefinePipelineOptions,
} from './define.js';
export {
  transitionDeal,
  canTransition,
  availableTransitions,
  resetProbabilityToStage,
  openDeal,
  moveDealToPipeline,
} from './transition.js';
export type {
  TransitionDealOptions,
  TransitionOptions,
  CanTransitionOptions,
  AvailableTransitionsOptions,
  ResetProbabilityToStageOptions,
  MoveDealToPipelineOptions,
  OpenDealInput,
  TransitionOutcome,
  AvailableTransition,
  DealEvent,
  DealEventPayload,
  DealStageChangedEvent,
  DealWonEvent,
  DealLostEvent,
  DealReopenedEvent,
} from './transition.js';
export {
  b2bPipeline,
  b2bPipelineDefinition,
  saasRenewalPipeline,
  saasRenewalPipelineDefinition,
  supportTicketPipeline,
  supportTicketPipelineDefinition,
} from './presets.js';
export { leadLifecycle, ticketLifecycle, customerLifecycle } from './lifecycles.js';
export type { LeadLifecycleState, TicketLifecycleState, CustomerLifecycleState } from './lifecycles.js';
export {
  timeInStage,
  stageDurations,
  stageFunnel,
  stageAnalytics,
  winRate,
  salesCycleLength,
  salesVelocity,
  staleDeals,
} from './analytics.js';
export type {
  Pipelines,
  TimeInStageOptions,
  WinRateOptions,
  WinRate,
  SalesCycleLengthOptions,
  SalesCycleLength,
  SalesVelocityOptions,
  StaleDealsOptions,
  TimeInStage,
  StageDuration,
  FunnelStage,
  StageFunnel,
  SalesVelocity,
  StaleDeal,
} from './analytics.js';
export { transitionContactLifecycle } from './transitionContactLifecycle.js';
export type {
  TransitionContactLifecycleOptions,
  ContactLifecycleEvent,
  ContactLifecycleTransition,
} from './transitionContactLifecycle.js';
export { transitionLeadStatus, leadLifecycleState } from './transitionLeadStatus.js';
export type { TransitionLeadStatusOptions, LeadStatusEvent, LeadStatusTransition } from './transitionLeadStatus.js';
export { deriveLifecycle, DEFAULT_LIFECYCLE_RULES } from './deriveLifecycle.js';
export type { LifecycleFacts, LifecycleEvidence, LifecycleRule, DerivedLifecycle } from './deriveLifecycle.js';
export { lifecycleDurations, journeyFunnel } from './journeyAnalytics.js';
export type { JourneyRecord } from './journeyAnalytics.js';
export { weightedPipelineValue, forecast } from './forecast.js';
// The event shape the deal events are built on (defined in core; re-exported for users of this entry).
export type { DomainEvent } from '../core/events.js';
export type {
  WeightedPipelineValueOptions,
  ValueOptions,
  ForecastCell,
  ForecastBucket,
  Forecast,
  ForecastOptions,
} from './forecast.js';
