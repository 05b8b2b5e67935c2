// Cases the fuzzer (test/fuzz) found in crmkit/automation, pinned: each failed before its fix.
import { describe, it, expect } from 'vitest';
import { continueWorkflow, enrollmentKey, planWorkflows, simulateWorkflow } from '../../src/automation/index.js';
import { unwrap } from '../../src/core/result.js';
import { event, workflow } from './_fixtures.js';

const T = '2026-03-02T09:00:00Z';

describe('automation: fuzzer findings', () => {
  it('simulateWorkflow refuses a record value that is not finite, at its path (seed -335689772, path 8)', () => {
    const r = simulateWorkflow(workflow(), [event('created', 1, T, { id: 'l2' })], {
      records: { l2: { id: 'l2', country: -Infinity, version: 1 } },
      asOf: new Date('2026-03-31T00:00:00Z'),
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.issues[0]).toMatchObject({ path: ['records', 'l2', 'country'], code: 'invalid_value' });
  });

  it('simulateWorkflow refuses an event whose payload holds a non-finite value, at its path (CI run, simulateWorkflow args[1][0].payload.changes[0].to)', () => {
    const e = event('updated', 2, T, { payload: { changes: [{ field: 'qualification', from: 'mql', to: Infinity }] } });
    const r = simulateWorkflow(workflow({ trigger: { type: 'updated' } }), [e], {
      records: { l1: { id: 'l1', qualification: 'mql', version: 1 } },
      asOf: new Date('2026-03-31T00:00:00Z'),
    });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error.issues[0]).toMatchObject({
        path: ['events', 0, 'payload', 'changes', 0, 'to'],
        code: 'invalid_value',
      });
    const p = planWorkflows([workflow()], event('created', 1, T), {
      record: { id: 'l1', score: Number.NaN },
      previous: null,
      enrollments: {},
      asOf: new Date(T),
    });
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.error.issues[0]!.path).toEqual(['record', 'score']);
  });

  it('continueWorkflow gives back only the enrollment fields, never other keys of the object given (seed -1695757017, path 30)', () => {
    const wf = workflow({
      steps: [
        { id: 'wait', type: 'delay', params: { duration: 'P1D' } },
        { id: 'tell', type: 'notify', params: { to: 'owner', message: 'hello' } },
      ],
    });
    const lead = { id: 'l1', lastName: 'Lovelace', ownerId: 'u1', version: 1 };
    const first = unwrap(
      planWorkflows([wf], event('created', 1, T), { record: lead, previous: null, enrollments: {}, asOf: new Date(T) }),
    );
    const key = enrollmentKey(wf.id, { kind: 'lead', id: 'l1' });
    const enrollment = first.enrollments[key]!;
    const hostile = Object.defineProperty({ ...enrollment }, '__proto__', { value: Infinity, enumerable: true });
    const next = unwrap(
      continueWorkflow(wf, first.plans[0]!, { record: lead, asOf: first.plans[0]!.runAt, enrollment: hostile }),
    );
    expect(next.plans.map((p) => p.stepId)).toEqual(['tell']);
    const kept = next.enrollments![key]!;
    expect(Object.keys(kept).sort()).toEqual(
      ['enrolledAt', 'eventId', 'exitReason', 'pass', 'record', 'runs', 'status', 'waitingAt', 'workflowId'].sort(),
    );
    // An enrollment whose enrolledAt is no instant is refused.
    const bad = continueWorkflow(wf, first.plans[0]!, {
      record: lead,
      asOf: first.plans[0]!.runAt,
      enrollment: { ...enrollment, enrolledAt: new Date(Number.NaN) },
    });
    expect(bad.ok).toBe(false);
  });
});
