/**
 * The step graph of a workflow: steps no path reaches, and cycles without a delay.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { crmIssue } from '../core/issues.js';
import type { WorkflowStep } from './workflow.js';

/** The steps a step leads to. */
export function successors(step: WorkflowStep): string[] {
  if (step.type !== 'branch') return step.next === null ? [] : [step.next];
  const out = step.branches.map((b) => b.next).filter((n): n is string => n !== null);
  if (step.otherwise !== null) out.push(step.otherwise);
  return out;
}

/**
 * Unreachable steps (`unreachable_state`) and steps on a cycle with no `delay` on it (`workflow_loop`).
 * Quadratic in the number of steps (at most MAX_WORKFLOW_STEPS), iterative (no recursion).
 */
export function graphIssues(steps: readonly WorkflowStep[]): CrmIssue[] {
  const issues: CrmIssue[] = [];
  if (steps.length === 0) return issues;
  const index = new Map(steps.map((s, i) => [s.id, i]));
  const next = steps.map((s) => successors(s).map((id) => index.get(id)!));
  const reached = new Set<number>([0]);
  const queue = [0];
  while (queue.length > 0) for (const n of next[queue.pop()!]!) if (!reached.has(n)) (reached.add(n), queue.push(n));
  steps.forEach((s, i) => {
    if (!reached.has(i))
      issues.push(
        crmIssue.of(
          'unreachable_state',
          ['steps', i],
          `step '${s.id}' is unreachable: no path from '${steps[0]!.id}' leads to it`,
        ),
      );
  });
  // A cycle without a delay: a non-delay step that reaches itself through non-delay steps.
  for (let v = 0; v < steps.length; v++) {
    if (steps[v]!.type === 'delay' || !reached.has(v)) continue;
    const seen = new Set<number>();
    const stack = [...next[v]!];
    let cycle = false;
    while (stack.length > 0 && !cycle) {
      const n = stack.pop()!;
      if (n === v) cycle = true;
      else if (!seen.has(n) && steps[n]!.type !== 'delay') {
        seen.add(n);
        stack.push(...next[n]!);
      }
    }
    if (cycle)
      issues.push(
        crmIssue.of(
          'workflow_loop',
          ['steps', v],
          `step '${steps[v]!.id}' is on a cycle without a delay: the workflow would never stop`,
        ),
      );
  }
  return issues;
}
