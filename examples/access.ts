/**
 * Access control on a sales org, run twice: on the in-memory store and on PostgreSQL (PGlite,
 * PostgreSQL compiled to WebAssembly, in-process; set CRMKIT_PG_URL to run it on a server as well). The
 * same code gives the same answers on every store.
 *
 * - Reps see and edit their own deals; a manager sees the team's, and every rep's through the hierarchy.
 * - Finance (the `viewer` role) reads every deal and its amount, but not its notes.
 * - Support reads deals but never their amounts; marketing reads the deals of its regions; big deals are
 *   shared with the EMEA team.
 *
 * Each person gets `withAccess(store, policy, { user })`: a Store whose queries the database answers with
 * the access condition ANDed in, and whose writes beyond the user's level are refused. What a person is
 * shown goes through `redact`.
 *
 * Run: npx tsx examples/access.ts
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { fixedClock, sequentialIdGenerator, unwrap } from 'crmkit';
import { createDeal, createUser, updateDeal, type Deal, type User } from 'crmkit/entities';
import { defineAccessPolicy, redact, withAccess } from 'crmkit/access';
import { createMemoryStore, type Store } from 'crmkit/repository';
import { createPostgresStore, migratePostgres } from 'crmkit/postgres';

const ctx = { tenantId: 'northwind' };
const clock = fixedClock('2026-03-02T09:00:00Z');

const policy = unwrap(
  defineAccessPolicy({
    defaults: { deal: { read: 'none', edit: 'none', delete: 'none' } },
    roles: {
      sales: { deal: { read: 'own', edit: 'own' } },
      manager: { deal: { read: 'team', edit: 'team', delete: 'own' } },
      viewer: { deal: { read: 'all' } },
      support: { deal: { read: 'all' } },
      marketing: { deal: { read: { field: 'customFields.region', op: 'in', value: { $ref: 'user.teamIds' } } } },
    },
    hierarchy: { manager: ['sales'] },
    sharingRules: [
      {
        id: 'big-deals-to-emea',
        object: 'deal',
        where: { field: 'amount', op: 'gte', value: '100000' },
        grant: { read: true },
        to: { team: 'emea' },
      },
    ],
    fields: {
      deal: {
        amount: { read: { support: false } },
        'customFields.discount': { edit: { sales: false } },
        'customFields.notes': { read: { viewer: false } },
      },
    },
  }),
);

const person = (id: string, role: User['role'], teams: string[]): User => ({
  ...unwrap(
    createUser(
      { name: id, email: `${id}@northwind.example`, role, teamIds: teams as User['teamIds'] },
      { clock, ids: sequentialIdGenerator(id) },
    ),
  ),
  id: id as User['id'],
});
const people = {
  ana: person('ana', 'sales', ['north']),
  bo: person('bo', 'sales', ['north']),
  cy: person('cy', 'sales', ['south']),
  eve: person('eve', 'sales', ['emea']),
  max: person('max', 'manager', ['north']),
  fin: person('fin', 'viewer', ['finance']),
  sup: person('sup', 'support', []),
  mia: person('mia', 'marketing', ['north']),
};
const deal = (id: string, owner: string, region: string, amount: string): Deal => ({
  ...unwrap(
    createDeal(
      {
        name: `${id} renewal`,
        pipelineId: 'b2b',
        stageId: 'qualification',
        ownerId: owner as Deal['ownerId'],
        amount: { amount, currency: 'EUR' },
        customFields: { region, notes: `${owner} says: ask about the discount` },
      },
      { clock, ids: sequentialIdGenerator(id) },
    ),
  ),
  id: id as Deal['id'],
});
const deals = [
  deal('acme', 'ana', 'north', '5000'),
  deal('globex', 'bo', 'north', '25000'),
  deal('initech', 'cy', 'south', '150000'),
  deal('umbrella', 'max', 'north', '8000'),
];

/** The whole story on one store; returns what it printed, to compare stores. */
async function story(label: string, store: Store): Promise<string[]> {
  const out: string[] = [];
  const say = (s: string) => out.push(s);
  for (const u of Object.values(people)) unwrap(await store.users.insert(ctx, u));
  for (const d of deals) unwrap(await store.deals.insert(ctx, d));

  say('Who sees which deals (find and count, computed by the store):');
  for (const [name, user] of Object.entries(people)) {
    const mine = withAccess(store, policy, { user });
    const page = unwrap(await mine.deals.find(ctx, { orderBy: [{ field: 'name' }] }));
    const n = unwrap(await mine.deals.count(ctx));
    say(`  ${name.padEnd(4)} (${user.role.padEnd(9)}) ${n}: ${page.items.map((d) => d.id).join(', ')}`);
  }

  say('What each is shown of globex (redact):');
  for (const name of ['bo', 'fin', 'sup'] as const) {
    const mine = withAccess(store, policy, { user: people[name] });
    const globex = unwrap(await mine.deals.get(ctx, 'globex' as Deal['id']));
    const shown = globex === null ? null : redact(policy, people[name], 'deal', globex);
    say(
      `  ${name}: amount ${shown?.amount?.amount ?? '—'}, notes ${JSON.stringify(shown?.customFields?.['notes'] ?? '—')}`,
    );
  }

  say('Writes:');
  const bo = withAccess(store, policy, { user: people.bo });
  const globex = unwrap(await store.deals.get(ctx, 'globex' as Deal['id']))!;
  const renamed = unwrap(updateDeal(globex, (d) => void (d.name = 'Globex renewal 2027'), { clock }));
  const r1 = await bo.deals.update(ctx, renamed, { expectedVersion: globex.version });
  say(`  bo renames globex: ${r1.ok ? `ok, version ${r1.value.version}` : r1.error.code}`);
  const current = r1.ok ? r1.value : globex;
  const discounted = unwrap(
    updateDeal(current, (d) => void (d.customFields = { ...d.customFields, discount: 30 }), { clock }),
  );
  const r2 = await bo.deals.update(ctx, discounted, { expectedVersion: current.version });
  say(`  bo sets a 30% discount: ${r2.ok ? 'ok' : `${r2.error.code} (${r2.error.issues[0]?.message})`}`);
  const acme = unwrap(await store.deals.get(ctx, 'acme' as Deal['id']))!;
  const r3 = await bo.deals.delete(ctx, acme.id, { expectedVersion: acme.version });
  say(`  bo deletes ana's acme: ${r3.ok ? 'ok' : `${r3.error.code} (${r3.error.message})`}`);
  const sup = withAccess(store, policy, { user: people.sup });
  const r4 = await sup.deals.find(ctx, { where: { field: 'amount', op: 'gte', value: '100000' } });
  say(`  support filters on amount: ${r4.ok ? 'ok' : `${r4.error.code} at ${r4.error.issues[0]?.path.join('.')}`}`);
  const forged = withAccess(store, policy, { user: { ...people.ana, role: 'admin' } });
  const r5 = await forged.deals.count(ctx);
  say(`  ana claiming to be an admin: ${r5.ok ? r5.value : r5.error.code}`);
  for (const line of out) console.log(`[${label}] ${line}`);
  return out;
}

const memory = await story('memory', createMemoryStore());

const db = new PGlite();
unwrap(await migratePostgres(db, { schema: 'crm' }));
const onPglite = await story('PGlite', createPostgresStore(db, { schema: 'crm' }));
await db.close();
if (JSON.stringify(onPglite) !== JSON.stringify(memory)) throw new Error('PGlite answered differently from memory');

const url = process.env['CRMKIT_PG_URL'];
if (url !== undefined && url !== '') {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const schema = `example_access_${Date.now().toString(36)}`;
  unwrap(await migratePostgres(pool, { schema }));
  const onServer = await story('PostgreSQL', createPostgresStore(pool, { schema }));
  await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
  await pool.end();
  if (JSON.stringify(onServer) !== JSON.stringify(memory)) throw new Error('The server answered differently');
}
console.log('Every store gave the same answers.');
