/**
 * Whether a workflow's own writes (`set_field`, `assign`) would trigger it again with nothing to stop
 * it: the static half of loop protection (the depth limit of the planner is the other half).
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { crmIssue } from '../core/issues.js';
import { defineCondition } from '../conditions/define.js';
import { evaluateCondition } from '../conditions/evaluate.js';
import { changeTests } from '../conditions/extensions/changeTests.js';
import type { Workflow, WorkflowStep } from './workflow.js';

/** The fields whose change makes a `<kind>_status_changed` event. */
export const STATUS_FIELDS: readonly string[] = ['status', 'stageId', 'lifecycleStage'];
/** The field that holds a record's owner: `assigneeId` for tickets, `ownerId` for the rest. */
export function ownerField(kind: string): string {
  return kind === 'ticket' ? 'assigneeId' : 'ownerId';
}
const CHANGE_KEYS = ['changed', 'changedTo', 'changedFrom'] as const;

/** The fields a step writes, with their values when the definition tells them. */
function writes(step: WorkflowStep, kind: string): Readonly<Record<string, unknown>> | null {
  if (step.type === 'set_field') return step.params['patch'] as Readonly<Record<string, unknown>>;
  if (step.type === 'assign') return { [ownerField(kind)]: undefined };
  return null;
}

/** Whether a write of `fields` makes the workflow's trigger fire. */
function retriggers(wf: Workflow, fields: readonly string[]): boolean {
  const t = wf.trigger;
  switch (t.type) {
    case 'updated':
      return fields.length > 0;
    case 'field_changed':
      return t.fields.some((f) => fields.includes(f));
    case 'assigned':
      return fields.includes(ownerField(wf.object));
    case 'status_changed':
      return fields.some((f) => STATUS_FIELDS.includes(f));
    default:
      return false;
  }
}

/**
 * Whether one part of the condition is false after the write `patch` (so the write cannot enroll the
 * record again): a change test on a field the write leaves alone, or a test on a written field that
 * the written value fails.
 */
function guards(wf: Workflow, part: unknown, patch: Readonly<Record<string, unknown>>): boolean {
  if (typeof part !== 'object' || part === null || Array.isArray(part)) return false;
  const p = part as Readonly<Record<string, unknown>>;
  const key = CHANGE_KEYS.find((k) => typeof p[k] === 'string');
  const field = key !== undefined ? (p[key] as string) : typeof p['field'] === 'string' ? p['field'] : undefined;
  if (field === undefined) return false;
  if (!Object.hasOwn(patch, field)) return key !== undefined;
  const value = patch[field];
  if (value === undefined || key === 'changed' || key === 'changedFrom') return false;
  const c = defineCondition(part as never, { entity: wf.object, extensions: changeTests });
  if (!c.ok || c.value.requires.some((r) => r !== 'previous')) return false;
  return !evaluateCondition(c.value, { [field]: value }, { previous: {} });
}

/** `workflow_loop` issues for the writes that would re-trigger their workflow without a guard. */
export function selfTriggerIssues(wf: Workflow): CrmIssue[] {
  // first_save and until_first_true run once per record, and without re-enrollment a record goes
  // through once: their own writes cannot loop. on_entering is no guard by itself: a write may leave the
  // condition and a later one enter it again.
  if (wf.runPolicy === 'first_save' || wf.runPolicy === 'until_first_true' || !wf.reenrollment) return [];
  const json = wf.condition?.json as unknown;
  const parts =
    typeof json === 'object' && json !== null && Array.isArray((json as { all?: unknown }).all)
      ? ((json as { all: unknown[] }).all as unknown[])
      : json === undefined
        ? []
        : [json];
  const issues: CrmIssue[] = [];
  wf.steps.forEach((step, i) => {
    const patch = writes(step, wf.object);
    if (patch === null) return;
    const fields = Object.keys(patch);
    if (!retriggers(wf, fields)) return;
    if (parts.some((part) => guards(wf, part, patch))) return;
    issues.push(
      crmIssue.of(
        'workflow_loop',
        ['steps', i],
        `step '${step.id}' writes ${fields.join(', ')}, which triggers this workflow (${wf.trigger.type}) again with nothing to stop it: ` +
          `add a condition its own write makes false (a change test on another field, or a test the written value fails), ` +
          `or use runPolicy first_save or until_first_true, or reenrollment false`,
      ),
    );
  });
  return issues;
}
