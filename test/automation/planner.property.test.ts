// Issue 13 "Must hold", properties (fast-check, fresh seeds on every run):
// - planning is deterministic and never mutates its input (deep-frozen copies of the inputs, and a snapshot);
// - a workflow never triggers itself in a loop (simulated with its set_field / assign writes fed back as events);
// - every plan's idempotency key is unique per (workflow, event, step);
// - enrollments kept in a Map plan exactly as enrollments kept in an object.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  defineWorkflow,
  planWorkflows,
  simulateWorkflow,
  type Workflow,
  type WorkflowEnrollment,
  type WorkflowEnrollments,
} from '../../src/automation/index.js';
import { CrmError } from '../../src/core/errors.js';
import { deepFreeze } from '../../src/_lib/freeze.js';
import { unwrap } from '../../src/core/result.js';
import { event } from './_fixtures.js';

const STATUSES = ['new', 'contacted', 'nurturing', 'qualified'] as const;
const QUALS = ['none', 'mql', 'sql'] as const;
const FIELDS = ['status', 'qualification', 'country', 'industry', 'ownerId'] as const;

const leadArb = fc.record({
  id: fc.constant('l1'),
  status: fc.constantFrom(...STATUSES),
  qualification: fc.constantFrom(...QUALS),
  country: fc.constantFrom('DE', 'FR', 'US'),
  industry: fc.constantFrom('retail', 'saas'),
  ownerId: fc.constantFrom('u1', 'u2', 'u3'),
  updatedAt: fc.constantFrom(new Date('2026-03-01T00:00:00Z'), new Date('2026-03-02T00:00:00Z')),
  version: fc.constant(1),
});

const patchArb = fc.oneof(
  fc.record({ status: fc.constantFrom(...STATUSES) }),
  fc.record({ qualification: fc.constantFrom(...QUALS) }),
  fc.record({ country: fc.constantFrom('DE', 'FR', 'US') }),
  fc.record({ industry: fc.constantFrom('retail', 'saas'), status: fc.constantFrom(...STATUSES) }),
);
const conditionArb = fc.option(
  fc.oneof(
    fc
      .record({ changedTo: fc.constantFrom(...FIELDS.slice(0, 4)), value: fc.constantFrom('DE', 'saas') })
      .filter(
        (c) =>
          (c.changedTo === 'country') === (c.value === 'DE') && (c.changedTo === 'industry') === (c.value === 'saas'),
      ),
    fc.record({ changed: fc.constantFrom(...FIELDS) }),
    fc.record({ field: fc.constant('status'), op: fc.constant('eq'), value: fc.constantFrom(...STATUSES) }),
    fc.record({ field: fc.constant('country'), op: fc.constant('in'), value: fc.constant(['DE', 'US']) }),
  ),
  { nil: undefined },
);
const stepArb = fc.oneof(
  patchArb.map((patch) => ({ type: 'set_field', params: { patch } })),
  fc.constant({ type: 'assign', params: { strategy: 'round_robin', users: ['u1', 'u2', 'u3'] } }),
  fc.constant({ type: 'notify', params: { to: 'owner', message: 'm' } }),
  fc.constant({ type: 'delay', params: { duration: 'PT30M' } }),
  fc.constant({ type: 'create_task', params: { subject: 's', dueInBusinessDays: 1 } }),
);
const definitionArb = fc.record({
  id: fc.constantFrom('wa', 'wb'),
  name: fc.constant('generated'),
  enabled: fc.constant(true),
  object: fc.constant('lead'),
  trigger: fc.oneof(
    fc.constantFrom({ type: 'updated' }, { type: 'status_changed' }, { type: 'assigned' }, { type: 'created' }),
    fc.record({ type: fc.constant('field_changed'), fields: fc.subarray([...FIELDS], { minLength: 1 }) }),
  ),
  condition: conditionArb,
  runPolicy: fc.constantFrom('every_time', 'on_entering', 'until_first_true', 'first_save'),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 5 }).map((s) => s.map((x, i) => ({ id: `s${i}`, ...x }))),
  loop: fc.boolean(),
});

/** A valid workflow from a generated definition (a last delay may loop back to the start), or null. */
function build(d: Record<string, unknown>): Workflow | null {
  const { loop, condition, ...rest } = d as Record<string, unknown> & {
    loop: boolean;
    steps: { id: string; type: string }[];
  };
  const steps = rest['steps'] as { id: string; type: string; next?: string }[];
  if (loop && steps.at(-1)!.type === 'delay') steps[steps.length - 1] = { ...steps.at(-1)!, next: 's0' };
  const r = defineWorkflow({ ...rest, ...(condition === undefined ? {} : { condition }) });
  return r.ok ? r.value : null;
}

const actionArb = fc.constantFrom('created', 'updated', 'status_changed', 'assigned');

describe('planner properties', () => {
  it('planning is deterministic and never mutates its input', () => {
    fc.assert(
      fc.property(
        fc.array(definitionArb, { minLength: 1, maxLength: 4 }),
        leadArb,
        leadArb,
        actionArb,
        (defs, before, after, action) => {
          const wfs = defs.map(build).filter((w): w is Workflow => w !== null);
          const e = event(action, 2, '2026-03-02T10:00:00Z');
          const options = {
            record: after,
            previous: action === 'created' ? null : before,
            enrollments: {},
            asOf: new Date('2026-03-02T10:00:00Z'),
            assignments: { 'wa/s0': { last: 'u2' } },
            openCounts: { u1: 2 },
          };
          const snapshot = structuredClone({ e, options });
          const frozen = deepFreeze(structuredClone({ e, options }));
          const r1 = unwrap(planWorkflows(wfs, frozen.e, frozen.options));
          const r2 = unwrap(planWorkflows(wfs, e, options));
          expect(r1).toEqual(r2);
          expect({ e, options }).toEqual(snapshot);
          expect(Object.isFrozen(options.record)).toBe(false);
          expect(Object.isFrozen(r2.plans)).toBe(true);
          for (const p of r2.plans) expect(Object.isFrozen(p) && Object.isFrozen(p.params)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a workflow never triggers itself in a loop', () => {
    fc.assert(
      fc.property(definitionArb, leadArb, leadArb, actionArb, (def, before, after, action) => {
        const wf = build(def);
        fc.pre(wf !== null);
        const e = event(action, 2, '2026-03-02T10:00:00Z', { payload: { record: after } });
        const t = unwrap(
          simulateWorkflow(wf!, [e], { records: { l1: before }, asOf: new Date('2026-03-03T10:00:00Z') }),
        );
        // Its own writes (events with causedBy) never enroll the record again: every plan is of depth 0.
        expect([...t.executed, ...t.pending].filter((p) => p.depth > 0)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('idempotency keys are unique per (workflow, event, step), across delays and loops', () => {
    fc.assert(
      fc.property(
        fc.array(definitionArb, { minLength: 1, maxLength: 3 }),
        fc.array(fc.tuple(actionArb, leadArb, fc.integer({ min: 0, max: 72 })), { minLength: 1, maxLength: 6 }),
        (defs, evs) => {
          const wfs = defs.map(build).filter((w): w is Workflow => w !== null);
          const keys = new Map<string, string>();
          for (const wf of wfs) {
            const events = evs.map(([action, rec], i) =>
              event(action, i + 2, new Date(Date.UTC(2026, 2, 2) + evs[i]![2] * 3_600_000).toISOString(), {
                payload: { record: rec },
              }),
            );
            const t = unwrap(simulateWorkflow(wf, events, { asOf: new Date('2026-03-08T00:00:00Z') }));
            for (const p of [...t.executed, ...t.pending]) {
              const pass = /#(\d+)$/.exec(p.idempotencyKey)?.[1] ?? '0';
              const who = `${p.workflowId}|${p.eventId}|${p.stepId}|${pass}`;
              const seen = keys.get(p.idempotencyKey);
              expect(seen === undefined || seen === who, p.idempotencyKey).toBe(true);
              expect(p.idempotencyKey.startsWith(`${p.workflowId}:${p.eventId}:${p.stepId}`)).toBe(true);
              keys.set(p.idempotencyKey, who);
            }
            // No key twice in one trace.
            const all = [...t.executed, ...t.pending].map((p) => p.idempotencyKey);
            expect(new Set(all).size).toBe(all.length);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('enrollments kept in a Map plan exactly as enrollments kept in an object', () => {
    fc.assert(
      fc.property(
        fc.array(definitionArb, { minLength: 1, maxLength: 4 }),
        fc.array(fc.tuple(actionArb, leadArb, leadArb), { minLength: 1, maxLength: 8 }),
        (defs, evs) => {
          const wfs = defs.map(build).filter((w): w is Workflow => w !== null);
          let asObject: WorkflowEnrollments = {};
          const asMap = new Map<string, WorkflowEnrollment>();
          evs.forEach(([action, before, after], i) => {
            const e = event(action, i + 2, '2026-03-02T10:00:00Z');
            const base = { record: after, previous: action === 'created' ? null : before, asOf: e.at };
            const viaObject = unwrap(planWorkflows(wfs, e, { ...base, enrollments: asObject }));
            const given = new Map(asMap);
            const viaMap = unwrap(planWorkflows(wfs, e, { ...base, enrollments: given }));
            expect(viaMap.plans).toEqual(viaObject.plans);
            expect(viaMap.notes).toEqual(viaObject.notes);
            expect(viaMap.assignments).toEqual(viaObject.assignments);
            expect(viaMap.enrollments).toBeInstanceOf(Map);
            expect([...viaMap.enrollments]).toEqual(Object.entries(viaObject.enrollments));
            // The state given is left as it was, and the answer cannot be changed.
            expect([...given]).toEqual([...asMap]);
            expect(Object.isFrozen(viaMap.enrollments)).toBe(true);
            expect(() => (viaMap.enrollments as Map<string, WorkflowEnrollment>).clear()).toThrow(CrmError);
            asObject = { ...asObject, ...viaObject.enrollments };
            for (const [k, v] of viaMap.enrollments) asMap.set(k, v);
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
