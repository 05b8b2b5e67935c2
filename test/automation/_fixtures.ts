// Shared builders of the automation tests: workflows from partial JSON and record events as §1 appends them.
import { unwrap } from '../../src/core/result.js';
import type { DomainEvent } from '../../src/core/events.js';
import type { EntityKind } from '../../src/core/ids.js';
import { defineWorkflow, type Workflow } from '../../src/automation/index.js';

/** A workflow from a partial definition (a lead workflow that notifies the owner by default). */
export function workflow(over: Record<string, unknown> = {}): Workflow {
  return unwrap(
    defineWorkflow({
      id: 'w1',
      name: 'Test',
      enabled: true,
      object: 'lead',
      trigger: { type: 'created' },
      steps: [{ id: 'tell', type: 'notify', params: { to: 'owner', message: 'hello' } }],
      ...over,
    }),
  );
}

/** A record event `<kind>_<action>` with id `<kind>:<id>@<version>`. */
export function event(
  action: string,
  version: number,
  at: string,
  opts: { kind?: EntityKind; id?: string; causedBy?: { workflowId: string; depth: number }; payload?: object } = {},
): DomainEvent {
  const kind = opts.kind ?? 'lead';
  const id = opts.id ?? 'l1';
  return {
    id: `${kind}:${id}@${version}${action === 'assigned' || action === 'status_changed' ? `/${action}` : ''}`,
    type: `${kind}_${action}`,
    at: new Date(at),
    by: 'u9',
    aggregate: { kind, id },
    payload: { version, changes: [], ...(opts.causedBy ? { causedBy: opts.causedBy } : {}), ...opts.payload },
  };
}
