/**
 * crmkit on PostgreSQL — here PGlite (PostgreSQL compiled to WebAssembly, in-process), so the
 * example needs no server. With a server, pass a `pg.Pool` instead of the PGlite instance; nothing
 * else changes.
 *
 * The flow: migrate the schema, capture two leads, convert one (lead, contact, account, deal and
 * the event in one transaction), move the deal through the B2B pipeline to Closed Won with version
 * checks, lose another deal, then compute pipeline metrics from what the database returns, and read
 * the outbox. Time and ids are injected, so every run prints the same.
 *
 * Run: npx tsx examples/postgres-app.ts
 */
import { PGlite } from '@electric-sql/pglite';
import { sequentialIdGenerator, unwrap, type Clock } from 'crmkit';
import { createLead } from 'crmkit/entities';
import { money, sumMoney } from 'crmkit/money';
import { b2bPipeline, openDeal, salesCycleLength, stageFunnel, weightedPipelineValue, winRate } from 'crmkit/pipeline';
import { convertLeadInStore, transitionDealInStore } from 'crmkit/repository';
import { createPostgresStore, migratePostgres } from 'crmkit/postgres';

let now = new Date('2026-03-02T09:00:00Z');
const clock: Clock = { now: () => new Date(now.getTime()) };
const advanceDays = (days: number): void => void (now = new Date(now.getTime() + days * 86_400_000));
const entityCtx = { clock, ids: sequentialIdGenerator(), actor: 'user-ana' };
const ctx = { tenantId: 'northwind', actor: 'user-ana' };
const line = (s = ''): void => console.log(s);

// 1. The database: one PGlite in memory (new PGlite('./data') keeps it on disk), migrated once.
const db = new PGlite();
const migration = unwrap(await migratePostgres(db, { schema: 'crm' }));
line(
  `Migrated schema '${migration.schema}' to version ${migration.version} (applied ${JSON.stringify(migration.applied)}); again: ${JSON.stringify(unwrap(await migratePostgres(db, { schema: 'crm' })).applied)}`,
);

// The one line that differs from the in-memory quickstart: createMemoryStore() → createPostgresStore(db).
const store = createPostgresStore(db, { schema: 'crm' });

// 2. Two leads arrive.
const ada = unwrap(
  createLead(
    {
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@analytical.example',
      company: 'Analytical Engines',
      source: 'webinar',
    },
    entityCtx,
  ),
);
const grace = unwrap(
  createLead(
    { firstName: 'Grace', lastName: "O'Hopper", email: 'grace@cobol.example', company: 'Compilers Inc', source: 'web' },
    entityCtx,
  ),
);
for (const lead of [ada, grace]) unwrap(await store.leads.insert(ctx, lead));
line(
  `Leads in the database: ${unwrap(await store.leads.count(ctx))}; from the web: ${unwrap(await store.leads.count(ctx, { where: { field: 'source', op: 'contains', value: 'WEB' } }))}`,
);

// 3. Ada converts: account, contact and deal, the updated lead and a lead_converted event — one transaction.
advanceDays(2);
const { conversion } = unwrap(
  await convertLeadInStore(
    store,
    ctx,
    ada.id,
    {
      deal: {
        pipelineId: 'b2b',
        stageId: 'qualification',
        amount: { amount: '48000.00', currency: 'EUR' },
        expectedCloseDate: '2026-04-30',
      },
    },
    entityCtx,
  ),
);
const dealId = conversion.deal!.id;
line(
  `Converted ${ada.id} → contact ${conversion.contact.id}, account '${conversion.account?.name}', deal ${dealId} (${conversion.deal?.amount.amount} EUR)`,
);

// 4. Two more deals for the same account.
const others = [];
for (const [name, amount, close] of [
  ['Analytical Engines support', '9999.99', '2026-06-30'],
  ['Analytical Engines training', '1250.50', '2026-05-15'],
] as const) {
  const deal = unwrap(
    openDeal(
      b2bPipeline,
      {
        name,
        accountId: conversion.account?.id ?? null,
        amount: money(amount, 'EUR'),
        expectedCloseDate: close,
        ownerId: 'user-ana',
      },
      entityCtx,
    ),
  );
  unwrap(await store.deals.insert(ctx, deal));
  others.push(deal);
}

// 5. Ada's deal moves to Closed Won; each step loads, transitions, saves with a version check and records the event.
for (const [stage, days] of [
  ['proposal', 3],
  ['negotiation', 9],
  ['closed_won', 12],
] as const) {
  advanceDays(days);
  const moved = unwrap(
    await transitionDealInStore(store, ctx, b2bPipeline, dealId, stage, { at: clock.now(), by: 'user-ana' }, entityCtx),
  );
  line(`  ${clock.now().toISOString().slice(0, 10)} → ${stage.padEnd(12)} ${moved.event.type}`);
}
advanceDays(1);
unwrap(
  await transitionDealInStore(
    store,
    ctx,
    b2bPipeline,
    others[0]!.id,
    'closed_lost',
    { at: clock.now(), by: 'user-ana', lostReason: 'Budget cut' },
    entityCtx,
  ),
);

// A stale write is refused: the version in the database moved on.
const stale = await store.deals.update(
  ctx,
  { ...conversion.deal!, name: 'stale edit', version: conversion.deal!.version + 1 },
  { expectedVersion: conversion.deal!.version },
);
line(`A stale update is refused: ${stale.ok ? 'accepted?!' : stale.error.code}`);

// 6. Metrics from what the database returns: open deals of an owner by close date, win rate, cycle, weighted value.
const open = unwrap(
  await store.deals.find(ctx, {
    where: {
      all: [
        { field: 'ownerId', op: 'eq', value: 'user-ana' },
        { field: 'closedAt', op: 'isNull', value: true },
      ],
    },
    orderBy: [{ field: 'expectedCloseDate' }],
  }),
);
line(
  `\nOpen deals of user-ana by close date: ${open.items.map((d) => `${d.name} (${d.expectedCloseDate?.toISOString().slice(0, 10)})`).join(', ')}`,
);
const deals = unwrap(await store.deals.find(ctx, { limit: 1000 })).items;
const rate = unwrap(winRate(b2bPipeline, deals));
const cycle = unwrap(salesCycleLength(b2bPipeline, deals));
line(
  `Win rate ${rate.won}/${rate.won + rate.lost} = ${rate.rate}; sales cycle ${cycle.meanDays?.toFixed(1)} days (mean of ${cycle.count})`,
);
line(
  `Weighted pipeline value ${unwrap(weightedPipelineValue(b2bPipeline, deals, { currency: 'EUR' })).amount} EUR of ${
    sumMoney(
      deals.map((d) => d.amount),
      'EUR',
    ).amount
  } EUR total`,
);
line(
  `Funnel: ${unwrap(stageFunnel(b2bPipeline, deals))
    .stages.map((s) => `${s.stageId} ${s.reached}`)
    .join(' → ')}`,
);
const won = unwrap(await store.deals.count(ctx, { where: { field: 'stageId', op: 'eq', value: 'closed_won' } }));
line(
  `Won deals counted in SQL: ${won}; amounts are exact: ${unwrap(await store.deals.get(ctx, others[1]!.id))?.amount.amount}`,
);

// 7. The outbox: every change that mattered, written in the same transaction as the change.
const { items: events } = unwrap(await store.events.read(ctx, { after: 0 }));
line(`\nOutbox (${events.length} events): ${events.map((e) => `${e.sequence}:${e.type}`).join(', ')}`);

await db.close();
