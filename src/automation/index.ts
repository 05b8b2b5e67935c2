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
