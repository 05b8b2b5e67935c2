/**
 * What `defineWorkflow` knows about the workflows it made: their step index and catalog, kept beside
 * the frozen workflow (a WeakMap, so a look-alike object is never taken for a workflow).
 *
 * @module
 */
import { CrmError } from '../core/errors.js';
import { crmIssue } from '../core/issues.js';
import type { FieldCatalog } from '../conditions/catalog.js';
import type { Workflow, WorkflowStep } from './workflow.js';

/** What a workflow carries besides its public fields. */
export interface WorkflowInternals {
  /** Steps by id. */
  readonly steps: ReadonlyMap<string, WorkflowStep>;
  /** The catalog of its entity kind. */
  readonly catalog: FieldCatalog;
  /** The host actions it was defined with. */
  readonly actions: readonly string[];
}

const WORKFLOWS = /* @__PURE__ */ new WeakMap<object, WorkflowInternals>();

/** Records a workflow made by defineWorkflow. */
export function registerWorkflow(wf: Workflow, internals: WorkflowInternals): void {
  WORKFLOWS.set(wf, internals);
}

/** The internals of a workflow made by defineWorkflow, or `undefined` for anything else. */
export function internalsOf(value: unknown): WorkflowInternals | undefined {
  return typeof value === 'object' && value !== null ? WORKFLOWS.get(value) : undefined;
}

/** The internals of a workflow; a `CrmError` for anything else (a call no type-correct program makes). */
export function requireWorkflow(fn: string, value: unknown, path: readonly (string | number)[]): WorkflowInternals {
  const i = internalsOf(value);
  if (i === undefined)
    throw new CrmError('validation_failed', `${fn}: expected a Workflow made by defineWorkflow`, {
      issues: [crmIssue.invalidType(path, 'a Workflow made by defineWorkflow', value)],
    });
  return i;
}
