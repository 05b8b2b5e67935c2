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
export { createWorkflowRunner, MAX_WORKFLOW_DEPTH } from './createWorkflowRunner.js';
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
