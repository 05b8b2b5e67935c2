/**
 * Workflow automation: what every write changed (record events), workflows as data, a pure planner
 * and a durable runner. docs/automation.md is the guide.
 *
 * @module crmkit/automation
 */
export { RECORD_EVENT_ACTIONS, WORKFLOW_STEP_TYPES } from './types.js';
export type {
  RecordEventAction,
  RecordEventType,
  RecordChange,
  JsonValue,
  WorkflowStepType,
  WorkflowPlan,
} from './types.js';
export { diffRecords } from './diffRecords.js';
export { recordEvents } from './recordEvents.js';
export type { RecordEvent, RecordEventCause, RecordEventPayload, RecordEventsOptions } from './recordEvents.js';
export { RECORD_EVENT_FIELDS } from './recordEventFields.js';
export type { RecordEventFields } from './recordEventFields.js';
export { WORKFLOW_TRIGGERS, WORKFLOW_RUN_POLICIES, WEEKDAYS, enrollmentKey } from './workflow.js';
export type {
  WorkflowTriggerType,
  WorkflowRunPolicy,
  Weekday,
  WorkflowTriggerJson,
  WorkflowWindowJson,
  WorkflowStepJson,
  WorkflowJson,
  WorkflowStep,
  Workflow,
  WorkflowEnrollment,
  WorkflowEnrollments,
  WorkflowEnrollmentMap,
  RoundRobinState,
  WorkflowAssignments,
  WorkflowNote,
} from './workflow.js';
export { defineWorkflow, isWorkflow, MAX_WORKFLOW_STEPS, MAX_WORKFLOW_BRANCHES } from './defineWorkflow.js';
export type {
  DefineWorkflowOptions,
  WorkflowAction,
  WorkflowParamsSchema,
  WorkflowParamsValidator,
} from './defineWorkflow.js';
export { planWorkflows, MAX_WORKFLOW_DEPTH, MANUAL_RUN_EVENT } from './planWorkflows.js';
export type { PlanWorkflowsOptions, WorkflowPlanning } from './planWorkflows.js';
export { continueWorkflow } from './continueWorkflow.js';
export type { ContinueWorkflowOptions, WorkflowContinuation } from './continueWorkflow.js';
export { simulateWorkflow, MAX_SIMULATED_PLANS } from './simulateWorkflow.js';
export type { SimulateWorkflowOptions, WorkflowTrace } from './simulateWorkflow.js';
export { roundRobin } from './roundRobin.js';
export { leastBusy } from './leastBusy.js';
export { createWorkflowRunner } from './createWorkflowRunner.js';
export type {
  CreateWorkflowRunnerOptions,
  WorkflowRunner,
  WorkflowRunReport,
  WorkflowHandler,
  WorkflowHandlerContext,
  WorkflowRetryPolicy,
} from './_runnerTypes.js';
export type { WorkflowRunnerPlanner, RunnerPlanContext, RunnerContinueContext } from './_runnerPlanner.js';
export { createMemoryQueue } from './createMemoryQueue.js';
export type { CreateMemoryQueueOptions } from './createMemoryQueue.js';
export type { WorkflowQueue, WorkflowJob, LeasedWorkflowJob } from './queue.js';
export { workflowJobToJson, workflowJobFromJson } from './workflowJobJson.js';
export type { WorkflowJobJson } from './workflowJobJson.js';
