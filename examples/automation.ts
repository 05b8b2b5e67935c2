/**
 * Workflow automation end to end (issue 13), on the in-memory store with record events:
 *
 * a lead that reaches SQL is assigned round-robin (Ana, then Ben), gets a call task due in one
 * business day, and its new owner is notified. The store appends `lead_updated` when the lead's
 * qualification changes; the runner reads the outbox, plans with `planWorkflows` (its default
 * planner), waits for Berlin office hours, writes the owner through the store (exactly once, by the
 * plan's idempotency key) and hands the task and the notification to the host's handlers.
 *
 * It runs twice, on the in-memory store and on PostgreSQL (PGlite, in process), with the same code.
 * Time and ids are injected, so every run prints the same. Run: npx tsx examples/automation.ts
 */
import { sequentialIdGenerator, unwrap, type Clock } from 'crmkit';
import { createActivity, createLead, type Activity } from 'crmkit/entities';
import { transitionLeadStatus } from 'crmkit/pipeline';
import { createMemoryStore } from 'crmkit/repository';
import { createPostgresStore, migratePostgres } from 'crmkit/postgres';
import { PGlite } from '@electric-sql/pglite';
import { createWorkflowRunner, defineWorkflow, type WorkflowHandler } from 'crmkit/automation';

const check = (ok: boolean, what: string): void => {
  if (!ok) throw new Error(`examples/automation.ts: ${what}`);
};

// The workflow, as data: checked once, every problem with its path.
const handoff = unwrap(
  defineWorkflow({
    id: 'sql-handoff',
    name: 'SQL hand-off',
    enabled: true,
    object: 'lead',
    trigger: { type: 'field_changed', fields: ['qualification'] },
    condition: { changedTo: 'qualification', value: 'sql' },
    window: { timeZone: 'Europe/Berlin', from: '09:00', to: '17:00' },
    steps: [
      { id: 'assign', type: 'assign', params: { strategy: 'round_robin', users: ['user-ana', 'user-ben'] } },
      { id: 'call', type: 'create_task', params: { subject: 'Call the new SQL', dueInBusinessDays: 1 } },
      { id: 'tell', type: 'notify', params: { to: 'owner', message: 'A lead of yours reached SQL' } },
    ],
  }),
);

/** The whole hand-off on one store: the same code on memory and on PostgreSQL. */
async function handoffOn(label: string, makeStore: (clock: Clock) => Promise<AutomationStore>): Promise<void> {
  console.log(`\n== ${label}`);
  let now = new Date('2026-03-06T15:00:00Z'); // Friday 16:00 in Berlin
  const clock: Clock = { now: () => new Date(now.getTime()) };
  const entityCtx = { clock, ids: sequentialIdGenerator(), actor: 'user-ops' };
  const ctx = { tenantId: 'northwind', actor: 'user-ops' };
  const store = await makeStore(clock);

  // The host's side effects: a task is an Activity in the store, a notification goes to an outbox of mails.
  const mails: string[] = [];
  const createTask: WorkflowHandler = async (plan) => {
    const p = plan.params as { subject: string; dueAt: string; assignTo: string };
    const task: Activity = unwrap(
      createActivity(
        {
          kind: 'task',
          subject: p.subject,
          dueAt: p.dueAt,
          ownerId: p.assignTo,
          leadId: plan.record.id,
          occurredAt: now,
        },
        entityCtx,
      ),
    );
    return store.activities.insert(ctx, task);
  };
  const notify: WorkflowHandler = (plan, { idempotencyKey }) => {
    const p = plan.params as { to: string[]; message: string };
    mails.push(`${p.to.join(', ')}: ${p.message} (lead ${plan.record.id}; key ${idempotencyKey})`);
    return { ok: true, value: { queued: true } };
  };

  const runner = createWorkflowRunner({
    store,
    workflows: [handoff],
    tenants: ['northwind'],
    clock,
    handlers: { create_task: createTask, notify },
  });

  // Two marketing-qualified leads become sales-qualified on Friday afternoon, after the last call slot.
  const leads = [];
  for (const lastName of ['Lovelace', 'Hopper']) {
    const lead = unwrap(
      createLead(
        { lastName, email: `${lastName.toLowerCase()}@example.com`, status: 'qualified', qualification: 'mql' },
        entityCtx,
      ),
    );
    unwrap(await store.leads.insert(ctx, lead));
    now = new Date(now.getTime() + 60 * 60_000); // 17:00 and 18:00 in Berlin: outside the window
    // The MQL → SQL hand-off goes through the lead's machine, which keeps its status history.
    const sql = unwrap(transitionLeadStatus(lead, 'sql', { at: now, by: 'user-ops' })).lead;
    unwrap(await store.leads.update(ctx, sql, { expectedVersion: lead.version }));
    leads.push(sql);
  }

  // The runner plans at once, but nothing is due before Monday 09:00 in Berlin.
  const friday = unwrap(await runner.tick());
  console.log(`Friday: ${friday.events} events read, ${friday.planned} plans, ${friday.executed} executed`);
  check(friday.planned === 6 && friday.executed === 0, 'six plans, none due on Friday evening');

  now = new Date('2026-03-09T08:30:00Z'); // Monday 09:30 in Berlin
  let executed = 0;
  for (let pass = 0; pass < 10; pass++) {
    const report = unwrap(await runner.tick());
    executed += report.executed;
    if (report.events === 0 && report.executed === 0 && report.planned === 0) break;
  }
  console.log(`Monday: ${executed} plans executed`);

  const owners = [];
  for (const lead of leads) owners.push(unwrap(await store.leads.get(ctx, lead.id))?.ownerId);
  const tasks = unwrap(await store.activities.find(ctx, { where: { field: 'kind', op: 'eq', value: 'task' } })).items;
  for (const lead of leads) {
    const task = tasks.find((t) => t.leadId === lead.id);
    console.log(`${lead.lastName}: owner ${owners[leads.indexOf(lead)]}, task due ${task?.dueAt?.toISOString()}`);
  }
  for (const m of mails) console.log(`mail to ${m}`);
  check(owners.join() === 'user-ana,user-ben', `round-robin owners, got ${owners.join()}`);
  check(tasks.length === 2 && mails.length === 2, 'one task and one mail per lead');
  check(
    tasks.every((t) => t.dueAt?.toISOString() === '2026-03-10T08:00:00.000Z'),
    'each task is due one business day after the 09:00 start',
  );

  // Running again changes nothing: every plan's effect happened once.
  const again = unwrap(await runner.tick());
  check(again.executed === 0 && again.planned === 0, 'a second pass does nothing');
  const events = unwrap(await store.events.read(ctx, { limit: 1000 })).items;
  const caused = events.filter((e) => (e.payload as { causedBy?: unknown }).causedBy !== undefined);
  console.log(
    `${events.length} events in the outbox, ${caused.length} caused by the workflow (lead_updated, lead_assigned)`,
  );
}

/** A store the runner can drive: repositories, transactions and the workflow ledger. */
type AutomationStore = ReturnType<typeof createMemoryStore> | ReturnType<typeof createPostgresStore>;

await handoffOn('in-memory store', async (clock) => createMemoryStore({ recordEvents: true, clock }));
await handoffOn('PostgreSQL (PGlite, in process)', async (clock) => {
  const db = new PGlite();
  unwrap(await migratePostgres(db));
  return createPostgresStore(db, { recordEvents: true, clock });
});
