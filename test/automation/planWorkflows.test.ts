// Issue 13 §3: the pure planner. Worked examples for every trigger, run policy, re-enrollment, goal,
// suppression and time window (with a daylight-saving day); the values are worked out by hand in the
// comments (wall times from the IANA rules: Europe/Berlin is UTC+1 in winter, UTC+2 from the last Sunday
// of March 01:00 UTC; America/New_York UTC-5, UTC-4 from the second Sunday of March 07:00 UTC).
import { describe, it, expect } from 'vitest';
import {
  continueWorkflow,
  planWorkflows,
  MAX_WORKFLOW_DEPTH,
  MANUAL_RUN_EVENT,
  enrollmentKey,
  type WorkflowEnrollment,
  type WorkflowEnrollments,
  type WorkflowPlanning,
} from '../../src/automation/index.js';
import { CrmError } from '../../src/core/errors.js';
import type { Workflow } from '../../src/automation/index.js';
import type { DomainEvent } from '../../src/core/events.js';
import { unwrap } from '../../src/core/result.js';
import { event, workflow } from './_fixtures.js';

const T = '2026-03-02T10:00:00Z'; // a Monday
const lead = (over: Record<string, unknown> = {}) => ({
  id: 'l1',
  status: 'new',
  qualification: 'none',
  ownerId: 'u1',
  version: 1,
  ...over,
});

function plan(
  wfs: Workflow[],
  e: DomainEvent,
  record: Record<string, unknown> | null,
  previous: Record<string, unknown> | null,
  extra: { enrollments?: WorkflowEnrollments; asOf?: string } = {},
): WorkflowPlanning {
  return unwrap(
    planWorkflows(wfs, e, {
      record,
      previous,
      enrollments: extra.enrollments ?? {},
      asOf: new Date(extra.asOf ?? e.at.toISOString()),
    }),
  );
}
const steps = (r: WorkflowPlanning) => r.plans.map((p) => p.stepId);

describe('planWorkflows: triggers', () => {
  it('created, updated, deleted, assigned and status_changed fire on their event only', () => {
    const actions = ['created', 'updated', 'deleted', 'assigned', 'status_changed'] as const;
    for (const trigger of actions) {
      const wf = workflow({ trigger: { type: trigger } });
      for (const action of actions) {
        const r = plan([wf], event(action, 2, T), lead({ status: 'contacted', ownerId: 'u2' }), lead());
        expect(r.plans.length, `${trigger} on ${action}`).toBe(trigger === action ? 1 : 0);
      }
    }
    const r = plan(
      [workflow({ trigger: { type: 'status_changed' } })],
      event('status_changed', 2, T),
      lead({ status: 'contacted' }),
      lead(),
    );
    expect(r.plans[0]).toMatchObject({
      workflowId: 'w1',
      stepId: 'tell',
      type: 'notify',
      params: { to: ['u1'], message: 'hello' },
      runAt: new Date(T),
      idempotencyKey: 'w1:lead:l1@2/status_changed:tell',
      eventId: 'lead:l1@2/status_changed',
      record: { kind: 'lead', id: 'l1' },
      depth: 0,
      because: ['trigger: lead l1 status changed (event lead:l1@2/status_changed)'],
    });
  });

  it('ignores other kinds and disabled workflows', () => {
    expect(plan([workflow()], event('created', 1, T, { kind: 'deal', id: 'd1' }), { id: 'd1' }, null).plans).toEqual(
      [],
    );
    expect(plan([workflow({ enabled: false })], event('created', 1, T), lead(), null).plans).toEqual([]);
  });

  it('field_changed fires on an update that changed a listed field, and says which', () => {
    const wf = workflow({ trigger: { type: 'field_changed', fields: ['qualification', 'email'] } });
    const r = plan([wf], event('updated', 2, T), lead({ qualification: 'mql' }), lead());
    expect(r.plans[0]!.because[0]).toBe("trigger: lead l1 changed qualification ('none' → 'mql') (event lead:l1@2)");
    expect(plan([wf], event('updated', 2, T), lead({ status: 'contacted' }), lead()).plans).toEqual([]);
  });

  it('manual runs on a workflow_run_requested event naming the workflow', () => {
    const wf = workflow({ trigger: { type: 'manual' } });
    const ask = (workflowId: string) => ({
      ...event('created', 1, T),
      type: MANUAL_RUN_EVENT,
      payload: { workflowId },
    });
    expect(steps(plan([wf], ask('w1'), lead(), lead()))).toEqual(['tell']);
    expect(steps(plan([wf], ask('other'), lead(), lead()))).toEqual([]);
    expect(steps(plan([wf], event('created', 1, T), lead(), null))).toEqual([]);
  });

  it('scheduled: 30 days before a date field, re-planned when the date moves', () => {
    const wf = workflow({
      object: 'deal',
      trigger: { type: 'scheduled', field: 'expectedCloseDate', offset: '-P30D' },
    });
    const deal = (close: string) => ({ id: 'd1', name: 'Renewal', ownerId: 'u1', expectedCloseDate: new Date(close) });
    const e1 = event('created', 1, T, { kind: 'deal', id: 'd1' });
    const r1 = plan([wf], e1, deal('2026-06-01T00:00:00Z'), null);
    // 2026-06-01 − 30 days = 2026-05-02.
    expect(r1.plans).toHaveLength(1);
    expect(r1.plans[0]).toMatchObject({ stepId: '@schedule', type: 'delay', runAt: new Date('2026-05-02T00:00:00Z') });
    const key = enrollmentKey('w1', { kind: 'deal', id: 'd1' });
    expect(r1.enrollments[key]).toMatchObject({ status: 'active', waitingAt: '@schedule' });
    // The date moves: a new wait replaces the old one, whose continuation is then superseded.
    const e2 = event('updated', 2, '2026-03-05T00:00:00Z', { kind: 'deal', id: 'd1' });
    const r2 = plan([wf], e2, deal('2026-07-01T00:00:00Z'), deal('2026-06-01T00:00:00Z'), {
      enrollments: r1.enrollments,
    });
    expect(r2.plans[0]!.runAt).toEqual(new Date('2026-06-01T00:00:00Z'));
    const stale = unwrap(
      continueWorkflow(wf, r1.plans[0]!, {
        record: deal('2026-07-01T00:00:00Z'),
        asOf: r1.plans[0]!.runAt,
        enrollment: r2.enrollments[key]!,
      }),
    );
    expect(stale.plans).toEqual([]);
    expect(stale.notes[0]!.reason).toMatch(/superseded/);
    // When the date comes, the steps are planned.
    const due = unwrap(
      continueWorkflow(wf, r2.plans[0]!, {
        record: deal('2026-07-01T00:00:00Z'),
        asOf: r2.plans[0]!.runAt,
        enrollment: r2.enrollments[key]!,
      }),
    );
    expect(due.plans.map((p) => [p.stepId, p.runAt.toISOString(), p.idempotencyKey])).toEqual([
      ['tell', '2026-06-01T00:00:00.000Z', 'w1:deal:d1@2:tell'],
    ]);
    expect(due.enrollments![key]).toMatchObject({ status: 'done', runs: 1, exitReason: 'finished' });
    // An update that does not touch the date plans nothing.
    expect(
      plan(
        [wf],
        event('updated', 3, T, { kind: 'deal', id: 'd1' }),
        { ...deal('2026-07-01T00:00:00Z'), name: 'x' },
        deal('2026-07-01T00:00:00Z'),
      ).plans,
    ).toEqual([]);
    // A date already past is noted.
    expect(plan([wf], e1, deal('2026-03-10T00:00:00Z'), null).notes[0]!.reason).toMatch(/has passed/);
  });

  it('scheduled: no activity for 14 days after updatedAt, stopped by a later write', () => {
    const wf = workflow({ trigger: { type: 'scheduled', noActivityFor: 'P14D' } });
    const at = (d: string) => lead({ updatedAt: new Date(d) });
    const r1 = plan([wf], event('updated', 2, T), at(T), lead());
    expect(r1.plans[0]!.runAt).toEqual(new Date('2026-03-16T10:00:00Z'));
    const key = enrollmentKey('w1', { kind: 'lead', id: 'l1' });
    // Touched again on March 10: the first wait no longer matches the record.
    const moved = unwrap(
      continueWorkflow(wf, r1.plans[0]!, { record: at('2026-03-10T00:00:00Z'), asOf: r1.plans[0]!.runAt }),
    );
    expect(moved.plans).toEqual([]);
    expect(moved.notes[0]!.reason).toMatch(/moved/);
    const quiet = unwrap(
      continueWorkflow(wf, r1.plans[0]!, { record: at(T), asOf: r1.plans[0]!.runAt, enrollment: r1.enrollments[key]! }),
    );
    expect(steps(quiet as unknown as WorkflowPlanning)).toEqual(['tell']);
  });
});

describe('planWorkflows: condition, run policies, re-enrollment, goal, suppression', () => {
  const sql = { changedTo: 'qualification', value: 'sql' };

  it('explains the condition parts that held', () => {
    const wf = workflow({
      trigger: { type: 'updated' },
      condition: { all: [sql, { field: 'country', op: 'in', value: ['DE', 'AT'] }, { any: [] }] },
    });
    expect(
      plan([wf], event('updated', 2, T), lead({ qualification: 'sql', country: 'DE' }), lead({ country: 'DE' })).notes,
    ).toEqual([
      {
        workflowId: 'w1',
        record: { kind: 'lead', id: 'l1' },
        eventId: 'lead:l1@2',
        reason: 'the condition did not hold',
      },
    ]);
    const ok = workflow({
      trigger: { type: 'updated' },
      condition: { all: [sql, { field: 'country', op: 'in', value: ['DE', 'AT'] }] },
    });
    const r = plan(
      [ok],
      event('updated', 2, T),
      lead({ qualification: 'sql', country: 'DE' }),
      lead({ country: 'DE' }),
    );
    expect(r.plans[0]!.because).toEqual([
      'trigger: lead l1 updated (event lead:l1@2)',
      "condition: qualification changed to 'sql'",
      "condition: country in ['DE', 'AT']",
    ]);
  });

  it('every_time enrolls on every event that meets the condition', () => {
    const wf = workflow({
      trigger: { type: 'updated' },
      condition: { field: 'qualification', op: 'eq', value: 'sql' },
    });
    const r1 = plan([wf], event('updated', 2, T), lead({ qualification: 'sql' }), lead());
    const r2 = plan(
      [wf],
      event('updated', 3, T),
      lead({ qualification: 'sql', phone: '1' }),
      lead({ qualification: 'sql' }),
      { enrollments: r1.enrollments },
    );
    expect([steps(r1), steps(r2)]).toEqual([['tell'], ['tell']]);
    expect(r2.enrollments[enrollmentKey('w1', { kind: 'lead', id: 'l1' })]!.runs).toBe(2);
  });

  it('first_save enrolls only on the creation', () => {
    const wf = workflow({ trigger: { type: 'updated' }, runPolicy: 'first_save' });
    expect(steps(plan([wf], event('updated', 2, T), lead(), lead()))).toEqual([]);
    const c = workflow({ runPolicy: 'first_save' });
    expect(steps(plan([c], event('created', 1, T), lead(), null))).toEqual(['tell']);
  });

  it('until_first_true enrolls the first time the condition holds, never again', () => {
    const wf = workflow({
      trigger: { type: 'updated' },
      runPolicy: 'until_first_true',
      condition: { field: 'qualification', op: 'eq', value: 'sql' },
    });
    const r0 = plan([wf], event('updated', 2, T), lead({ qualification: 'mql' }), lead());
    expect(steps(r0)).toEqual([]);
    const r1 = plan([wf], event('updated', 3, T), lead({ qualification: 'sql' }), lead({ qualification: 'mql' }));
    expect(steps(r1)).toEqual(['tell']);
    const r2 = plan(
      [wf],
      event('updated', 4, T),
      lead({ qualification: 'sql', phone: '1' }),
      lead({ qualification: 'sql' }),
      { enrollments: r1.enrollments },
    );
    expect(steps(r2)).toEqual([]);
    expect(r2.notes[0]!.reason).toMatch(/re-enrollment is off/);
  });

  it('on_entering enrolls when the condition starts to hold', () => {
    const wf = workflow({
      trigger: { type: 'updated' },
      runPolicy: 'on_entering',
      condition: { field: 'country', op: 'eq', value: 'DE' },
    });
    expect(steps(plan([wf], event('updated', 2, T), lead({ country: 'DE' }), lead({ country: 'FR' })))).toEqual([
      'tell',
    ]);
    expect(
      steps(plan([wf], event('updated', 3, T), lead({ country: 'DE', phone: '1' }), lead({ country: 'DE' }))),
    ).toEqual([]);
  });

  it('re-enrollment off: a record goes through once; a record waiting at a delay is not enrolled twice', () => {
    const once = workflow({ trigger: { type: 'updated' }, reenrollment: false });
    const r1 = plan([once], event('updated', 2, T), lead({ phone: '1' }), lead());
    expect(
      steps(
        plan([once], event('updated', 3, T), lead({ phone: '2' }), lead({ phone: '1' }), {
          enrollments: r1.enrollments,
        }),
      ),
    ).toEqual([]);
    const waits = workflow({
      trigger: { type: 'updated' },
      steps: [
        { id: 'wait', type: 'delay', params: { duration: 'P1D' } },
        { id: 'tell', type: 'notify', params: { to: 'owner', message: 'x' } },
      ],
    });
    const w1 = plan([waits], event('updated', 2, T), lead({ phone: '1' }), lead());
    const w2 = plan([waits], event('updated', 3, T), lead({ phone: '2' }), lead({ phone: '1' }), {
      enrollments: w1.enrollments,
    });
    expect(w2.plans).toEqual([]);
    expect(w2.notes[0]!.reason).toBe('already enrolled (waiting at wait)');
  });

  it('goal and suppression keep a record out, and stop it at its next delay', () => {
    const wf = workflow({
      goal: { field: 'status', op: 'eq', value: 'converted' },
      suppression: { field: 'email', op: 'matches', value: '*@competitor.com' },
      steps: [
        { id: 'hello', type: 'notify', params: { to: 'owner', message: 'a' } },
        { id: 'wait', type: 'delay', params: { duration: 'P3D' } },
        { id: 'again', type: 'notify', params: { to: 'owner', message: 'b' } },
      ],
    });
    expect(plan([wf], event('created', 1, T), lead({ status: 'converted' }), null).notes[0]!.reason).toBe(
      'the goal is already met',
    );
    expect(plan([wf], event('created', 1, T), lead({ email: 'x@competitor.com' }), null).notes[0]!.reason).toMatch(
      /^suppressed/,
    );
    const r = plan([wf], event('created', 1, T), lead(), null);
    expect(r.plans.map((p) => [p.stepId, p.runAt.toISOString()])).toEqual([
      ['hello', '2026-03-02T10:00:00.000Z'],
      ['wait', '2026-03-05T10:00:00.000Z'],
    ]);
    const due = r.plans[1]!;
    const e = r.enrollments[enrollmentKey('w1', { kind: 'lead', id: 'l1' })]!;
    const goal = unwrap(
      continueWorkflow(wf, due, { record: lead({ status: 'converted' }), asOf: due.runAt, enrollment: e }),
    );
    expect([goal.plans, goal.notes[0]!.reason]).toEqual([[], 'goal met']);
    expect(Object.values(goal.enrollments!)[0]).toMatchObject({ status: 'done', exitReason: 'goal met' });
    const sup = unwrap(
      continueWorkflow(wf, due, { record: lead({ email: 'a@competitor.com' }), asOf: due.runAt, enrollment: e }),
    );
    expect(sup.notes[0]!.reason).toMatch(/^suppressed/);
    const go = unwrap(continueWorkflow(wf, due, { record: lead(), asOf: due.runAt, enrollment: e }));
    expect(go.plans.map((p) => [p.stepId, p.idempotencyKey, p.because[0]])).toEqual([
      ['again', 'w1:lead:l1@1:again#1', 'resumed after wait (w1:lead:l1@1:wait)'],
    ]);
  });
});

describe('planWorkflows: steps, branches, windows, depth', () => {
  it('resolves owners, due dates, assignments and patches; decides branches on the record', () => {
    const wf = workflow({
      trigger: { type: 'updated' },
      condition: { changedTo: 'qualification', value: 'sql' },
      steps: [
        {
          id: 'route',
          type: 'branch',
          branches: [{ when: { field: 'country', op: 'eq', value: 'DE' }, next: 'dach' }],
          otherwise: 'rest',
        },
        { id: 'dach', type: 'assign', params: { strategy: 'round_robin', users: ['hans', 'anna'] }, next: 'task' },
        { id: 'rest', type: 'assign', params: { strategy: 'least_busy', team: 'world' }, next: 'task' },
        { id: 'task', type: 'create_task', params: { subject: 'Call', dueIn: 'PT4H' } },
        { id: 'mark', type: 'set_field', params: { patch: { status: 'contacted' } } },
        { id: 'hook', type: 'webhook', params: { url: 'https://example.com/h' } },
      ],
    });
    const e = event('updated', 2, T);
    const r = unwrap(
      planWorkflows([wf], e, {
        record: lead({ qualification: 'sql', country: 'US' }),
        previous: lead({ country: 'US' }),
        enrollments: {},
        asOf: new Date(T),
        teams: { world: ['zoe', 'yan', 'xi'] },
        openCounts: { xi: 3, yan: 1, zoe: 1 },
      }),
    );
    expect(r.plans.map((p) => [p.stepId, p.params])).toEqual([
      ['rest', { strategy: 'least_busy', userId: 'yan', patch: { ownerId: 'yan' } }],
      ['task', { subject: 'Call', dueAt: '2026-03-02T14:00:00.000Z', assignTo: 'yan' }],
      ['mark', { patch: { status: 'contacted' } }],
      ['hook', { url: 'https://example.com/h', method: 'POST' }],
    ]);
    expect(r.plans[1]!.because.at(-1)).toBe('branch route: no way held, otherwise → rest');
    const de = plan([wf], e, lead({ qualification: 'sql', country: 'DE' }), lead({ country: 'DE' }));
    expect(de.plans[0]!.params).toEqual({ strategy: 'round_robin', userId: 'anna', patch: { ownerId: 'anna' } });
    expect(de.assignments).toEqual({ 'w1/dach': { last: 'anna' } });
  });

  it('moves steps into the time window, across a daylight-saving change', () => {
    const window = { timeZone: 'Europe/Berlin', from: '09:00', to: '17:00' };
    const wf = workflow({
      window,
      steps: [
        { id: 'now', type: 'create_task', params: { subject: 'x', dueInBusinessDays: 1 } },
        { id: 'wait', type: 'delay', params: { duration: 'PT1H' } },
      ],
    });
    const at = (t: string) =>
      plan([wf], event('created', 1, t), lead(), null).plans.map((p) => [
        p.runAt.toISOString(),
        p.params['dueAt'] ?? null,
      ]);
    // Monday 10:00 UTC = 11:00 in Berlin: inside. Due one business day later, Tuesday 11:00 (10:00 UTC); the
    // delay ends 12:00 Berlin, inside.
    expect(at('2026-03-02T10:00:00Z')).toEqual([
      ['2026-03-02T10:00:00.000Z', '2026-03-03T10:00:00.000Z'],
      ['2026-03-02T11:00:00.000Z', null],
    ]);
    // Friday 27 March 17:30 Berlin (16:30 UTC): closed. Next open day Monday 30 March, after the change to
    // summer time on Sunday 29 March: 09:00 CEST = 07:00 UTC. One business day on: Tuesday 07:00 UTC.
    // The delay (1 hour after 17:30 Friday) also waits for Monday 07:00 UTC.
    expect(at('2026-03-27T16:30:00Z')).toEqual([
      ['2026-03-30T07:00:00.000Z', '2026-03-31T07:00:00.000Z'],
      ['2026-03-30T07:00:00.000Z', null],
    ]);
    // Saturday 7 March 08:00 UTC in New York (03:00 EST), window Sundays 08:00-10:00: Sunday 8 March is the
    // day of the change (02:00 EST → 03:00 EDT), so 08:00 EDT = 12:00 UTC (not 13:00 as in winter).
    const ny = workflow({ window: { timeZone: 'America/New_York', days: ['sun'], from: '08:00', to: '10:00' } });
    expect(plan([ny], event('created', 1, '2026-03-07T08:00:00Z'), lead(), null).plans[0]!.runAt.toISOString()).toBe(
      '2026-03-08T12:00:00.000Z',
    );
    // A window opening inside the spring-forward gap (02:30 Berlin on 29 March does not exist) opens at 03:30 CEST.
    const gap = workflow({ window: { timeZone: 'Europe/Berlin', days: ['sun'], from: '02:30', to: '04:00' } });
    expect(plan([gap], event('created', 1, '2026-03-28T12:00:00Z'), lead(), null).plans[0]!.runAt.toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
  });

  it('counts depth from causedBy and plans nothing past the depth limit', () => {
    const wf = workflow({ trigger: { type: 'updated' } });
    const caused = (depth: number) => event('updated', 2, T, { causedBy: { workflowId: 'other', depth } });
    expect(plan([wf], caused(0), lead({ phone: '1' }), lead()).plans[0]!.depth).toBe(1);
    expect(plan([wf], caused(MAX_WORKFLOW_DEPTH - 1), lead({ phone: '1' }), lead()).plans[0]!.depth).toBe(
      MAX_WORKFLOW_DEPTH,
    );
    const past = plan([wf], caused(MAX_WORKFLOW_DEPTH), lead({ phone: '1' }), lead());
    expect(past.plans).toEqual([]);
    expect(past.notes[0]!.reason).toMatch(/^depth limit/);
  });

  it('keeps enrollments in a Map when given one: same entries, read-only, the state left alone', () => {
    const wf = workflow({ trigger: { type: 'updated' }, reenrollment: false });
    const e = event('updated', 2, T);
    const state = new Map<string, WorkflowEnrollment>();
    const first = unwrap(
      planWorkflows([wf], e, { record: lead({ phone: '1' }), previous: lead(), enrollments: state, asOf: new Date(T) }),
    );
    expect(first.plans.map((p) => p.stepId)).toEqual(['tell']);
    expect(state.size).toBe(0);
    const key = enrollmentKey('w1', { kind: 'lead', id: 'l1' });
    expect([...first.enrollments.keys()]).toEqual([key]);
    expect(first.enrollments.get(key)).toMatchObject({ workflowId: 'w1', status: 'done', runs: 1 });
    // Read-only: the three mutators throw a CrmError saying what to do instead.
    const m = first.enrollments as Map<string, WorkflowEnrollment>;
    expect(() => m.set('x', first.enrollments.get(key)!)).toThrow(
      /frozen, so set\("x"\) is refused.*new Map\(result\.enrollments\)/,
    );
    expect(() => m.delete(key)).toThrow(CrmError);
    expect(() => m.clear()).toThrow(CrmError);
    expect(first.enrollments.size).toBe(1);
    // Kept, the state keeps the record out (re-enrollment is off), with a note.
    for (const [k, v] of first.enrollments) state.set(k, v);
    const again = unwrap(
      planWorkflows([wf], event('updated', 3, T), {
        record: lead({ phone: '2' }),
        previous: lead({ phone: '1' }),
        enrollments: state,
        asOf: new Date(T),
      }),
    );
    expect(again.plans).toEqual([]);
    expect(again.notes.map((n) => n.reason)).toEqual(['already went through this workflow, and re-enrollment is off']);
    expect(again.enrollments).toBeInstanceOf(Map);
    expect(again.enrollments.size).toBe(0);
    // Nothing fired, or past the depth limit: an empty Map still.
    const none = unwrap(
      planWorkflows([wf], event('created', 1, T), {
        record: lead(),
        previous: null,
        enrollments: state,
        asOf: new Date(T),
      }),
    );
    expect(none.enrollments).toBeInstanceOf(Map);
    const deep = event('updated', 4, T, { causedBy: { workflowId: 'other', depth: MAX_WORKFLOW_DEPTH } });
    const past = unwrap(
      planWorkflows([wf], deep, {
        record: lead({ phone: '3' }),
        previous: lead(),
        enrollments: state,
        asOf: new Date(T),
      }),
    );
    expect(past.enrollments).toBeInstanceOf(Map);
    // A bad entry is refused with its key in the path.
    const bad = planWorkflows([wf], event('updated', 5, T), {
      record: lead({ phone: '4' }),
      previous: lead(),
      enrollments: new Map([[key, { status: 'done' } as unknown as WorkflowEnrollment]]),
      asOf: new Date(T),
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.issues.map((i) => i.path)).toEqual([['enrollments', key]]);
  });

  it('answers bad input with validation_failed, never a throw', () => {
    const wf = workflow();
    const e = event('created', 1, T);
    const good = { record: lead(), previous: null, enrollments: {}, asOf: new Date(T) };
    const bad: unknown[][] = [
      [[{ id: 'w1' }], e, good],
      ['x', e, good],
      [[wf], { ...e, at: new Date(NaN) }, good],
      [[wf], null, good],
      [[wf], { ...e, payload: { causedBy: { workflowId: 'x', depth: -1 } } }, good],
      [[wf], e, { ...good, asOf: undefined }],
      [[wf], e, { ...good, record: 'x' }],
      [[wf], e, { ...good, enrollments: { 'w1/lead:l1': 1 } }],
      [[wf], e, { ...good, enrollments: [] }],
      [[wf], e, { ...good, enrollments: new Map([['w1/lead:l1', 1]]) }],
      [[wf], e, { ...good, openCounts: { a: -1 } }],
      [[wf], e, { ...good, colour: 1 }],
      [[wf], e, null],
    ];
    for (const args of bad) {
      const r = (planWorkflows as (...a: unknown[]) => ReturnType<typeof planWorkflows>)(...args);
      expect(r.ok, JSON.stringify(args[2] ?? null)).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('validation_failed');
    }
    const r = (continueWorkflow as (...a: unknown[]) => ReturnType<typeof continueWorkflow>)(
      wf,
      { ...e },
      { record: lead(), asOf: new Date(T) },
    );
    expect(r.ok).toBe(false);
  });
});
