/**
 * Valid calls of crmkit/automation, for the fuzzer (test/fuzz/fuzz.test.ts): the diff of a lead moving
 * from MQL to SQL with a new owner, of a creation and of a deletion; the worked example's workflow
 * (every setting filled) defined, planned, continued after its delay and simulated; the assignment
 * strategies.
 */
import { unwrap } from '../../../src/core/result.js';
import { defineWorkflow, planWorkflows } from '../../../src/automation/index.js';
import { seeds, type FuzzSpec, type SeedTable } from '../_spec.js';

/** The worked example of docs/automation.md, with every kind of setting filled. */
const json = () => ({
  id: 'sql-handoff',
  name: 'SQL hand-off',
  enabled: true,
  object: 'lead',
  trigger: { type: 'field_changed', fields: ['qualification'] },
  condition: { changedTo: 'qualification', value: 'sql' },
  runPolicy: 'every_time',
  reenrollment: true,
  goal: { field: 'status', op: 'eq', value: 'converted' },
  suppression: { field: 'email', op: 'matches', value: '*@competitor.com' },
  window: { timeZone: 'Europe/Berlin', days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' },
  steps: [
    {
      id: 'route',
      type: 'branch',
      branches: [{ when: { field: 'country', op: 'eq', value: 'DE' }, next: 'assign' }],
      otherwise: 'pool',
    },
    { id: 'assign', type: 'assign', params: { strategy: 'round_robin', users: ['ana', 'ben'] }, next: 'call' },
    { id: 'pool', type: 'assign', params: { strategy: 'least_busy', team: 'world' }, next: 'call' },
    { id: 'call', type: 'create_task', params: { subject: 'Call the new SQL', dueInBusinessDays: 1 } },
    { id: 'tell', type: 'notify', params: { to: 'owner', message: 'A lead reached SQL' } },
    { id: 'wait', type: 'delay', params: { duration: 'P2D' } },
    { id: 'slack', type: 'post_to_slack', params: { channel: '#sales' } },
  ],
});
const actions = () => ({
  post_to_slack: {
    params: (p: Readonly<Record<string, unknown>>) => (typeof p['channel'] === 'string' ? [] : ['channel']),
  },
});
const workflow = () => unwrap(defineWorkflow(json(), { actions: actions() }));
const lead = (over: Record<string, unknown> = {}) => ({
  id: 'l1',
  status: 'qualified',
  qualification: 'mql',
  country: 'DE',
  ownerId: 'u1',
  version: 1,
  ...over,
});
const event = () => ({
  id: 'lead:l1@2',
  type: 'lead_updated',
  at: new Date('2026-03-06T16:30:00Z'),
  by: 'u9',
  aggregate: { kind: 'lead' as const, id: 'l1' },
  payload: {
    version: 2,
    changes: [{ field: 'qualification', from: 'mql', to: 'sql' }],
    causedBy: { workflowId: 'other', depth: 0 },
  },
});
const planOptions = () => ({
  record: lead({ qualification: 'sql', version: 2 }),
  previous: lead(),
  enrollments: {},
  asOf: new Date('2026-03-06T16:30:00Z'),
  assignments: { 'sql-handoff/assign': { last: 'ana' } },
  teams: { world: ['zoe', 'yan'] },
  openCounts: { zoe: 2 },
});
const delayPlan = () => {
  const wf = workflow();
  const r = unwrap(planWorkflows([wf], event(), planOptions()));
  return { wf, plan: r.plans.at(-1)!, enrollment: Object.values(r.enrollments)[0]!, state: r.enrollments };
};
const IMPOSSIBLE =
  'user ids that are not a list of texts, or a state or counts of the wrong form: a call no type-correct program makes (@throws)';
const withThrows = (spec: FuzzSpec, args: readonly number[], reason = IMPOSSIBLE): FuzzSpec => ({
  ...spec,
  throws: { args, reason },
});

const before = () => ({
  id: 'l1',
  status: 'mql',
  ownerId: 'u1',
  tags: ['vip'],
  expectedRevenue: { amount: '10.0', currency: 'EUR' },
  createdAt: new Date('2026-01-01T00:00:00Z'),
  version: 1,
});
const after = () => ({ ...before(), status: 'sql', ownerId: 'u2', version: 2 });

export const AUTOMATION_SEEDS: SeedTable = {
  diffRecords: seeds(
    () => ['lead', before(), after()],
    () => ['lead', null, after()],
    () => ['lead', before(), null],
  ),
  recordEvents: seeds(
    () => ['lead', before(), after(), { at: new Date('2026-03-02T09:00:00Z'), by: 'u9' }],
    () => ['lead', null, after(), { at: new Date('2026-03-02T09:00:00Z'), causedBy: { workflowId: 'wf', depth: 1 } }],
    () => ['lead', before(), null, { at: new Date('2026-03-02T09:00:00Z'), by: null }],
    () => [
      'ticket',
      { id: 't1', status: 'open', assigneeId: null, version: 1 },
      { id: 't1', status: 'open', assigneeId: 'a1', version: 2 },
      { at: new Date(0) },
    ],
  ),
  defineWorkflow: seeds(() => [json(), { actions: actions() }]),
  isWorkflow: seeds(
    () => [workflow()],
    () => [json()],
  ),
  planWorkflows: seeds(
    () => [[workflow()], event(), planOptions()],
    // The enrollments as a Map, holding the record waiting at the delay.
    () => [[workflow()], event(), { ...planOptions(), enrollments: new Map(Object.entries(delayPlan().state)) }],
  ),
  continueWorkflow: seeds(() => {
    const { wf, plan, enrollment } = delayPlan();
    return [
      wf,
      plan,
      {
        record: lead({ qualification: 'sql' }),
        asOf: plan.runAt,
        enrollment,
        assignments: {},
        teams: { world: ['zoe'] },
        openCounts: {},
      },
    ];
  }),
  simulateWorkflow: seeds(() => [
    workflow(),
    [event(), { ...event(), id: 'lead:l2@2', aggregate: { kind: 'lead' as const, id: 'l2' } }],
    {
      records: { l1: lead(), l2: lead({ id: 'l2', country: 'US' }) },
      asOf: new Date('2026-03-20T00:00:00Z'),
      teams: { world: ['zoe', 'yan'] },
      openCounts: { zoe: 1 },
    },
  ]),
  roundRobin: withThrows(
    seeds(
      () => [['ben', 'ana'], undefined],
      () => [['ben', 'ana', 'cy'], { last: 'ben' }],
    ),
    [0, 1],
  ),
  leastBusy: withThrows(
    seeds(() => [['ben', 'ana', 'cy'], { ana: 3, ben: 1 }]),
    [0, 1],
  ),
  enrollmentKey: withThrows(
    seeds(() => ['sql-handoff', { kind: 'lead', id: 'l1' }]),
    [0, 1],
    'an id or record that is not text: a call no type-correct program makes (@throws)',
  ),
};

const plan = () => ({
  workflowId: 'sql-handoff',
  stepId: 'notify-owner',
  type: 'notify',
  params: { to: 'owner' },
  runAt: new Date('2026-03-02T09:00:00Z'),
  idempotencyKey: 'sql-handoff:lead:l1@3:notify-owner',
  because: ['lead l1 status changed to sql'],
  eventId: 'lead:l1@3',
  record: { kind: 'lead', id: 'l1' },
  depth: 0,
});
const job = () => ({ tenantId: 'acme', plan: plan(), attempt: 0 });

export const RUNNER_SEEDS: SeedTable = {
  createMemoryQueue: seeds(
    () => [{ leaseMs: 1000 }],
    () => [],
  ),
  workflowJobToJson: seeds(() => [job()]),
  workflowJobFromJson: seeds(() => [{ ...job(), plan: { ...plan(), runAt: '2026-03-02T09:00:00.000Z' } }]),
  checkLedgerKey: seeds(
    () => ['wf:lead:l1@3:tag', 'key'],
    () => ['workflows', 'name'],
  ),
  checkLedgerJson: seeds(() => [{ sent: true }, 'result']),
  checkLedgerPosition: seeds(() => [12]),
  checkDeadLetter: seeds(() => [
    { key: 'k', plan: { stepId: 's' }, error: 'HTTP 500', attempts: 5, failedAt: new Date('2026-03-01T00:00:00Z') },
  ]),
  checkDeadLettersOptions: seeds(() => [{ limit: 10 }]),
};
