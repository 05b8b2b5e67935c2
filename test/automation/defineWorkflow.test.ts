// Issue 13 §2: workflows as data. Every definition error comes back at once with its path; hostile
// definitions are refused with validation_failed, quickly.
import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import { defineWorkflow, isWorkflow, MAX_WORKFLOW_STEPS, type WorkflowJson } from '../../src/automation/index.js';

const base = (over: Partial<Record<keyof WorkflowJson | 'extra', unknown>> = {}): Record<string, unknown> => ({
  id: 'w1',
  name: 'Test',
  enabled: true,
  object: 'lead',
  trigger: { type: 'created' },
  steps: [{ id: 'tell', type: 'notify', params: { to: 'owner', message: 'hello' } }],
  ...over,
});

function issues(json: unknown, options?: Parameters<typeof defineWorkflow>[1]): string[] {
  const r = defineWorkflow(json, options);
  if (r.ok) return [];
  expect(r.error.code).toBe('validation_failed');
  return r.error.issues.map((i) => `${i.code}@${i.path.join('.')}`);
}

describe('defineWorkflow', () => {
  it('accepts a definition and fills the defaults', () => {
    const r = defineWorkflow(base());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const wf = r.value;
    expect(isWorkflow(wf)).toBe(true);
    expect(isWorkflow({ ...wf })).toBe(false);
    expect(wf.runPolicy).toBe('every_time');
    expect(wf.reenrollment).toBe(true);
    expect(wf.window).toBeNull();
    expect(wf.steps[0]).toMatchObject({ id: 'tell', next: null });
    expect(Object.isFrozen(wf)).toBe(true);
    expect(Object.isFrozen(wf.json)).toBe(true);
  });

  it('accepts every trigger, step type and setting', () => {
    const json = base({
      object: 'deal',
      trigger: { type: 'field_changed', fields: ['stageId', 'amount'] },
      condition: {
        all: [
          { changedTo: 'stageId', value: 'won' },
          { field: 'amount', op: 'gte', value: '1000' },
        ],
      },
      runPolicy: 'on_entering',
      reenrollment: false,
      goal: { field: 'stageId', op: 'eq', value: 'closed' },
      suppression: { field: 'name', op: 'startsWith', value: 'test' },
      window: { timeZone: 'Europe/Berlin', days: ['mon', 'tue'], from: '09:00', to: '17:30' },
      steps: [
        {
          id: 'route',
          type: 'branch',
          branches: [{ when: { field: 'amount', op: 'gte', value: '100000' }, next: 'approve' }],
          otherwise: 'assign',
        },
        {
          id: 'approve',
          type: 'request_approval',
          params: { approvers: ['cfo'], message: 'Big deal' },
          next: 'assign',
        },
        { id: 'assign', type: 'assign', params: { strategy: 'least_busy', team: 'emea' } },
        { id: 'task', type: 'create_task', params: { subject: 'Kick-off', dueIn: 'P2D', assignTo: 'owner' } },
        { id: 'mark', type: 'set_field', params: { patch: { probability: 1, lostReason: null } } },
        { id: 'wait', type: 'delay', params: { duration: 'P7D' } },
        { id: 'hook', type: 'webhook', params: { url: 'https://example.com/won', method: 'POST', body: { a: [1] } } },
        { id: 'tell', type: 'notify', params: { to: ['owner', 'u7'], message: 'Won', channel: 'email' } },
      ],
    });
    expect(issues(json)).toEqual([]);
    for (const trigger of [
      { type: 'updated' },
      { type: 'deleted' },
      { type: 'assigned' },
      { type: 'status_changed' },
      { type: 'manual' },
      { type: 'scheduled', field: 'expectedCloseDate', offset: '-P30D' },
      { type: 'scheduled', noActivityFor: 'P14D' },
    ])
      expect(issues(base({ object: 'deal', trigger })), trigger.type).toEqual([]);
  });

  it('reports every error at once, each with its path', () => {
    const json = base({
      trigger: { type: 'field_changed', fields: ['status', 'colour'] },
      condition: { field: 'score2', op: 'eq', value: 1 },
      runPolicy: 'sometimes',
      window: { timeZone: 'Mars/Olympus', from: '18:00', to: '09:00' },
      extra: 1,
      steps: [
        { id: 'a', type: 'set_field', params: { patch: { colour: 'red', status: 'bogus', id: 'x' } } },
        { id: 'b', type: 'teleport' },
        { id: 'c', type: 'notify', params: { to: 'owner', message: 'x' }, next: 'zzz' },
      ],
    });
    expect(issues(json).sort()).toEqual(
      [
        'unrecognized_keys@',
        'unknown_field@trigger.fields.1',
        'unknown_field@condition.field',
        'invalid_value@runPolicy',
        'invalid_value@window.timeZone',
        'out_of_order@window.to',
        'unknown_field@steps.0.params.patch.colour',
        'invalid_value@steps.0.params.patch.status',
        'unknown_field@steps.0.params.patch.id',
        'invalid_value@steps.1.type',
        'unknown_state@steps.2.next',
      ].sort(),
    );
  });

  it('refuses unreachable steps and cycles without a delay, and allows a cycle through a delay', () => {
    const steps = [
      { id: 'a', type: 'notify', params: { to: 'owner', message: 'x' }, next: 'b' },
      { id: 'b', type: 'notify', params: { to: 'owner', message: 'y' }, next: 'a' },
      { id: 'lost', type: 'notify', params: { to: 'owner', message: 'z' } },
    ];
    expect(issues(base({ steps }))).toEqual([
      'unreachable_state@steps.2',
      'workflow_loop@steps.0',
      'workflow_loop@steps.1',
    ]);
    const withDelay = [
      { id: 'a', type: 'notify', params: { to: 'owner', message: 'x' } },
      { id: 'wait', type: 'delay', params: { duration: 'P7D' }, next: 'a' },
    ];
    expect(issues(base({ steps: withDelay }))).toEqual([]);
    const branchLoop = [
      { id: 'a', type: 'branch', branches: [{ when: { field: 'status', op: 'eq', value: 'new' }, next: 'a' }] },
    ];
    expect(issues(base({ steps: branchLoop }))).toEqual(['workflow_loop@steps.0']);
  });

  it('refuses a set_field that re-triggers its own workflow without a guard, and accepts guarded ones', () => {
    const write = [{ id: 'w', type: 'set_field', params: { patch: { status: 'contacted' } } }];
    expect(issues(base({ trigger: { type: 'updated' }, steps: write }))).toEqual(['workflow_loop@steps.0']);
    expect(issues(base({ trigger: { type: 'status_changed' }, steps: write }))).toEqual(['workflow_loop@steps.0']);
    expect(issues(base({ trigger: { type: 'field_changed', fields: ['status'] }, steps: write }))).toEqual([
      'workflow_loop@steps.0',
    ]);
    const assign = [{ id: 'a', type: 'assign', params: { strategy: 'round_robin', users: ['u1'] } }];
    expect(issues(base({ trigger: { type: 'assigned' }, steps: assign }))).toEqual(['workflow_loop@steps.0']);
    // Guards: a change test on a field the write leaves alone; a test the written value fails; a run
    // policy that runs once or on entering; no re-enrollment.
    const guarded = [
      { condition: { changedTo: 'qualification', value: 'sql' } },
      { condition: { all: [{ field: 'status', op: 'eq', value: 'new' }] } },
      { condition: { changedTo: 'status', value: 'nurturing' } },
      { runPolicy: 'on_entering', condition: { changedTo: 'qualification', value: 'sql' } },
      { runPolicy: 'until_first_true' },
      { reenrollment: false },
    ];
    for (const g of guarded)
      expect(issues(base({ trigger: { type: 'updated' }, steps: write, ...g })), JSON.stringify(g)).toEqual([]);
    // Not guards: a test the written value passes; a change test on the written field; on_entering alone.
    expect(
      issues(
        base({
          trigger: { type: 'updated' },
          steps: write,
          runPolicy: 'on_entering',
          condition: { field: 'email', op: 'isNull', value: false },
        }),
      ),
    ).toEqual(['workflow_loop@steps.0']);
    expect(
      issues(
        base({
          trigger: { type: 'updated' },
          steps: write,
          condition: { field: 'status', op: 'eq', value: 'contacted' },
        }),
      ),
    ).toEqual(['workflow_loop@steps.0']);
    expect(issues(base({ trigger: { type: 'updated' }, steps: write, condition: { changed: 'status' } }))).toEqual([
      'workflow_loop@steps.0',
    ]);
    // Writes to fields the trigger does not watch are fine.
    expect(
      issues(
        base({
          trigger: { type: 'status_changed' },
          steps: [{ id: 'w', type: 'set_field', params: { patch: { industry: 'x' } } }],
        }),
      ),
    ).toEqual([]);
  });

  it('checks step params', () => {
    const step = (type: string, params: unknown) => issues(base({ steps: [{ id: 's', type, params }] }));
    expect(step('create_task', { subject: '', dueIn: 'P-1D' })).toEqual([
      'invalid_type@steps.0.params.subject',
      'invalid_value@steps.0.params.dueIn',
    ]);
    expect(step('create_task', { subject: 'x', dueIn: 'P1D', dueInBusinessDays: 1 })).toEqual([
      'options_mismatch@steps.0.params',
    ]);
    expect(step('notify', { to: [], message: 'x' })).toEqual(['invalid_type@steps.0.params.to']);
    expect(step('assign', { strategy: 'random', users: ['a'], team: 't' })).toEqual([
      'invalid_value@steps.0.params.strategy',
      'options_mismatch@steps.0.params',
    ]);
    expect(step('delay', { duration: '-P1D' })).toEqual(['invalid_value@steps.0.params.duration']);
    expect(step('webhook', { url: 'ftp://x', method: 'BREW' })).toEqual([
      'invalid_value@steps.0.params.url',
      'invalid_value@steps.0.params.method',
    ]);
    expect(step('set_field', { patch: { score: 'x', convertedAt: 'yesterday' } })).toEqual([
      'invalid_type@steps.0.params.patch.convertedAt',
    ]);
  });

  it('takes host actions with a zod schema or a validator function', () => {
    const actions = {
      post_to_slack: { params: z.object({ channel: z.string().startsWith('#') }).strict() },
      score_again: {
        params: (p: Readonly<Record<string, unknown>>) => (p['model'] === 'v2' ? [] : ['model must be v2']),
      },
    };
    const steps = [
      { id: 'slack', type: 'post_to_slack', params: { channel: 'sales' } },
      { id: 'score', type: 'score_again', params: { model: 'v1' } },
    ];
    expect(issues(base({ steps }), { actions })).toEqual(['custom@steps.0.params.channel', 'custom@steps.1.params']);
    expect(issues(base({ steps }))).toEqual(['invalid_value@steps.0.type', 'invalid_value@steps.1.type']);
    const good = [{ id: 'slack', type: 'post_to_slack', params: { channel: '#sales' } }];
    expect(issues(base({ steps: good }), { actions })).toEqual([]);
    expect(issues(base(), { actions: { notify: { params: () => [] } } })).toEqual(['invalid_value@actions.notify']);
    expect(issues(base(), { action: {} } as never)).toEqual(['unrecognized_keys@']);
  });

  describe('hostile definitions', () => {
    it('refuses huge step graphs quickly', () => {
      const steps = Array.from({ length: 100_000 }, (_, i) => ({
        id: `s${i}`,
        type: 'notify',
        params: { to: 'owner', message: 'x' },
      }));
      const t0 = performance.now();
      expect(issues(base({ steps }))).toEqual([expect.stringMatching(/^too_big@steps\./)]);
      expect(performance.now() - t0).toBeLessThan(2000);
      // The largest allowed graph, a chain of branches, is checked quickly.
      const chain = Array.from({ length: MAX_WORKFLOW_STEPS }, (_, i) => ({
        id: `b${i}`,
        type: 'branch',
        branches: Array.from({ length: 20 }, (_, j) => ({
          when: { field: 'status', op: 'eq', value: 'new' },
          next: `b${Math.min(i + 1 + j, MAX_WORKFLOW_STEPS - 1)}`,
        })),
      }));
      const t1 = performance.now();
      const found = issues(base({ steps: chain }));
      expect(found.every((i) => i.startsWith('workflow_loop'))).toBe(true); // the last branch points at itself
      expect(performance.now() - t1).toBeLessThan(5000);
    });

    it('refuses deep nesting, __proto__ keys, cycles, getters that throw and sparse lists', () => {
      let deep: unknown = { field: 'status', op: 'eq', value: 'new' };
      for (let i = 0; i < 5000; i++) deep = { not: deep };
      expect(issues(base({ condition: deep }))).toEqual([expect.stringMatching(/^too_deep@condition(\.not)+$/)]);
      expect(
        issues(
          JSON.parse(
            '{"id":"w","name":"n","enabled":true,"object":"lead","trigger":{"type":"created"},"steps":[{"id":"a","type":"notify","params":{"to":"owner","message":"m","__proto__":{"polluted":true}}}]}',
          ),
        ),
      ).toEqual(['invalid_key@steps.0.params.__proto__']);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      const cyclic: Record<string, unknown> = base();
      cyclic['condition'] = cyclic;
      expect(issues(cyclic)[0]).toMatch(/^too_deep@/);
      const getter = base();
      Object.defineProperty(getter, 'name', {
        enumerable: true,
        get: () => {
          throw new Error('boom');
        },
      });
      expect(issues(getter)).toEqual(['custom@']);
      const sparse = base({ steps: [, { id: 'a', type: 'notify', params: { to: 'owner', message: 'm' } }] }); // eslint-disable-line no-sparse-arrays
      expect(issues(sparse)).toEqual(['invalid_element@steps.0']);
      expect(issues(null)).toEqual(['invalid_type@']);
      expect(issues([])).toEqual(['invalid_type@']);
      expect(issues(base({ object: 'spaceship' }))).toEqual(['invalid_value@object']);
    });
  });
});
