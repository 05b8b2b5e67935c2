// Issue 13 §3: simulateWorkflow, the seeds' "test before live": the worked example of the issue (a lead
// that reaches SQL is assigned round-robin, gets a task due in one business day, and its owner is
// notified), delays come due in time order, and the workflow's own writes fed back as events.
import { describe, it, expect } from 'vitest';
import { simulateWorkflow, MAX_SIMULATED_PLANS } from '../../src/automation/index.js';
import { unwrap } from '../../src/core/result.js';
import { event, workflow } from './_fixtures.js';

const handoff = () =>
  workflow({
    id: 'sql-handoff',
    trigger: { type: 'field_changed', fields: ['qualification'] },
    condition: { changedTo: 'qualification', value: 'sql' },
    window: { timeZone: 'Europe/Berlin', from: '09:00', to: '17:00' },
    steps: [
      { id: 'assign', type: 'assign', params: { strategy: 'round_robin', users: ['ana', 'ben'] } },
      { id: 'call', type: 'create_task', params: { subject: 'Call the new SQL', dueInBusinessDays: 1 } },
      { id: 'tell', type: 'notify', params: { to: 'owner', message: 'A lead reached SQL' } },
    ],
  });
const toSql = (id: string, version: number, at: string) =>
  event('updated', version, at, { id, payload: { changes: [{ field: 'qualification', from: 'mql', to: 'sql' }] } });

describe('simulateWorkflow', () => {
  it('runs the worked example: round-robin owners, tasks due one business day later, owners told', () => {
    const records = {
      l1: { id: 'l1', status: 'qualified', qualification: 'mql', version: 1 },
      l2: { id: 'l2', status: 'qualified', qualification: 'mql', version: 4 },
    };
    // l1 reaches SQL on Friday 6 March 16:30 UTC (17:30 in Berlin: closed), l2 on Monday 9 March 10:00 UTC.
    const t = unwrap(
      simulateWorkflow(handoff(), [toSql('l2', 5, '2026-03-09T10:00:00Z'), toSql('l1', 2, '2026-03-06T16:30:00Z')], {
        records,
        asOf: new Date('2026-03-31T00:00:00Z'),
      }),
    );
    expect(t.executed.map((p) => [p.record.id, p.stepId, p.runAt.toISOString(), p.params])).toEqual([
      // l1 waits for Monday 09:00 Berlin (08:00 UTC); its task is due Tuesday 08:00 UTC.
      [
        'l1',
        'assign',
        '2026-03-09T08:00:00.000Z',
        { strategy: 'round_robin', userId: 'ana', patch: { ownerId: 'ana' } },
      ],
      [
        'l1',
        'call',
        '2026-03-09T08:00:00.000Z',
        { subject: 'Call the new SQL', dueAt: '2026-03-10T08:00:00.000Z', assignTo: 'ana' },
      ],
      ['l1', 'tell', '2026-03-09T08:00:00.000Z', { to: ['ana'], message: 'A lead reached SQL' }],
      [
        'l2',
        'assign',
        '2026-03-09T10:00:00.000Z',
        { strategy: 'round_robin', userId: 'ben', patch: { ownerId: 'ben' } },
      ],
      [
        'l2',
        'call',
        '2026-03-09T10:00:00.000Z',
        { subject: 'Call the new SQL', dueAt: '2026-03-10T10:00:00.000Z', assignTo: 'ben' },
      ],
      ['l2', 'tell', '2026-03-09T10:00:00.000Z', { to: ['ben'], message: 'A lead reached SQL' }],
    ]);
    expect(t.records['l1']).toMatchObject({ ownerId: 'ana', qualification: 'sql', version: 3 });
    expect(t.records['l2']).toMatchObject({ ownerId: 'ben', version: 6 });
    // The writes were fed back as events with causedBy, and planned nothing (the trigger watches qualification).
    expect(t.events.map((e) => e.id)).toEqual([
      'lead:l1@2',
      'lead:l1@3',
      'lead:l1@3/assigned',
      'lead:l2@5',
      'lead:l2@6',
      'lead:l2@6/assigned',
    ]);
    expect(t.events[1]!.payload).toEqual({
      version: 3,
      changes: [{ field: 'ownerId', from: null, to: 'ana' }],
      causedBy: { workflowId: 'sql-handoff', depth: 0 },
    });
    expect(t.pending).toEqual([]);
    expect(records.l1).toEqual({ id: 'l1', status: 'qualified', qualification: 'mql', version: 1 });
    expect(Object.isFrozen(t.records['l1'])).toBe(true);
  });

  it('brings delays due in time order, and leaves later ones pending', () => {
    const wf = workflow({
      steps: [
        { id: 'a', type: 'notify', params: { to: 'owner', message: 'a' } },
        { id: 'wait', type: 'delay', params: { duration: 'P2D' } },
        { id: 'b', type: 'notify', params: { to: 'owner', message: 'b' } },
        { id: 'wait2', type: 'delay', params: { duration: 'P10D' } },
        { id: 'c', type: 'notify', params: { to: 'owner', message: 'c' } },
      ],
    });
    const created = (id: string, at: string) =>
      event('created', 1, at, { id, payload: { record: { id, ownerId: 'u1' } } });
    const t = unwrap(
      simulateWorkflow(wf, [created('x', '2026-03-02T00:00:00Z'), created('y', '2026-03-03T00:00:00Z')], {
        asOf: new Date('2026-03-10T00:00:00Z'),
      }),
    );
    expect(t.executed.map((p) => `${p.runAt.toISOString().slice(0, 10)} ${p.record.id}.${p.stepId}`)).toEqual([
      '2026-03-02 x.a',
      '2026-03-03 y.a',
      '2026-03-04 x.wait', // a delay runs when it comes due, then what follows it is planned
      '2026-03-04 x.b',
      '2026-03-05 y.wait',
      '2026-03-05 y.b',
    ]);
    expect(
      t.pending.map((p) => `${p.record.id}.${p.stepId} ${p.runAt.toISOString().slice(0, 10)} ${p.idempotencyKey}`),
    ).toEqual(['x.wait2 2026-03-14 w1:lead:x@1:wait2#1', 'y.wait2 2026-03-15 w1:lead:y@1:wait2#1']);
  });

  it('stops a loop through a delay at the plan limit', () => {
    const wf = workflow({
      steps: [
        { id: 'a', type: 'notify', params: { to: 'owner', message: 'a' } },
        { id: 'wait', type: 'delay', params: { duration: 'PT1M' }, next: 'a' },
      ],
    });
    const t = unwrap(
      simulateWorkflow(wf, [event('created', 1, '2026-03-02T00:00:00Z', { payload: { record: { id: 'l1' } } })], {
        asOf: new Date('2027-01-01T00:00:00Z'),
      }),
    );
    expect(t.executed.length).toBeLessThanOrEqual(MAX_SIMULATED_PLANS);
    expect(t.notes.at(-1)!.reason).toBe(`simulation stopped after ${MAX_SIMULATED_PLANS} plans`);
  });

  it('answers bad input with validation_failed', () => {
    const wf = handoff();
    const bad: unknown[][] = [
      [{}, [], { asOf: new Date() }],
      [wf, 'x', { asOf: new Date() }],
      [wf, [{ id: 'e' }], { asOf: new Date() }],
      [wf, [], { asOf: 'today' }],
      [wf, [], { asOf: new Date(), records: { l1: 5 } }],
      [wf, [], null],
      [
        wf,
        [{ ...toSql('l1', 2, '2026-03-02T00:00:00Z'), aggregate: { kind: 'spaceship', id: 'l1' } }],
        { asOf: new Date() },
      ],
    ];
    for (const args of bad) {
      const r = (simulateWorkflow as (...a: unknown[]) => ReturnType<typeof simulateWorkflow>)(...args);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('validation_failed');
    }
  });
});
