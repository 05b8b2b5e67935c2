/**
 * A smoke script of every public entry point, as a function of that entry's module: it calls a few
 * exports and checks their results against values stated in the TSDoc and the guides. Shared by two
 * runners, so the same checks run on two runtimes:
 * - test/runtimes/smoke.test.ts runs it on Node against src/ (npm test);
 * - scripts/deno-smoke.mjs runs it on Deno against the built package (dist/, through package.json
 *   exports), with no permissions at all (CI, after `npm run build`).
 * The imports here are type-only: each smoke gets its module from the runner.
 */
import type * as Root from 'crmkit';
import type * as Core from 'crmkit/core';
import type * as MoneyModule from 'crmkit/money';
import type * as Conditions from 'crmkit/conditions';
import type * as Time from 'crmkit/time';
import type * as Entities from 'crmkit/entities';
import type * as Metrics from 'crmkit/metrics';
import type * as Clv from 'crmkit/clv';
import type * as Pipeline from 'crmkit/pipeline';
import type * as Postgres from 'crmkit/postgres';
import type * as Repository from 'crmkit/repository';
import type * as Testing from 'crmkit/testing';
import type * as Scoring from 'crmkit/scoring';
import type * as Segments from 'crmkit/segments';
import type * as Service from 'crmkit/service';
import type * as Access from 'crmkit/access';
import type * as Charts from 'crmkit/charts';
import type * as Quality from 'crmkit/quality';
import type * as Goals from 'crmkit/goals';
import type * as Loyalty from 'crmkit/loyalty';
import type * as Campaigns from 'crmkit/campaigns';
import type * as Sql from 'crmkit/sql';
import type * as Automation from 'crmkit/automation';
import type * as PgBossEntry from 'crmkit/pg-boss';
import type * as WorkersEntry from 'crmkit/workers';

function expectEqual(got: unknown, expected: unknown, what: string): void {
  const g = JSON.stringify(got);
  const e = JSON.stringify(expected);
  if (g !== e) throw new Error(`${what}: got ${g}, expected ${e}`);
}
function expectClose(got: number, expected: number, tolerance: number, what: string): void {
  if (!(Math.abs(got - expected) <= tolerance))
    throw new Error(`${what}: got ${got}, expected ${expected} ± ${tolerance}`);
}

function value<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }, what: string): T {
  if (!r.ok) throw new Error(`${what}: ${r.error.message}`);
  return r.value;
}

/** Each entry's smoke: runs on the entry's module, throws on a wrong value, returns what it checked. */
export const smokes = {
  '.': (m: typeof Root) => {
    expectEqual(m.unwrap(m.ok(2)), 2, 'unwrap(ok(2))');
    expectEqual(m.fixedClock('2026-03-01T09:00:00Z').now().toISOString(), '2026-03-01T09:00:00.000Z', 'fixedClock');
    return 'ok/unwrap, fixedClock';
  },
  './core': (m: typeof Core) => {
    const r = m.err(new m.CrmError('not_found', 'no such deal'));
    expectEqual(r.ok ? null : r.error.code, 'not_found', 'CrmError code');
    return 'Result, CrmError';
  },
  './money': (m: typeof MoneyModule) => {
    const parts = m.allocateMoney(m.money('100.00', 'EUR'), [1, 1, 1]).map((x) => x.amount);
    expectEqual(parts, ['33.34', '33.33', '33.33'], 'allocateMoney');
    return 'money, allocateMoney (decimal.js)';
  },
  './conditions': (m: typeof Conditions) => {
    const open = m.compileCondition<{ closedAt: Date | null }>(
      value(m.defineCondition({ field: 'closedAt', op: 'isNull', value: true }, { entity: 'deal' }), 'defineCondition'),
    );
    expectEqual(
      [{ closedAt: null }, { closedAt: new Date(0) }].map((d) => open(d)),
      [true, false],
      'compileCondition',
    );
    return 'defineCondition, compileCondition';
  },
  './time': (m: typeof Time) => {
    const p = m.monthPeriod('2026-02-10T12:00:00Z');
    expectEqual(
      [p.start.toISOString(), m.periodLengthMs(p) / 86_400_000],
      ['2026-02-01T00:00:00.000Z', 28],
      'monthPeriod',
    );
    return 'monthPeriod, periodLengthMs (date-fns)';
  },
  './entities': (m: typeof Entities) => {
    const lead = m.createLead({ firstName: 'Ada', lastName: 'Lovelace', email: ' Ada@Example.com ' });
    expectEqual(lead.ok ? lead.value.email : null, 'ada@example.com', 'createLead (zod)');
    return 'createLead (zod, immer)';
  },
  './metrics': (m: typeof Metrics) => {
    const score = m.nps([10, 9, 8, 6, 10, 3]);
    expectClose(score.ok ? (score.value.score ?? NaN) : NaN, 50 / 3, 1e-12, 'nps');
    return 'nps';
  },
  './clv': (m: typeof Clv) => {
    // Fader, Hardie & Lee (2005): at their parameters, x = 2, t_x = 30.43, T = 38.86 expects 1.226 purchases in 39 weeks.
    const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    const e = m.bgNbdConditionalExpectedPurchases(params, 39, { frequency: 2, recency: 30.43, T: 38.86 });
    expectClose(e, 1.226, 5e-4, 'bgNbdConditionalExpectedPurchases');
    return 'bgNbdConditionalExpectedPurchases';
  },
  './pipeline': (m: typeof Pipeline) => {
    const stages = m.b2bPipeline.stages.map((s) => s.id);
    if (!stages.includes('qualification')) throw new Error(`b2bPipeline stages: ${stages.join(', ')}`);
    return `b2bPipeline (${stages.length} stages)`;
  },
  './postgres': (m: typeof Postgres) => {
    // No database here: the store is built over the shape of a client, which it does not call until used.
    const refuse = () => Promise.reject(new Error('no database in the smoke'));
    const store = m.createPostgresStore({ query: refuse, transaction: refuse });
    if (typeof store.deals.count !== 'function') throw new Error('createPostgresStore gave no deals repository');
    return 'createPostgresStore (no connection)';
  },
  './repository': async (m: typeof Repository) => {
    const store = m.createMemoryStore();
    const n = await store.deals.count({ tenantId: 'acme' });
    expectEqual(n.ok ? n.value : null, 0, 'memory store count');
    // Aggregates (decimal.js sums) and a metric from the store.
    const rows = await store.surveyResponses.aggregate({ tenantId: 'acme' }, { measures: { n: { fn: 'count' } } });
    expectEqual(rows.ok ? rows.value[0]?.measures['n'] : null, 0, 'aggregate count');
    const score = await m.npsInStore(store, { tenantId: 'acme' });
    expectEqual(score.ok ? [score.value.total, score.value.score] : null, [0, null], 'npsInStore');
    return 'createMemoryStore, aggregate, npsInStore';
  },
  './testing': (m: typeof Testing) => {
    expectEqual(m.CONDITION_TEST_CONTEXT.user?.id, 'user-2', 'CONDITION_TEST_CONTEXT');
    if (typeof m.runRepositoryContract !== 'function') throw new Error('runRepositoryContract is missing');
    return 'CONDITION_TEST_CONTEXT, runRepositoryContract (vitest, fast-check)';
  },
  './scoring': (m: typeof Scoring) => {
    const auc = m.rocAuc([0.9, 0.8, 0.7, 0.6], [1, 0, 1, 0]);
    expectEqual(auc.ok ? auc.value : null, 0.75, 'rocAuc');
    return 'rocAuc';
  },
  './segments': (m: typeof Segments) => {
    const where = { field: 'lifecycleStage', op: 'eq', value: 'growth' } as const;
    const good = m.defineSegment({ id: 'growth', name: 'Growth', object: 'contact', where });
    const bad = m.defineSegment({
      id: 'x',
      name: 'X',
      object: 'contact',
      where: { field: 'shoeSize', op: 'eq', value: 9 },
    });
    expectEqual([good.ok, bad.ok], [true, false], 'defineSegment');
    return 'defineSegment';
  },
  './service': (m: typeof Service) => {
    const c = value(
      m.defineBusinessCalendar({ timeZone: 'UTC', week: { mon: [{ from: '09:00', to: '17:00' }] } }),
      'calendar',
    );
    const minutes =
      (m.businessOffset(c, Date.UTC(2026, 2, 2, 16)) - m.businessOffset(c, Date.UTC(2026, 2, 2, 10, 30))) / 60_000;
    expectEqual(minutes, 330, 'businessOffset');
    return 'defineBusinessCalendar, businessOffset (@date-fns/tz)';
  },
  './access': (m: typeof Access) => {
    const p = m.defineAccessPolicy({ defaults: { deal: { read: 'none', edit: 'none', delete: 'none' } }, roles: {} });
    if (!p.ok) throw new Error(`defineAccessPolicy: ${p.error.message}`);
    return 'defineAccessPolicy';
  },
  './charts': (m: typeof Charts) => {
    const points = [
      { threshold: null, tp: 0, fp: 0, tpr: 0, fpr: 0 },
      { threshold: 0.9, tp: 1, fp: 0, tpr: 1, fpr: 0 },
      { threshold: 0.1, tp: 1, fp: 1, tpr: 1, fpr: 1 },
    ];
    const bundle = m.toMimeBundle(value(m.rocChart(points, { title: 'Smoke', locale: 'id-ID' }), 'rocChart'));
    expectEqual(Object.keys(bundle), ['application/vnd.vegalite.v5+json'], 'toMimeBundle');
    return 'rocChart, toMimeBundle';
  },
  './quality': (m: typeof Quality) => {
    expectEqual(
      value(m.normalizePhoneNumber('0812-3456-7890', { region: 'ID' }), 'normalizePhoneNumber'),
      '+6281234567890',
      'normalizePhoneNumber',
    );
    expectEqual(
      value(m.registrableDomain('mail.example.co.uk'), 'registrableDomain'),
      'example.co.uk',
      'registrableDomain',
    );
    const leads = [
      { id: 'l1', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' },
      { id: 'l2', firstName: 'Ada', lastName: 'Lovelace', email: 'ADA@example.com ' },
    ];
    expectEqual(
      value(m.duplicateClusters(m.STANDARD_LEAD_RULE, leads), 'duplicateClusters').clusters,
      [['l1', 'l2']],
      'duplicateClusters',
    );
    const t = new Date('2026-01-01T00:00:00Z');
    const lead = (id: string, phone: string | null) => ({
      id,
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.com',
      phone,
      createdAt: t,
      updatedAt: t,
      version: 1,
    });
    const merged = value(
      m.mergeRecords('lead', [lead('l1', null), lead('l2', '+441234567890')] as never, { survivor: 'l1' }),
      'mergeRecords',
    );
    expectEqual([merged.survivor.phone, merged.absorbedIds], ['+441234567890', ['l2']], 'mergeRecords');
    const csv = value(m.parseCsv('\uFEFFName;Phone\r\nLovelace;0812-3456-7890\r\n'), 'parseCsv');
    const plan = value(
      m.importRows('lead', csv.rows, {
        mapping: { Name: 'lastName', Phone: 'phone' },
        onDuplicate: 'skip',
        defaultRegion: 'ID',
        idPrefix: 'smoke',
      }),
      'importRows',
    );
    expectEqual(plan.create[0]?.record.phone, '+6281234567890', 'parseCsv (csv-parse) and importRows');
    expectEqual(m.csvSafe('=1+2'), "'=1+2", 'csvSafe');
    return 'normalizePhoneNumber (libphonenumber-js), registrableDomain (tldts), duplicateClusters, mergeRecords, parseCsv (csv-parse), importRows';
  },
  './goals': (m: typeof Goals) => {
    const churn = value(
      m.defineGoal({
        id: 'churn-h1',
        metric: 'churnRate',
        period: 'month',
        baseline: 0.04,
        target: 0.03,
        start: '2026-01-01',
        by: '2026-07-01',
      }),
      'defineGoal',
    );
    const progress = value(
      m.goalProgress(churn, [{ at: '2026-05-01', value: 0.033 }], { asOf: '2026-06-01' }),
      'goalProgress',
    );
    expectEqual(progress.status, 'on_track', 'goalProgress');
    return 'defineGoal, goalProgress';
  },
  './loyalty': (m: typeof Loyalty) => {
    const usd = (amount: string) => ({ amount, currency: 'USD' }) as never;
    const program = value(
      m.defineLoyaltyProgram({
        currency: 'USD',
        rules: [{ id: 'spend', mode: 'per_money', points: 1, per: usd('1.00') }],
        rewards: [{ id: 'ten-off', kind: 'amount_discount', cost: 100, amount: usd('10.00') }],
        tiers: { basis: 'points', levels: [{ id: 'silver', threshold: 100 }] },
        expiry: { days: 365 },
      }),
      'defineLoyaltyProgram',
    );
    const ctx = {
      clock: { now: () => new Date('2026-06-01T00:00:00Z') },
      ids: {
        next: (
          (n) => (k: string) =>
            `${k}-${++n}`
        )(0),
      },
    } as never;
    const earn = (total: string, at: string) =>
      value(m.earnPoints(program, { customerId: 'c1', total: usd(total), lines: [], at }, ctx), 'earnPoints')
        .transaction!;
    const ledger = [earn('64.90', '2026-04-03'), earn('58.00', '2026-05-10')];
    expectEqual(
      value(m.loyaltyBalance(ledger, { asOf: '2026-06-01' }), 'loyaltyBalance').available,
      '122',
      'loyaltyBalance',
    );
    expectEqual(value(m.tierFor(program, ledger, { asOf: '2026-06-01' }), 'tierFor').tier, 'silver', 'tierFor');
    return 'defineLoyaltyProgram, earnPoints, loyaltyBalance, tierFor';
  },
  './campaigns': (m: typeof Campaigns) => {
    // Newcombe (1998), Table II, example (a), as docs/campaigns.md.
    const c = value(
      m.compareConversion({ converted: 56, total: 70 }, { converted: 48, total: 80 }),
      'compareConversion',
    );
    expectClose(c.difference, 0.2, 1e-12, 'compareConversion');
    expectClose(c.interval.lower, 0.052431472402364926, 1e-12, 'Newcombe interval');
    const n = value(
      m.abTestSampleSize({ baseline: 0.1, minimumDetectableEffect: 0.02, power: 0.8, alpha: 0.05 }),
      'abTestSampleSize',
    );
    expectEqual(n.perVariant, 3841, 'abTestSampleSize');
    return 'compareConversion, abTestSampleSize';
  },
  './automation': (m: typeof Automation) => {
    const changes = m.diffRecords(
      'lead',
      { id: 'l1', status: 'mql', amount: { amount: '10.0', currency: 'EUR' }, version: 1 },
      { id: 'l1', status: 'sql', amount: { amount: '10', currency: 'EUR' }, version: 2 },
    );
    expectEqual(changes, [{ field: 'status', from: 'mql', to: 'sql' }], 'diffRecords');
    const events = value(
      m.recordEvents(
        'lead',
        { id: 'l1', status: 'mql', ownerId: 'u1', version: 1 },
        { id: 'l1', status: 'sql', ownerId: 'u1', version: 2 },
        { at: new Date('2026-03-02T09:00:00Z') },
      ),
      'recordEvents',
    );
    expectEqual(
      events.map((e) => e.id),
      ['lead:l1@2', 'lead:l1@2/status_changed'],
      'recordEvents',
    );
    const wf = value(
      m.defineWorkflow({
        id: 'sql-handoff',
        name: 'SQL hand-off',
        enabled: true,
        object: 'lead',
        trigger: { type: 'field_changed', fields: ['qualification'] },
        condition: { changedTo: 'qualification', value: 'sql' },
        window: { timeZone: 'Europe/Berlin', from: '09:00', to: '17:00' },
        steps: [
          { id: 'assign', type: 'assign', params: { strategy: 'round_robin', users: ['ana', 'ben'] } },
          { id: 'call', type: 'create_task', params: { subject: 'Call', dueInBusinessDays: 1 } },
        ],
      }),
      'defineWorkflow',
    );
    const at = new Date('2026-03-06T16:30:00Z');
    const event = {
      id: 'lead:l1@2',
      type: 'lead_updated',
      at,
      by: null,
      aggregate: { kind: 'lead' as const, id: 'l1' },
      payload: { version: 2, changes: [{ field: 'qualification', from: 'mql', to: 'sql' }] },
    };
    const before = { id: 'l1', qualification: 'mql', version: 1 };
    const planned = value(
      m.planWorkflows([wf], event, {
        record: { ...before, qualification: 'sql' },
        previous: before,
        enrollments: {},
        asOf: at,
      }),
      'planWorkflows',
    );
    expectEqual(
      planned.plans.map((p) => [p.stepId, p.runAt.toISOString(), p.params['dueAt'] ?? p.params['userId']]),
      [
        ['assign', '2026-03-09T08:00:00.000Z', 'ana'],
        ['call', '2026-03-09T08:00:00.000Z', '2026-03-10T08:00:00.000Z'],
      ],
      'planWorkflows (Berlin office hours, one business day)',
    );
    const trace = value(
      m.simulateWorkflow(wf, [event], { records: { l1: before }, asOf: new Date('2026-03-31T00:00:00Z') }),
      'simulateWorkflow',
    );
    expectEqual(trace.records['l1']?.['ownerId'], 'ana', 'simulateWorkflow');
    expectEqual(m.roundRobin(['ben', 'ana'], { last: 'ana' }).userId, 'ben', 'roundRobin');
    expectEqual(m.leastBusy(['ben', 'ana'], { ana: 2 }).userId, 'ben', 'leastBusy');
    return 'diffRecords, recordEvents, defineWorkflow, planWorkflows, simulateWorkflow, roundRobin, leastBusy';
  },
  './pg-boss': async (m: typeof PgBossEntry) => {
    // No database here: a stand-in with pg-boss's shape, as './postgres' uses a client's shape.
    const rows: { id: string; data: unknown }[] = [];
    const boss = {
      createQueue: async () => undefined,
      insert: async (jobs: object[]) => void rows.push(...(jobs as { id: string; data: unknown }[])),
      fetch: async () => rows.splice(0),
      complete: async () => undefined,
    };
    const q = await m.createPgBossQueue(boss, { queue: 'wf' });
    if (!q.ok) throw q.error;
    const plan = {
      workflowId: 'w',
      stepId: 's',
      type: 'notify',
      params: {},
      runAt: new Date('2026-03-02T09:00:00Z'),
      idempotencyKey: 'w:lead:l1@1:s',
      because: [],
      eventId: 'lead:l1@1',
      record: { kind: 'lead' as const, id: 'l1' },
      depth: 0,
    };
    await q.value.send([{ tenantId: 'acme', plan, attempt: 0 }]);
    const got = await q.value.fetch(10, new Date());
    expectEqual(
      got.ok ? got.value.map((j) => [j.plan.idempotencyKey, j.handle.length]) : null,
      [['w:lead:l1@1:s', 36]],
      'createPgBossQueue',
    );
    return 'createPgBossQueue (a stand-in for pg-boss)';
  },
  './workers': (m: typeof WorkersEntry) => {
    // Options only: a pool starts threads from the built package (test/workers runs them on Node).
    let code: unknown = null;
    try {
      m.createClvWorkerPool({ threads: 0 });
    } catch (e) {
      code = (e as { code?: unknown }).code;
    }
    expectEqual(code, 'validation_failed', 'createClvWorkerPool');
    return 'createClvWorkerPool (its options)';
  },
  './sql': (m: typeof Sql) => {
    const st = value(
      m.rfmSummarySql({
        table: 'orders',
        customerId: 'customer_id',
        at: 'ordered_at',
        value: 'amount',
        observationEnd: '1998-06-30',
        calibrationEnd: '1997-09-30',
        timeUnit: 'week',
        dialect: 'duckdb',
      }),
      'rfmSummarySql',
    );
    expectEqual(st.params, ['10407', '10134'], 'rfmSummarySql params');
    if (
      m.rfmSummarySql({
        table: 'orders; DROP TABLE x',
        customerId: 'c',
        at: 'a',
        observationEnd: '1998-06-30',
        timeUnit: 'week',
      }).ok
    )
      throw new Error('rfmSummarySql: an injected table name was accepted');
    return 'rfmSummarySql';
  },
} satisfies Record<string, (m: never) => string | Promise<string>>;
